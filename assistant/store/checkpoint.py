"""Moves SQLite's WAL checkpoints out of the turns: a background thread checkpoints every
so many commits, so no turn pays for copying the WAL back into the database file.

Left to SQLite, the commit that crosses `wal_autocheckpoint` pages runs the checkpoint itself:
with 100,000 stored conversations that single turn took hundreds of milliseconds. A PASSIVE
checkpoint runs beside readers and writers, so the thread never holds a turn up.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import suppress
from pathlib import Path

COMMITS_PER_CHECKPOINT = 100
# SQLite's own checkpoint stays as a backstop, far above what the thread lets the WAL reach.
BACKSTOP_PAGES = 10_000


class Checkpointer:
    def __init__(self, path: Path, busy_timeout_ms: int) -> None:
        self._path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._commits = 0
        self._wake = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def committed(self) -> None:
        """Count one write commit; every COMMITS_PER_CHECKPOINT, wake the thread."""
        with self._lock:
            self._commits += 1
            if self._commits % COMMITS_PER_CHECKPOINT or self._closed:
                return
            if self._thread is None:  # started on demand: short-lived commands never need it
                self._thread = threading.Thread(
                    target=self._run, name="boneguide-sqlite-checkpoint", daemon=True
                )
                self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        try:
            connection.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._closed:
                    return
                # PASSIVE: copy what no reader still needs; never wait, never block a turn.
                with suppress(sqlite3.Error):
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            connection.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join(timeout=30)
