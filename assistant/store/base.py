"""The store interface every backend (SQLite, PostgreSQL) implements; the engine sees only this.

A conversation is one row holding the engine's JSON document plus a version; each turn is one
transaction that locks that row, so two messages for the same conversation are serialised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from assistant.json_types import JSON, JSONObject


@dataclass
class ConversationRecord:
    conversation_id: str
    patient_id: str | None
    channel: str  # "terminal", "slack", "test"
    state: str  # the dialog state name
    data: JSONObject  # the engine's JSON document: facts with provenance, history, pending
    finished: bool
    version: int = 0  # set by the store: incremented on every saved turn
    created_at: dt.datetime | None = None  # set by the store on the first save
    updated_at: dt.datetime | None = None  # set by the store on every save


@dataclass(frozen=True)
class PatientSummary:
    patient_id: str
    conversation_id: str | None  # the patient's most recent conversation, if any
    updated_at: dt.datetime
    finished: bool  # whether that conversation is finished
    facts: JSONObject | None  # the latest facts JSON (SPEC section 4), if assessed
    assessment: JSONObject | None  # the latest assessment JSON (SPEC section 5), if any
    problem: str | None = None  # why the stored facts or assessment cannot be read, if so


@dataclass(frozen=True)
class AssessmentRecord:
    patient_id: str
    conversation_id: str | None
    facts: JSONObject
    assessment: JSONObject
    at: dt.datetime


@dataclass(frozen=True)
class TurnRecord:
    conversation_id: str
    seq: int  # 1, 2, 3... within the conversation: equals the version the turn produced
    user_text: str
    replies: JSON  # as stored: each reply's key, kind and text, as `Turn.save` logged them
    at: dt.datetime


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    actor: str
    patient_id: str | None  # None for facts kept without patient data (a purge)
    action: str


@dataclass(frozen=True)
class UnansweredQuestion:
    question: str
    count: int
    last_asked: dt.datetime


class Turn(Protocol):
    """An open transaction on one conversation, holding its lock."""

    record: ConversationRecord | None  # None when the conversation does not exist yet

    def save(
        self, record: ConversationRecord, user_text: str, replies: list[dict[str, str]]
    ) -> None:
        """Write the new state and the turn's log row; committed when the `turn` block exits.

        Sets `record.version`, `created_at` and `updated_at` to what was written.
        """


class Store(Protocol):
    url: str  # where the store lives, without any password: for messages

    def turn(self, conversation_id: str) -> AbstractContextManager[Turn]:
        """Begin a transaction that locks `conversation_id`; commit on normal exit, roll back
        on error. Raises ConversationBusy when another process holds it too long."""

    def get(self, conversation_id: str) -> ConversationRecord | None: ...

    def turns(self, conversation_id: str) -> list[TurnRecord]: ...

    def latest_for_patient(self, patient_id: str) -> ConversationRecord | None:
        """The patient's most recently updated conversation, finished or not."""

    def record_assessment(
        self,
        patient_id: str,
        conversation_id: str | None,
        facts: JSONObject,
        assessment: JSONObject,
    ) -> None:
        """Store the patient's latest facts and assessment, and keep it in their history."""

    def assessments(self, patient_id: str) -> list[AssessmentRecord]:
        """The patient's assessments over time, oldest first."""

    def patients(self) -> Iterator[PatientSummary]:
        """Every stored patient, by patient id."""

    def patient(self, patient_id: str) -> PatientSummary | None: ...

    def log_unanswered(self, question: str, channel: str) -> None: ...

    def unanswered(self) -> list[UnansweredQuestion]:
        """Logged questions, the most often asked first; the same words count as one question."""

    def claim_event(self, event_key: str, *, keep: dt.timedelta = ...) -> bool:
        """True for the first claim of `event_key` among all processes sharing the store."""

    def audit(self, actor: str, patient_id: str | None, action: str) -> None: ...

    def audit_log(self, patient_id: str | None = None) -> list[AuditEntry]:
        """Audit entries, oldest first; only those naming `patient_id` when given."""

    def purge_patient(self, patient_id: str, actor: str) -> dict[str, int]:
        """Delete every row naming the patient and every unanswered question asked in their
        conversations; keep their audit rows with the id replaced by a keyed hash, plus one
        saying that a purge happened. Later writes naming them are refused. Returns rows
        removed per table, and `audit` rows kept under the hash."""

    def purge_older_than(self, days: int, actor: str) -> dict[str, int]:
        """Delete patients, conversations and unanswered questions untouched for `days` days."""

    def schema_version(self) -> int:
        """The schema version of the opened database (migrations applied)."""

    def close(self) -> None: ...
