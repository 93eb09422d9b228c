"""SPEC 6.6: the monitoring schedule, calendar months and the 60-day due_soon window."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assistant.rules import Facts, assess
from assistant.rules.calendar import add_months
from assistant.rules.codec import check

POST = {"sex": "female", "age": 60, "menopausal_status": "postmenopausal", "indication": "other"}


def make(**fields: Any) -> Facts:
    return check(Facts, {**POST, **fields})


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2025-03-15", 12, "2026-03-15"),
        ("2025-08-31", 6, "2026-02-28"),
        ("2023-08-31", 6, "2024-02-29"),  # leap year
        ("2025-01-31", 1, "2025-02-28"),
        ("2025-10-31", 24, "2027-10-31"),
        ("2025-12-15", 1, "2026-01-15"),
        ("2025-07-31", 6, "2026-01-31"),
    ],
)
def test_calendar_months(start: str, months: int, expected: str) -> None:
    assert add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(expected)


NORMAL_SCAN = [{"date": "2025-08-31", "site": "lumbar_spine", "t_score": -0.5}]  # due 2027-08-31


@pytest.mark.parametrize(
    ("today", "status"),
    [
        ("2027-06-30", "up_to_date"),
        ("2027-07-01", "up_to_date"),  # due in 61 days
        ("2027-07-02", "due_soon"),  # due in 60 days
        ("2027-08-30", "due_soon"),
        ("2027-08-31", "due_soon"),  # due today is not yet overdue
        ("2027-09-01", "overdue"),
    ],
)
def test_due_soon_window_both_sides(today: str, status: str) -> None:
    item = assess(make(dexa=NORMAL_SCAN), dt.date.fromisoformat(today)).monitoring[0]
    assert (item.interval_months, item.next_due) == (24, dt.date(2027, 8, 31))
    assert item.status == status


def test_window_is_sixty_days_inclusive() -> None:
    due = dt.date(2027, 8, 31)
    assert (due - dt.date(2027, 7, 2)).days == 60
    assert (due - dt.date(2027, 7, 1)).days == 61
    assert assess(make(dexa=NORMAL_SCAN), dt.date(2027, 7, 1)).monitoring[0].status == "up_to_date"


def test_end_of_month_due_date_in_the_assessment() -> None:
    facts = make(labs=[{"date": "2025-08-31", "test": "vitamin_d", "value": 25, "unit": "ng/mL"}])
    item = assess(facts, dt.date(2025, 9, 1)).monitoring[2]
    assert (item.interval_months, item.next_due, item.status) == (
        6,
        dt.date(2026, 2, 28),
        "up_to_date",
    )


@pytest.mark.parametrize(
    ("extra", "interval"),
    [
        ({}, 24),
        ({"dexa": [{"date": "2025-06-01", "site": "total_hip", "t_score": -1.01}]}, 12),
        ({"dexa": [{"date": "2025-06-01", "site": "total_hip", "t_score": -1.0}]}, 24),
        ({"smoker": True}, 12),
        ({"smoker": False, "family_history_osteoporosis": False}, 24),
        ({"age": 65}, 24),
        ({"age": 66}, 12),
        ({"alcohol_units_per_week": 20.9}, 24),
        ({"alcohol_units_per_week": 21}, 12),
        ({"bone_medication": "denosumab"}, 12),
        ({"glucocorticoids": True}, 12),
    ],
)
def test_dexa_interval(extra: dict[str, Any], interval: int) -> None:
    fields = {"dexa": [{"date": "2025-06-01", "site": "lumbar_spine", "t_score": 0.0}], **extra}
    item = assess(make(**fields), dt.date(2025, 7, 1)).monitoring[0]
    assert item.interval_months == interval


def test_low_for_age_and_significant_decline_shorten_the_interval() -> None:
    pre = {"menopausal_status": "premenopausal", "age": 40}
    low = [{"date": "2025-06-01", "site": "lumbar_spine", "z_score": -2.0}]
    assert assess(make(**pre, dexa=low), dt.date(2025, 7, 1)).monitoring[0].interval_months == 12
    decline = [
        {"date": "2023-06-01", "site": "lumbar_spine", "bmd": 1.0, "z_score": 0.0},
        {"date": "2025-06-01", "site": "lumbar_spine", "bmd": 0.95, "z_score": 0.0},
    ]
    item = assess(make(**pre, dexa=decline), dt.date(2025, 7, 1)).monitoring[0]
    assert item.interval_months == 12


def test_missing_everything() -> None:
    monitoring = assess(make(), dt.date(2025, 7, 1)).monitoring
    assert [(m.test, m.status) for m in monitoring] == [
        ("dexa", "missing_baseline"),
        ("calcium", "missing_baseline"),
        ("vitamin_d", "missing_baseline"),
        ("pth", "optional"),
        ("bone_turnover_markers", "optional"),
    ]
    assert all(m.next_due is None for m in monitoring)


def test_undated_scan_is_due_now_not_missing() -> None:
    result = assess(make(dexa=[{"site": "lumbar_spine", "t_score": -1.5}]), dt.date(2025, 7, 1))
    assert (result.monitoring[0].status, result.monitoring[0].next_due) == ("overdue", None)
    assert "missing_baseline_dexa" not in [a.id for a in result.alerts]


@pytest.mark.parametrize(
    ("medication", "status"), [(None, "optional"), ("bisphosphonate", "indicated")]
)
def test_bone_turnover_markers(medication: str | None, status: str) -> None:
    facts = make(
        bone_medication=medication,
        labs=[{"date": "2025-05-01", "test": "ctx", "value": 0.3, "unit": "ng/mL"}],
    )
    item = assess(facts, dt.date(2025, 7, 1)).monitoring[4]
    assert (item.status, item.last_done) == (status, dt.date(2025, 5, 1))
    if status == "indicated":
        assert "fasting" in item.reason
