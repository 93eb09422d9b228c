"""The cyclic garbage collector while start-up builds what lives as long as the process (modules,
pydantic's schemas, parser tables): scanning those again and again as they are made costs a
short command a good part of its time, and none of them is ever garbage."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector is as it was after it. What is
    alive when it ends is frozen (`gc.freeze`): the first collection after it, and every later
    one, passes over it instead of scanning all of it once more."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
