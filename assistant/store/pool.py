"""Idle database connections kept for reuse.

A transaction borrows a connection and gives it back when it ends, so threads that come and go
(a threaded HTTP server starts one per request) never leave connections open behind them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.store.transactions import Connection

KEEP_IDLE = 8  # more idle connections than this are closed rather than kept


class ConnectionPool:
    def __init__(self, connect: Callable[[], Connection], keep_idle: int = KEEP_IDLE) -> None:
        self._connect = connect
        self._keep_idle = keep_idle
        self._idle: list[Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def borrow(self) -> tuple[Connection, bool]:
        """A connection, and whether it was used before (and so may have died while idle)."""
        with self._lock:
            if self._idle:
                return self._idle.pop(), True
        return self._connect(), False

    def connect(self) -> Connection:
        """A new connection, never an idle one."""
        return self._connect()

    def give_back(self, connection: Connection) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < self._keep_idle:
                self._idle.append(connection)
                return
        self.discard(connection)

    @staticmethod
    def discard(connection: Connection) -> None:
        with suppress(Exception):  # it may be broken already; we only release it
            connection.close()

    def close(self) -> None:
        """Close the idle connections; those still borrowed are closed when given back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for connection in idle:
            self.discard(connection)
