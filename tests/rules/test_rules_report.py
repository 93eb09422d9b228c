"""`render_report`: plain text with every part of the assessment; the rules stay pure."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from assistant.report import render_report
from assistant.rules import Facts, assess
from assistant.rules.codec import check

FACTS = check(
    Facts,
    {
        "sex": "female",
        "age": 67,
        "menopausal_status": "postmenopausal",
        "indication": "breast_cancer",
        "prior_fragility_fracture": True,
        "egfr": 25,
        "dexa": [
            {"date": "2023-05-01", "site": "total_hip", "t_score": -2.1, "bmd": 0.80},
            {"date": "2025-05-01", "site": "total_hip", "t_score": -2.6, "bmd": 0.74},
        ],
        "labs": [{"date": "2025-05-01", "test": "calcium", "value": 2.0, "unit": "mmol/L"}],
    },
)


def test_report_holds_each_part_in_plain_text() -> None:
    assessment = assess(FACTS, dt.date(2025, 6, 1))
    text = render_report(assessment)
    for fragment in (
        "as of 2025-06-01",
        "Osteoporosis (T-score -2.6 at the total hip",
        "-7.5%",
        "significant decline",
        "Calcium",
        "low",
        "DEXA scan",
        "2026-05-01",
        "no baseline yet",
        "Discuss bone-protective treatment with your clinician: yes",
        "severe osteoporosis",
        "hypocalcaemia",
        "Sources:",
        assessment.disclaimer,
    ):
        assert fragment in text, fragment
    assert "\x1b" not in text
    assert all(ch == "\n" or ch.isprintable() for ch in text)


def test_report_of_nothing_known() -> None:
    text = render_report(assess(Facts(), dt.date(2025, 6, 1)))
    assert "Bone density: Unknown" in text
    assert "baseline DEXA" in text


FORBIDDEN = (
    "prompt_toolkit",
    "slack_bolt",
    "slack_sdk",
    "assistant.channels",
    "sqlite3",
    "psycopg",
    "logging",
)


def test_rules_and_report_import_no_channel_store_or_logging() -> None:
    root = Path(__file__).resolve().parents[2] / "assistant"
    files = [*sorted((root / "rules").glob("*.py")), root / "report.py"]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
