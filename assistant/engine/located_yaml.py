"""A PyYAML loader that remembers the line of every mapping, of every key in it and of every
item of a list, and refuses a key given twice (YAML would keep the last silently).

Definition errors must name file and line; pydantic only knows the path inside the data, so
`line_of(data, loc)` walks that path back to the nearest line we know.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.cache_files import cache_file, fingerprint, keep_cached, load_cached
from assistant.errors import DefinitionError

if TYPE_CHECKING:
    import yaml


class LocatedDict(dict[str, Any]):
    """A mapping from YAML with the 1-based line where it starts and where each key sits."""

    line: int = 0
    key_lines: dict[str, int]


class LocatedList(list[Any]):
    """A list from YAML with the 1-based line of each of its items."""

    item_lines: list[int]


@functools.cache
def _loader() -> Any:
    """The PyYAML loader that records lines, on libyaml's parser when present; built on first
    use, as PyYAML is imported only to read a file afresh."""
    import yaml  # lazy: only to read a file afresh, not its cached copy

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("LocatingLoader", (base,), {})
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    return loader


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LocatedDict:
    import yaml  # lazy: as _loader

    _refuse_repeated_keys(node)
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool):
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain words", key_node.start_mark
            )
        key = str(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _refuse_repeated_keys(node: yaml.MappingNode) -> None:
    import yaml  # lazy: as _loader

    # Checked before merge keys (`<<: *base`) are flattened, so a key may override a merged one.
    first: dict[str, int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
            continue
        line = key_node.start_mark.line + 1
        if key_node.value in first:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"key {key_node.value!r} is given twice (first on line {first[key_node.value]})",
                key_node.start_mark,
            )
        first[key_node.value] = line


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(item, deep=True) for item in node.value)
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    return result


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> object:
    import yaml  # lazy: as _loader

    # YAML reads 2026-13-45 as a date; PyYAML then raises a bare ValueError with no line
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date ({error})", node.start_mark
        ) from None


def load_located(path: Path, *, cached: bool = False) -> Any:
    """Parse one YAML file; syntax errors become DefinitionError with the file and line.

    `cached`: read the file's data, lines included, from the user's cache when the file has not
    changed since (a dialog is read on every `boneguide chat`: PyYAML costs some 10 ms)."""
    if cached:
        kept = cache_file("located", path)
        stamp = fingerprint(path)
        data = load_cached(kept, stamp)
        if data is not None:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                return _decoded(data)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DefinitionError(str(path), None, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        where = error.object[: error.start].count(b"\n") + 1
        raise DefinitionError(str(path), where, "cannot read: the file is not UTF-8 text") from None
    import yaml  # lazy: only to read a file afresh, not its cached copy

    try:
        parsed = yaml.load(text, Loader=_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise DefinitionError(str(path), line, f"invalid YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise DefinitionError(str(path), None, f"invalid YAML: {error}") from None
    if cached:
        with contextlib.suppress(TypeError):  # a value JSON cannot hold (a date): not kept
            keep_cached(kept, stamp, _encoded(parsed))
    return parsed


def _encoded(data: Any) -> Any:
    """`data` as JSON can hold it, lines included; TypeError for anything else."""
    if isinstance(data, LocatedDict):
        values = {key: _encoded(value) for key, value in data.items()}
        return {"line": data.line, "key_lines": data.key_lines, "mapping": values}
    if isinstance(data, LocatedList):
        return {"item_lines": data.item_lines, "list": [_encoded(item) for item in data]}
    if data is None or isinstance(data, str | bool | int | float):
        return data
    raise TypeError(f"not kept: {type(data).__name__}")


def _decoded(data: Any) -> Any:
    """What `_encoded` made, back as located data; KeyError or TypeError when it is not."""
    if isinstance(data, dict) and "mapping" in data:
        mapping = LocatedDict((key, _decoded(value)) for key, value in data["mapping"].items())
        mapping.line = int(data["line"])
        mapping.key_lines = {str(key): int(line) for key, line in data["key_lines"].items()}
        return mapping
    if isinstance(data, dict):
        items = LocatedList(_decoded(item) for item in data["list"])
        items.item_lines = [int(line) for line in data["item_lines"]]
        return items
    if data is None or isinstance(data, str | bool | int | float):
        return data
    raise TypeError(f"not located data: {type(data).__name__}")


def line_of(data: Any, loc: Sequence[str | int]) -> int | None:
    """The line of the deepest key, list item or mapping along `loc` (a pydantic error
    location)."""
    line: int | None = data.line if isinstance(data, LocatedDict) else None
    node = data
    for part in loc:
        if isinstance(node, LocatedDict) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            if isinstance(node, LocatedList):
                line = node.item_lines[part]
            node = node[part]
        else:
            break
        if isinstance(node, LocatedDict):
            line = node.line
    return line
