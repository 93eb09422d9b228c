"""Runs every scripted conversation of tests/dialogs/ in process, one test per script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.channels.scripted import run_script, script_paths
from assistant.knowledge import KnowledgeBase

SCRIPTS = script_paths([Path(__file__).parent])


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return KnowledgeBase.default()


def test_there_are_enough_scripts() -> None:
    assert len(SCRIPTS) >= 40


@pytest.mark.parametrize("path", SCRIPTS, ids=[path.stem for path in SCRIPTS])
def test_script(path: Path, knowledge: KnowledgeBase) -> None:
    result = run_script(path, knowledge=knowledge)
    assert result.passed, result.report()


def test_a_failing_script_shows_the_conversation_and_exits_1(tmp_path: Path) -> None:
    script = tmp_path / "wrong.yaml"
    script.write_text(
        "today: 2026-11-25\n"
        "steps:\n"
        '  - user: "yes"\n'
        "    state: sex\n"
        "  - user: female\n"
        "    state: menopause\n"  # wrong on purpose: the age comes first
    )
    env = {**os.environ, "BONEGUIDE_STORE": str(tmp_path / "unused.db")}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "test-dialogs", str(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1
    assert "FAIL" in done.stdout and "step 2 ('female')" in done.stdout
    assert "user: yes" in done.stdout and "Are you female or male?" in done.stdout
    assert done.stdout.strip().endswith("0 passed, 1 failed")
