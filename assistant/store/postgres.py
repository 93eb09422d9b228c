"""The PostgreSQL backend, for several replicas sharing one database.

A turn locks only its own conversation row (`SELECT ... FOR UPDATE`), so different
conversations proceed in parallel while messages for the same one are serialised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar, cast
from urllib.parse import urlsplit, urlunsplit

import psycopg
import psycopg.errors
from psycopg.conninfo import conninfo_to_dict

from assistant.errors import BoneGuideError, ConversationBusy, StoreUnavailable
from assistant.store import migrations
from assistant.store.sql import SqlStore
from assistant.store.transactions import Connection

CONNECT_TIMEOUT_S = 5
LOCK_TIMEOUT = "10s"
# Any constant works: it names "BoneGuide migrations" among the database's advisory locks.
MIGRATION_LOCK_KEY = 0x0B0E6D1DE


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresStore(SqlStore):
    LOCK_ROW: ClassVar[str] = " FOR UPDATE"
    MIGRATIONS: ClassVar[tuple[str, ...]] = migrations.POSTGRES

    def __init__(self, url: str, now: Callable[[], dt.datetime] | None = None) -> None:
        self._dsn = url
        self._queries: dict[str, str] = {}
        super().__init__(without_password(url), now)

    def _connect(self) -> Connection:
        # lock_timeout goes with the connection request (no extra round trip), added to any
        # options the URL already carries (a search_path, say).
        options = conninfo_to_dict(self._dsn).get("options") or ""
        connection = psycopg.connect(
            self._dsn,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            options=f"{options} -c lock_timeout={LOCK_TIMEOUT}".strip(),
        )
        return cast(Connection, connection)

    def _sql(self, query: str) -> str:
        # Queries are written once with SQLite's `?`; none holds a literal `?` or `%`.
        translated = self._queries.get(query)
        if translated is None:
            translated = self._queries[query] = query.replace("?", "%s")
        return translated

    def _lock_migrations(self, connection: Connection) -> None:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_KEY,))

    def lock_key(self, connection: Connection, key: int) -> None:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (key,))

    def _stale(self, error: Exception) -> bool:
        return isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)

    def _translate(self, error: Exception) -> BoneGuideError | None:
        if isinstance(error, BoneGuideError):
            return error
        if isinstance(error, psycopg.errors.LockNotAvailable):
            return ConversationBusy(
                f"a conversation in the store at {self.url} stayed locked by another process "
                f"for more than {LOCK_TIMEOUT}; try again"
            )
        if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
            reason = " ".join(str(error).split()) or error.__class__.__name__
            return StoreUnavailable(
                f"cannot reach the PostgreSQL store at {self.url}: {reason}; check that the "
                "server is running and accepts connections, or set BONEGUIDE_STORE to another "
                "database"
            )
        return None
