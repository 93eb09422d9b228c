"""Calendar-month arithmetic for due dates (SPEC 5): a day past the month's end becomes its last."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

DueStatus = Literal["overdue", "due_soon", "up_to_date"]


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus `months` calendar months: 2025-08-31 + 6 = 2026-02-28 (never rolls over)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def due_status(next_due: dt.date, today: dt.date, window_days: int) -> DueStatus:
    """`overdue` when today is after `next_due`; `due_soon` when `next_due` is today or within the
    next `window_days` days (both ends included); else `up_to_date`."""
    if today > next_due:
        return "overdue"
    if next_due <= today + dt.timedelta(days=window_days):
        return "due_soon"
    return "up_to_date"
