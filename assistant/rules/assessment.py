"""The rules module's output (SPEC section 5): a frozen pydantic `Assessment` and its vocabularies.

Its JSON (`model_dump(mode="json")`) is exactly the contract other tools and clinics read.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.rules.facts import LabTest, Site

Category = Literal[
    "normal", "osteopenia", "osteoporosis", "low_for_age", "expected_for_age", "unknown"
]
Basis = Literal["t_score", "z_score", "none"]
LabStatus = Literal["deficient", "insufficient", "sufficient", "high", "low", "normal", "unknown"]
MonitoringTest = Literal["dexa", "calcium", "vitamin_d", "pth", "bone_turnover_markers"]
MonitoringStatus = Literal[
    "missing_baseline", "overdue", "due_soon", "up_to_date", "optional", "indicated"
]
AlertId = Literal[
    "severe_osteoporosis",
    "low_for_age_review",
    "vitamin_d_deficient",
    "vitamin_d_toxicity_range",
    "calcium_out_of_range",
    "missing_baseline_dexa",
    "conflicting_scans",
]
RiskFactor = Literal[
    "age_over_65",
    "prior_fragility_fracture",
    "family_history_osteoporosis",
    "smoker",
    "glucocorticoids",
    "excess_alcohol",
]
# A change is a percent of BMD (g/cm²) when both scans carry it, else a T-score difference.
ChangeUnit = Literal["percent", "t_score"]

CATEGORIES: tuple[Category, ...] = (
    "normal",
    "osteopenia",
    "osteoporosis",
    "low_for_age",
    "expected_for_age",
    "unknown",
)
ALERT_IDS: tuple[AlertId, ...] = (
    "severe_osteoporosis",
    "low_for_age_review",
    "vitamin_d_deficient",
    "vitamin_d_toxicity_range",
    "calcium_out_of_range",
    "missing_baseline_dexa",
    "conflicting_scans",
)
RISK_FACTORS: tuple[RiskFactor, ...] = (
    "age_over_65",
    "prior_fragility_fracture",
    "family_history_osteoporosis",
    "smoker",
    "glucocorticoids",
    "excess_alcohol",
)


class _Frozen(BaseModel):
    # The rules build these with `model_construct`: their values are typed and already valid,
    # so no schema is built until an assessment is dumped to JSON or read back from it.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class BoneDensity(_Frozen):
    category: Category
    basis: Basis
    site: Site | None = None
    value: float | None = None
    scan_date: dt.date | None = None


class BmdChange(_Frozen):
    site: Site
    from_date: dt.date
    to_date: dt.date
    change: float
    unit: ChangeUnit
    significant: bool


class LabStatusEntry(_Frozen):
    status: LabStatus
    value: float
    unit: str
    date: dt.date | None = None


class MonitoringItem(_Frozen):
    test: MonitoringTest
    status: MonitoringStatus
    last_done: dt.date | None = None
    interval_months: int | None = None
    next_due: dt.date | None = None
    reason: str


class Recommendation(_Frozen):
    id: str
    text: str
    source: str


class Alert(_Frozen):
    id: AlertId
    text: str


class Assessment(_Frozen):
    as_of: dt.date
    bone_density: BoneDensity
    bmd_change: tuple[BmdChange, ...] = ()
    labs: dict[LabTest, LabStatusEntry] = {}
    risk_factors: tuple[RiskFactor, ...] = ()
    monitoring: tuple[MonitoringItem, ...] = ()
    discuss_treatment: bool = False
    recommendations: tuple[Recommendation, ...] = ()
    alerts: tuple[Alert, ...] = ()
    sources: tuple[str, ...] = ()
    disclaimer: str
