"""The monitoring schedule (SPEC 6.6): what is due when, with calendar-month intervals."""

from __future__ import annotations

import datetime as dt
from typing import cast

from assistant.rules.assessment import (
    BmdChange,
    BoneDensity,
    LabStatus,
    MonitoringItem,
    MonitoringTest,
    RiskFactor,
)
from assistant.rules.calendar import add_months, due_status
from assistant.rules.facts import DexaScan, Facts, LabResult, LabTest
from assistant.rules.labels import CATEGORIES, LAB_STATUSES, uncapitalised
from assistant.rules.labs import BONE_TURNOVER_TESTS
from assistant.rules.texts import REASONS

DUE_SOON_DAYS = 60
DEXA_SHORT_MONTHS = 12  # "every 1-2 years": the short end when anything raises the risk
DEXA_LONG_MONTHS = 24
LAB_SHORT_MONTHS = 6  # "every 6-12 months": the short end while a result is off
LAB_LONG_MONTHS = 12
_LOW_CATEGORIES = ("osteopenia", "osteoporosis", "low_for_age")
_GOOD_LAB = ("normal", "sufficient")


def _last_date(dates: list[dt.date | None]) -> dt.date | None:
    known = [day for day in dates if day is not None]
    return max(known) if known else None


def _scheduled(
    test: MonitoringTest, last: dt.date | None, months: int, reason: str, today: dt.date
) -> MonitoringItem:
    if last is None:
        # Done, but when is unknown: it cannot be shown to be up to date, so it is due now.
        return MonitoringItem(
            test=test,
            status="overdue",
            interval_months=months,
            reason=REASONS["dexa_undated" if test == "dexa" else "lab_undated"],
        )
    next_due = add_months(last, months)
    return MonitoringItem(
        test=test,
        status=due_status(next_due, today, DUE_SOON_DAYS),
        last_done=last,
        interval_months=months,
        next_due=next_due,
        reason=reason,
    )


def dexa_item(
    scans: tuple[DexaScan, ...],
    density: BoneDensity,
    changes: tuple[BmdChange, ...],
    risks: tuple[RiskFactor, ...],
    facts: Facts,
    today: dt.date,
) -> MonitoringItem:
    if not scans:
        return MonitoringItem(
            test="dexa", status="missing_baseline", reason=REASONS["dexa_missing"]
        )
    why = []
    if density.category in _LOW_CATEGORIES:
        why.append(uncapitalised(CATEGORIES[density.category]))
    if any(change.significant for change in changes):
        why.append("a significant decline")
    if risks:
        why.append("risk factors" if len(risks) > 1 else "a risk factor")
    if facts.bone_medication is not None:
        why.append("bone medication")
    last = _last_date([scan.date for scan in scans])
    if why:
        reason = REASONS["dexa_12"].format(why=", ".join(why))
        return _scheduled("dexa", last, DEXA_SHORT_MONTHS, reason, today)
    return _scheduled("dexa", last, DEXA_LONG_MONTHS, REASONS["dexa_24"], today)


def lab_item(
    test: LabTest, latest: LabResult | None, status: LabStatus | None, today: dt.date
) -> MonitoringItem:
    name = cast(MonitoringTest, test.value)
    if latest is None or status is None:
        return MonitoringItem(test=name, status="missing_baseline", reason=REASONS["lab_missing"])
    if status in _GOOD_LAB:
        return _scheduled(
            name,
            latest.date,
            LAB_LONG_MONTHS,
            REASONS["lab_12"].format(status=LAB_STATUSES[status]),
            today,
        )
    return _scheduled(
        name,
        latest.date,
        LAB_SHORT_MONTHS,
        REASONS["lab_6"].format(status=LAB_STATUSES[status]),
        today,
    )


def pth_item(
    calcium: LabStatus | None, vitamin_d: LabStatus | None, latest: LabResult | None
) -> MonitoringItem:
    why = []
    if calcium in ("low", "high"):
        why.append(f"calcium is {calcium}")
    if vitamin_d == "deficient":
        why.append("vitamin D is deficient")
    last = latest.date if latest is not None else None
    if why:
        reason = REASONS["pth_indicated"].format(why=" and ".join(why))
        return MonitoringItem(test="pth", status="indicated", last_done=last, reason=reason)
    return MonitoringItem(
        test="pth", status="optional", last_done=last, reason=REASONS["pth_optional"]
    )


def turnover_item(
    facts: Facts, changes: tuple[BmdChange, ...], latest: dict[LabTest, LabResult]
) -> MonitoringItem:
    why = []
    if facts.bone_medication is not None:
        why.append("to check the response to bone medication")
    if any(change.significant for change in changes):
        why.append("bone density has declined significantly")
    last = _last_date([latest[test].date for test in BONE_TURNOVER_TESTS if test in latest])
    if why:
        reason = REASONS["btm_indicated"].format(why="; ".join(why))
        return MonitoringItem(
            test="bone_turnover_markers", status="indicated", last_done=last, reason=reason
        )
    return MonitoringItem(
        test="bone_turnover_markers",
        status="optional",
        last_done=last,
        reason=REASONS["btm_optional"],
    )
