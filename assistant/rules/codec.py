"""The rules' types to and from JSON: `check` and `check_json` read untrusted data into them,
`dump` writes their JSON (SPEC sections 4 and 5), `json_schema` describes it.

Checking has two paths that give the same value. A quick exact reader, driven by the classes'
own annotations, builds the value when the data is plainly valid: every field known, of its
exact JSON type, within its `Bounds`, every date `YYYY-MM-DD`. Anything else goes to pydantic,
which gives the same value or the errors (`Invalid`). So the common case (a facts file, a value
collected in the dialog) runs without importing pydantic, and every refusal is pydantic's. A
test checks that the two paths agree on drawn data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Literal, TypeVar, cast

from assistant.json_types import JSON, JSONObject
from assistant.rules.bounds import Bounds

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError
    from pydantic_core import ErrorDetails

T = TypeVar("T")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Invalid(ValueError):
    """Data the rules' types refuse: pydantic's error details, in its order."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__(str(error))
        self.details: list[ErrorDetails] = error.errors(include_url=False)

    def errors(self) -> list[ErrorDetails]:
        return self.details


class _Unsure(Exception):
    """The quick reader cannot vouch for this data: pydantic decides."""


Reader = Callable[[object], object]


def _number(kind: type, bounds: Bounds | None) -> Reader:
    def read(value: object) -> object:
        if type(value) is int:
            number: float = value if kind is int else float(value)
        elif type(value) is float and kind is float and math.isfinite(value):
            number = value
        else:
            raise _Unsure
        if bounds is not None and not bounds.admits(number):
            raise _Unsure
        return number

    return read


def _exact(kind: type) -> Reader:
    def read(value: object) -> object:
        if type(value) is not kind:
            raise _Unsure
        return value

    return read


def _date(value: object) -> dt.date:
    if type(value) is dt.date:
        return value
    if type(value) is not str or not _ISO_DATE.fullmatch(value):
        raise _Unsure
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _Unsure from None


def _choice(allowed: tuple[object, ...]) -> Reader:
    def read(value: object) -> object:
        if type(value) is not str or value not in allowed:
            raise _Unsure
        return value

    return read


def _member(enum: type[Enum]) -> Reader:
    values = {member.value: member for member in enum}

    def read(value: object) -> object:
        if type(value) is enum:
            return value
        if type(value) is not str or value not in values:
            raise _Unsure
        return values[value]

    return read


def _optional(inner: Reader) -> Reader:
    def read(value: object) -> object:
        return None if value is None else inner(value)

    return read


def _sequence(inner: Reader) -> Reader:
    def read(value: object) -> object:
        if type(value) not in (list, tuple):
            raise _Unsure
        return tuple(inner(item) for item in value)  # type: ignore[attr-defined]

    return read


def _mapping(key: Reader, item: Reader) -> Reader:
    def read(value: object) -> object:
        if type(value) is not dict:
            raise _Unsure
        return {key(k): item(v) for k, v in value.items()}

    return read


def _unwrapped(hint: object) -> tuple[object, bool, Bounds | None]:
    """An annotation without its wrappers: the type itself, whether None is allowed (`X | None`),
    and the `Bounds` written beside it (`Annotated[float, Bounds(...)]`). A union of several
    types, or other metadata than `Bounds`, stays as it is."""
    optional = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) != 1:
            return hint, False, None
        hint, optional = rest[0], len(args) == 2
    metadata: tuple[object, ...] = getattr(hint, "__metadata__", ())
    if typing.get_origin(hint) is not typing.Annotated or len(metadata) != 1:
        return hint, optional, None
    bounds = metadata[0]
    if not isinstance(bounds, Bounds):
        return hint, optional, None
    return typing.get_args(hint)[0], optional, bounds


def _reader(hint: object) -> Reader:
    """How the quick path reads one annotation; `_Unsure` for any kind it does not know."""
    bare, optional, bounds = _unwrapped(hint)
    inner = _bare_reader(bare, bounds)
    return _optional(inner) if optional else inner


def _bare_reader(hint: object, bounds: Bounds | None) -> Reader:
    if bounds is not None:
        if hint not in (int, float):
            raise _Unsure
        return _number(cast(type, hint), bounds)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        raise _Unsure
    if origin is Literal:
        return _choice(args)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _sequence(_reader(args[0]))
    if origin is dict:
        return _mapping(_reader(args[0]), _reader(args[1]))
    if hint in (int, float):
        return _number(hint, None)
    if hint in (str, bool):
        return _exact(hint)
    if hint is dt.date:
        return _date
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _member(hint)
    if dataclasses.is_dataclass(hint):
        return _instance(hint)  # type: ignore[arg-type]
    raise _Unsure


_READERS: dict[type, Reader] = {}
_ADAPTERS: dict[type, TypeAdapter[object]] = {}


