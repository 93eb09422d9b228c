"""What stands for an erased patient: keyed hashes (HMAC-SHA256 under the store's own secret).

The audit rows of a purged patient keep `hmac-sha256:<hex>` in place of their id, so the record
of who saw what survives the erasure without naming them. The table `erased` holds the hashes of
purged patients and conversations; a turn or assessment that would write a row naming one of
them is refused, so a chat still open during the purge cannot bring the patient back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.errors import RecordsErased

if TYPE_CHECKING:
    from assistant.store.sql import SqlStore
    from assistant.store.transactions import Connection

SECRET_NAME = "erasure"
PSEUDONYM_PREFIX = "hmac-sha256:"


def _key(store: SqlStore, c: Connection) -> bytes:
    if store.erasure_key is None:
        row = store.q(c, "SELECT secret FROM store_secret WHERE name = ?", (SECRET_NAME,))
        found = row.fetchone()
        if found is None:  # removed by hand: a new one serves every purge from now on
            store.q(
                c,
                "INSERT INTO store_secret (name, secret) VALUES (?, ?) "
                "ON CONFLICT (name) DO NOTHING",
                (SECRET_NAME, secrets.token_hex(32)),
            )
            found = store.q(
                c, "SELECT secret FROM store_secret WHERE name = ?", (SECRET_NAME,)
            ).fetchone()
        store.erasure_key = str(found[0]).encode()
    return store.erasure_key


def _digest(key: bytes, kind: str, value: str) -> str:
    return hmac.new(key, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()


def pseudonym(store: SqlStore, c: Connection, patient_id: str) -> str:
    """What the audit log holds instead of an erased patient's id: the same id, the same hash."""
    return PSEUDONYM_PREFIX + _digest(_key(store, c), "patient", patient_id)


def _digests(
    store: SqlStore, c: Connection, patient_id: str | None, conversation_ids: Iterable[str]
) -> list[str]:
    key = _key(store, c)
    found = [_digest(key, "conversation", cid) for cid in conversation_ids]
    return found + ([_digest(key, "patient", patient_id)] if patient_id else [])


def lock_patient(store: SqlStore, c: Connection, patient_id: str | None) -> None:
    """Serialise a purge with any write naming the same patient (PostgreSQL; SQLite has one
    writer at a time already). Keyed, so the lock's number says nothing about the id."""
    if patient_id:
        store.lock_key(c, int(_digest(_key(store, c), "lock", patient_id)[:15], 16))


def refuse_erased(
    store: SqlStore, c: Connection, conversation_id: str | None, patient_id: str | None
) -> None:
    """Raise RecordsErased when the conversation or the patient was purged."""
    lock_patient(store, c, patient_id)
    digests = _digests(store, c, patient_id, [conversation_id] if conversation_id else [])
    marks = ", ".join("?" for _ in digests)
    if store.q(c, f"SELECT 1 FROM erased WHERE digest IN ({marks})", digests).fetchone():
        raise RecordsErased


def mark_erased(
    store: SqlStore, c: Connection, patient_id: str, conversation_ids: Iterable[str], stamp: str
) -> None:
    for digest in _digests(store, c, patient_id, conversation_ids):
        store.q(
            c,
            "INSERT INTO erased (digest, erased_at) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING",
            (digest, stamp),
        )
