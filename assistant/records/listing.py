"""The `patients` and `due` listings as plain aligned text: one header, one row per line."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.records.status import MonitoringItemJSON, PatientStatus
from assistant.rules.labels import MONITORING_STATUSES, TESTS, capitalised, label_of

NONE = "-"
# How each status leads into the date it is about: "overdue since 2025-02-20".
BEFORE_DATE = {"overdue": " since", "due_soon": ", on", "up_to_date": ", next"}


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    from assistant.printable import printable

    # A patient id or a stored problem may hold anything: one line a row, nothing to act on.
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines)


def describe_item(item: MonitoringItemJSON | None) -> str:
    """One monitoring item in words: "DEXA scan overdue since 2025-02-20"."""
    if item is None:
        return NONE
    status = item["status"]
    words = f"{capitalised(label_of(TESTS, item['test']))} {label_of(MONITORING_STATUSES, status)}"
    if status in BEFORE_DATE:
        due = item.get("next_due") or "now (date of the last one unknown)"
        words += f"{BEFORE_DATE[status]} {due}"
    return words


def patients_table(statuses: Sequence[PatientStatus]) -> str:
    if not statuses:
        return "No patients are stored yet."
    rows = []
    for status in statuses:
        if status.assessed:
            discuss = "yes" if status.discuss_treatment else "no"
            category, next_due = status.category or NONE, describe_item(status.next_item)
        else:
            discuss = NONE
            category = "facts invalid" if status.problem else "not assessed yet"
            next_due = status.problem or NONE
        rows.append(
            [
                status.patient_id,
                status.updated_at.strftime("%Y-%m-%d %H:%M UTC"),
                category,
                discuss,
                next_due,
            ]
        )
    return table(["PATIENT", "LAST UPDATE", "CATEGORY", "DISCUSS TREATMENT", "NEXT DUE"], rows)


def due_table(statuses: Sequence[PatientStatus]) -> str:
    if not statuses:
        return "No patient has monitoring overdue or due within 60 days."
    rows = []
    for status in statuses:
        for item in status.due:
            rows.append(
                [
                    status.patient_id,
                    capitalised(label_of(TESTS, item["test"])),
                    label_of(MONITORING_STATUSES, item["status"]),
                    item.get("last_done") or NONE,
                    item.get("next_due") or NONE,
                ]
            )
    return table(["PATIENT", "TEST", "STATUS", "LAST DONE", "NEXT DUE"], rows)
