"""Fixtures for the terminal tests: a private store and data directory per test, a fixed today,
and a full intake as a person would type it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from terminal_intake import TODAY

from assistant.settings import Settings


@pytest.fixture
def chat_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a `boneguide` subprocess: nothing of the user's real data."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BONEGUIDE_", "LC_")) and k not in ("NO_COLOR", "COLUMNS")
    }
    env.update(
        {
            "BONEGUIDE_STORE": str(tmp_path / "boneguide.db"),
            "BONEGUIDE_TODAY": TODAY,
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "HOME": str(tmp_path / "home"),
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
        }
    )
    return env


@pytest.fixture
def settings(chat_env: dict[str, str]) -> Settings:
    return Settings.from_env(chat_env)
