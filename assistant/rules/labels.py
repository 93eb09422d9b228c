"""One catalogue of the words shown for the rules' vocabularies (categories, scores, sites,
tests, statuses, risk factors), keyed by their values, so the rules' own sentences, the
dialog, the summary in every channel and the FHIR export name a thing the same way.

Labels read in the middle of a sentence ("the lumbar spine", "vitamin D 45 nmol/L");
`capitalised` starts a row or a line with them. A structure test requires a label for every
value and a value for every label. It lives beside the vocabularies so the rules can word
their reasons with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final, TypeVar

from assistant.rules.assessment import (
    Basis,
    Category,
    LabStatus,
    MonitoringStatus,
    MonitoringTest,
    RiskFactor,
)
from assistant.rules.facts import LabTest, ScanValue, Site

CATEGORIES: Final[dict[Category, str]] = {
    "normal": "Normal",
    "osteopenia": "Osteopenia (low bone density)",
    "osteoporosis": "Osteoporosis",
    "low_for_age": "Below the expected range for age",
    "expected_for_age": "Within the expected range for age",
    "unknown": "Unknown",
}
BASES: Final[dict[Basis, str]] = {"t_score": "T-score", "z_score": "Z-score", "none": ""}
# The values a scan gives (the scores of BASES among them).
MEASUREMENTS: Final[dict[ScanValue, str]] = {
    "t_score": "T-score",
    "z_score": "Z-score",
    "bmd": "BMD",
    "lsc": "least significant change",
}
SITES: Final[dict[Site, str]] = {
    Site.LUMBAR_SPINE: "lumbar spine",
    Site.TOTAL_HIP: "total hip",
    Site.FEMORAL_NECK: "femoral neck",
    Site.FOREARM: "forearm",
}
# Lab tests and the monitoring schedule's tests share their names where they overlap.
TESTS: Final[dict[LabTest | MonitoringTest, str]] = {
    "dexa": "DEXA scan",
    LabTest.CALCIUM: "calcium",
    LabTest.VITAMIN_D: "vitamin D",
    LabTest.PTH: "PTH",
    "bone_turnover_markers": "bone turnover markers",
    LabTest.P1NP: "P1NP",
    LabTest.CTX: "CTX",
    LabTest.BSAP: "BSAP",
    LabTest.NTX: "NTX",
}
# The tests' full names, where a record names the analyte itself (the FHIR export's code text).
TEST_NAMES: Final[dict[LabTest, str]] = {
    LabTest.VITAMIN_D: "25-Hydroxyvitamin D (total)",
    LabTest.CALCIUM: "Calcium, total serum",
    LabTest.PTH: "Parathyroid hormone, intact",
    LabTest.P1NP: "Procollagen type I N-terminal propeptide (P1NP)",
    LabTest.CTX: "C-terminal telopeptide of type I collagen (CTX)",
    LabTest.BSAP: "Bone-specific alkaline phosphatase (BSAP)",
    LabTest.NTX: "N-terminal telopeptide (NTX)",
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

K = TypeVar("K", bound=str)


def capitalised(text: str) -> str:
    """A label at the start of a row or line: "vitamin D" -> "Vitamin D", "PTH" unchanged."""
    return text[:1].upper() + text[1:]


def uncapitalised(text: str) -> str:
    """A label that starts a line, inside a sentence: "Osteopenia (low bone density)" ->
    "osteopenia (low bone density)"."""
    return text[:1].lower() + text[1:]


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


def label_of(table: Mapping[K, str], value: object) -> str:
    """The label of a value read back from storage or JSON, which may hold one the vocabulary
    no longer has: that one is spelt plainly rather than refused."""
    for key, text in table.items():
        if key == value:
            return text
    return str(value).replace("_", " ")
