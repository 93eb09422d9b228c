"""`boneguide chat` with stdin piped: plain text, no escape codes, exit at end of input."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from terminal_intake import BONEGUIDE, INTAKE

ESC = "\x1b"


def chat(env: dict[str, str], lines: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BONEGUIDE, "chat", *args],
        input="".join(f"{x}\n" for x in lines),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_whole_intake_from_a_file_prints_the_assessment_without_escape_codes(
    chat_env: dict[str, str], tmp_path: Path
) -> None:
    script = tmp_path / "intake.txt"
    script.write_text("".join(f"{line}\n" for line in [*INTAKE, "quit"]))
    with script.open() as stdin:
        result = subprocess.run(
            [BONEGUIDE, "chat", "--patient", "P-7"],
            stdin=stdin,
            capture_output=True,
            text=True,
            env=chat_env,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert ESC not in out
    assert "Your bone health summary" in out
    assert "OSTEOPENIA" in out  # lowest T-score -2.3
    assert "T-score, lumbar spine" in out  # two spine scans: the chart
    assert "Monitoring" in out and "DEXA scan" in out
    assert "not replace" in out  # the disclaimer


def test_end_of_input_saves_and_the_next_run_resumes(chat_env: dict[str, str]) -> None:
    first = chat(chat_env, INTAKE[:3])
    assert first.returncode == 0, first.stderr
    assert ESC not in first.stdout
    second = chat(chat_env, [])
    assert second.returncode == 0, second.stderr
    assert "Continuing where you left off" in second.stdout
    assert "menopause" in second.stdout.lower()  # the pending question, asked again
    fresh = chat(chat_env, [], "--new")
    assert "Continuing" not in fresh.stdout


def test_no_color_and_lang_c_give_plain_ascii(chat_env: dict[str, str]) -> None:
    env = {**chat_env, "LANG": "C", "NO_COLOR": "1", "COLUMNS": "40"}
    result = chat(env, [*INTAKE, "quit"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    assert ESC not in result.stdout
    assert "Your bone health summary" in result.stdout.replace("\n", " ")
    assert max(len(line) for line in result.stdout.splitlines()) <= 40


def test_a_bad_patient_id_is_refused_with_what_to_do(chat_env: dict[str, str]) -> None:
    result = chat(chat_env, [], "--patient", "two words")
    assert result.returncode == 2
    assert "--patient" in result.stderr and "for example" in result.stderr


def test_unreadable_bytes_are_reported_and_the_conversation_goes_on(
    chat_env: dict[str, str],
) -> None:
    data = b"yes\n\xff\xfe caf\xe9\x00\nfemale\n"
    result = subprocess.run(
        [BONEGUIDE, "chat"], input=data, capture_output=True, env=chat_env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert b"not readable text" in result.stderr
    assert b"Traceback" not in result.stderr
    assert b"How old are you" in result.stdout  # "female" was still understood


def test_did_you_mean_is_numbered_and_the_number_answers(chat_env: dict[str, str]) -> None:
    result = chat(chat_env, ["yes", "scan or bloods on arimidex?", "1"], "--new")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    offer = out.index("1. Blood tests for calcium, vitamin D and PTH")
    assert "2. " in out[offer:] and "3. " in out[offer:]
    answer = out.index("Blood tests for calcium, vitamin D, and parathyroid hormone", offer)
    # the pending question comes back after the offer and again after the answer
    assert out.count("Are you female or male?") >= 3
    assert out.rindex("Are you female or male?") > answer


def test_the_first_screen_says_once_that_it_is_not_a_doctor(chat_env: dict[str, str]) -> None:
    first = chat(chat_env, ["help", "yes"])
    assert first.returncode == 0, first.stderr
    assert " ".join(first.stdout.split()).count("not a doctor") == 1  # not again after help
    again = chat(chat_env, ["62"])  # the next run resumes: welcome back, said once more
    assert " ".join(again.stdout.split()).count("not a doctor") == 1


def test_a_number_after_did_you_mean_answers_a_question_that_takes_one(
    chat_env: dict[str, str],
) -> None:
    history = ["yes", "female", "58", "after menopause", "breast cancer", "March 2024"]
    offer = "scan or bloods on arimidex?"
    result = chat(chat_env, [*history, "no", "no", "no", offer, "2"], "--new")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    asked = out.index("units of alcohol")
    # offered without numbers: the number typed next is the units, not the second suggestion
    shown = out.index("I'm not sure which of these you mean:", asked)
    assert "- Blood tests for calcium, vitamin D and PTH" in out[shown:]
    assert "1. When" not in out[shown:]
    assert "Noted: alcohol units per week 2" in out[shown:]
    assert "Repeat DEXA scans are typically performed" not in out[shown:]


def test_dates_have_one_format_in_the_dialog_and_the_summary(chat_env: dict[str, str]) -> None:
    result = chat(chat_env, [*INTAKE, "quit"], "--new")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert re.findall(r"\b\d{4}-\d{2}-\d{2}\b", out) == []  # no ISO date anywhere
    summary = out.index("Your bone health summary")
    # the scan of March 2025, read back in the dialog and shown in the summary alike
    assert "lumbar spine T-score -2.3 (1 Mar 2025)" in out[:summary]
    assert "lowest T-score -2.3 at the lumbar spine (scan of 1 Mar 2025)" in out[summary:]
    assert "as of 24 Nov 2026" in out[summary:]
