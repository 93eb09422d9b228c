"""The cyclic garbage collector while start-up builds what lives as long as the process (modules,
pydantic's schemas, parser tables): scanning those again and again as they are made costs a
short command a good part of its time, and none of them is ever garbage."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


def settle() -> None:
    """Start-up is over: what is alive now is set aside (`gc.freeze`), so no collection scans
    it again, and the collector is on."""
    gc.freeze()
    gc.enable()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector is as it was after it, and what
    the block built is set aside as start-up is (`settle`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            settle()
        else:
            gc.freeze()
