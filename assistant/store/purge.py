"""Retention: removing a patient's records, or everything untouched for a number of days.

Purging a patient removes every row holding what they said or what was learnt about them: their
conversations, turns, assessments, and the unanswered questions asked in their conversations.
Their audit rows stay, with the patient id replaced by a keyed hash (`erasure.pseudonym`), so the
record of who saw what survives; retention by age removes clinical data, not that record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.store import erasure
from assistant.store.transactions import to_text

if TYPE_CHECKING:
    from assistant.store.sql import SqlStore
    from assistant.store.transactions import Connection

# Tables in the order rows are counted and reported; `audit` counts rows kept under a hash.
TABLES = ("patients", "conversations", "turns", "assessments", "unanswered", "audit")

# The patient's conversations: those naming them, and those their assessments came from (a
# conversation may learn the patient id only as it goes).
_CONVERSATIONS = (
    "SELECT conversation_id FROM conversations WHERE patient_id = ? "
    "UNION SELECT conversation_id FROM assessments WHERE patient_id = ? "
    "AND conversation_id IS NOT NULL "
    "UNION SELECT conversation_id FROM patients WHERE patient_id = ? "
    "AND conversation_id IS NOT NULL"
)


def _empty() -> dict[str, int]:
    return dict.fromkeys(TABLES, 0)


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def question_key(text: str) -> str:
    """The unanswered log's key: the same words, whatever their spacing and case."""
    return " ".join(text.split()).casefold()


def _forget_questions(store: SqlStore, c: Connection, conversation_ids: Sequence[str]) -> int:
    """Take the questions asked in these conversations out of the unanswered log.

    A question others asked in the same words stays, counted without these asks and in its
    plain lower-case form. Questions logged before asks were linked to conversations are found
    by the text of the conversations' turns.
    """
    if not conversation_ids:
        return 0
    marks = _marks(conversation_ids)
    asks: dict[str, int] = {
        str(key): int(count)
        for key, count in store.q(
            c,
            "SELECT question_key, count(*) FROM unanswered_asks "
            f"WHERE conversation_id IN ({marks}) GROUP BY question_key",
            conversation_ids,
        ).fetchall()
    }
    said: dict[str, int] = {}
    for (text,) in store.q(
        c, f"SELECT user_text FROM turns WHERE conversation_id IN ({marks})", conversation_ids
    ).fetchall():
        if key := question_key(str(text)):
            said[key] = said.get(key, 0) + 1
    # A turn may hold the question among other words; a text asked before linking is found
    # only whole. Either way at least this many asks were this patient's.
    keys = sorted(set(asks) | {key for key in said if key not in asks})
    removed = 0
    for key in keys:
        count = max(asks.get(key, 0), said.get(key, 0))
        store.q(
            c,
            "UPDATE unanswered SET count = count - ?, question = question_key "
            "WHERE question_key = ?",
            (count, key),
        )
        removed += store.q(
            c, "DELETE FROM unanswered WHERE question_key = ? AND count <= 0", (key,)
        ).rowcount
    store.q(c, f"DELETE FROM unanswered_asks WHERE conversation_id IN ({marks})", conversation_ids)
    return removed


def remove_patients(store: SqlStore, c: Connection, patient_ids: Sequence[str]) -> dict[str, int]:
    removed = _empty()
    stamp = to_text(store._now())
    for patient_id in patient_ids:
        ids = (patient_id, patient_id, patient_id)
        # Wait for any turn in the patient's conversations to end (row locks, PostgreSQL),
        # then hold off new writes naming them until this commits: rows first, as turns lock.
        store.q(
            c,
            f"SELECT conversation_id FROM conversations WHERE conversation_id IN ({_CONVERSATIONS})"
            + store.LOCK_ROW,
            ids,
        ).fetchall()
        erasure.lock_patient(store, c, patient_id)
        conversations = [str(row[0]) for row in store.q(c, _CONVERSATIONS, ids).fetchall()]
        removed["unanswered"] += _forget_questions(store, c, conversations)
        marks = _marks(conversations) or "NULL"
        # Turns reference their conversation, so they go first.
        removed["turns"] += store.q(
            c, f"DELETE FROM turns WHERE conversation_id IN ({marks})", conversations
        ).rowcount
        removed["conversations"] += store.q(
            c, f"DELETE FROM conversations WHERE conversation_id IN ({marks})", conversations
        ).rowcount
        for table in ("assessments", "patients"):
            removed[table] += store.q(
                c, f"DELETE FROM {table} WHERE patient_id = ?", (patient_id,)
            ).rowcount
        removed["audit"] += store.q(
            c,
            "UPDATE audit SET patient_id = ? WHERE patient_id = ?",
            (erasure.pseudonym(store, c, patient_id), patient_id),
        ).rowcount
        erasure.mark_erased(store, c, patient_id, conversations, stamp)
    return removed


def remove_older_than(store: SqlStore, c: Connection, cutoff: dt.datetime) -> dict[str, int]:
    stamp = to_text(cutoff)
    stale = [
        row[0]
        for row in store.q(
            c,
            "SELECT patient_id FROM patients WHERE updated_at < ? AND NOT EXISTS (SELECT 1 FROM "
            "conversations WHERE conversations.patient_id = patients.patient_id "
            "AND conversations.updated_at >= ?) ORDER BY patient_id",
            (stamp, stamp),
        ).fetchall()
    ]
    removed = remove_patients(store, c, stale)
    # What remains old belongs to patients still active, or to no patient (anonymous chats).
    old = "SELECT conversation_id FROM conversations WHERE updated_at < ?"
    store.q(c, f"DELETE FROM unanswered_asks WHERE conversation_id IN ({old})", (stamp,))
    removed["turns"] += store.q(
        c, f"DELETE FROM turns WHERE conversation_id IN ({old})", (stamp,)
    ).rowcount
    removed["conversations"] += store.q(
        c, "DELETE FROM conversations WHERE updated_at < ?", (stamp,)
    ).rowcount
    removed["assessments"] += store.q(c, "DELETE FROM assessments WHERE at < ?", (stamp,)).rowcount
    removed["unanswered"] += store.q(
        c, "DELETE FROM unanswered WHERE last_asked < ?", (stamp,)
    ).rowcount
    store.q(c, "DELETE FROM unanswered_asks WHERE asked_at < ?", (stamp,))
    return removed


def describe(removed: dict[str, int]) -> str:
    parts = [
        f"audit rows kept with the patient id hashed: {count}"
        if table == "audit"
        else f"{table}: {count}"
        for table, count in removed.items()
        if count
    ]
    return ", ".join(parts) if parts else "nothing"
