"""The user's cache directory and atomic writes into it: computed data (the knowledge index, the
wording catalogue) kept between runs. Apart from resources.py, whose importlib.resources costs a
few milliseconds that the welcome should not wait for."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def cache_dir() -> Path:
    """Where computed data (the knowledge index, the wording catalogue) is kept between runs:
    the user's cache directory, never the package, so an install may be read-only."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "boneguide"


def save_cached(path: Path, text: str) -> None:
    """Write a cache file atomically (readers see the old file or the new one, never half of
    one); with no writable cache nothing is written, and the data is computed again next time."""
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        scratch.write_text(text, encoding="utf-8")
        os.replace(scratch, path)
    except OSError:
        # not even the scratch file may exist (a file where the cache directory should be)
        with contextlib.suppress(OSError):
            scratch.unlink()
