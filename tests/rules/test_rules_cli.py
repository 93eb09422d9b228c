"""`boneguide assess` and `boneguide schema` end to end, as real processes on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

FACTS = {
    "patient_id": "P-0042",
    "sex": "female",
    "age": 58,
    "menopausal_status": "postmenopausal",
    "indication": "breast_cancer",
    "family_history_osteoporosis": True,
    "dexa": [{"date": "2024-02-20", "site": "lumbar_spine", "t_score": -1.8, "bmd": 0.948}],
    "labs": [{"date": "2024-02-20", "test": "vitamin_d", "value": 45, "unit": "nmol/L"}],
}


def boneguide(
    tmp_path: Path, *args: str, today: str | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BONEGUIDE_STORE": str(tmp_path / "store.db"), "NO_COLOR": "1"}
    env.pop("BONEGUIDE_TODAY", None)
    if today is not None:
        env["BONEGUIDE_TODAY"] = today
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=60,
        check=False,
    )


def write(tmp_path: Path, content: Any) -> str:
    path = tmp_path / "facts.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def test_json_output(tmp_path: Path) -> None:
    done = boneguide(tmp_path, "assess", write(tmp_path, FACTS), "--today", "2026-11-24", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert list(result) == [
        "as_of",
        "bone_density",
        "bmd_change",
        "labs",
        "risk_factors",
        "monitoring",
        "discuss_treatment",
        "recommendations",
        "alerts",
        "sources",
        "disclaimer",
    ]
    assert result["as_of"] == "2026-11-24"
    assert result["bone_density"]["category"] == "osteopenia"
    assert result["labs"]["vitamin_d"]["status"] == "deficient"
    assert result["monitoring"][0] == {
        "test": "dexa",
        "status": "overdue",
        "last_done": "2024-02-20",
        "interval_months": 12,
        "next_due": "2025-02-20",
        "reason": result["monitoring"][0]["reason"],
    }
    assert result["discuss_treatment"] is True


def test_readable_report_uses_boneguide_today(tmp_path: Path) -> None:
    done = boneguide(tmp_path, "assess", write(tmp_path, FACTS), today="2025-01-10")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "as of 2025-01-10" in out
    assert "osteopenia" in out and "2025-02-20" in out and "due soon" in out
    assert "Discuss bone-protective treatment with your clinician: yes" in out
    assert "Sources:" in out and "does not replace" in out
    assert "\x1b" not in out


def test_stdin(tmp_path: Path) -> None:
    done = boneguide(tmp_path, "assess", "-", "--today", "2026-01-01", "--json", stdin="{}")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["bone_density"]["category"] == "unknown"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("this is not json", "not valid JSON"),
        ({"labs": [{"test": "vitD", "value": 30, "unit": "ng/mL"}]}, "labs[0].test: unknown test"),
        ({"labs": [{"test": "vitamin_d", "value": 30, "unit": "mg"}]}, "labs[0].unit:"),
        ({"dexa": [{"site": "lumbar_spine", "t_score": 9}]}, "dexa[0].t_score:"),
        ({"labs": [{"test": "calcium", "value": -1, "unit": "mg/dL"}]}, "labs[0].value:"),
        (
            {"dexa": [{"site": "total_hip", "date": "2026-02-01", "t_score": -1}]},
            "dexa[0].date: 2026-02-01 is after today",
        ),
    ],
)
def test_bad_input_exits_2_with_one_message(tmp_path: Path, content: Any, fragment: str) -> None:
    done = boneguide(tmp_path, "assess", write(tmp_path, content), "--today", "2026-01-01")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("boneguide: ")
    assert fragment in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("assess", "no-such-file.json"), "no such file"),
        (("assess", "{facts}", "--today", "2026-13-01"), "--today"),
    ],
)
def test_bad_arguments_exit_2(tmp_path: Path, args: tuple[str, ...], fragment: str) -> None:
    path = write(tmp_path, FACTS)
    done = boneguide(tmp_path, *(arg.replace("{facts}", path) for arg in args))
    assert done.returncode == 2 and fragment in done.stderr and "Traceback" not in done.stderr


def test_bad_boneguide_today(tmp_path: Path) -> None:
    done = boneguide(tmp_path, "assess", write(tmp_path, FACTS), today="tomorrow")
    assert done.returncode == 2 and "BONEGUIDE_TODAY" in done.stderr


@pytest.mark.parametrize(("which", "field"), [("facts", "dexa"), ("assessment", "monitoring")])
def test_schema(tmp_path: Path, which: str, field: str) -> None:
    done = boneguide(tmp_path, "schema", which)
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    assert field in schema["properties"]
