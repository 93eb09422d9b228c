"""A dialog read from its cached copy is the one read from its YAML, lines included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from assistant.cache_files import cache_file
from assistant.engine.located_yaml import LocatedDict, LocatedList, load_located
from assistant.resources import DIALOGS_DIR


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _lines(data: Any) -> Any:
    """The data with every line it remembers, as plain values to compare."""
    if isinstance(data, LocatedDict):
        values = {key: _lines(value) for key, value in data.items()}
        return ("mapping", data.line, data.key_lines, values)
    if isinstance(data, LocatedList):
        return ("list", data.item_lines, [_lines(item) for item in data])
    return (type(data).__name__, data)


def test_a_dialog_read_back_from_the_cache_is_the_one_read_from_yaml() -> None:
    path = DIALOGS_DIR / "intake.yaml"
    fresh = load_located(path)
    assert not cache_file("located", path).exists()
    first = load_located(path, cached=True)
    assert cache_file("located", path).exists()
    again = load_located(path, cached=True)
    assert _lines(first) == _lines(again) == _lines(fresh)
    assert isinstance(again, LocatedDict) and again.key_lines["states"] > 1


def test_a_changed_file_or_a_broken_cache_is_read_afresh(tmp_path: Path) -> None:
    path = tmp_path / "dialog.yaml"
    path.write_text("name: one\nstates:\n  - a\n  - b\n", encoding="utf-8")
    assert load_located(path, cached=True) == {"name": "one", "states": ["a", "b"]}
    path.write_text("name: two\n\nstates: [c]\n", encoding="utf-8")
    changed = load_located(path, cached=True)
    assert changed == {"name": "two", "states": ["c"]} and changed.key_lines["states"] == 3
    cache_file("located", path).write_text('{"fingerprint": "x", "data": {"list": 1}}')
    assert load_located(path, cached=True) == {"name": "two", "states": ["c"]}
    cache = cache_file("located", path)
    cache.write_text(cache.read_text().replace('"mapping"', '"mapp"'), encoding="utf-8")
    assert load_located(path, cached=True) == {"name": "two", "states": ["c"]}


def test_what_json_cannot_hold_is_read_from_yaml_each_time(tmp_path: Path) -> None:
    path = tmp_path / "dated.yaml"
    path.write_text("when: 2026-12-05\n", encoding="utf-8")
    assert load_located(path, cached=True) == {"when": dt.date(2026, 12, 5)}
    assert not cache_file("located", path).exists()
    assert load_located(path, cached=True) == {"when": dt.date(2026, 12, 5)}
