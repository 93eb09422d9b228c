"""Dialog files are checked when they load: every problem names the file and the line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assistant.engine.callbacks import CALLBACKS
from assistant.engine.dialogs import check_dialogs, load_dialogs
from assistant.errors import DefinitionError
from assistant.knowledge import KnowledgeBase
from assistant.resources import DIALOGS_DIR

INTAKE = (DIALOGS_DIR / "intake.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return KnowledgeBase.default()


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    assert old in INTAKE, old
    folder = tmp_path / "dialogs"
    folder.mkdir()
    (folder / "intake.yaml").write_text(INTAKE.replace(old, new, 1), encoding="utf-8")
    return folder


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_the_real_dialogs_load_without_problems(knowledge: KnowledgeBase) -> None:
    assert check_dialogs(DIALOGS_DIR, knowledge) == []
    dialogs = load_dialogs(DIALOGS_DIR, knowledge, CALLBACKS)
    assert "intake" in dialogs


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("    parser: age\n", "    parser: age\n    prompt: hello\n", "unknown key"),
        ("    parser: age\n", "    parser: ages\n", "unknown parser 'ages'"),
        (
            "    parser: age\n",
            "    parser: age\n    at_least_months: 3\n",
            "at_least_months needs a yes/no question",
        ),
        (
            "    why: fractures\n",
            "    why: no_such_entry\n",
            "unknown knowledge entry 'no_such_entry'",
        ),
        ("    ask: ask.smoker\n", "    ask: ask.smokes\n", "unknown message key 'ask.smokes'"),
        (
            "    unclear: unclear.smoker\n",
            "    unclear: unclear.smokes\n",
            "unknown message key 'unclear.smokes'",
        ),
        (
            "source: fracture, dest: family_history}",
            "source: fracture, dest: famly_history}",
            "unknown state 'famly_history' (did you mean 'family_history'?)",
        ),
        (
            "{trigger: next, source: sex, dest: age}",
            "{trigger: nxt, source: sex, dest: age}",
            "unknown trigger 'nxt' (did you mean 'next'?)",
        ),
        (
            "dest: menopause, conditions: female}",
            "dest: menopause, conditions: woman}",
            "unknown condition 'woman'",
        ),
        ("    slot: smoker\n", "    slot: smoking\n", "unknown slot 'smoking'"),
        ("    section: history\n", "    section: histry\n", "unknown section 'histry'"),
        ("on_enter: [run_assessment]", "on_enter: [run_assesment]", "unknown callback"),
        ('  ack: "Noted: {facts}."', '  ack: "Noted: {fact_list}."', "unknown placeholder"),
        (
            "synonyms: [nobody,",
            "synonyms: [nobody, mum,",
            "synonym 'mum' is also given for 'yes'",
        ),
        ("[sedentary, desk job,", "[sedentary, desk job, Desk Job,", "also given"),
        (
            "    parser: age\n",
            "    parser: age\n    named_only: true\n",
            "named_only needs a yes/no question",
        ),
    ],
)
def test_a_mistake_is_reported_with_file_and_line(
    tmp_path: Path, knowledge: KnowledgeBase, old: str, new: str, problem: str
) -> None:
    folder = _broken(tmp_path, old, new)
    problems = check_dialogs(folder, knowledge)
    assert problems, "the mistake went unnoticed"
    first = problems[0]
    assert problem in first.problem
    assert first.file.endswith("intake.yaml")
    text = (folder / "intake.yaml").read_text(encoding="utf-8")
    # the line points at the mistake or at the mapping that holds it
    mistake_line = _line_of(text, new.strip().splitlines()[-1].strip())
    assert first.line is not None and 0 <= mistake_line - first.line <= 8
    with pytest.raises(DefinitionError):
        load_dialogs(folder, knowledge, CALLBACKS)


def test_a_skippable_question_needs_a_name_to_say_it_was_skipped(
    tmp_path: Path, knowledge: KnowledgeBase
) -> None:
    folder = _broken(tmp_path, "  fact.more_dexa: more DEXA results\n", "")
    problems = [p.problem for p in check_dialogs(folder, knowledge)]
    assert problems == ["message key 'fact.more_dexa' is missing"]


def test_an_unreachable_state_is_reported(tmp_path: Path, knowledge: KnowledgeBase) -> None:
    folder = _broken(
        tmp_path,
        "  - {trigger: next, source: smoker, dest: alcohol}\n",
        "  - {trigger: next, source: smoker, dest: exercise}\n",
    )
    problems = check_dialogs(folder, knowledge)
    assert [p.problem for p in problems] == ["state 'alcohol' is unreachable"]
    text = (folder / "intake.yaml").read_text(encoding="utf-8")
    assert problems[0].line == _line_of(text, "- name: alcohol")


def test_a_state_that_cannot_reach_the_end_is_reported(
    tmp_path: Path, knowledge: KnowledgeBase
) -> None:
    folder = _broken(
        tmp_path,
        "  - {trigger: next, source: alcohol, dest: exercise}\n",
        "  - {trigger: next, source: alcohol, dest: alcohol}\n"
        "  - {trigger: next, source: smoker, dest: exercise}\n",
    )
    problems = [p.problem for p in check_dialogs(folder, knowledge)]
    assert "state 'alcohol' cannot reach the end" in problems


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    folder = _broken(tmp_path, "  - name: age\n", "  - name: age\n   bad indent: [\n")
    with pytest.raises(DefinitionError) as caught:
        load_dialogs(folder, None, CALLBACKS)
    assert caught.value.line is not None
    assert "invalid YAML" in caught.value.problem


def test_a_missing_required_message_is_reported(tmp_path: Path) -> None:
    folder = _broken(tmp_path, '  cmd.quit: "', '  cmd.quiet: "')
    problems = [p.problem for p in check_dialogs(folder, None)]
    assert any("'cmd.quit'" in p for p in problems)


def test_boneguide_check_passes_on_the_real_data(tmp_path: Path) -> None:
    env = {**os.environ, "BONEGUIDE_STORE": str(tmp_path / "unused.db")}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("OK:")


def test_boneguide_graph_draws_every_state(tmp_path: Path) -> None:
    env = {**os.environ, "BONEGUIDE_STORE": str(tmp_path / "unused.db")}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "graph", "intake"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "stateDiagram-v2" in done.stdout
    for name in ("consent", "dexa_scan", "lab_entry", "review", "assessment", "done"):
        assert f'state "{name}" as {name}' in done.stdout
    assert "dexa_have --> dexa_scan" in done.stdout
    front, body = done.stdout.split("---\n")[1:3]
    assert yaml.safe_load(front) == {"title": "intake"}  # Mermaid front matter is YAML
    assert body.lstrip().startswith("stateDiagram-v2")
    assert "active" not in done.stdout  # a definition has no current state to highlight
    unknown = subprocess.run(
        [sys.executable, "-m", "assistant", "graph", "nope"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert unknown.returncode == 2 and "no dialog named 'nope'" in unknown.stderr


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "    parser: age\n",
            "    parser: age\n    parser: date\n",
            "invalid YAML: key 'parser' is given twice",
        ),
        ("  - name: age\n", "  - name: age\n    when: 2026-02-30\n", "'2026-02-30' is not a date"),
    ],
)
def test_yaml_that_would_lose_a_value_or_crash_names_the_line(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    folder = _broken(tmp_path, old, new)
    with pytest.raises(DefinitionError) as caught:
        load_dialogs(folder, None, CALLBACKS)
    text = (folder / "intake.yaml").read_text(encoding="utf-8")
    assert problem in caught.value.problem
    assert caught.value.line == _line_of(text, new.strip().splitlines()[-1].strip())


def test_a_dialog_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "dialogs"
    folder.mkdir()
    latin1 = INTAKE.replace("  - name: age\n", "  - name: age\n    # café\n", 1).encode("latin-1")
    (folder / "intake.yaml").write_bytes(latin1)
    with pytest.raises(DefinitionError) as caught:
        load_dialogs(folder, None, CALLBACKS)
    assert caught.value.problem == "cannot read: the file is not UTF-8 text"
    assert caught.value.line == _line_of(INTAKE, "  - name: age\n") + 1
