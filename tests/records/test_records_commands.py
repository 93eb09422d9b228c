"""`boneguide patients`, `due`, `export` and `purge` against a store in tmp_path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.rules import Facts, assess
from assistant.rules.codec import check, dump
from assistant.store import open_store

FACTS = {
    "patient_id": "P-7",
    "sex": "female",
    "age": 67,
    "menopausal_status": "postmenopausal",
    "indication": "breast_cancer",
    "dexa": [{"date": "2024-01-10", "site": "lumbar_spine", "t_score": -2.7}],
    "labs": [{"date": "2026-09-01", "test": "vitamin_d", "value": 32, "unit": "ng/mL"}],
}


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = str(tmp_path / "store.db")
    monkeypatch.setenv("BONEGUIDE_STORE", path)
    monkeypatch.setenv("BONEGUIDE_TODAY", "2026-11-24")
    store = open_store(path)
    facts = check(Facts, FACTS)
    import datetime as dt

    assessment = dump(assess(facts, dt.date(2026, 11, 24)))
    store.record_assessment("P-7", None, FACTS, assessment)
    store.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_patients_lists_status_for_today(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "patients")
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:3] == ["PATIENT", "LAST", "UPDATE"]
    assert row.startswith("P-7") and "osteoporosis" in row and "yes" in row
    assert "DEXA scan overdue since 2025-01-10" in row
    code, out, _ = run(capsys, "patients", "--json")
    (patient,) = json.loads(out)
    assert patient["category"] == "osteoporosis" and patient["discuss_treatment"] is True
    assert patient["next"]["test"] == "dexa" and patient["next"]["status"] == "overdue"
    store = open_store(store_path)
    assert len(store.audit_log("P-7")) == 2  # each listing is recorded
    store.close()


def test_due_lists_each_due_item(store_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "due", "--json")
    (patient,) = json.loads(out)
    assert code == 0 and patient["patient_id"] == "P-7"
    assert {(i["test"], i["status"]) for i in patient["due"]} == {
        ("dexa", "overdue"),
        ("calcium", "missing_baseline"),
    }
    code, out, _ = run(capsys, "due")
    assert "P-7" in out and "overdue" in out and "no baseline yet" in out
    store = open_store(store_path)
    assert [e.action for e in store.audit_log("P-7")] == ["cli: listed by `boneguide due`"] * 2
    store.close()


def test_export_prints_json_and_fhir_and_audits(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "export", "--patient", "P-7")
    assert code == 0 and json.loads(out)["facts"]["age"] == 67
    code, out, _ = run(capsys, "export", "--patient", "P-7", "--format", "fhir")
    assert code == 0 and json.loads(out)["resourceType"] == "Bundle"
    store = open_store(store_path)
    assert [e.action for e in store.audit_log("P-7")][-2:] == ["export json", "export fhir"]
    assert all(e.actor for e in store.audit_log("P-7"))
    store.close()
    code, _, err = run(capsys, "export", "--patient", "nobody")
    assert code == 2 and "no patient 'nobody'" in err


def test_purge_says_what_was_removed(store_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "purge", "--patient", "P-7")
    assert code == 0 and out.startswith("removed patient P-7: patients: 1")
    code, _, err = run(capsys, "purge", "--patient", "P-7")
    assert code == 1 and "nothing removed" in err
    code, _, err = run(capsys, "purge", "--older-than", "0")
    assert code == 2 and "1 or more" in err
    code, out, _ = run(capsys, "purge", "--older-than", "30")
    assert code == 0 and "nothing" in out
    code, out, _ = run(capsys, "patients")
    assert "No patients" in out


def test_an_unreachable_store_is_one_clear_line_from_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "BONEGUIDE_STORE": "postgresql://127.0.0.1:1/none"}
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "patients"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3
    assert result.stderr.startswith(
        "boneguide: cannot reach the PostgreSQL store at postgresql://127.0.0.1:1/none"
    )
    assert "Traceback" not in result.stderr


def test_due_names_patients_whose_facts_cannot_be_assessed(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(store_path)
    store.record_assessment("P-OLD", None, {"age": 500}, {})
    store.close()
    code, out, err = run(capsys, "due")
    assert code == 0 and "P-7" in out and "P-OLD" not in out
    assert "patient P-OLD: stored facts cannot be assessed (age:" in err


def test_purge_names_the_input_history_file_it_leaves(
    store_path: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    code, out, _ = run(capsys, "purge", "--patient", "P-7")
    assert code == 0 and "history" not in out  # no history file: nothing to say
    history = tmp_path / "xdg" / "boneguide" / "chat-history"
    history.parent.mkdir(parents=True)
    history.write_text("+my spine was -2.7\n")
    code, out, _ = run(capsys, "purge", "--older-than", "30")
    assert code == 0
    assert str(history) in out and "not touched" in out
    assert history.read_text() == "+my spine was -2.7\n"
