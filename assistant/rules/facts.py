"""The facts the rules module reads (SPEC section 4): frozen dataclasses, unknown is None.

They are plain classes, so the rules run without pydantic; `assistant.rules.codec` checks
untrusted data into them (pydantic reads the bounds below and gives the errors).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Literal

from assistant.rules.bounds import Bounds

if TYPE_CHECKING:
    from pydantic import ConfigDict

Sex = Literal["female", "male"]
MenopausalStatus = Literal["premenopausal", "perimenopausal", "postmenopausal"]
Indication = Literal["breast_cancer", "trt", "other"]
BoneMedication = Literal["bisphosphonate", "denosumab", "teriparatide", "romosozumab"]
# The values a DEXA scan gives for a site: two scores, the bone mineral density (g/cm²) and
# the centre's least significant change (g/cm²).
ScanValue = Literal["t_score", "z_score", "bmd", "lsc"]


class Site(StrEnum):
    LUMBAR_SPINE = "lumbar_spine"
    TOTAL_HIP = "total_hip"
    FEMORAL_NECK = "femoral_neck"
    FOREARM = "forearm"


class LabTest(StrEnum):
    CALCIUM = "calcium"
    VITAMIN_D = "vitamin_d"
    PTH = "pth"
    P1NP = "p1np"
    CTX = "ctx"
    BSAP = "bsap"
    NTX = "ntx"


# Accepted units per test; the first is the unit the rules work in.
LAB_UNITS: dict[LabTest, tuple[str, ...]] = {
    LabTest.CALCIUM: ("mg/dL", "mmol/L"),
    LabTest.VITAMIN_D: ("ng/mL", "nmol/L"),
    LabTest.PTH: ("pg/mL", "pmol/L", "ng/L"),
    LabTest.P1NP: ("ng/mL", "µg/L"),
    LabTest.CTX: ("ng/mL", "pg/mL", "ng/L"),
    LabTest.BSAP: ("µg/L", "U/L"),
    LabTest.NTX: ("nmol BCE/mmol creatinine",),
}

# Plausible ranges: values outside are refused as impossible, by the facts file loader and by
# the dialog's parsers alike. Wide on purpose: they catch typos, not disease.
T_SCORE_RANGE = (-7.0, 5.0)
Z_SCORE_RANGE = (-7.0, 5.0)
BMD_RANGE = (0.2, 2.0)  # g/cm²
AGE_RANGE = (12, 110)
EGFR_RANGE = (1.0, 200.0)
ALCOHOL_RANGE = (0.0, 300.0)
LSC_RANGE = (0.0, 0.5)  # g/cm², above zero

# What each range-checked field is, for messages: field -> (what it is, plausible range).
FIELD_RANGES: dict[str, tuple[str, tuple[float, float]]] = {
    "t_score": ("a T-score", T_SCORE_RANGE),
    "z_score": ("a Z-score", Z_SCORE_RANGE),
    "bmd": ("a BMD in g/cm²", BMD_RANGE),
    "lsc": ("a least significant change in g/cm²", LSC_RANGE),
    "age": ("an age in years", AGE_RANGE),
    "egfr": ("an eGFR in mL/min/1.73m²", EGFR_RANGE),
    "alcohol_units_per_week": ("units of alcohol a week", ALCOHOL_RANGE),
}


# How pydantic checks these classes: no unknown field, no NaN or infinity.
CHECKED: ConfigDict = {"extra": "forbid", "allow_inf_nan": False}


class LabFieldError(ValueError):
    """A lab result whose unit, value or reference range does not fit its test: which kind
    (`lab_unit`, `lab_value`, `lab_reference`), the field it is about, and what is wrong."""

    def __init__(self, kind: str, field: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.field, self.message = kind, field, message


@dataclass(frozen=True, slots=True, kw_only=True)
class DexaScan:
    __pydantic_config__ = CHECKED

    date: dt.date | None = None
    site: Site
    t_score: Annotated[float, Bounds(ge=T_SCORE_RANGE[0], le=T_SCORE_RANGE[1])] | None = None
    z_score: Annotated[float, Bounds(ge=Z_SCORE_RANGE[0], le=Z_SCORE_RANGE[1])] | None = None
    bmd: Annotated[float, Bounds(ge=BMD_RANGE[0], le=BMD_RANGE[1])] | None = None
    lsc: Annotated[float, Bounds(gt=LSC_RANGE[0], le=LSC_RANGE[1])] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LabResult:
    """One result. `unit` is stored in its accepted spelling ("ug/l" becomes "µg/L");
    a unit the test does not use, or an implausible value, is refused. The lab's own
    `reference_low` / `reference_high` are in the result's unit."""

    __pydantic_config__ = CHECKED

    date: dt.date | None = None
    test: LabTest
    value: float
    unit: str
    reference_low: Annotated[float, Bounds(ge=0)] | None = None
    reference_high: Annotated[float, Bounds(gt=0)] | None = None

    def __post_init__(self) -> None:
        from assistant.rules.units import (  # lazy: cycle, units imports facts
            is_plausible,
            normalise_unit,
            plausible_range,
        )

        spelled = normalise_unit(self.test, self.unit)
        if spelled is None:
            accepted = " or ".join(LAB_UNITS[self.test])
            raise LabFieldError(
                "lab_unit",
                "unit",
                f"{self.unit!r} is not a unit for {self.test.value}; use {accepted}",
            )
        object.__setattr__(self, "unit", spelled)  # frozen: set once, while being made
        if not is_plausible(self.test, self.value, self.unit):
            low, high = plausible_range(self.test, self.unit)
            raise LabFieldError(
                "lab_value",
                "value",
                f"{self.value:g} {self.unit} is not a plausible {self.test.value} result "
                f"(expected {low:g} to {high:g} {self.unit}); check the value and its unit",
            )
        low_ref, high_ref = self.reference_low, self.reference_high
        if low_ref is not None and high_ref is not None and low_ref >= high_ref:
            raise LabFieldError(
                "lab_reference",
                "reference_low",
                f"reference_low ({low_ref:g}) must be below reference_high ({high_ref:g})",
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    __pydantic_config__ = CHECKED

    patient_id: str | None = None
    sex: Sex | None = None
    age: Annotated[int, Bounds(ge=AGE_RANGE[0], le=AGE_RANGE[1])] | None = None
    menopausal_status: MenopausalStatus | None = None
    indication: Indication | None = None
    anastrozole_start: dt.date | None = None
    prior_fragility_fracture: bool | None = None
    family_history_osteoporosis: bool | None = None
    smoker: bool | None = None
    alcohol_units_per_week: (
        Annotated[float, Bounds(ge=ALCOHOL_RANGE[0], le=ALCOHOL_RANGE[1])] | None
    ) = None
    weight_bearing_exercise: bool | None = None
    dietary_calcium_adequate: bool | None = None
    calcium_supplement: bool | None = None
    vitamin_d_supplement: bool | None = None
    glucocorticoids: bool | None = None
    bone_medication: BoneMedication | None = None
    egfr: Annotated[float, Bounds(ge=EGFR_RANGE[0], le=EGFR_RANGE[1])] | None = None
    dexa: tuple[DexaScan, ...] = ()
    labs: tuple[LabResult, ...] = ()
