"""What the bot needs from the core, in one place: engine, knowledge, understanding, rules, store.

The bot never reaches past this object, so its tests and the bench build it once from real parts.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.engine import Engine
from assistant.json_types import JSONObject
from assistant.knowledge import KnowledgeBase
from assistant.records import due_patients
from assistant.rules import Assessment, Facts, assess
from assistant.rules.assessment import MonitoringItem
from assistant.rules.codec import Invalid, check
from assistant.store import open_store
from assistant.summary import monitoring_rows, summarise
from assistant.understanding import interpret

if TYPE_CHECKING:
    from assistant.engine import Engine
    from assistant.engine.replies import Reply
    from assistant.knowledge import KnowledgeAnswer, KnowledgeBase
    from assistant.settings import Settings
    from assistant.store import PatientSummary, Store
    from assistant.summary import MonitoringRow, Summary

log = logging.getLogger("boneguide.slack")


@dataclass(frozen=True)
class PastedReading:
    """A pasted message as read by `interpret`, with the assessment of what was understood."""

    understood: list[str]
    questions: list[str]
    refused: list[str]
    facts: JSONObject
    summary: Summary | None  # of the assessment of what was understood


@dataclass(frozen=True)
class DuePatient:
    patient_id: str
    items: tuple[MonitoringRow, ...]  # the monitoring items that are overdue or due soon


@dataclass
class Services:
    engine: Engine
    knowledge: KnowledgeBase
    store: Store
    today: Callable[[], dt.date]

    @classmethod
    def from_settings(cls, settings: Settings) -> Services:

        store = open_store(settings.store)
        knowledge = KnowledgeBase.default()
        engine = Engine(store, today=settings.today, knowledge=knowledge)
        return cls(engine=engine, knowledge=knowledge, store=store, today=settings.today)

    # A turn holds its conversation's lock in the store (SQLite's write lock, PostgreSQL's row
    # lock) for its whole transaction: the one lock that orders two messages of one conversation.
    def turn(self, conversation_id: str, text: str) -> list[Reply]:
        """One engine turn (an unknown conversation is opened first)."""
        return self.engine.handle(conversation_id, text, channel="slack")

    def open(self, conversation_id: str, patient_id: str | None) -> list[Reply]:
        return self.engine.open(conversation_id, patient_id=patient_id, channel="slack")

    def claim_event(self, event_id: str) -> bool:
        """True for the first replica of the bot (sharing this store) to take `event_id`."""
        return self.store.claim_event(f"slack:event:{event_id}")

    def ask(self, question: str) -> KnowledgeAnswer:
        answer = self.knowledge.ask(question)
        if not answer.answered:
            self.store.log_unanswered(question, "slack")
        return answer

    def read(self, text: str) -> PastedReading:

        reading = interpret(text, self.today())
        return PastedReading(
            list(reading.understood),
            list(reading.questions),
            list(reading.refused),
            dict(reading.facts),
            self.assess(reading.facts),
        )

    def assess(self, facts: JSONObject) -> Summary | None:
        """The summary of the facts' assessment for today, or None when the facts cannot be
        assessed (logged: the reading is still shown, so the clinician sees what was
        understood)."""

        try:
            valid = check(Facts, facts)
        except Invalid as error:
            # Where and what kind, never the values (pydantic's message quotes them).
            problems = "; ".join(
                f"{'.'.join(str(part) for part in e['loc'])}: {e['type']}" for e in error.errors()
            )
            log.warning("facts not assessable: %s", problems)
            return None
        return summarise(assess(valid, self.today()), valid)

    def stored_summary(self, assessment: JSONObject | None) -> Summary | None:
        """The summary of an assessment as it was stored, for a record with no facts to assess
        again; None when there is none or it cannot be read."""

        if assessment is None:
            return None
        try:
            return summarise(check(Assessment, assessment))
        except Invalid:
            log.warning("a stored assessment could not be read")
            return None

    def patient(self, patient_id: str) -> PatientSummary | None:
        return self.store.patient(patient_id)

    def due(self) -> list[DuePatient]:
        """Stored patients with monitoring overdue, missing or due soon, recomputed for today
        by the records module (the same list as `boneguide due`), the most urgent first."""

        return [
            DuePatient(
                status.patient_id,
                monitoring_rows(check(MonitoringItem, item) for item in status.due),
            )
            for status in due_patients(self.store, self.today())
        ]
