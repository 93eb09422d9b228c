"""The wording catalogue's loader: the cached copy is the YAML's, a stale or broken cache is read
again from the YAML, and a malformed catalogue fails at load with what is wrong."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from assistant import wording
from assistant.errors import DefinitionError


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    wording.catalogue.cache_clear()
    yield tmp_path / "boneguide"
    wording.catalogue.cache_clear()


def _from_yaml() -> dict[str, str]:
    flat: dict[str, str] = {}

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else str(key))
        else:
            flat[path] = str(node)

    walk(yaml.safe_load(wording.WORDING_FILE.read_text(encoding="utf-8")), "")
    return flat


def test_the_catalogue_is_the_yaml_flattened_and_cached(cache_home: Path) -> None:
    first = wording.catalogue()
    assert first == _from_yaml()
    assert list(first) == list(_from_yaml())  # file order, for tables such as the commands
    (cached,) = cache_home.glob("wording-*.json")
    assert json.loads(cached.read_text(encoding="utf-8"))["data"] == first
    wording.catalogue.cache_clear()
    assert wording.catalogue() == first  # read back from the cache


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        json.dumps({"fingerprint": "0:00000000", "data": {"date.none": "stale"}}),
        json.dumps({"data": {"date.none": "no fingerprint"}}),
        json.dumps(["a", "list"]),
    ],
)
def test_a_stale_or_broken_cache_is_read_again_from_the_yaml(
    cache_home: Path, content: str
) -> None:
    wording.catalogue()
    (cached,) = cache_home.glob("wording-*.json")
    cached.write_text(content, encoding="utf-8")
    wording.catalogue.cache_clear()
    assert wording.catalogue() == _from_yaml()


def test_a_cache_whose_messages_are_not_text_is_not_used(cache_home: Path) -> None:
    wording.catalogue()
    (cached,) = cache_home.glob("wording-*.json")
    data = json.loads(cached.read_text(encoding="utf-8"))
    data["data"]["date.none"] = 3
    cached.write_text(json.dumps(data), encoding="utf-8")
    wording.catalogue.cache_clear()
    assert wording.text("date.none") == _from_yaml()["date.none"]


def test_an_unwritable_cache_still_says_everything(cache_home: Path) -> None:
    cache_home.parent.joinpath("boneguide").write_text("a file where the directory goes")
    assert wording.text("terminal.goodbye") == _from_yaml()["terminal.goodbye"]


@pytest.mark.parametrize(
    ("catalogue", "problem"),
    [
        ("date:\n  none: 'an {unclosed brace'\n", "date.none: "),
        ("date:\n  none: 'a {0} positional field'\n", "date.none: placeholders must be plain"),
        ("date:\n  no: 'a key YAML reads as false'\n", "date: key False must be quoted"),
        ("date: []\n", "date: expected a message or a section"),
        ("date:\n  none: 3\n", "date.none: expected a message or a section"),
    ],
)
def test_a_malformed_catalogue_fails_at_load(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalogue: str, problem: str
) -> None:
    broken = tmp_path / "wording.yaml"
    broken.write_text(catalogue, encoding="utf-8")
    monkeypatch.setattr(wording, "WORDING_FILE", broken)
    with pytest.raises(DefinitionError) as raised:
        wording.catalogue()
    assert problem in str(raised.value)
