"""One catalogue of the words shown for the rules' vocabularies (categories, sites, tests,
statuses, risk factors), keyed by their values, so the report, the terminal and Slack name a
thing the same way. A structure test requires a label for every value and a value for every
label."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from assistant.rules.assessment import (
    Basis,
    Category,
    LabStatus,
    MonitoringStatus,
    MonitoringTest,
    RiskFactor,
)
from assistant.rules.facts import LabTest, Site

CATEGORIES: Final[dict[Category, str]] = {
    "normal": "Normal",
    "osteopenia": "Osteopenia (low bone density)",
    "osteoporosis": "Osteoporosis",
    "low_for_age": "Below the expected range for age",
    "expected_for_age": "Within the expected range for age",
    "unknown": "Unknown",
}
BASES: Final[dict[Basis, str]] = {"t_score": "T-score", "z_score": "Z-score", "none": ""}
SITES: Final[dict[Site, str]] = {
    Site.LUMBAR_SPINE: "lumbar spine",
    Site.TOTAL_HIP: "total hip",
    Site.FEMORAL_NECK: "femoral neck",
    Site.FOREARM: "forearm",
}
# Lab tests and the monitoring schedule's tests share their names where they overlap.
TESTS: Final[dict[LabTest | MonitoringTest, str]] = {
    "dexa": "DEXA scan",
    LabTest.CALCIUM: "Calcium",
    LabTest.VITAMIN_D: "Vitamin D",
    LabTest.PTH: "PTH",
    "bone_turnover_markers": "Bone turnover markers",
    LabTest.P1NP: "P1NP",
    LabTest.CTX: "CTX",
    LabTest.BSAP: "BSAP",
    LabTest.NTX: "NTX",
}
MONITORING_STATUSES: Final[dict[MonitoringStatus, str]] = {
    "missing_baseline": "no baseline yet",
    "overdue": "overdue",
    "due_soon": "due soon",
    "up_to_date": "up to date",
    "optional": "optional",
    "indicated": "recommended",
}
LAB_STATUSES: Final[dict[LabStatus, str]] = {
    "deficient": "deficient",
    "insufficient": "insufficient",
    "sufficient": "sufficient",
    "high": "high",
    "low": "low",
    "normal": "normal",
    "unknown": "no reference range",
}
RISK_FACTORS: Final[dict[RiskFactor, str]] = {
    "age_over_65": "age over 65",
    "prior_fragility_fracture": "a previous fragility fracture",
    "family_history_osteoporosis": "family history of osteoporosis",
    "smoker": "smoking",
    "glucocorticoids": "glucocorticoid tablets",
    "excess_alcohol": "alcohol, 21 units a week or more",
}


def date_label(day: dt.date, space: str = " ") -> str:
    """A date as every channel shows it, in the dialog and the summary alike: "1 Mar 2025"
    (`space` may be a no-break space, to keep it on one line)."""
    return f"{day.day}{space}{day:%b}{space}{day.year}"


def iso_date_label(text: str) -> str:
    """An ISO date ("2025-03-01") shown as `date_label` shows it; other text unchanged."""
    try:
        return date_label(dt.date.fromisoformat(text))
    except ValueError:
        return text


# The tables are keyed by different vocabularies; any of them may be looked up by a value.
def label(table: Mapping[Any, str], value: object) -> str:
    """The label of `value`, or the value spelt plainly when a caller holds an unknown one."""
    return table.get(str(value), str(value).replace("_", " "))
