"""SPEC 6.1 to 6.3: score and site selection, categories, change between scans."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assistant.rules import Facts, assess
from assistant.rules.codec import check
from assistant.rules.density import score_basis

TODAY = dt.date(2026, 1, 15)


def make(**fields: Any) -> Facts:
    return check(Facts, fields)


def spine(
    t: float | None = None, z: float | None = None, date: str = "2025-06-01"
) -> dict[str, Any]:
    return {"date": date, "site": "lumbar_spine", "t_score": t, "z_score": z}


POST = {"sex": "female", "age": 60, "menopausal_status": "postmenopausal", "indication": "other"}
PRE = {"sex": "female", "age": 40, "menopausal_status": "premenopausal", "indication": "other"}


@pytest.mark.parametrize(
    ("t_score", "category"),
    [
        (0.5, "normal"),
        (-1.0, "normal"),
        (-1.01, "osteopenia"),
        (-1.8, "osteopenia"),
        (-2.49, "osteopenia"),
        (-2.5, "osteoporosis"),
        (-2.51, "osteoporosis"),
        (-4.0, "osteoporosis"),
    ],
)
def test_t_score_category_boundaries(t_score: float, category: str) -> None:
    density = assess(make(**POST, dexa=[spine(t=t_score)]), TODAY).bone_density
    assert (density.category, density.basis, density.value) == (category, "t_score", t_score)


@pytest.mark.parametrize(
    ("z_score", "category"),
    [
        (-1.99, "expected_for_age"),
        (-2.0, "low_for_age"),
        (-2.01, "low_for_age"),
        (1.0, "expected_for_age"),
    ],
)
def test_z_score_category_boundaries(z_score: float, category: str) -> None:
    result = assess(make(**PRE, dexa=[spine(t=-3.0, z=z_score)]), TODAY)
    assert (result.bone_density.category, result.bone_density.basis) == (category, "z_score")
    assert ("low_for_age_review" in [a.id for a in result.alerts]) == (category == "low_for_age")
    # Low for age is not osteoporosis: no treatment discussion from it alone.
    assert result.discuss_treatment is False


@pytest.mark.parametrize(
    ("sex", "age", "status", "basis"),
    [
        ("female", 45, "postmenopausal", "t_score"),
        ("female", 48, "perimenopausal", "t_score"),
        ("female", 52, "premenopausal", "z_score"),
        ("female", 49, None, "z_score"),
        ("female", 50, None, "t_score"),
        ("female", None, None, None),
        ("female", None, "postmenopausal", "t_score"),
        ("male", 49, None, "z_score"),
        ("male", 50, None, "t_score"),
        ("male", None, None, None),
        (None, 50, None, "t_score"),
        (None, 30, None, "z_score"),
        (None, None, "premenopausal", "z_score"),
    ],
)
def test_score_selection(
    sex: str | None, age: int | None, status: str | None, basis: str | None
) -> None:
    assert score_basis(make(sex=sex, age=age, menopausal_status=status)) == basis


def test_unknown_age_man_gets_unknown_category_and_asks_for_age() -> None:
    result = assess(make(sex="male", dexa=[spine(t=-3.0, z=-3.0)]), TODAY)
    assert result.bone_density.category == "unknown"
    assert result.bone_density.basis == "none"
    assert "dexa_score_choice" in [r.id for r in result.recommendations]


@pytest.mark.parametrize(
    ("facts", "look_for"),
    [(POST, "dexa_find_t_score"), (PRE, "dexa_find_z_score")],
)
def test_missing_needed_score_says_which_number_to_look_for(
    facts: dict[str, Any], look_for: str
) -> None:
    scan = spine(z=-1.0) if look_for == "dexa_find_t_score" else spine(t=-1.0)
    result = assess(make(**facts, dexa=[scan]), TODAY)
    assert result.bone_density.category == "unknown"
    assert look_for in [r.id for r in result.recommendations]
    assert "missing_baseline_dexa" not in [a.id for a in result.alerts]


def test_no_scan_is_unknown_with_baseline_alert() -> None:
    result = assess(make(**POST), TODAY)
    assert result.bone_density.category == "unknown"
    assert result.monitoring[0].status == "missing_baseline"
    assert [a.id for a in result.alerts] == ["missing_baseline_dexa"]
    assert result.recommendations[0].id == "dexa_baseline"


def test_lowest_central_site_is_used() -> None:
    scans = [
        spine(t=-1.8),
        {"date": "2025-06-01", "site": "total_hip", "t_score": -2.6},
        {"date": "2025-06-01", "site": "femoral_neck", "t_score": -2.2},
        {"date": "2025-06-01", "site": "forearm", "t_score": -3.5},
    ]
    density = assess(make(**POST, dexa=scans), TODAY).bone_density
    assert (density.site, density.value, density.category) == ("total_hip", -2.6, "osteoporosis")


def test_forearm_only_when_no_central_site() -> None:
    scans = [{"date": "2025-06-01", "site": "forearm", "t_score": -2.7}, spine(z=-1.0)]
    density = assess(make(**POST, dexa=scans), TODAY).bone_density
    assert (density.site, density.category) == ("forearm", "osteoporosis")


def test_most_recent_scan_per_site_wins() -> None:
    scans = [spine(t=-1.2, date="2025-06-01"), spine(t=-3.0, date="2022-06-01")]
    density = assess(make(**POST, dexa=scans), TODAY).bone_density
    assert (density.value, density.scan_date) == (-1.2, dt.date(2025, 6, 1))


def test_tie_between_sites_takes_the_first_in_order() -> None:
    scans = [{"date": "2025-06-01", "site": "femoral_neck", "t_score": -2.0}, spine(t=-2.0)]
    assert assess(make(**POST, dexa=scans), TODAY).bone_density.site == "lumbar_spine"


def _pair(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"date": "2023-06-01", "site": "lumbar_spine", **before},
        {"date": "2025-06-01", "site": "lumbar_spine", **after},
    ]


@pytest.mark.parametrize(
    ("before", "after", "change", "unit", "significant"),
    [
        ({"bmd": 1.0}, {"bmd": 0.95}, -5.0, "percent", True),
        ({"bmd": 1.0}, {"bmd": 0.951}, -4.9, "percent", False),
        ({"bmd": 0.9}, {"bmd": 0.855}, -5.0, "percent", True),  # exactly 5%, float-unsafe
        ({"bmd": 1.0}, {"bmd": 1.06}, 6.0, "percent", False),
        # the scan's own least significant change (g/cm²) replaces 5%
        ({"bmd": 1.0}, {"bmd": 0.97, "lsc": 0.03}, -3.0, "percent", True),
        ({"bmd": 1.0}, {"bmd": 0.971, "lsc": 0.03}, -2.9, "percent", False),
        ({"bmd": 1.0, "lsc": 0.03}, {"bmd": 0.97}, -3.0, "percent", True),
        # T-scores only: a decline of 0.5 or more, exactly (-1.8 - -1.3 is not -0.5 in floats)
        ({"t_score": -1.3}, {"t_score": -1.8}, -0.5, "t_score", True),
        ({"t_score": -1.3}, {"t_score": -1.79}, -0.49, "t_score", False),
        ({"t_score": -1.3, "bmd": 1.0}, {"t_score": -1.9}, -0.6, "t_score", True),
    ],
)
def test_change_between_scans(
    before: dict[str, Any], after: dict[str, Any], change: float, unit: str, significant: bool
) -> None:
    result = assess(make(**POST, dexa=_pair(before, after)), TODAY)
    (found,) = result.bmd_change
    assert (found.change, found.unit, found.significant) == (change, unit, significant)
    assert result.discuss_treatment is significant  # T-scores here are normal or absent
    assert (result.monitoring[4].status == "indicated") is significant


def test_change_uses_the_two_most_recent_scans() -> None:
    scans = [
        {"date": "2020-06-01", "site": "total_hip", "bmd": 1.2},
        {"date": "2025-06-01", "site": "total_hip", "bmd": 0.99},
        {"date": "2023-06-01", "site": "total_hip", "bmd": 1.0},
    ]
    (found,) = assess(make(**POST, dexa=scans), TODAY).bmd_change
    assert (found.from_date, found.to_date, found.change) == (
        dt.date(2023, 6, 1),
        dt.date(2025, 6, 1),
        -1.0,
    )


@pytest.mark.parametrize(
    ("values", "category"),
    [
        ((-3.2, -0.5), "osteoporosis"),
        ((-0.5, -3.2), "osteoporosis"),
        ((-1.5, -0.9, -1.2), "osteopenia"),
        ((-0.9, -1.5, -1.2), "osteopenia"),
    ],
)
def test_conflicting_scans_use_the_lower_and_name_both(
    values: tuple[float, ...], category: str
) -> None:
    scans = [spine(t=value, date="2025-03-04") for value in values]
    assessment = assess(make(**POST, dexa=scans), TODAY)
    assert assessment.bone_density.value == min(values)
    assert assessment.bone_density.category == category
    conflicts = [a for a in assessment.alerts if a.id == "conflicting_scans"]
    assert len(conflicts) == 1
    text = conflicts[0].text
    assert "lumbar spine" in text and "4 Mar 2025" in text  # the one date format
    assert all(f"{value:g}" in text for value in values)


def test_same_values_on_one_date_are_no_conflict() -> None:
    scans = [spine(t=-1.4, date="2025-03-04"), spine(t=-1.4, date="2025-03-04")]
    assessment = assess(make(**POST, dexa=scans), TODAY)
    assert "conflicting_scans" not in [a.id for a in assessment.alerts]
    assert not assessment.bmd_change  # one date, not a change


def test_conflict_in_an_older_scan_is_reported_and_the_change_uses_the_lower() -> None:
    scans = [
        spine(t=-1.0, date="2023-01-10"),
        spine(t=-2.0, date="2023-01-10"),
        spine(t=-2.2, date="2025-01-10"),
    ]
    assessment = assess(make(**POST, dexa=scans), TODAY)
    assert [a.id for a in assessment.alerts] == ["conflicting_scans"]
    (change,) = assessment.bmd_change
    assert change.change == pytest.approx(-0.2) and not change.significant
