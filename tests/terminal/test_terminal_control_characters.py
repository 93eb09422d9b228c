"""No character a terminal would act on reaches stdout or stderr from any command, whatever a
person typed or a store holds: ESC sequences, C1 controls (U+009B CSI), bidi overrides
(U+202E), bells, NEL and line separators. Real processes on a real SQLite store."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from terminal_intake import BONEGUIDE

from assistant.printable import printable, printable_json
from assistant.rules import Facts, assess
from assistant.rules.codec import check, dump
from assistant.store import ConversationRecord, open_store

# What an attacker or a garbled paste might hold; "red" and "evil" show what stays readable.
HOSTILE = "\x1b[31mred\x1b[0m \x9b2J\x9d0;title\x07 \u202eevil\u202c \x85\u2028\x7f\x08 \u200b."
PATIENT = "P-\x1b]8;;http://x\x07\x9b31m\u202e"


def controls(text: str) -> list[str]:
    return [
        f"U+{ord(c):04X}"
        for c in text
        if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
    ]


def boneguide(env: dict[str, str], *args: str, stdin: str = "") -> tuple[int, str]:
    done = subprocess.run(
        [BONEGUIDE, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert controls(output) == [], (args, output)
    return done.returncode, output


@pytest.fixture
def seeded(chat_env: dict[str, str]) -> dict[str, str]:
    """A store holding a patient whose id and words are hostile, as a Slack intake could leave."""
    facts = {
        "patient_id": PATIENT,
        "sex": "female",
        "age": 67,
        "menopausal_status": "postmenopausal",
        "dexa": [{"date": "2024-01-10", "site": "lumbar_spine", "t_score": -2.7}],
    }
    assessment = assess(check(Facts, facts), dt.date(2026, 11, 24))
    store = open_store(chat_env["BONEGUIDE_STORE"])
    try:
        with store.turn("slack:T1:C1") as turn:
            data = {"facts": {"age": {"value": 67, "text": HOSTILE}}}
            record = ConversationRecord("slack:T1:C1", PATIENT, "slack", "age", data, False)
            turn.save(record, HOSTILE, [{"key": "ask.age", "text": HOSTILE}])
            store.log_unanswered(HOSTILE + " why?", "slack")
        store.record_assessment(PATIENT, "slack:T1:C1", facts, dump(assessment))
    finally:
        store.close()
    return chat_env


def test_ask_and_the_unanswered_log(chat_env: dict[str, str]) -> None:
    code, out = boneguide(chat_env, "ask", f"what colour is {HOSTILE}?")
    assert code == 0
    code, out = boneguide(chat_env, "ask", "--json", f"what colour is {HOSTILE}?")
    assert code == 0 and json.loads(out)["question"] == f"what colour is {HOSTILE}?"
    code, out = boneguide(chat_env, "ask", stdin=f"is {HOSTILE} bad?\n")
    assert code == 0
    code, out = boneguide(chat_env, "ask", "--unanswered")
    assert code == 0 and "red" in out and "evil" in out
    code, out = boneguide(chat_env, "ask", "--unanswered", "--json")
    assert code == 0 and "\x9b" in json.loads(out.splitlines()[0])["question"]


def test_piped_chat_echoes_nothing_raw(chat_env: dict[str, str]) -> None:
    lines = ["yes", f"is {HOSTILE} a side effect?", f"female {HOSTILE}", f"I'm 63 {HOSTILE}"]
    code, out = boneguide(chat_env, "chat", stdin="".join(f"{x}\n" for x in lines))
    assert code == 0 and "How old" in out


def test_a_line_quoted_back_by_piped_chat_is_cleaned(chat_env: dict[str, str]) -> None:
    """A line that cannot be saved is quoted in the error: here, the patient was purged while
    the chat ran, so the next line is refused and named."""
    chat = subprocess.Popen(
        [BONEGUIDE, "chat", "--patient", "P-Q"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=chat_env,
    )
    assert chat.stdin is not None and chat.stdout is not None
    chat.stdin.write("yes\n")
    chat.stdin.flush()
    for line in chat.stdout:
        if "female or male" in line:
            break
    else:
        raise AssertionError("the chat ended before its first question")
    assert boneguide(chat_env, "purge", "--patient", "P-Q")[0] == 0
    out, err = chat.communicate(f"female {HOSTILE}\n", timeout=60)
    assert chat.returncode != 0 and "line 2" in err and "red" in err
    assert controls(out + err) == []


def test_records_commands(seeded: dict[str, str]) -> None:
    for args in (["patients"], ["patients", "--json"], ["due"], ["due", "--json"]):
        code, out = boneguide(seeded, *args)
        assert code == 0 and "P-" in out
    code, out = boneguide(seeded, "export", "--patient", PATIENT)
    assert code == 0 and json.loads(out)["patient_id"] == PATIENT
    code, out = boneguide(seeded, "export", "--patient", PATIENT, "--format", "fhir")
    assert code == 0
    code, out = boneguide(seeded, "purge", "--patient", PATIENT)
    assert code == 0 and "removed patient" in out
    code, out = boneguide(seeded, "purge", "--patient", PATIENT)
    assert code == 1 and "nothing removed" in out
    code, out = boneguide(seeded, "export", "--patient", PATIENT)
    assert code != 0


def test_assess_report_json_and_errors(chat_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"patient_id": HOSTILE, "sex": "female", "age": 60}))
    assert boneguide(chat_env, "assess", str(path))[0] == 0
    assert boneguide(chat_env, "assess", str(path), "--json")[0] == 0
    path.write_text(json.dumps({HOSTILE: 1}))
    code, out = boneguide(chat_env, "assess", str(path))
    assert code == 2 and "red" in out and out.count("\n") == 1
    path.write_text(json.dumps({"sex": HOSTILE}))
    assert boneguide(chat_env, "assess", str(path))[0] == 2


def test_test_dialogs_report_of_a_failing_script(chat_env: dict[str, str], tmp_path: Path) -> None:
    script = tmp_path / "hostile.yaml"
    steps = [{"user": "yes"}, {"user": f"female {HOSTILE}", "reply_contains": [HOSTILE]}]
    script.write_text(json.dumps({"description": HOSTILE, "today": "2026-11-25", "steps": steps}))
    code, out = boneguide(chat_env, "test-dialogs", str(script))
    assert code == 1 and "0 passed, 1 failed" in out and "red" in out


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(json_values, st.sampled_from([None, 2]))
def test_printable_json_keeps_the_data_and_shows_no_control(
    value: object, indent: int | None
) -> None:
    text = printable_json(value, indent=indent)
    assert controls(text) == [] and json.loads(text) == value


@given(st.text())
def test_printable_replaces_each_control_and_nothing_else(text: str) -> None:
    shown = printable(text)
    assert controls(shown) == [] and "\n" not in shown and len(shown) == len(text)
    for before, after in zip(text, shown, strict=True):
        assert after == before or ((before == "\n" or controls(before)) and after in " \ufffd")
