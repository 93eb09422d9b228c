"""A Store kept in process memory, to measure and test the engine without a database.

Documents are copied through JSON on save and load, as a real store would, so the engine cannot
lean on sharing objects between turns (unless `copy_documents=False`, to time the engine alone).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from assistant.store.base import (
    AssessmentRecord,
    AuditEntry,
    ConversationRecord,
    PatientSummary,
    TurnRecord,
    UnansweredQuestion,
)


class MemoryTurn:
    def __init__(self, store: MemoryStore, record: ConversationRecord | None) -> None:
        self._store = store
        self.record = record

    def save(
        self, record: ConversationRecord, user_text: str, replies: list[dict[str, Any]]
    ) -> None:
        now = dt.datetime.now(dt.UTC)
        old = self._store._conversations.get(record.conversation_id)
        record.version = (old.version if old else 0) + 1
        record.created_at = old.created_at if old else now
        record.updated_at = now
        saved = replace(record, data=self._store._copied(record.data))
        self._store._conversations[record.conversation_id] = saved
        self.record = record


class MemoryStore:
    url = "memory:"

    def __init__(self, *, copy_documents: bool = True) -> None:
        self._conversations: dict[str, ConversationRecord] = {}
        self._turns: dict[str, list[TurnRecord]] = {}
        self._assessments: dict[str, list[AssessmentRecord]] = {}
        self._unanswered: dict[str, UnansweredQuestion] = {}
        self._claimed: set[str] = set()
        self._audit: list[AuditEntry] = []
        # False measures the engine alone: it builds a new document every turn and never
        # changes one it has saved, so sharing is safe, only less faithful to a real store
        self._copy = copy_documents
        self._lock = threading.RLock()

    @contextmanager
    def turn(self, conversation_id: str) -> Iterator[MemoryTurn]:
        with self._lock:
            current = self.get(conversation_id)
            turn = MemoryTurn(self, current)
            yield turn

    def get(self, conversation_id: str) -> ConversationRecord | None:
        record = self._conversations.get(conversation_id)
        if record is None:
            return None
        return replace(record, data=self._copied(record.data))

    def _copied(self, data: dict[str, Any]) -> dict[str, Any]:
        if not self._copy:
            return data
        copied: dict[str, Any] = json.loads(json.dumps(data))
        return copied

    def turns(self, conversation_id: str) -> list[TurnRecord]:
        return list(self._turns.get(conversation_id, []))

    def latest_for_patient(self, patient_id: str) -> ConversationRecord | None:
        mine = [r for r in self._conversations.values() if r.patient_id == patient_id]
        if not mine:
            return None
        return self.get(max(mine, key=lambda r: r.updated_at or dt.datetime.min).conversation_id)

    def record_assessment(
        self,
        patient_id: str,
        conversation_id: str | None,
        facts: dict[str, Any],
        assessment: dict[str, Any],
    ) -> None:
        self._assessments.setdefault(patient_id, []).append(
            AssessmentRecord(
                patient_id, conversation_id, facts, assessment, dt.datetime.now(dt.UTC)
            )
        )

    def assessments(self, patient_id: str) -> list[AssessmentRecord]:
        return list(self._assessments.get(patient_id, []))

    def patients(self) -> Iterator[PatientSummary]:
        for patient_id in sorted(self._assessments):
            summary = self.patient(patient_id)
            if summary is not None:
                yield summary

    def patient(self, patient_id: str) -> PatientSummary | None:
        records = self._assessments.get(patient_id)
        if not records:
            return None
        last = records[-1]
        return PatientSummary(
            patient_id, last.conversation_id, last.at, False, last.facts, last.assessment
        )

    def log_unanswered(self, question: str, channel: str) -> None:
        key = " ".join(question.lower().split())
        old = self._unanswered.get(key)
        self._unanswered[key] = UnansweredQuestion(
            question, (old.count if old else 0) + 1, dt.datetime.now(dt.UTC)
        )

    def unanswered(self) -> list[UnansweredQuestion]:
        return sorted(self._unanswered.values(), key=lambda q: -q.count)

    def claim_event(self, event_key: str, *, keep: dt.timedelta = dt.timedelta(days=1)) -> bool:
        if event_key in self._claimed:
            return False
        self._claimed.add(event_key)
        return True

    def audit(self, actor: str, patient_id: str | None, action: str) -> None:
        self._audit.append(AuditEntry(dt.datetime.now(dt.UTC), actor, patient_id, action))

    def audit_log(self, patient_id: str | None = None) -> list[AuditEntry]:
        return [a for a in self._audit if patient_id is None or a.patient_id == patient_id]

    def purge_patient(self, patient_id: str, actor: str) -> dict[str, int]:
        gone = [k for k, r in self._conversations.items() if r.patient_id == patient_id]
        for key in gone:
            del self._conversations[key]
        return {
            "conversations": len(gone),
            "assessments": len(self._assessments.pop(patient_id, [])),
        }

    def purge_older_than(self, days: int, actor: str) -> dict[str, int]:
        return {}

    def schema_version(self) -> int:
        return 0  # nothing is migrated: the store lives only as long as the process

    def close(self) -> None:
        pass

    def __len__(self) -> int:
        return len(self._conversations)
