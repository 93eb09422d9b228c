"""`boneguide ask` as a real process: one question, stdin lines, --json, and the unanswered log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "BONEGUIDE_STORE": str(tmp_path / "store.db"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }


def boneguide(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_one_question_prints_the_answer_and_its_source(env):
    result = boneguide(env, "ask", "what is a t-score")
    assert result.returncode == 0, result.stderr
    assert "healthy young adult" in result.stdout
    assert 'Source: "Bone Mineral Density Measurement"' in result.stdout


def test_stdin_lines_with_json(env):
    result = boneguide(
        env, "ask", "--json", stdin="what is prolia\n\nhow much does arimidex cost\n"
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == ["what is prolia", "how much does arimidex cost"]
    answered, unanswered = lines
    assert answered["answered"] is True and answered["entry_id"] == "denosumab"
    assert answered["source"] == "Pharmacological Interventions"
    assert unanswered["answered"] is False and unanswered["entry_id"] is None
    assert len(unanswered["suggestions"]) <= 3


def test_unanswered_questions_are_logged_with_counts(env):
    boneguide(env, "ask", stdin="tell me a joke\nwhat is a dexa scan\ntell me a joke\n")
    boneguide(env, "ask", "is tamoxifen better")
    listing = boneguide(env, "ask", "--unanswered")
    assert listing.returncode == 0, listing.stderr
    rows = [line.split(None, 2) for line in listing.stdout.splitlines()]
    counts = {row[2]: int(row[0]) for row in rows}
    assert counts == {"tell me a joke": 2, "is tamoxifen better": 1}
    as_json = boneguide(env, "ask", "--unanswered", "--json")
    assert {json.loads(line)["question"] for line in as_json.stdout.splitlines()} == set(counts)


def test_no_unanswered_questions(env):
    result = boneguide(env, "ask", "--unanswered")
    assert result.returncode == 0 and "No unanswered questions" in result.stdout


def test_an_unusable_store_does_not_stop_the_answer(env, tmp_path):
    env["BONEGUIDE_STORE"] = str(tmp_path / "missing-dir" / "x" / "store.db")
    (tmp_path / "missing-dir").write_text("a file where a directory should be")
    result = boneguide(env, "ask", "tell me a joke")
    assert result.returncode == 0
    assert "I don't have an answer" in result.stdout
    assert "could not log the unanswered question" in result.stderr


@pytest.mark.parametrize("args", [("ask", "   "), ("ask", "--unanswered", "what is dexa")])
def test_unusable_arguments_get_a_clear_message(env, args):
    result = boneguide(env, *args)
    assert result.returncode == 2
    assert result.stderr.startswith("boneguide: ")
    assert "Traceback" not in result.stderr


def test_three_outcomes_as_text_and_json(env):
    questions = "scan or bloods on arimidex\nhow is forteo given\ntell me a joke\n"
    text = boneguide(env, "ask", stdin=questions)
    assert text.returncode == 0, text.stderr
    offer, lacking, abstain = text.stdout.strip().split("\n\n")
    # an offer says what happens, not "I don't have an answer"
    assert offer.startswith(
        "I'm not sure which of these you mean:\n  1. Blood tests for calcium, vitamin D and PTH"
    )
    assert lacking.startswith("The document describes teriparatide as ")
    assert "\nDid you mean:\n  1. Teriparatide" in lacking
    assert abstain == "I don't have an answer to that in my sources."
    lines = [
        json.loads(line)
        for line in boneguide(env, "ask", "--json", stdin=questions).stdout.splitlines()
    ]
    first = lines[0]
    assert first["answered"] is False and len(first["suggestions"]) == 3
    assert first["suggestions"][0] == {
        "entry_id": "blood_tests",
        "title": "Blood tests for calcium, vitamin D and PTH",
        "answer": first["suggestions"][0]["answer"],
        "source": "Ongoing Monitoring Protocols",
    }
    assert "Blood tests for calcium" in first["suggestions"][0]["answer"]
    assert lines[2]["suggestions"] == []
