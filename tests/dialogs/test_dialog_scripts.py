"""Runs every scripted conversation of tests/dialogs/ in process, one test per script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.channels.scripted import run_script, script_paths
from assistant.errors import DefinitionError
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


FAILING = """\
description: "the third step expects a wrong state"
today: 2026-11-25
steps:
  - state: "consent"
  - user: "yes"
    state: "sex"
  - user: "female"

    state: "menopause"
"""


def test_a_failing_step_names_file_line_and_the_step_number_of_the_yaml(
    tmp_path: Path, knowledge: KnowledgeBase
) -> None:
    path = tmp_path / "failing.yaml"
    path.write_text(FAILING, encoding="utf-8")
    result = run_script(path, knowledge=knowledge)
    assert not result.passed
    first = result.report().splitlines()[0]
    assert first.startswith(f"FAIL {path}:7: step 3 ('female'): state is 'age'"), first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "today: 2026-11-25\nsteps:\n  - user: yes\n    reply_contain: [x]\n",
            ":4: step 1: unknown key 'reply_contain'",
        ),
        ("description: no steps\ntoday: 2026-11-25\n", ":1: 'steps' is missing"),
        ("today: 2026-11-25\nsteps:\n  - user: yes\n    facts: 3\n", ":4: step 1: facts:"),
    ],
)
def test_a_malformed_script_is_refused_with_its_line(
    tmp_path: Path, knowledge: KnowledgeBase, text: str, expected: str
) -> None:
    path = tmp_path / "malformed.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as refused:
        run_script(path, knowledge=knowledge)
    assert f"{path}{expected}" in str(refused.value)


def test_check_finds_a_script_expecting_a_state_that_does_not_exist(tmp_path: Path) -> None:
    scripts = tmp_path / "tests" / "dialogs"
    scripts.mkdir(parents=True)
    (scripts / "typo.yaml").write_text(
        'today: 2026-11-25\nsteps:\n  - state: "consent"\n  - user: "yes"\n    state: "sxe"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "BONEGUIDE_STORE": str(tmp_path / "unused.db")}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "check"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "typo.yaml:4: step 2: unknown state 'sxe' (did you mean 'sex'?)" in done.stdout
