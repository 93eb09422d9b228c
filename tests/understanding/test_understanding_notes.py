"""Pasted notes and reports read by `interpret`: the scorer, the frozen blind set with its floor,
and `boneguide interpret` end to end as a real process."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.bench.interpret import Score, score_item, score_set

HERE = Path(__file__).parent
BLIND_SETS = sorted(HERE.glob("notes_blind_*.yaml"))
# Measured when each set was frozen; a regression below these fails, a wrong value or a non-fact
# read as a fact fails at once
FLOORS = {"notes_blind_1": 0.95}


def scored(expect: dict[str, object], facts: dict[str, object]) -> Score:
    score = Score()
    score_item(expect, facts, score, "case")
    return score


def test_the_scorer_counts_exact_missing_wrong_and_non_facts() -> None:
    expect = {
        "age": 58,
        "smoker": False,
        "dexa": [{"date": "2026-10-14", "site": "lumbar_spine", "t_score": -2.6, "bmd": 0.83}],
        "labs": [{"date": None, "test": "pth", "value": 7.8, "unit": "pmol/L"}],
    }
    facts = {
        "age": 58,
        "smoker": True,  # wrong
        "egfr": 82.0,  # not expected
        "dexa": [{"site": "lumbar_spine", "t_score": -2.6, "date": dt.date(2026, 10, 14)}],
        "labs": [
            {"test": "pth", "value": 7.8, "unit": "pmol/L", "date": None},
            {"test": "calcium", "value": 1.25, "unit": "mmol/L", "date": None},  # not expected
        ],
    }
    score = scored(expect, facts)
    # exact: age, dexa t_score, pth value and unit; missing: bmd; wrong: smoker
    assert (score.exact, score.missing, score.wrong, score.non_facts) == (4, 1, 1, 2)
    assert score.items_right == 0


def test_a_value_under_another_date_is_wrong_in_every_field() -> None:
    expect = {"dexa": [{"date": "2026-11-06", "site": "total_hip", "t_score": -1.1, "bmd": 0.871}]}
    facts = {"dexa": [{"site": "total_hip", "t_score": -1.1, "bmd": 0.871, "date": None}]}
    score = scored(expect, facts)
    assert (score.exact, score.wrong, score.non_facts) == (0, 2, 0)


def test_an_item_read_whole_is_right() -> None:
    expect = {
        "sex": "female",
        "labs": [{"date": None, "test": "calcium", "value": 2.38, "unit": "mmol/L"}],
    }
    facts = {
        "sex": "female",
        "labs": [{"test": "calcium", "value": 2.38, "unit": "mmol/L", "date": None}],
    }
    score = scored(expect, facts)
    assert (score.exact, score.items_right, score.problems) == (3, 1, {})


@pytest.mark.parametrize("path", BLIND_SETS, ids=lambda p: p.stem)
def test_blind_notes_hold_their_floor(path: Path) -> None:
    score = score_set(path)
    wrong = {
        k: v for k, v in score.problems.items() if any("WRONG" in p or "non-fact" in p for p in v)
    }
    assert score.wrong == 0 and score.non_facts == 0, (score.line(), wrong)
    assert score.exact / score.facts >= FLOORS[path.stem], score.line()


def boneguide(
    tmp_path: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BONEGUIDE_STORE": str(tmp_path / "store.db"), "NO_COLOR": "1"}
    env.pop("BONEGUIDE_TODAY", None)
    return subprocess.run(
        [sys.executable, "-m", "assistant", "interpret", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=60,
        check=False,
    )


def test_interpret_json_reads_a_lab_block_and_stores_nothing(tmp_path: Path) -> None:
    text = (
        "Calcium 2.38 mmol/L (2.20-2.60) 25-OH Vit D 41 nmol/L (50-120) PTH 7.8 pmol/L (1.6-6.9) "
        "collected 12-Oct-2026"
    )
    run = boneguide(tmp_path, text, "--json", "--today", "2026-12-05")
    assert run.returncode == 0, run.stderr
    reading = json.loads(run.stdout)
    assert set(reading) == {"facts", "understood", "questions", "assessment"}
    assert reading["facts"]["labs"][2] == {
        "date": "2026-10-12",
        "test": "pth",
        "value": 7.8,
        "unit": "pmol/L",
        "reference_low": 1.6,
        "reference_high": 6.9,
    }
    assert reading["assessment"]["as_of"] == "2026-12-05"
    assert not (tmp_path / "store.db").exists()


def test_interpret_reads_stdin_as_one_message(tmp_path: Path) -> None:
    table = (
        "Scan Date: 14 Oct 2026\n"
        "Region   BMD (g/cm2)  T-score  Z-score  %Change\n"
        "L1-L4    0.812        -2.6     -0.9     -4.1\n"
        "Total hip 0.701       -2.0     -1.1     -2.2\n"
    )
    run = boneguide(tmp_path, "--json", "--today", "2026-12-05", stdin=table)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["facts"]["dexa"] == [
        {
            "date": "2026-10-14",
            "site": "lumbar_spine",
            "t_score": -2.6,
            "z_score": -0.9,
            "bmd": 0.812,
        },
        {"date": "2026-10-14", "site": "total_hip", "t_score": -2.0, "z_score": -1.1, "bmd": 0.701},
    ]


def test_interpret_prints_what_it_read_and_the_assessment(tmp_path: Path) -> None:
    run = boneguide(tmp_path, "45M on TRT + anastrozole 0.5mg eod, spine Z -2.3, E2 12 pg/mL")
    assert run.returncode == 0, run.stderr
    assert "lumbar spine Z-score -2.3" in run.stdout and "Bone health assessment" in run.stdout
    assert "12" not in run.stdout.split("Bone health assessment")[0].replace("-2.3", "")


def test_interpret_without_text_on_a_terminal_is_a_usage_error(tmp_path: Path) -> None:
    run = boneguide(tmp_path, "--today", "not-a-date", "spine -2.1")
    assert run.returncode != 0 and "YYYY-MM-DD" in run.stderr
