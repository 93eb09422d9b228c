"""The store's queries, shared by the SQLite and PostgreSQL backends.

A backend supplies connections, its dialect of locking (BEGIN IMMEDIATE or SELECT ... FOR UPDATE)
and its migrations; everything a conversation, patient or log row means is written once, here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from assistant.errors import RecordUnreadable
from assistant.json_types import JSONObject
from assistant.store import erasure, purge
from assistant.store.base import (
    AssessmentRecord,
    AuditEntry,
    ConversationRecord,
    PatientSummary,
    TurnRecord,
    UnansweredQuestion,
)
from assistant.store.transactions import (
    Connection,
    TransactionalStore,
    from_db_json,
    from_db_time,
    json_object,
    to_json,
    to_text,
)


class SqlStore(TransactionalStore):
    """Every method of the `Store` protocol, in SQL both backends accept."""

    erasure_key: bytes | None = None  # the store's secret for keyed hashes, read once

    # -- conversations --------------------------------------------------------------------------

    _CONVERSATION = (
        "SELECT conversation_id, patient_id, channel, state, data, finished, version, "
        "created_at, updated_at FROM conversations"
    )

    @staticmethod
    def _conversation(row: Sequence[Any]) -> ConversationRecord:
        try:
            data = json_object(row[4])
        except ValueError as error:
            raise RecordUnreadable.conversation(row[0], row[1], str(error)) from None
        return ConversationRecord(
            conversation_id=row[0],
            patient_id=row[1],
            channel=row[2],
            state=row[3],
            data=data,
            finished=bool(row[5]),
            version=int(row[6]),
            created_at=from_db_time(row[7]),
            updated_at=from_db_time(row[8]),
        )

    @contextmanager
    def turn(self, conversation_id: str) -> Iterator[SqlTurn]:
        lock = self._CONVERSATION + " WHERE conversation_id = ?" + self.LOCK_ROW
        with self.transaction() as c:
            row = self.q(c, lock, (conversation_id,)).fetchone()
            if row is None:
                # A new conversation: create its row (version 0 = not yet saved) and lock that,
                # so two processes starting the same conversation serialise on the row instead
                # of both seeing "no row".
                stamp = to_text(self._now())
                self.q(
                    c,
                    "INSERT INTO conversations (conversation_id, patient_id, channel, state, "
                    "data, finished, version, created_at, updated_at) VALUES (?, NULL, '', '', "
                    "'{}', ?, 0, ?, ?) ON CONFLICT (conversation_id) DO NOTHING",
                    (conversation_id, False, stamp, stamp),
                )
                row = self.q(c, lock, (conversation_id,)).fetchone()
            turn = SqlTurn(self, c, self._conversation(row))
            self._local.turn = conversation_id  # what an unanswered question is linked to
            try:
                yield turn
            finally:
                self._local.turn = None
            if not turn.saved and turn.record is None:
                self.q(
                    c,
                    "DELETE FROM conversations WHERE conversation_id = ? AND version = 0",
                    (conversation_id,),
                )

    def get(self, conversation_id: str) -> ConversationRecord | None:
        with self.transaction(write=False) as c:
            row = self.q(
                c,
                self._CONVERSATION + " WHERE conversation_id = ? AND version > 0",
                (conversation_id,),
            ).fetchone()
        return None if row is None else self._conversation(row)

    def turns(self, conversation_id: str) -> list[TurnRecord]:
        with self.transaction(write=False) as c:
            rows = self.q(
                c,
                "SELECT conversation_id, seq, user_text, replies, at FROM turns "
                "WHERE conversation_id = ? ORDER BY seq",
                (conversation_id,),
            ).fetchall()
        return [
            TurnRecord(r[0], int(r[1]), r[2], from_db_json(r[3]), from_db_time(r[4])) for r in rows
        ]

    def latest_for_patient(self, patient_id: str) -> ConversationRecord | None:
        with self.transaction(write=False) as c:
            row = self.q(
                c,
                self._CONVERSATION + " WHERE patient_id = ? AND version > 0 "
                "ORDER BY updated_at DESC, conversation_id DESC LIMIT 1",
                (patient_id,),
            ).fetchone()
        return None if row is None else self._conversation(row)

    # -- patients and assessments ---------------------------------------------------------------

    def _touch_patient(
        self, c: Connection, patient_id: str, conversation_id: str | None, stamp: str
    ) -> None:
        self.q(
            c,
            "INSERT INTO patients (patient_id, conversation_id, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (patient_id) DO UPDATE SET updated_at = excluded.updated_at, "
            "conversation_id = COALESCE(excluded.conversation_id, patients.conversation_id)",
            (patient_id, conversation_id, stamp),
        )

    def record_assessment(
        self,
        patient_id: str,
        conversation_id: str | None,
        facts: JSONObject,
        assessment: JSONObject,
    ) -> None:
        with self.transaction() as c:
            erasure.refuse_erased(self, c, conversation_id, patient_id)
            stamp = to_text(self._now())
            self._touch_patient(c, patient_id, conversation_id, stamp)
            facts_json, assessment_json = to_json(facts), to_json(assessment)
            self.q(
                c,
                "UPDATE patients SET facts = ?, assessment = ? WHERE patient_id = ?",
                (facts_json, assessment_json, patient_id),
            )
            self.q(
                c,
                "INSERT INTO assessments (patient_id, conversation_id, facts, assessment, at) "
                "VALUES (?, ?, ?, ?, ?)",
                (patient_id, conversation_id, facts_json, assessment_json, stamp),
            )

    def assessments(self, patient_id: str) -> list[AssessmentRecord]:
        with self.transaction(write=False) as c:
            rows = self.q(
                c,
                "SELECT patient_id, conversation_id, facts, assessment, at FROM assessments "
                "WHERE patient_id = ? ORDER BY id",
                (patient_id,),
            ).fetchall()
        return [self._assessment(row) for row in rows]

    @staticmethod
    def _assessment(row: Sequence[Any]) -> AssessmentRecord:
        try:
            facts, assessment = json_object(row[2]), json_object(row[3])
        except ValueError as error:
            what = f"an assessment in the history of patient {row[0]}"
            raise RecordUnreadable(what, row[0], str(error)) from None
        return AssessmentRecord(row[0], row[1], facts, assessment, from_db_time(row[4]))

    _PATIENT = (
        "SELECT p.patient_id, p.conversation_id, p.updated_at, c.finished, p.facts, "
        "p.assessment FROM patients p "
        "LEFT JOIN conversations c ON c.conversation_id = p.conversation_id"
    )

    @staticmethod
    def _patient(row: Sequence[Any]) -> PatientSummary:
        facts: JSONObject | None = None
        assessment: JSONObject | None = None
        problem: str | None = None
        try:  # a listing goes on past an unreadable patient row, flagging it
            facts = None if row[4] is None else json_object(row[4])
            assessment = None if row[5] is None else json_object(row[5])
        except ValueError as error:
            facts = assessment = None
            problem = str(error)
        return PatientSummary(
            patient_id=row[0],
            conversation_id=row[1],
            updated_at=from_db_time(row[2]),
            finished=bool(row[3]),
            facts=facts,
            assessment=assessment,
            problem=problem,
        )

    def patients(self) -> Iterator[PatientSummary]:
        with self.transaction(write=False) as c:
            rows = self.q(c, self._PATIENT + " ORDER BY p.patient_id").fetchall()
        return iter([self._patient(row) for row in rows])

    def patient(self, patient_id: str) -> PatientSummary | None:
        with self.transaction(write=False) as c:
            row = self.q(c, self._PATIENT + " WHERE p.patient_id = ?", (patient_id,)).fetchone()
        return None if row is None else self._patient(row)

    # -- logs ---------------------------------------------------------------------------------

    def log_unanswered(self, question: str, channel: str) -> None:
        text = " ".join(question.split())
        if not text:
            return
        with self.transaction() as c:
            stamp = to_text(self._now())
            self.q(
                c,
                "INSERT INTO unanswered (question_key, question, channel, count, first_asked, "
                "last_asked) VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (question_key) DO UPDATE SET "
                "count = unanswered.count + 1, last_asked = excluded.last_asked, "
                "question = excluded.question, channel = excluded.channel",
                (text.casefold(), text, channel, stamp, stamp),
            )
            if self._local.turn is not None:  # asked in a conversation: purge must find it
                self.q(
                    c,
                    "INSERT INTO unanswered_asks (question_key, conversation_id, asked_at) "
                    "VALUES (?, ?, ?)",
                    (text.casefold(), self._local.turn, stamp),
                )

    def claim_event(self, event_key: str, *, keep: dt.timedelta = dt.timedelta(days=1)) -> bool:
        """True for the first claim of `event_key` by any process sharing this store.

        Several bot replicas receive Slack's retries of one event; the primary key lets exactly
        one of them win. Claims older than `keep` are forgotten (Slack retries within minutes).
        """
        with self.transaction() as c:
            now = self._now()
            self.q(c, "DELETE FROM claimed_events WHERE claimed_at < ?", (to_text(now - keep),))
            cursor = self.q(
                c,
                "INSERT INTO claimed_events (event_key, claimed_at) VALUES (?, ?) "
                "ON CONFLICT (event_key) DO NOTHING",
                (event_key, to_text(now)),
            )
            return cursor.rowcount == 1

    def unanswered(self) -> list[UnansweredQuestion]:
        with self.transaction(write=False) as c:
            rows = self.q(
                c,
                "SELECT question, count, last_asked FROM unanswered "
                "ORDER BY count DESC, last_asked DESC, question_key",
            ).fetchall()
        return [UnansweredQuestion(r[0], int(r[1]), from_db_time(r[2])) for r in rows]

    def audit(self, actor: str, patient_id: str | None, action: str) -> None:
        with self.transaction() as c:
            self.q(
                c,
                "INSERT INTO audit (at, actor, patient_id, action) VALUES (?, ?, ?, ?)",
                (to_text(self._now()), actor, patient_id, action),
            )

    def audit_log(self, patient_id: str | None = None) -> list[AuditEntry]:
        query = "SELECT at, actor, patient_id, action FROM audit"
        params: tuple[str, ...] = ()
        if patient_id is not None:
            query, params = query + " WHERE patient_id = ?", (patient_id,)
        with self.transaction(write=False) as c:
            rows = self.q(c, query + " ORDER BY id", params).fetchall()
        return [AuditEntry(from_db_time(r[0]), r[1], r[2], r[3]) for r in rows]

    def purge_patient(self, patient_id: str, actor: str) -> dict[str, int]:
        with self.transaction() as c:
            removed = purge.remove_patients(self, c, [patient_id])
            if any(removed.values()):
                self.audit(
                    actor,
                    erasure.pseudonym(self, c, patient_id),
                    f"purged one patient's records ({purge.describe(removed)})",
                )
        return removed

    def purge_older_than(self, days: int, actor: str) -> dict[str, int]:
        with self.transaction() as c:
            removed = purge.remove_older_than(self, c, self._now() - dt.timedelta(days=days))
            self.audit(
                actor, None, f"purged records untouched for {days} days ({purge.describe(removed)})"
            )
        return removed


class SqlTurn:
    """The open transaction of one `store.turn(...)` block."""

    def __init__(self, store: SqlStore, connection: Connection, row: ConversationRecord) -> None:
        self._store = store
        self._connection = connection
        self._conversation_id = row.conversation_id
        self._version = row.version
        self._created_at = row.created_at
        self.record: ConversationRecord | None = row if row.version > 0 else None
        self.saved = False

    def save(
        self, record: ConversationRecord, user_text: str, replies: list[dict[str, str]]
    ) -> None:
        if record.conversation_id != self._conversation_id:
            raise ValueError(
                f"turn for {self._conversation_id!r} cannot save {record.conversation_id!r}"
            )
        store, c = self._store, self._connection
        erasure.refuse_erased(store, c, record.conversation_id, record.patient_id)
        now = store._now()
        stamp, version = to_text(now), self._version + 1
        if self._version == 0 or self._created_at is None:
            self._created_at = now  # the first save creates the conversation
        store.q(
            c,
            "UPDATE conversations SET patient_id = ?, channel = ?, state = ?, data = ?, "
            "finished = ?, version = ?, created_at = ?, updated_at = ? WHERE conversation_id = ?",
            (
                record.patient_id,
                record.channel,
                record.state,
                to_json(record.data),
                bool(record.finished),
                version,
                to_text(self._created_at),
                stamp,
                record.conversation_id,
            ),
        )
        store.q(
            c,
            "INSERT INTO turns (conversation_id, seq, user_text, replies, at) "
            "VALUES (?, ?, ?, ?, ?)",
            (record.conversation_id, version, user_text, to_json(replies), stamp),
        )
        if record.patient_id:
            store._touch_patient(c, record.patient_id, record.conversation_id, stamp)
        self._version = version
        record.version, record.created_at, record.updated_at = version, self._created_at, now
        self.record = record
        self.saved = True
