"""The user's cache directory and atomic writes into it: computed data (the knowledge index, the
wording catalogue, the phrase lists, the dialog files' located data, the compiled patterns of
patterns.py) kept between runs.
Apart from resources.py, whose importlib.resources costs a few milliseconds that the welcome
should not wait for."""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path


def cache_dir() -> Path:
    """Where computed data (the knowledge index, the wording catalogue, the phrase lists) is kept
    between runs: the user's cache directory, never the package, so an install may be read-only."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "boneguide"


def cache_file(kind: str, source: Path) -> Path:
    """The cache file of data of `kind` computed from `source` (a checkout and an install may
    both be used, each with its own)."""
    return cache_dir() / f"{kind}-{zlib.crc32(str(source).encode()):08x}.json"


def fingerprint(*sources: Path) -> str:
    """The size and CRC-32 of each file a cache entry is computed from: a change to any of them
    makes the entry stale."""
    parts = []
    for path in sources:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"missing"
        parts.append(f"{len(data)}:{zlib.crc32(data):08x}")
    return ";".join(parts)


def load_cached(path: Path, stamp: str) -> object:
    """The data kept in the cache file `path` with the fingerprint `stamp`, or None when it is
    missing, unreadable, or of other sources."""
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get("fingerprint") != stamp:
        return None
    return cached.get("data")


def save_cached(path: Path, content: str | bytes) -> None:
    """Write a cache file atomically (readers see the old file or the new one, never half of
    one); with no writable cache nothing is written, and the data is computed again next time."""
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if isinstance(content, bytes):
            scratch.write_bytes(content)
        else:
            scratch.write_text(content, encoding="utf-8")
        os.replace(scratch, path)
    except OSError:
        # not even the scratch file may exist (a file where the cache directory should be)
        with contextlib.suppress(OSError):
            scratch.unlink()


def keep_cached(path: Path, stamp: str, data: object) -> None:
    """Keep `data` in the cache file `path` under the fingerprint `stamp`, for `load_cached`;
    data JSON cannot hold is not kept (it is computed again next time)."""
    try:
        text = json.dumps(
            {"fingerprint": stamp, "data": data}, ensure_ascii=False, separators=(",", ":")
        )
    except (TypeError, ValueError):
        return
    save_cached(path, text)
