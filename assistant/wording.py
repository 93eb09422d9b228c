"""What BoneGuide says in its own words, read once from wording.yaml: `text(key, **fields)`.

Keys are paths in the file ("date.none", "terminal.goodbye"). A malformed catalogue, an unknown key
or a missing field raises DefinitionError; tests/test_structure.py checks every call ahead of time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from string import Formatter

from assistant.cache_files import cache_file, fingerprint, keep_cached, load_cached
from assistant.errors import DefinitionError

WORDING_FILE = Path(__file__).with_name("wording.yaml")
_WHERE = "assistant/wording.yaml"


def _flatten(node: object, path: str, into: dict[str, str]) -> None:
    if isinstance(node, str):
        into[path] = node
        return
    if not isinstance(node, dict) or not node:
        raise DefinitionError(
            _WHERE, None, f"{path or 'the file'}: expected a message or a section"
        )
    for key, value in node.items():
        if not isinstance(key, str):  # a bare yes, no, on or off reads as a boolean
            raise DefinitionError(_WHERE, None, f"{path}: key {key!r} must be quoted")
        _flatten(value, f"{path}.{key}" if path else key, into)


@cache
def fields_of(template: str) -> frozenset[str]:
    """The names of a message's {placeholders}."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name is not None)


def _read() -> dict[str, str]:
    """The catalogue from its YAML, checked: every placeholder a plain name, every brace paired."""
    # yaml is imported only here: with the cache in place, saying something never loads it
    import yaml  # lazy: the YAML is read only when the cached catalogue is stale

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    messages: dict[str, str] = {}
    _flatten(yaml.load(WORDING_FILE.read_text(encoding="utf-8"), Loader=loader), "", messages)
    for key, template in messages.items():
        try:
            fields = fields_of(template)
        except ValueError as error:  # an unmatched brace
            raise DefinitionError(_WHERE, None, f"{key}: {error}") from None
        if any(not name.isidentifier() for name in fields):
            raise DefinitionError(_WHERE, None, f"{key}: placeholders must be plain names")
    return messages


@cache
def catalogue() -> dict[str, str]:
    """Every message by key, in file order. Read on first use, and kept as JSON in the user's
    cache directory: reading that costs well under a millisecond, importing yaml about 15."""
    path = cache_file("wording", WORDING_FILE)
    # the catalogue and this module (which shapes what is cached)
    stamp = fingerprint(WORDING_FILE, Path(__file__))
    cached = load_cached(path, stamp)
    if isinstance(cached, dict) and all(isinstance(v, str) for v in cached.values()):
        return {str(key): str(value) for key, value in cached.items()}
    messages = _read()
    keep_cached(path, stamp, messages)
    return messages


def text(key: str, **fields: object) -> str:
    """The message `key` with its placeholders filled from `fields`."""
    template = catalogue().get(key)
    if template is None:
        raise DefinitionError(_WHERE, None, f"no message {key!r}")
    missing = fields_of(template) - fields.keys()
    if missing:
        raise DefinitionError(_WHERE, None, f"{key}: no value for {', '.join(sorted(missing))}")
    return template.format(**fields)


def section(prefix: str) -> dict[str, str]:
    """The messages under `prefix`, by the rest of their key, in file order: a table such as the
    commands with their descriptions."""
    start = prefix + "."
    found = {
        key[len(start) :]: value for key, value in catalogue().items() if key.startswith(start)
    }
    if not found:
        raise DefinitionError(_WHERE, None, f"no section {prefix!r}")
    return found
