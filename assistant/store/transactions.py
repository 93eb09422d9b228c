"""Transactions for the SQL backends: pooled connections, nested blocks join the outer
transaction, driver errors become the product's store errors, migrations run on open.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar, NoReturn, Protocol, cast

from assistant.errors import BoneGuideError, SchemaTooNew, StoreUnavailable
from assistant.json_types import JSON, JSONObject
from assistant.store import migrations
from assistant.store.pool import ConnectionPool


class Cursor(Protocol):
    rowcount: int

    # A row's column types are the driver's (SQLite's TEXT timestamps, PostgreSQL's JSONB and
    # TIMESTAMPTZ): the readers below, not the type, decide what each column holds.
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor: ...

    def close(self) -> None: ...


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_text(moment: dt.datetime) -> str:
    # One fixed format, so SQLite's text timestamps sort and compare in time order.
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def from_db_time(value: str | dt.datetime) -> dt.datetime:
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return moment.astimezone(dt.UTC)


def to_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def from_db_json(value: object) -> JSON:
    # PostgreSQL's JSONB arrives decoded (by psycopg, into these same types); SQLite's TEXT
    # does not.
    return cast(JSON, json.loads(value) if isinstance(value, str) else value)


def json_object(value: object) -> JSONObject:
    """A stored JSON object, or ValueError saying what the row holds instead (a row edited by
    hand, or written by another program)."""
    try:
        decoded = from_db_json(value)
    except (ValueError, RecursionError):  # json.JSONDecodeError is a ValueError
        raise ValueError("its data is not JSON") from None
    if not isinstance(decoded, dict):
        raise ValueError(f"its data is JSON of type {type(decoded).__name__}, not an object")
    return decoded


class _ThreadState(threading.local):
    connection: Connection | None = None  # borrowed for this thread's open transaction
    depth: int = 0  # nesting of `transaction()` blocks on this thread
    turn: str | None = None  # the conversation whose turn this thread is in, if any


class TransactionalStore:
    """Each public method is one transaction on a pooled connection, or joins the transaction
    of an enclosing `turn` on the same thread (so an assessment recorded during a turn commits
    with it)."""

    BEGIN: ClassVar[str] = "BEGIN"  # a transaction that writes
    BEGIN_READ: ClassVar[str] = "BEGIN"  # one that only reads: never waits for a writer
    LOCK_ROW: ClassVar[str] = ""  # appended to the SELECT that reads a turn's conversation
    MIGRATIONS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, url: str, now: Callable[[], dt.datetime] | None = None) -> None:
        self.url = url
        self._now = now or utc_now
        self._local = _ThreadState()
        self._pool = ConnectionPool(self._connect)
        try:
            self._migrate()
        except BaseException:  # a schema too new, say: the caller gets no store to close
            self._pool.close()
            raise

    # -- what a backend provides ------------------------------------------------------------

    def _connect(self) -> Connection:
        raise NotImplementedError

    def _sql(self, query: str) -> str:
        """The query in the backend's parameter style (written here with `?`)."""
        return query

    def _translate(self, error: Exception) -> BoneGuideError | None:
        """A product error for a driver exception, or None to let it propagate."""
        return None

    def _stale(self, error: Exception) -> bool:
        """Whether `error`, raised by BEGIN on a reused connection, means it is dead."""
        return False

    def _lock_migrations(self, connection: Connection) -> None:
        """Serialise concurrent first opens (SQLite's BEGIN IMMEDIATE already does)."""

    def lock_key(self, connection: Connection, key: int) -> None:
        """Hold a lock named by `key` until the transaction ends (SQLite: the write lock the
        transaction already holds serialises everything)."""

    def _committed(self) -> None:
        """Called after each write transaction commits."""

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Connection]:
        state = self._local
        if state.depth:
            assert state.connection is not None
            state.depth += 1
            try:
                yield state.connection
            finally:
                state.depth -= 1
            return
        connection = self._begin(self.BEGIN if write else self.BEGIN_READ)
        state.connection, state.depth = connection, 1
        try:
            yield connection
        except BaseException as error:
            state.connection, state.depth = None, 0
            try:
                connection.execute("ROLLBACK")
            except Exception:  # the connection died: drop it, report the first error
                self._pool.discard(connection)
            else:
                self._release(connection, error)
            if isinstance(error, Exception):
                self._raise_translated(error)
            raise
        state.connection, state.depth = None, 0
        try:
            connection.execute("COMMIT")
        except Exception as error:
            self._release(connection, error)
            self._raise_translated(error)
        self._pool.give_back(connection)
        if write:
            self._committed()

    def _release(self, connection: Connection, error: BaseException) -> None:
        """Give the connection back, unless `error` says it can no longer be trusted."""
        translated = self._translate(error) if isinstance(error, Exception) else None
        if isinstance(translated, StoreUnavailable):
            self._pool.discard(connection)
        else:
            self._pool.give_back(connection)

    def _begin(self, begin: str) -> Connection:
        try:
            connection, reused = self._pool.borrow()
        except Exception as error:
            self._raise_translated(error)
        try:
            connection.execute(begin)
            return connection
        except Exception as error:
            if not (reused and self._stale(error)):
                self._release(connection, error)
                self._raise_translated(error)
            self._pool.discard(connection)
        # The idle connection died (a database restart, an idle timeout): nothing was done on
        # it yet, so one fresh connection is safe to try.
        try:
            connection = self._pool.connect()
            connection.execute(begin)
        except Exception as error:
            self._raise_translated(error)
        return connection

    def _raise_translated(self, error: Exception) -> NoReturn:
        translated = self._translate(error)
        if translated is None or translated is error:
            raise error
        raise translated from error

    def q(self, connection: Connection, query: str, params: Sequence[object] = ()) -> Cursor:
        return connection.execute(self._sql(query), params)

    def _peek_version(self) -> int | None:
        """The schema version read without a transaction or lock, or None if it cannot be."""
        try:
            connection, _ = self._pool.borrow()
        except Exception as error:
            self._raise_translated(error)
        try:
            row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
        except Exception:  # no such table yet, or worse: the locked path below will tell
            return None
        finally:
            self._pool.give_back(connection)
        return int(row[0]) if row and row[0] is not None else None

    def _check_not_newer(self, current: int) -> None:
        known = len(self.MIGRATIONS)
        if current > known:
            raise SchemaTooNew(
                f"the store at {self.url} has schema version {current}, but this program "
                f"knows only up to {known}; upgrade boneguide, or point BONEGUIDE_STORE "
                "at another store"
            )

    def _migrate(self) -> None:
        # Every process start opens the store: when the schema is current, one plain read
        # suffices, without taking the write lock that migrating needs.
        peeked = self._peek_version()
        if peeked is not None:
            self._check_not_newer(peeked)
            if peeked == len(self.MIGRATIONS):
                return
        with self.transaction() as c:
            self._lock_migrations(c)
            c.execute(migrations.VERSION_TABLE)
            row = c.execute("SELECT max(version) FROM schema_version").fetchone()
            current = int(row[0]) if row and row[0] is not None else 0
            self._check_not_newer(current)
            known = len(self.MIGRATIONS)
            for number in range(current + 1, known + 1):
                for statement in migrations.statements(self.MIGRATIONS[number - 1]):
                    c.execute(statement)
                self.q(c, "INSERT INTO schema_version (version) VALUES (?)", (number,))

    def schema_version(self) -> int:
        with self.transaction(write=False) as c:
            row = c.execute("SELECT max(version) FROM schema_version").fetchone()
            return int(row[0] or 0)

    def close(self) -> None:
        self._pool.close()
