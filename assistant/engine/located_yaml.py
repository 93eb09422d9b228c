"""A PyYAML loader that remembers the line of every mapping, of every key in it and of every
item of a list, and refuses a key given twice (YAML would keep the last silently).

Definition errors must name file and line; pydantic only knows the path inside the data, so
`line_of(data, loc)` walks that path back to the nearest line we know.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import DefinitionError


class LocatedDict(dict[str, Any]):
    """A mapping from YAML with the 1-based line where it starts and where each key sits."""

    line: int = 0
    key_lines: dict[str, int]


class LocatedList(list[Any]):
    """A list from YAML with the 1-based line of each of its items."""

    item_lines: list[int]


# libyaml's parser when present: start-up reads the dialogs on every `boneguide chat`
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LocatingLoader(_Base):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LocatedDict:
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
    # YAML reads 2026-13-45 as a date; PyYAML then raises a bare ValueError with no line
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date ({error})", node.start_mark
        ) from None


_LocatingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LocatingLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LocatingLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence
)


def load_located(path: Path) -> Any:
    """Parse one YAML file; syntax errors become DefinitionError with the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DefinitionError(str(path), None, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        where = error.object[: error.start].count(b"\n") + 1
        raise DefinitionError(str(path), where, "cannot read: the file is not UTF-8 text") from None
    try:
        return yaml.load(text, Loader=_LocatingLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise DefinitionError(str(path), line, f"invalid YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise DefinitionError(str(path), None, f"invalid YAML: {error}") from None


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