def _instance(cls: type[T]) -> Callable[[object], T]:
    """The quick reader of a dataclass: a dict of its fields (or an instance) to an instance."""
    if cls in _READERS:
        return cast("Callable[[object], T]", _READERS[cls])
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    readers = {field.name: _reader(hints[field.name]) for field in fields}
    required = {
        field.name
        for field in fields
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
    }

    def read(value: object) -> T:
        if type(value) is cls:
            return value
        if type(value) is not dict:
            raise _Unsure
        keys = value.keys()
        if not required <= keys or not keys <= readers.keys():
            raise _Unsure
        made = {name: readers[name](item) for name, item in value.items()}
        try:
            return cls(**made)
        except ValueError:  # its own check refused it (a lab's unit, say): pydantic says why
            raise _Unsure from None

    _READERS[cls] = read
    return read


def _adapter(cls: type[T]) -> TypeAdapter[T]:
    if cls not in _ADAPTERS:
        from pydantic import TypeAdapter  # lazy: only refused or unusual data needs pydantic

        _ADAPTERS[cls] = TypeAdapter(cls)
    return cast("TypeAdapter[T]", _ADAPTERS[cls])


def read_quickly(cls: type[T], data: object) -> T | None:
    """`data` as a `cls` when it is plainly valid; None when pydantic must decide."""
    try:
        return _instance(cls)(data)
    except _Unsure:
        return None


def check(cls: type[T], data: object) -> T:
    """`data` (Python values: JSON, or values already typed) as a `cls`; raises `Invalid`."""
    return _checked(cls, data, lambda adapter: adapter.validate_python(data))


def check_json(cls: type[T], text: str, parsed: object) -> T:
    """A JSON document as a `cls`, strictly (no "58" for 58, no "yes" for true); `parsed` is
    `text` as `json.loads` read it. Raises `Invalid`."""
    return _checked(cls, parsed, lambda adapter: adapter.validate_json(text, strict=True))


def _checked(cls: type[T], data: object, validate: Callable[[TypeAdapter[T]], T]) -> T:
    """The quick reader's value of `data`, else what pydantic's `validate` gives; `Invalid`
    when pydantic refuses it."""
    quick = read_quickly(cls, data)
    if quick is not None:
        return quick
    from pydantic import ValidationError  # lazy: as in `_adapter`

    try:
        return validate(_adapter(cls))
    except ValidationError as error:
        raise Invalid(error) from None


Writer = Callable[[object, bool], JSON]  # a value and exclude_none -> its JSON
_PLANS: dict[type, tuple[tuple[str, Writer | None], ...]] = {}
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _plan(kind: type) -> tuple[tuple[str, Writer | None], ...] | None:
    """How to write a dataclass type: each field's name and writer (None: the value is its own
    JSON), chosen once per type from its annotations; None for a type that is no dataclass."""
    plan = _PLANS.get(kind)
    if plan is None and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind, include_extras=True)
        fields = dataclasses.fields(kind)
        plan = _PLANS[kind] = tuple((field.name, _writer(hints[field.name])) for field in fields)
    return plan


def _writer(hint: object) -> Writer | None:
    """How `dump` writes a field of this annotation (None is written as None by `dump`)."""
    hint = _unwrapped(hint)[0]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _json
    if origin is Literal or hint in (str, int, float, bool):
        return None
    if hint is dt.date:
        return _date_text
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum_value
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _writer(args[0])
        return _list if item is None else _each(item)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record
    return _json  # anything else: by the value's own type


def _date_text(value: object, exclude_none: bool) -> JSON:
    return cast(dt.date, value).isoformat()


def _enum_value(value: object, exclude_none: bool) -> JSON:
    return cast(JSON, cast(Enum, value).value)


def _list(value: object, exclude_none: bool) -> JSON:
    return list(cast("tuple[JSON, ...]", value))


def _each(item: Writer) -> Writer:
    def write(value: object, exclude_none: bool) -> JSON:
        return [item(one, exclude_none) for one in cast("tuple[object, ...]", value)]

    return write


def _record(value: object, exclude_none: bool) -> JSON:
    return dump(value, exclude_none=exclude_none)


def dump(value: object, *, exclude_none: bool = False) -> JSONObject:
    """The JSON object of a rules value (a dataclass: facts, a scan, an assessment...): dates
    as YYYY-MM-DD, enums as their values, tuples as lists; unknown left out on request."""
    plan = _plan(type(value))
    if plan is None:
        raise TypeError(f"not a rules value: {type(value).__name__}")
    out: JSONObject = {}
    for name, write in plan:
        item = getattr(value, name)
        if item is None:
            if not exclude_none:
                out[name] = None
        elif write is None:
            out[name] = item
        else:
            out[name] = write(item, exclude_none)
    return out


def _json(value: object, exclude_none: bool) -> JSON:
    """A value's JSON, by its own type (for annotations the plans do not know)."""
    if type(value) in _PLAIN:
        return cast(JSON, value)
    if isinstance(value, (tuple, list)):
        return [_json(item, exclude_none) for item in value]
    if isinstance(value, Enum):
        return _json(value.value, exclude_none)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {_key(key): _json(item, exclude_none) for key, item in value.items()}
    if _plan(type(value)) is not None:
        return dump(value, exclude_none=exclude_none)
    raise TypeError(f"no JSON for {type(value).__name__}")


def _key(key: object) -> str:
    return str(key.value) if isinstance(key, Enum) else str(key)


def field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


def json_schema(cls: type, mode: Literal["validation", "serialization"]) -> dict[str, JSON]:
    return _adapter(cls).json_schema(mode=mode)
