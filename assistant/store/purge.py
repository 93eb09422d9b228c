"""Retention: removing a patient's records, or everything untouched for a number of days.

Purging a patient deletes every row that names them, audit rows included, because the audit log
would otherwise keep the fact that this person was a patient. The store then writes one audit
row saying a purge happened, with no patient id, so the deletion itself stays accountable.
The audit log is otherwise kept: retention by age removes clinical data, not the record of access.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.store.sql import SqlStore
    from assistant.store.transactions import Connection

# Tables in the order rows are counted and reported.
TABLES = ("patients", "conversations", "turns", "assessments", "audit", "unanswered")


def _empty() -> dict[str, int]:
    return dict.fromkeys(TABLES, 0)


def remove_patients(store: SqlStore, c: Connection, patient_ids: Sequence[str]) -> dict[str, int]:
    removed = _empty()
    for patient_id in patient_ids:
        # The patient's conversations: those naming them, and those their assessments came
        # from (a conversation may learn the patient id only as it goes).
        conversations = (
            "SELECT conversation_id FROM conversations WHERE patient_id = ? "
            "UNION SELECT conversation_id FROM assessments WHERE patient_id = ? "
            "AND conversation_id IS NOT NULL "
            "UNION SELECT conversation_id FROM patients WHERE patient_id = ? "
            "AND conversation_id IS NOT NULL"
        )
        ids = (patient_id, patient_id, patient_id)
        # Turns reference their conversation, so they go first.
        removed["turns"] += store.q(
            c, f"DELETE FROM turns WHERE conversation_id IN ({conversations})", ids
        ).rowcount
        removed["conversations"] += store.q(
            c, f"DELETE FROM conversations WHERE conversation_id IN ({conversations})", ids
        ).rowcount
        for table in ("assessments", "audit", "patients"):
            removed[table] += store.q(
                c, f"DELETE FROM {table} WHERE patient_id = ?", (patient_id,)
            ).rowcount
    return removed


def remove_older_than(store: SqlStore, c: Connection, cutoff: dt.datetime) -> dict[str, int]:
    from assistant.store.transactions import to_text

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
    removed["turns"] += store.q(
        c,
        "DELETE FROM turns WHERE conversation_id IN "
        "(SELECT conversation_id FROM conversations WHERE updated_at < ?)",
        (stamp,),
    ).rowcount
    removed["conversations"] += store.q(
        c, "DELETE FROM conversations WHERE updated_at < ?", (stamp,)
    ).rowcount
    removed["assessments"] += store.q(c, "DELETE FROM assessments WHERE at < ?", (stamp,)).rowcount
    removed["unanswered"] += store.q(
        c, "DELETE FROM unanswered WHERE last_asked < ?", (stamp,)
    ).rowcount
    return removed


def describe(removed: dict[str, int]) -> str:
    parts = [f"{table}: {count}" for table, count in removed.items() if count]
    return ", ".join(parts) if parts else "nothing"
