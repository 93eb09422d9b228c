"""Runs every scripted conversation of tests/dialogs/ in process, one test per script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.channels.script_files import check_scripts, script_paths
from assistant.channels.scripted import run_script
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
    malformed = tmp_path / "malformed.yaml"  # fails alone; the scripts after it still run
    malformed.write_text("today: 2026-11-25\nsteps:\n  - user: yes\n    stat: sex\n")
    env = {**os.environ, "BONEGUIDE_STORE": str(tmp_path / "unused.db")}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "test-dialogs", str(malformed), str(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1
    assert f"FAIL {malformed}:4: step 1: unknown key 'stat' (did you mean 'state'?)" in done.stdout
    assert f"FAIL {script}:5: step 2 ('female')" in done.stdout
    assert "user: yes" in done.stdout and "Are you female or male?" in done.stdout
    assert done.stdout.strip().endswith("0 passed, 2 failed")


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
        # a key unknown, misspelt or missing
        (
            "today: 2026-11-25\nsteps:\n  - user: yes\n    reply_contain: [x]\n",
            ":4: step 1: unknown key 'reply_contain' (did you mean 'reply_contains'?)",
        ),
        ("today: 2026-11-25\nsteps:\n  - user: yes\n    colour: red\n", ":4: step 1: unknown key"),
        ("today: 2026-11-25\nstep:\n  - user: yes\n", ":2: unknown key 'step' (did you mean"),
        ("description: no steps\ntoday: 2026-11-25\n", ":1: 'steps' is missing"),
        ("steps:\n  - user: yes\n", ":1: 'today' is missing"),
        (
            "today: 2026-11-25\nsteps:\n  - user: yes\n  - state: sex\n",
            ":4: step 2: `user` is missing",
        ),
        # a value of the wrong type
        (
            "today: 2026-11-25\nsteps:\n  - user: yes\n    facts: 3\n",
            ":4: step 1: facts should be a mapping of keys to values, not 3",
        ),
        ("today: tomorrow\nsteps:\n  - user: yes\n", ":1: today should be a date (YYYY-MM-DD)"),
        ("today: 2026-11-25\nsteps: 3\n", ":2: steps should be a list, not 3"),
        ("today: 2026-11-25\nsteps: []\n", ":2: steps is empty"),
        (
            "today: 2026-11-25\nsteps:\n  - user: yes\n\n  - 3\n",
            ":5: step 2: a step should be a mapping of keys to values, not 3",
        ),
        (
            "today: 2026-11-25\nsteps:\n  - user: yes\n  - user: {a: 1}\n",
            ":4: step 2: user should be text, not a mapping",
        ),
        (
            "today: 2026-11-25\nsteps:\n  - user: yes\n    reply_contains: [[x]]\n",
            ":4: step 1: reply_contains, item 1 should be text, not a list",
        ),
        (
            "today: 2026-11-25\nsteps:\n  - user: yes\n    reply_kinds: [aks]\n",
            ":4: step 1: reply_kinds, item 1: unknown kind 'aks' (did you mean 'ask'?)",
        ),
        ("- user: yes\n", ":1: the file holds a list: a script is a mapping"),
        ("", ": the file is empty: a script is a mapping"),
        # not YAML, or YAML that would silently lose a value
        ("today: 2026-11-25\nsteps:\n  - user: yes\n   state: sex\n", ":4: invalid YAML"),
        ('today: 2026-11-25\nsteps:\n  - user: "yes\n', ":4: invalid YAML"),
        ("today: 2026-11-25\nsteps:\n\t- user: yes\n", ":3: invalid YAML"),
        ("today: 2026-13-45\nsteps:\n  - user: yes\n", ":1: invalid YAML: '2026-13-45' is not a"),
        (
            "today: 2026-11-25\nsteps:\n  - user: yes\n    user: no\n",
            ":4: invalid YAML: key 'user' is given twice (first on line 3)",
        ),
    ],
)
def test_a_malformed_script_is_refused_with_its_line_in_words(
    tmp_path: Path, knowledge: KnowledgeBase, text: str, expected: str
) -> None:
    path = tmp_path / "malformed.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as refused:
        run_script(path, knowledge=knowledge)
    assert f"{path}{expected}" in str(refused.value)
    assert "Input should" not in str(refused.value)  # pydantic's wording, not ours
    found = check_scripts([path], {"sex"})  # `boneguide check` names the same problem first
    assert found and str(found[0]) == str(refused.value)


def test_a_script_that_is_not_text_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"today: 2026-11-25\nsteps:\n  - user: caf\xe9\n")
    [problem] = check_scripts([path], {"sex"})
    assert str(problem) == f"{path}:3: cannot read: the file is not UTF-8 text"


def test_check_finds_a_script_expecting_a_state_that_does_not_exist(tmp_path: Path) -> None:
    scripts = tmp_path / "tests" / "dialogs"
    scripts.mkdir(parents=True)
    (scripts / "typo.yaml").write_text(
        'today: 2026-11-25\nsteps:\n  - state: "consent"\n  - user: "yes"\n    state: "sxe"\n',
        encoding="utf-8",
    )
    (scripts / "wrong_kind.yaml").write_text(
        "today: 2026-11-25\nsteps:\n  - user: yes\n    reply_kind: ask\n", encoding="utf-8"
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
    assert "typo.yaml:5: step 2: unknown state 'sxe' (did you mean 'sex'?)" in done.stdout
    assert "wrong_kind.yaml:4: step 1: unknown key 'reply_kind' (did you mean" in done.stdout
    assert done.stdout.strip().endswith("2 problems found")
