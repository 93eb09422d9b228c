"""A PyYAML loader that remembers the line of every mapping and of every key in it.

Definition errors must name file and line; pydantic only knows the path inside the data, so
`line_of(data, loc)` walks that path back to the nearest mapping we loaded.
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


# libyaml's parser when present: start-up reads the dialogs on every `boneguide chat`
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LocatingLoader(_Base):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LocatedDict:
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


_LocatingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_located(path: Path) -> Any:
    """Parse one YAML file; syntax errors become DefinitionError with the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DefinitionError(str(path), None, f"cannot read: {error.strerror}") from None
    try:
        return yaml.load(text, Loader=_LocatingLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise DefinitionError(str(path), line, f"invalid YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise DefinitionError(str(path), None, f"invalid YAML: {error}") from None


def line_of(data: Any, loc: Sequence[str | int]) -> int | None:
    """The line of the deepest key or mapping along `loc` (a pydantic error location)."""
    line: int | None = data.line if isinstance(data, LocatedDict) else None
    node = data
    for part in loc:
        if isinstance(node, LocatedDict) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
        if isinstance(node, LocatedDict):
            line = node.line
    return line
