"""Remembers events already taken, so Slack's retries and duplicate deliveries get no second reply.

In-process and bounded: ids live for `ttl` seconds (Slack retries within about five minutes) and at
most `capacity` are kept. It only spares the shared store a write for repeats reaching the same
replica: between replicas, the claim in the store (`Store.claim_event`) decides.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class RecentIds:
    def __init__(
        self,
        ttl: float = 600.0,
        capacity: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._capacity = capacity
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: str) -> bool:
        """True the first time `key` is seen within the TTL, False for a repeat."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            if key in self._seen:
                return False
            self._seen[key] = now + self._ttl
            if len(self._seen) > self._capacity:
                self._seen.popitem(last=False)
            return True

    def forget(self, key: str) -> None:
        """Let `key` be claimed again (what it stood for did not happen)."""
        with self._lock:
            self._seen.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._seen)

    def _expire(self, now: float) -> None:
        # Insertion order is expiry order (one TTL for all), so the oldest sit at the front.
        while self._seen:
            key, expires = next(iter(self._seen.items()))
            if expires > now:
                break
            del self._seen[key]
