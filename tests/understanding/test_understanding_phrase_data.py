"""phrases.yaml as data: one spelling, one meaning; nothing both ignored and a command; and the
counts `boneguide bench` prints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assistant import understanding
from assistant.understanding import phrases


def test_the_phrase_lists_have_no_repeat_or_clash() -> None:
    assert phrases.phrase_problems() == []


@pytest.mark.parametrize(
    "patch, problem",
    [
        (
            {"commands": {"help": ["help", "menu"], "quit": ["menu"]}},
            "'menu' is also in commands.help",
        ),
        ({"yes_no": {"yes": ["yep", "yep"]}}, "'yep' is also in yes_no.yes"),
        ({"commands": {"back": ["back"]}, "never_commands": ["back"]}, "also a command phrase"),
    ],
)
def test_a_repeat_or_a_clash_is_reported(
    monkeypatch: pytest.MonkeyPatch, patch: dict[str, object], problem: str
) -> None:
    monkeypatch.setattr(phrases, "_DATA", patch)
    assert any(problem in text for _, text in phrases.phrase_problems())


def test_the_counts_cover_every_section() -> None:
    counts = phrases.phrase_counts()
    assert set(counts) >= {"yes_no", "commands", "never_commands", "sites", "lab_tests"}
    assert all(count > 0 for count in counts.values())


def test_check_passes_and_the_bench_prints_the_counts() -> None:
    check = subprocess.run(
        [sys.executable, "-m", "assistant", "check"], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    code = "from assistant.bench.engine import _data_counts; _data_counts()"
    bench = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "dialog synonyms" in bench.stdout and "ignore words" in bench.stdout


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "boneguide"


def _from_yaml() -> dict[str, object]:
    data = yaml.safe_load(phrases.PHRASES_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_phrase_lists_are_the_yaml_and_cached(cache_home: Path) -> None:
    first = phrases._load()
    assert first == _from_yaml()
    assert list(first) == list(_from_yaml())  # file order
    (cached,) = cache_home.glob("phrases-*.json")
    assert json.loads(cached.read_text(encoding="utf-8"))["data"] == first
    cached.write_text(
        json.dumps(
            {
                "fingerprint": json.loads(cached.read_text())["fingerprint"],
                "data": {"yes_no": {"yes": ["from the cache"]}},
            }
        )
    )
    assert phrases._load() == {"yes_no": {"yes": ["from the cache"]}}  # read back from it


@pytest.mark.parametrize(
    "content",
    ["not json", json.dumps({"fingerprint": "0:00000000", "data": {"yes_no": {}}}), "[1]"],
)
def test_a_stale_or_broken_phrase_cache_is_read_again(cache_home: Path, content: str) -> None:
    phrases._load()
    (cached,) = cache_home.glob("phrases-*.json")
    cached.write_text(content, encoding="utf-8")
    assert phrases._load() == _from_yaml()


def test_data_json_would_change_is_not_cached(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bare yes as a key is a boolean in YAML and would come back from JSON as text."""
    monkeypatch.setattr(phrases, "_read", lambda: {True: ["yes"]})
    assert phrases._load() == {True: ["yes"]}
    assert list(cache_home.glob("phrases-*.json")) == []


def test_every_name_of_the_package_loads() -> None:
    for name in understanding.__all__:
        assert getattr(understanding, name) is not None
    with pytest.raises(AttributeError):
        understanding.no_such_name  # noqa: B018
