"""Each stored patient's status for today: category, whether to discuss treatment, what is due.

The monitoring schedule depends on the date, so it is recomputed from the stored latest facts
with `assess(facts, today)` rather than read from the assessment stored when it was made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypedDict, cast

from assistant.rules import Facts, assess
from assistant.rules.codec import Invalid, check, dump
from assistant.store import PatientSummary, Store

# Statuses that put a patient on the `due` list. A missing baseline is due now.
DUE_STATUSES = ("overdue", "missing_baseline", "due_soon")
# How urgent each status is when choosing the one item to show: lower first.
_URGENCY = {"overdue": 0, "missing_baseline": 1, "due_soon": 2, "up_to_date": 3}


class MonitoringItemJSON(TypedDict):
    """One monitoring item of the assessment JSON (SPEC section 5), as listings show it."""

    test: str
    status: str
    last_done: str | None
    interval_months: int | None
    next_due: str | None
    reason: str


@dataclass(frozen=True)
class PatientStatus:
    patient_id: str
    updated_at: dt.datetime
    assessed: bool  # False when no facts are stored yet (intake not finished)
    category: str | None = None
    discuss_treatment: bool | None = None
    monitoring: list[MonitoringItemJSON] = field(default_factory=list)  # SPEC 5 items, for today
    problem: str | None = None  # why the stored facts could not be assessed

    @property
    def due(self) -> list[MonitoringItemJSON]:
        """Monitoring items overdue, missing or due soon, the most urgent first."""
        items = [item for item in self.monitoring if item["status"] in DUE_STATUSES]
        return sorted(items, key=_urgency)

    @property
    def next_item(self) -> MonitoringItemJSON | None:
        """The one monitoring item to show in a listing: the most urgent scheduled test."""
        items = [item for item in self.monitoring if item["status"] in _URGENCY]
        return min(items, key=_urgency) if items else None

    def to_json(self) -> dict[str, object]:
        return {
            "patient_id": self.patient_id,
            "updated_at": self.updated_at.isoformat(timespec="seconds"),
            "assessed": self.assessed,
            "category": self.category,
            "discuss_treatment": self.discuss_treatment,
            "next": self.next_item,
            "due": self.due,
            "problem": self.problem,
        }


def _urgency(item: MonitoringItemJSON) -> tuple[int, str]:
    return _URGENCY.get(item["status"], 9), item.get("next_due") or ""


def patient_status(summary: PatientSummary, today: dt.date) -> PatientStatus:
    if summary.problem:
        problem = f"stored facts cannot be read ({summary.problem})"
        return PatientStatus(
            summary.patient_id, summary.updated_at, assessed=False, problem=problem
        )
    if not summary.facts:
        return PatientStatus(summary.patient_id, summary.updated_at, assessed=False)
    try:
        facts = check(Facts, summary.facts)
    except Invalid as error:
        # Stored by an older program, or edited by hand: say so rather than guess.
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "facts"
        return PatientStatus(
            summary.patient_id,
            summary.updated_at,
            assessed=False,
            problem=f"stored facts cannot be assessed ({where}: {first['msg']})",
        )
    assessment = assess(facts, today)
    return PatientStatus(
        patient_id=summary.patient_id,
        updated_at=summary.updated_at,
        assessed=True,
        category=assessment.bone_density.category,
        discuss_treatment=assessment.discuss_treatment,
        monitoring=[cast(MonitoringItemJSON, dump(item)) for item in assessment.monitoring],
    )


def patient_statuses(store: Store, today: dt.date) -> list[PatientStatus]:
    """Every stored patient, by patient id."""
    return [patient_status(summary, today) for summary in store.patients()]


def due_patients(store: Store, today: dt.date) -> list[PatientStatus]:
    """Patients with monitoring overdue, missing or due within 60 days, the most urgent first."""
    return by_urgency([status for status in patient_statuses(store, today) if status.due])


def by_urgency(statuses: list[PatientStatus]) -> list[PatientStatus]:
    """Patients with something due, the one whose most urgent item is most urgent first."""
    return sorted(statuses, key=lambda status: (_urgency(status.due[0]), status.patient_id))
