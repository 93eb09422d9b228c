"""The rules module's output (SPEC section 5): a frozen `Assessment` and its vocabularies.

Its JSON (`assistant.rules.codec.dump`) is exactly the contract other tools and clinics read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from assistant.rules.facts import LabTest, Site

if TYPE_CHECKING:
    from pydantic import ConfigDict

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


# Plain frozen classes: the rules build them from values already typed and valid; pydantic
# checks them only when an assessment is read back from JSON (`assistant.rules.codec`), and
# then refuses unknown fields.
FORBID_EXTRA: ConfigDict = {"extra": "forbid"}


@dataclass(frozen=True, slots=True, kw_only=True)
class BoneDensity:
    __pydantic_config__ = FORBID_EXTRA

    category: Category
    basis: Basis
    site: Site | None = None
    value: float | None = None
    scan_date: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BmdChange:
    __pydantic_config__ = FORBID_EXTRA

    site: Site
    from_date: dt.date
    to_date: dt.date
    change: float
    unit: ChangeUnit
    significant: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class LabStatusEntry:
    __pydantic_config__ = FORBID_EXTRA

    status: LabStatus
    value: float
    unit: str
    date: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MonitoringItem:
    __pydantic_config__ = FORBID_EXTRA

    test: MonitoringTest
    status: MonitoringStatus
    last_done: dt.date | None = None
    interval_months: int | None = None
    next_due: dt.date | None = None
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Recommendation:
    __pydantic_config__ = FORBID_EXTRA

    id: str
    text: str
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    __pydantic_config__ = FORBID_EXTRA

    id: AlertId
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    __pydantic_config__ = FORBID_EXTRA

    as_of: dt.date
    bone_density: BoneDensity
    bmd_change: tuple[BmdChange, ...] = ()
    labs: dict[LabTest, LabStatusEntry] = field(default_factory=dict)
    risk_factors: tuple[RiskFactor, ...] = ()
    monitoring: tuple[MonitoringItem, ...] = ()
    discuss_treatment: bool = False
    recommendations: tuple[Recommendation, ...] = ()
    alerts: tuple[Alert, ...] = ()
    sources: tuple[str, ...] = ()
    disclaimer: str
