"""The facts the rules module reads (SPEC section 4): frozen pydantic models, unknown is None."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

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


class _Frozen(BaseModel):
    # Each schema is built when first used, not at import: `boneguide assess` validates `Facts`
    # alone (its scans and labs inside it), a chat's first answers none of them.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)


class DexaScan(_Frozen):
    date: dt.date | None = None
    site: Site
    t_score: float | None = Field(default=None, ge=T_SCORE_RANGE[0], le=T_SCORE_RANGE[1])
    z_score: float | None = Field(default=None, ge=Z_SCORE_RANGE[0], le=Z_SCORE_RANGE[1])
    bmd: float | None = Field(default=None, ge=BMD_RANGE[0], le=BMD_RANGE[1])
    lsc: float | None = Field(default=None, gt=LSC_RANGE[0], le=LSC_RANGE[1])


class LabResult(_Frozen):
    """One result. `unit` is stored in its accepted spelling ("ug/l" becomes "µg/L");
    a unit the test does not use, or an implausible value, is refused. The lab's own
    `reference_low` / `reference_high` are in the result's unit."""

    date: dt.date | None = None
    test: LabTest
    value: float
    unit: str
    reference_low: float | None = Field(default=None, ge=0)
    reference_high: float | None = Field(default=None, gt=0)

    @field_validator("unit")
    @classmethod
    def _accepted_unit(cls, unit: str, info: ValidationInfo) -> str:
        from assistant.rules.units import normalise_unit  # lazy: cycle, units imports facts

        test = info.data.get("test")
        if test is None:  # the test itself was refused; that error says enough
            return unit
        spelled = normalise_unit(test, unit)
        if spelled is None:
            accepted = " or ".join(LAB_UNITS[test])
            raise PydanticCustomError(
                "lab_unit", f"{unit!r} is not a unit for {test.value}; use {accepted}"
            )
        return spelled

    @model_validator(mode="after")
    def _plausible(self) -> LabResult:
        from assistant.rules.units import (  # lazy: cycle, units imports facts
            is_plausible,
            plausible_range,
        )

        if not is_plausible(self.test, self.value, self.unit):
            low, high = plausible_range(self.test, self.unit)
            raise PydanticCustomError(
                "lab_value",
                f"{self.value:g} {self.unit} is not a plausible {self.test.value} result "
                f"(expected {low:g} to {high:g} {self.unit}); check the value and its unit",
            )
        low_ref, high_ref = self.reference_low, self.reference_high
        if low_ref is not None and high_ref is not None and low_ref >= high_ref:
            raise PydanticCustomError(
                "lab_reference",
                f"reference_low ({low_ref:g}) must be below reference_high ({high_ref:g})",
            )
        return self


class Facts(_Frozen):
    patient_id: str | None = None
    sex: Sex | None = None
    age: int | None = Field(default=None, ge=AGE_RANGE[0], le=AGE_RANGE[1])
    menopausal_status: MenopausalStatus | None = None
    indication: Indication | None = None
    anastrozole_start: dt.date | None = None
    prior_fragility_fracture: bool | None = None
    family_history_osteoporosis: bool | None = None
    smoker: bool | None = None
    alcohol_units_per_week: float | None = Field(
        default=None, ge=ALCOHOL_RANGE[0], le=ALCOHOL_RANGE[1]
    )
    weight_bearing_exercise: bool | None = None
    dietary_calcium_adequate: bool | None = None
    calcium_supplement: bool | None = None
    vitamin_d_supplement: bool | None = None
    glucocorticoids: bool | None = None
    bone_medication: BoneMedication | None = None
    egfr: float | None = Field(default=None, ge=EGFR_RANGE[0], le=EGFR_RANGE[1])
    dexa: tuple[DexaScan, ...] = ()
    labs: tuple[LabResult, ...] = ()
