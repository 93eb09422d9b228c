"""Typing into a real prompt-toolkit session from another thread, as a person would: each key
goes in once the session is ready for it."""

from __future__ import annotations

import threading
from collections.abc import Callable


def wait_until(ready: Callable[[], bool]) -> bool:
    """Whether `ready()` came true within ten seconds (a bound, not a timing)."""
    for _ in range(2000):
        if ready():
            return True
        threading.Event().wait(0.005)
    return False
