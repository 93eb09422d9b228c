"""The SQLite backend: one file in WAL mode, a turn is a `BEGIN IMMEDIATE` transaction.

SQLite has a single writer, so a turn holds the write lock of the whole file for the few
hundred microseconds it takes; other processes wait on `busy_timeout` rather than fail.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Literal, cast

from assistant.errors import BoneGuideError, ConversationBusy, StoreUnavailable
from assistant.store import migrations
from assistant.store.checkpoint import BACKSTOP_PAGES, Checkpointer
from assistant.store.sql import SqlStore
from assistant.store.transactions import Connection

BUSY_TIMEOUT_MS = 10_000
WAL_SIZE_LIMIT = 64 * 1024 * 1024
Synchronous = Literal["NORMAL", "FULL"]
# Primary result codes of a write the disk refused: full, an I/O error, a read-only file.
WRITE_FAILURES = (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY)


class SqliteStore(SqlStore):
    BEGIN: ClassVar[str] = "BEGIN IMMEDIATE"  # take the write lock now, not at the first write
    # Readers see the last commit from the WAL while a turn writes, and never block it.
    BEGIN_READ: ClassVar[str] = "BEGIN DEFERRED"
    MIGRATIONS: ClassVar[tuple[str, ...]] = migrations.SQLITE

    def __init__(
        self,
        path: str | Path,
        now: Callable[[], dt.datetime] | None = None,
        synchronous: Synchronous = "NORMAL",
    ) -> None:
        self.path = Path(path).expanduser()
        self.synchronous = synchronous
        self._checkpointer = Checkpointer(self.path, BUSY_TIMEOUT_MS)
        self._prepare_file()
        super().__init__(str(self.path), now)

    def _prepare_file(self) -> None:
        # The file holds health data: owner-only directory and file, created before SQLite
        # would create them with the process umask.
        try:
            if not self.path.parent.exists():
                self.path.parent.mkdir(mode=0o700, parents=True)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as error:
            raise StoreUnavailable(
                f"cannot create the SQLite store at {self.path}: {error.strerror}; set "
                "BONEGUIDE_STORE to a file in a directory you can write to"
            ) from error

    def _connect(self) -> Connection:
        connection = sqlite3.connect(
            self.path,
            isolation_level=None,  # we issue BEGIN/COMMIT ourselves
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,  # each thread still gets its own connection
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            # NORMAL (the default) in WAL mode: a commit is written to the WAL before it
            # returns, so it survives the process being killed at any moment (tested by 200
            # kill -9 trials) and the file is never corrupted; only an OS crash or power loss
            # can roll back the last commits. FULL adds an fsync per turn to cover that too,
            # at several milliseconds a turn on common disks (`boneguide bench store`).
            connection.execute(f"PRAGMA synchronous = {self.synchronous}")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute(f"PRAGMA wal_autocheckpoint = {BACKSTOP_PAGES}")
            # After a checkpoint lets the WAL start over, cut the file back to this size.
            connection.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
        except sqlite3.Error as error:
            connection.close()
            raise self._unavailable(error) from error
        return cast(Connection, connection)

    def _unavailable(self, error: Exception) -> StoreUnavailable:
        return StoreUnavailable(
            f"cannot open the SQLite store at {self.path}: {error}; check that the file is a "
            "BoneGuide database you can read and write, or set BONEGUIDE_STORE to another path"
        )

    def _translate(self, error: Exception) -> BoneGuideError | None:
        if isinstance(error, BoneGuideError):
            return error
        if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
            return ConversationBusy(
                f"the store at {self.path} stayed locked by another process for more than "
                f"{BUSY_TIMEOUT_MS // 1000} s; try again"
            )
        if getattr(error, "sqlite_errorcode", 0) & 0xFF in WRITE_FAILURES:
            return StoreUnavailable(
                f"the SQLite store at {self.path} could not be written ({error}); check that "
                "its disk has free space and that the file is writable"
            )
        if isinstance(error, sqlite3.DatabaseError) and not isinstance(
            error, sqlite3.IntegrityError | sqlite3.ProgrammingError
        ):
            return self._unavailable(error)
        return None

    def _committed(self) -> None:
        self._checkpointer.committed()

    def close(self) -> None:
        self._checkpointer.close()
        super().close()

    def integrity_check(self) -> str:
        with self.transaction() as c:
            return str(c.execute("PRAGMA integrity_check").fetchone()[0])
