"""SPEC 6.5: lab statuses, exact unit conversion at the boundaries, the lab's own range."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assistant.rules import (
    LAB_PLAUSIBLE,
    Facts,
    UnitError,
    assess,
    is_plausible,
    normalise_unit,
    plausible_range,
    to_canonical,
)
from assistant.rules.codec import Invalid, check
from assistant.rules.facts import LabTest

TODAY = dt.date(2026, 1, 15)


def lab_result(test: str, value: float, unit: str, **extra: Any) -> Any:
    facts = check(
        Facts,
        {"labs": [{"date": "2025-12-01", "test": test, "value": value, "unit": unit, **extra}]},
    )
    return assess(facts, TODAY)


VITAMIN_D = [
    (19.99, "ng/mL", "deficient"),
    (20, "ng/mL", "insufficient"),
    (29.99, "ng/mL", "insufficient"),
    (30, "ng/mL", "sufficient"),
    (100, "ng/mL", "sufficient"),
    (100.01, "ng/mL", "high"),
    # nmol/L ÷ 2.496: the equivalents are exact, not approximately 50 / 75 / 250
    (49.91, "nmol/L", "deficient"),
    (49.92, "nmol/L", "insufficient"),
    (74.87, "nmol/L", "insufficient"),
    (74.88, "nmol/L", "sufficient"),
    (249.6, "nmol/L", "sufficient"),
    (249.61, "nmol/L", "high"),
    (50, "nmol/L", "insufficient"),
    (75, "nmol/L", "sufficient"),
]


@pytest.mark.parametrize(("value", "unit", "status"), VITAMIN_D)
def test_vitamin_d_boundaries(value: float, unit: str, status: str) -> None:
    result = lab_result("vitamin_d", value, unit)
    entry = result.labs[LabTest.VITAMIN_D]
    assert (entry.status, entry.unit) == (status, "ng/mL")
    assert ("vitamin_d_deficient" in [a.id for a in result.alerts]) == (status == "deficient")
    interval = result.monitoring[2].interval_months
    assert interval == (12 if status == "sufficient" else 6)
    assert (result.monitoring[3].status == "indicated") == (status == "deficient")


@pytest.mark.parametrize(
    ("value", "unit", "toxic"),
    [
        (150, "ng/mL", False),
        (150.01, "ng/mL", True),
        (374.4, "nmol/L", False),
        (374.41, "nmol/L", True),
    ],
)
def test_vitamin_d_toxicity_range_is_strictly_above_150(
    value: float, unit: str, toxic: bool
) -> None:
    alerts = [a.id for a in lab_result("vitamin_d", value, unit).alerts]
    assert ("vitamin_d_toxicity_range" in alerts) is toxic


CALCIUM = [
    (8.49, "mg/dL", "low"),
    (8.5, "mg/dL", "normal"),
    (10.5, "mg/dL", "normal"),
    (10.51, "mg/dL", "high"),
    # mmol/L × 4.008: 2.12 is 8.49696 (low), 2.62 is 10.50096 (high)
    (2.12, "mmol/L", "low"),
    (2.13, "mmol/L", "normal"),
    (2.61, "mmol/L", "normal"),
    (2.62, "mmol/L", "high"),
]


@pytest.mark.parametrize(("value", "unit", "status"), CALCIUM)
def test_calcium_boundaries(value: float, unit: str, status: str) -> None:
    result = lab_result("calcium", value, unit)
    assert result.labs[LabTest.CALCIUM].status == status
    assert ("calcium_out_of_range" in [a.id for a in result.alerts]) == (status != "normal")
    assert (result.monitoring[3].status == "indicated") == (status != "normal")
    assert result.monitoring[1].interval_months == (12 if status == "normal" else 6)


@pytest.mark.parametrize(
    ("value", "unit", "status"),
    [
        (14.9, "pg/mL", "low"),
        (15, "pg/mL", "normal"),
        (65, "ng/L", "normal"),
        (65.1, "pg/mL", "high"),
        (6.89, "pmol/L", "normal"),  # 64.97 pg/mL
        (6.9, "pmol/L", "high"),  # 65.067 pg/mL
        (1.59, "pmol/L", "low"),  # 14.99 pg/mL
    ],
)
def test_pth_boundaries(value: float, unit: str, status: str) -> None:
    assert lab_result("pth", value, unit).labs[LabTest.PTH].status == status


@pytest.mark.parametrize(
    ("test", "value", "unit", "reference", "status"),
    [
        ("ctx", 0.4, "ng/mL", {}, "unknown"),
        ("ctx", 0.58, "ng/mL", {"reference_high": 0.57}, "high"),
        ("ctx", 0.57, "ng/mL", {"reference_high": 0.57}, "normal"),
        ("ctx", 350, "pg/mL", {"reference_low": 100, "reference_high": 573}, "normal"),
        ("p1np", 14.9, "µg/L", {"reference_low": 15, "reference_high": 74}, "low"),
        ("bsap", 30, "U/L", {"reference_low": 5, "reference_high": 25}, "high"),
        ("ntx", 40, "nmol BCE/mmol creatinine", {}, "unknown"),
        # the lab's own range wins over the default one
        ("calcium", 8.4, "mg/dL", {"reference_low": 8.2, "reference_high": 10.2}, "normal"),
        ("calcium", 10.3, "mg/dL", {"reference_low": 8.2, "reference_high": 10.2}, "high"),
        ("calcium", 2.2, "mmol/L", {"reference_low": 2.2, "reference_high": 2.6}, "normal"),
        ("vitamin_d", 25, "ng/mL", {"reference_low": 20, "reference_high": 100}, "sufficient"),
        ("vitamin_d", 18, "ng/mL", {"reference_low": 25}, "deficient"),
        ("vitamin_d", 22, "ng/mL", {"reference_low": 25}, "insufficient"),
    ],
)
def test_lab_reference_ranges(
    test: str, value: float, unit: str, reference: dict[str, float], status: str
) -> None:
    entry = lab_result(test, value, unit, **reference).labs[LabTest(test)]
    assert entry.status == status


def test_ctx_reported_in_canonical_unit_and_bsap_activity_kept() -> None:
    assert lab_result("ctx", 350, "pg/mL").labs[LabTest.CTX].value == 0.35
    entry = lab_result("bsap", 30, "U/L").labs[LabTest.BSAP]
    assert (entry.value, entry.unit, entry.status) == (30, "U/L", "unknown")


def test_latest_result_per_test() -> None:
    facts = check(
        Facts,
        {
            "labs": [
                {"date": "2025-12-01", "test": "vitamin_d", "value": 35, "unit": "ng/mL"},
                {"date": "2024-12-01", "test": "vitamin_d", "value": 12, "unit": "ng/mL"},
            ]
        },
    )
    entry = assess(facts, TODAY).labs[LabTest.VITAMIN_D]
    assert (entry.status, entry.date) == ("sufficient", dt.date(2025, 12, 1))


@pytest.mark.parametrize(
    ("test", "spelling", "accepted"),
    [
        (LabTest.VITAMIN_D, "ng/ml", "ng/mL"),
        (LabTest.VITAMIN_D, "NMOL/L", "nmol/L"),
        (LabTest.P1NP, "ug/L", "µg/L"),
        (LabTest.P1NP, "μg/L", "µg/L"),  # Greek mu
        (LabTest.BSAP, "mcg/l", "µg/L"),
        (LabTest.CALCIUM, "mmol / L", "mmol/L"),
        (LabTest.CALCIUM, "mg", None),
        (LabTest.VITAMIN_D, "ug/L", None),  # not a unit of vitamin D here
        (LabTest.CALCIUM, "mg/mL", None),
    ],
)
def test_unit_spellings(test: LabTest, spelling: str, accepted: str | None) -> None:
    assert normalise_unit(test, spelling) == accepted


def test_conversion_and_plausibility_exports() -> None:
    assert to_canonical(LabTest.VITAMIN_D, 49.92, "nmol/L") == 20.0
    assert to_canonical(LabTest.CALCIUM, 2.5, "mmol/l") == 10.02
    assert plausible_range(LabTest.CALCIUM, "mg/dL") == LAB_PLAUSIBLE[LabTest.CALCIUM]
    assert not is_plausible(LabTest.CALCIUM, 40, "mg/dL")
    assert not is_plausible(LabTest.VITAMIN_D, 2000, "ng/mL")
    assert is_plausible(LabTest.VITAMIN_D, 998, "nmol/L")  # 399.8 ng/mL
    assert not is_plausible(LabTest.VITAMIN_D, 1000, "nmol/L")
    with pytest.raises(UnitError, match="ng/mL or nmol/L"):
        to_canonical(LabTest.VITAMIN_D, 30, "mg/dL")


def test_lab_model_refuses_implausible_values_and_normalises_units() -> None:
    with pytest.raises(Invalid, match="plausible calcium"):
        check(Facts, {"labs": [{"test": "calcium", "value": 40, "unit": "mg/dL"}]})
    facts = check(Facts, {"labs": [{"test": "p1np", "value": 40, "unit": "ug/l"}]})
    assert facts.labs[0].unit == "µg/L"


@pytest.mark.parametrize(
    "test, value, unit, stored, read",
    [
        ("vitamin_d", 45, "nmol/L", 18.029, "18.03 ng/mL"),
        ("vitamin_d", 200, "ng/mL", 200.0, "200 ng/mL"),
        ("calcium", 2.0, "mmol/L", 8.016, "8.02 mg/dL"),
    ],
)
def test_alerts_show_two_decimals_and_the_assessment_keeps_three(
    test: str, value: float, unit: str, stored: float, read: str
) -> None:
    assessment = lab_result(test, value, unit)
    assert assessment.labs[LabTest(test)].value == stored
    [text] = [a.text for a in assessment.alerts if a.id != "missing_baseline_dexa"]
    assert read in text
