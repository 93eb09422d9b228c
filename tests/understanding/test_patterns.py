"""Patterns read back from the cache are the ones `re.compile` makes; a bad cache is never used."""

from __future__ import annotations

import marshal
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import patterns
from assistant.patterns import compiled

SAMPLES = [
    (r"\b(?P<site>spine|hip)\s+T\s*(?P<score>-?\d+(?:\.\d+)?)", re.IGNORECASE),
    (r"""(?x) (?P<day>\d{1,2}) \s+ (?P<month>[a-z]{3}) \s+ (\d{4})  # a date""", 0),
    (r"(?<![\w'])(?:yes|yeah|no|nope)(?![\w'])", re.IGNORECASE | re.MULTILINE),
]
TEXTS = ["Spine T -2.1, hip t 0.4", "14 oct 2026", "yes, no", "nothing here", "HIP T-1"]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    patterns._kept.cache_clear()
    patterns._new.cache_clear()
    yield patterns.cache_path()
    patterns._kept.cache_clear()
    patterns._new.cache_clear()


def _same(made: re.Pattern[str], pattern: str, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert (made.pattern, made.flags, made.groups, dict(made.groupindex)) == (
        expected.pattern,
        expected.flags,
        expected.groups,
        dict(expected.groupindex),
    )
    for text in TEXTS:
        assert [m.groupdict() for m in made.finditer(text)] == [
            m.groupdict() for m in expected.finditer(text)
        ]
        assert [m.span() for m in made.finditer(text)] == [
            m.span() for m in expected.finditer(text)
        ]


def _next_run() -> None:
    patterns.save()
    patterns._kept.cache_clear()
    patterns._new.cache_clear()


def test_a_kept_pattern_is_the_one_re_compile_makes(cache: Path) -> None:
    for pattern, flags in SAMPLES:
        _same(compiled(pattern, flags), pattern, flags)
    assert not cache.exists()  # kept when the program ends
    _next_run()
    assert len(patterns._kept()) == len(SAMPLES)
    for pattern, flags in SAMPLES:
        _same(compiled(pattern, flags), pattern, flags)
    assert patterns._new() == {}  # all read back, none compiled afresh


def test_a_broken_entry_or_file_falls_back_to_re_compile(cache: Path) -> None:
    pattern, flags = SAMPLES[0]
    compiled(pattern, flags)
    _next_run()
    kept = marshal.loads(cache.read_bytes())
    (entry,) = kept["patterns"].values()
    entry[1] = [999999, 1, 2]  # code no engine accepts
    cache.write_bytes(marshal.dumps(kept))
    patterns._kept.cache_clear()
    assert len(patterns._kept()) == 1
    _same(compiled(pattern, flags), pattern, flags)
    other_python = {"stamp": "another python", "patterns": kept["patterns"]}
    for content in (b"not marshal", marshal.dumps(other_python), marshal.dumps([1, 2])):
        cache.write_bytes(content)
        patterns._kept.cache_clear()
        assert patterns._kept() == {}
        _same(compiled(pattern, flags), pattern, flags)
