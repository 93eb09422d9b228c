"""Regular expressions compiled once and kept between runs. Python's `re` parses and compiles the
understanding package's three hundred patterns in pure Python, some 35 ms at each start; the
compiled form, read back from the user's cache, takes a few.

The form kept is the code `re` itself hands to the regular-expression engine (`_sre.compile`), so
it is kept per interpreter and read back only into the interpreter that made it; in `marshal`'s
format, as Python keeps its own compiled modules, which reads three times faster than JSON.
Anything unexpected (another Python, a changed or broken cache file) falls back to `re.compile`.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import marshal
import re
import sys
from pathlib import Path
from typing import Any

from assistant.cache_files import cache_dir, save_cached

# CPython's internals behind `re.compile`; untyped, so kept to this module.
_SRE: Any = importlib.import_module("_sre")
_PARSER: Any = importlib.import_module("re._parser")
_COMPILER: Any = importlib.import_module("re._compiler")
# The compiled form belongs to one interpreter and one version of its regular-expression engine.
STAMP = f"{sys.implementation.cache_tag}:{_SRE.MAGIC}:{_SRE.CODESIZE}"
MAX_KEPT = 4000  # patterns of old versions of the code are dropped past this many
# pattern key -> [flags, code, groups, groupindex, indexgroup], as `_sre.compile` takes them
Parts = list[Any]


def compiled(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the kept compiled form when there is one."""
    flags = int(flags)
    key = f"{flags}:{pattern}"
    parts = _kept().get(key)
    if parts is not None:
        try:
            kept: re.Pattern[str] = _SRE.compile(
                pattern, parts[0], parts[1], parts[2], parts[3], tuple(parts[4])
            )
            return kept
        except Exception:  # a broken entry: compiled afresh below
            pass
    made = re.compile(pattern, flags)
    parts = _parts(pattern, flags, made)
    if parts is not None:
        _new()[key] = parts
    return made


def cache_path() -> Path:
    return cache_dir() / "patterns.marshal"


@functools.cache
def _kept() -> dict[str, Parts]:
    try:
        kept = marshal.loads(cache_path().read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(kept, dict) or kept.get("stamp") != STAMP:
        return {}
    patterns = kept.get("patterns")
    return patterns if isinstance(patterns, dict) else {}


@functools.cache
def _new() -> dict[str, Parts]:
    """Patterns compiled afresh in this run; kept when the program ends."""
    atexit.register(save)
    return {}


def save() -> None:
    """Keep the patterns compiled afresh, with those kept before (while they are few enough)."""
    new = _new()
    if not new:
        return
    kept = _kept() if len(_kept()) + len(new) <= MAX_KEPT else {}
    save_cached(cache_path(), marshal.dumps({"stamp": STAMP, "patterns": {**kept, **new}}))
    kept.update(new)
    new.clear()


def _parts(pattern: str, flags: int, compiled: re.Pattern[str]) -> Parts | None:
    """What `re.compile` hands to `_sre.compile` for `pattern` (as in re/_compiler.py), or None
    when this interpreter's `re` works otherwise or gives another result."""
    try:
        parsed = _PARSER.parse(pattern, flags)
        code = [int(word) for word in _COMPILER._code(parsed, flags)]
        groupindex = {str(name): int(index) for name, index in parsed.state.groupdict.items()}
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        parts: Parts = [flags | parsed.state.flags, code, parsed.state.groups - 1]
        parts += [groupindex, indexgroup]
        again = _SRE.compile(pattern, parts[0], code, parts[2], groupindex, tuple(indexgroup))
    except Exception:  # not the `re` this was written against: keep nothing
        return None
    same = (again.flags, again.groups, dict(again.groupindex)) == (
        compiled.flags,
        compiled.groups,
        dict(compiled.groupindex),
    )
    return parts if same else None
