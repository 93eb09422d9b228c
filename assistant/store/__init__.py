"""Conversations, patients and logs: `open_store(url_or_path)` picks SQLite or PostgreSQL.

psycopg is imported only for a `postgresql://` URL, so SQLite users never pay for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import parse_qsl

from assistant.errors import ConfigError
from assistant.store.base import (
    AssessmentRecord,
    AuditEntry,
    ConversationRecord,
    PatientSummary,
    Store,
    Turn,
    TurnRecord,
    UnansweredQuestion,
)
from assistant.store.sqlite import SqliteStore, Synchronous

__all__ = [
    "AssessmentRecord",
    "AuditEntry",
    "ConversationRecord",
    "PatientSummary",
    "Store",
    "Turn",
    "TurnRecord",
    "UnansweredQuestion",
    "open_store",
]


def open_store(url_or_path: str, *, now: Callable[[], dt.datetime] | None = None) -> Store:
    """Open (creating and migrating as needed) the store at a path, a `sqlite:///path` URL
    (`?synchronous=full` to fsync every turn) or a `postgresql://...` URL. `now` replaces the
    clock, for tests of retention."""
    text = url_or_path.strip()
    if not text:
        raise ConfigError("BONEGUIDE_STORE is empty; give a file path or a postgresql:// URL")
    if text.startswith(("postgresql://", "postgres://")):
        from assistant.store.postgres import PostgresStore  # lazy: psycopg, PostgreSQL only

        return PostgresStore(text, now)
    synchronous: Synchronous = "NORMAL"
    if text.startswith("sqlite:///"):
        text, _, query = text.removeprefix("sqlite://").partition("?")
        for key, value in parse_qsl(query, keep_blank_values=True):
            if key != "synchronous" or value.upper() not in ("NORMAL", "FULL"):
                raise ConfigError(
                    f"BONEGUIDE_STORE={url_or_path!r}: {key}={value!r} is not a setting of the "
                    "SQLite store; the only one is synchronous=normal|full"
                )
            synchronous = "FULL" if value.upper() == "FULL" else "NORMAL"
    elif "://" in text:
        raise ConfigError(
            f"BONEGUIDE_STORE={url_or_path!r} is neither a file path, a sqlite:/// URL nor a "
            "postgresql:// URL"
        )
    return SqliteStore(text, now, synchronous)
