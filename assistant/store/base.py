"""The store interface every backend (SQLite, PostgreSQL) implements; the engine sees only this.

A conversation is one row holding the engine's JSON state plus a version; each turn is one
transaction that locks that row, so two messages for the same conversation are serialised and
different conversations never wait for each other (beyond SQLite's single writer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass
class ConversationRecord:
    conversation_id: str
    patient_id: str | None
    channel: str  # "terminal", "slack", "test"
    state: str  # the dialog state name
    data: dict[str, Any]  # the engine's JSON document: facts with provenance, history, pending
    finished: bool
    version: int  # incremented on every saved turn
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class PatientSummary:
    patient_id: str
    conversation_id: str | None
    updated_at: dt.datetime
    finished: bool
    assessment: dict[str, Any] | None  # the latest assessment JSON (SPEC section 5), if any


@dataclass(frozen=True)
class UnansweredQuestion:
    question: str
    count: int
    last_asked: dt.datetime


class Turn(Protocol):
    """An open transaction on one conversation, holding its row lock."""

    record: ConversationRecord | None  # None when the conversation does not exist yet

    def save(self, record: ConversationRecord, user_text: str, replies: list[dict[str, Any]]) -> None:
        """Write the new state and the turn's log row; committed when the `turn` block exits."""


class Store(Protocol):
    def turn(self, conversation_id: str) -> AbstractContextManager[Turn]:
        """Begin a transaction that locks `conversation_id`; commit on normal exit, roll back on error."""

    def get(self, conversation_id: str) -> ConversationRecord | None: ...

    def latest_for_patient(self, patient_id: str) -> ConversationRecord | None: ...

    def record_assessment(
        self, patient_id: str, conversation_id: str | None, assessment: dict[str, Any]
    ) -> None: ...

    def patients(self) -> Iterator[PatientSummary]: ...

    def patient(self, patient_id: str) -> PatientSummary | None: ...

    def log_unanswered(self, question: str, channel: str) -> None: ...

    def unanswered(self) -> list[UnansweredQuestion]: ...

    def audit(self, actor: str, patient_id: str, action: str) -> None: ...

    def purge_patient(self, patient_id: str) -> int: ...

    def purge_older_than(self, days: int) -> int: ...

    def close(self) -> None: ...
