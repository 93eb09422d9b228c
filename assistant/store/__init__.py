"""Conversations, patients and logs: `open_store(url_or_path)` picks SQLite or PostgreSQL.

psycopg is imported only for a `postgresql://` URL, so SQLite users never pay for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

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
    """Open (creating and migrating as needed) the store at a path, `sqlite:///path` or
    `postgresql://...` URL. `now` replaces the clock, for tests of retention."""
    text = url_or_path.strip()
    if not text:
        from assistant.errors import ConfigError

        raise ConfigError("BONEGUIDE_STORE is empty; give a file path or a postgresql:// URL")
    if text.startswith(("postgresql://", "postgres://")):
        from assistant.store.postgres import PostgresStore

        return PostgresStore(text, now)
    if text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite://")
    elif "://" in text:
        from assistant.errors import ConfigError

        raise ConfigError(
            f"BONEGUIDE_STORE={url_or_path!r} is neither a file path, a sqlite:/// URL nor a "
            "postgresql:// URL"
        )
    from assistant.store.sqlite import SqliteStore

    return SqliteStore(text, now)
