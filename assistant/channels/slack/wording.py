"""The bot's own wording, loaded once from wording.yaml so phrasing changes never touch logic."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

WORDING_FILE = Path(__file__).with_name("wording.yaml")


@cache
def _messages() -> dict[str, str]:
    with WORDING_FILE.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{WORDING_FILE}: expected a mapping of message keys to strings")
    return {str(k): v for k, v in data.items()}


def say(key: str, **values: object) -> str:
    """The message `key` with its placeholders filled; values are inserted as given, so callers
    escape anything that came from a person before passing it."""
    return _messages()[key].format(**values)


def keys() -> frozenset[str]:
    return frozenset(_messages())
