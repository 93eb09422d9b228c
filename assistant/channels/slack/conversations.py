"""Which conversation a Slack message belongs to: one per (team, channel, thread, user).

Keying on the user as well as the thread means two people answering in one thread never write into
each other's conversation; a DM's top level is its own thread, named `main`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

TOP_LEVEL = "main"


def conversation_id(team: str, channel: str, thread_ts: str | None, user: str) -> str:
    return f"slack:{team}:{channel}:{thread_ts or TOP_LEVEL}:{user}"


class KeyedLocks:
    """One lock per conversation, so a person's quick successive messages are answered in order
    while other conversations proceed in parallel; idle locks are forgotten beyond `capacity`."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._locks: OrderedDict[str, threading.Lock] = OrderedDict()
        self._guard = threading.Lock()

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks.get(key)
            if lock is None:
                lock = self._locks[key] = threading.Lock()
            self._locks.move_to_end(key)
            while len(self._locks) > self._capacity:
                oldest, candidate = next(iter(self._locks.items()))
                if candidate.locked():
                    break
                del self._locks[oldest]
        with lock:
            yield
