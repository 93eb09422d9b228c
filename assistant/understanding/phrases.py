"""The phrase lists of phrases.yaml, read once at import: the words are data, the matching is code,
so a reviewer can add a synonym without touching logic."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from assistant.cache_files import cache_file, fingerprint, keep_cached, load_cached
from assistant.errors import DefinitionError

PHRASES_FILE = Path(__file__).with_name("phrases.yaml")


def _read() -> dict[str, Any]:
    import yaml  # lazy: the YAML is read only when the cached phrase lists are stale

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(PHRASES_FILE.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(data, dict):
        raise DefinitionError(str(PHRASES_FILE), None, "expected sections of phrase lists")
    return data


def _load() -> dict[str, Any]:
    """The file's sections, kept as JSON in the user's cache directory: reading that costs well
    under a millisecond, importing yaml and parsing the file about 20."""
    path = cache_file("phrases", PHRASES_FILE)
    stamp = fingerprint(PHRASES_FILE)
    cached = load_cached(path, stamp)
    if isinstance(cached, dict):
        return cached
    data = _read()
    # kept only if JSON gives it back unchanged: a bare yes as a key is a boolean, not text
    if json.loads(json.dumps(data, default=str)) == data:
        keep_cached(path, stamp, data)
    return data


_DATA = _load()


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        # a bare no or yes in the file becomes a boolean: say where, rather than match nothing
        raise DefinitionError(
            str(PHRASES_FILE), None, f"{where}: expected a list of quoted phrases"
        )
    return tuple(value)


def phrase_list(section: str, key: str | None = None) -> tuple[str, ...]:
    value = _DATA.get(section)
    if key is not None:
        value = value.get(key) if isinstance(value, dict) else None
    return _strings(value, f"{section}.{key}" if key else section)


def phrase_table(section: str, key: str | None = None) -> dict[str, tuple[str, ...]]:
    """A section (or a sub-section) mapping each canonical value to its phrases, in file order."""
    table = _DATA.get(section)
    if key is not None:
        table = table.get(key) if isinstance(table, dict) else None
    if not isinstance(table, dict):
        raise DefinitionError(str(PHRASES_FILE), None, f"{section}: expected a mapping")
    return {str(name): _strings(items, f"{section}.{name}") for name, items in table.items()}


def _leaves(value: object, where: str) -> list[tuple[str, str]]:
    """Every phrase under `value` with the list it sits in ("commands.help")."""
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in _leaves(item, f"{where}.{key}")]
    if isinstance(value, list):
        return [(str(item), where) for item in value]
    return []


def phrase_counts() -> dict[str, int]:
    """How many phrases each section of phrases.yaml holds (for `boneguide bench`)."""
    return {section: len(_leaves(value, section)) for section, value in _DATA.items()}


# sections whose lists are alternatives of one meaning each; "alone_only" qualifies others
_ONE_MEANING = ("yes_no", "commands", "fact_names", "sites", "lab_tests")


def phrase_problems() -> list[tuple[str, str]]:
    """Each phrase given twice in a section, or for two meanings; each word that is both never
    a command and a command phrase. Pairs of (phrase, what is wrong)."""
    problems: list[tuple[str, str]] = []
    sections = [(name, _DATA.get(name, {})) for name in _ONE_MEANING]
    sections += [(f"choices.{fact}", table) for fact, table in _DATA.get("choices", {}).items()]
    for name, table in sections:
        seen: dict[str, str] = {}
        for phrase, where in _leaves(table, name):
            if where.endswith(".alone_only"):
                continue
            key = phrase.lower()
            if key in seen:
                problems.append((phrase, f"{where}: {phrase!r} is also in {seen[key]}"))
            seen[key] = where
    commands = {phrase.lower() for phrase, _ in _leaves(_DATA.get("commands", {}), "commands")}
    for phrase in _DATA.get("never_commands", []):
        if str(phrase).lower() in commands:
            problems.append((str(phrase), f"never_commands: {phrase!r} is also a command phrase"))
    return problems


# Synonyms of the closed answers of SPEC section 4 (sex, menopausal status, indication, bone
# medication), for the quick interpretation and for dialog files that want the same words.
CHOICE_SYNONYMS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {fact: MappingProxyType(phrase_table("choices", fact)) for fact in _DATA.get("choices", {})}
)
