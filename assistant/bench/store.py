"""`boneguide bench store`: turn latency, turns per second and memory per stored conversation,
for SQLite and (when reachable) PostgreSQL, at 100 and at 100,000 stored conversations.

The baseline, measured in the same run on the same table, is a bare autocommit UPDATE of the
same JSON document: no lock, no version, no turn log. Nothing touches the user's own store:
SQLite runs in a temporary directory, PostgreSQL in a temporary schema dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant.json_types import JSON, JSONObject
from assistant.settings import Settings
from assistant.store import ConversationRecord, Store, open_store
from assistant.store.sql import SqlStore

SIZES_FULL = (100, 100_000)
SIZES_QUICK = (100, 10_000)
TURNS_FULL, TURNS_QUICK = 2000, 400
DEFAULT_POSTGRES = "postgresql://127.0.0.1:5432/test"


def _document(n: int) -> JSONObject:
    """A mid-intake conversation document, shaped like the engine's (facts with provenance)."""
    at = "2026-11-24T09:00:00+00:00"

    def entry(value: JSON, text: str, parser: str) -> JSONObject:
        return {"value": value, "text": text, "parser": parser, "at": at, "confirmed": False}

    facts: JSONObject = {
        "sex": entry("female", "female", "choice"),
        "age": entry(50 + n % 30, "I'm 58", "age"),
        "menopausal_status": entry("postmenopausal", "after menopause", "choice"),
        "indication": entry("breast_cancer", "breast cancer", "choice"),
        "smoker": entry(False, "no", "yes_no"),
        "alcohol_units_per_week": entry(4, "4", "number"),
    }
    dexa: list[JSON] = [
        entry(
            {"site": "lumbar_spine", "t_score": -1.8, "date": "2025-03-01"},
            "spine -1.8 in March 2025",
            "dexa",
        )
    ]
    snapshot: JSONObject = {
        "facts": facts,
        "state": "labs",
        "trail": ["greeting", "history", "dexa"],
    }
    return {
        "version": 1,
        "dialog": "intake",
        "patient_id": f"P-{n}",
        "facts": facts,
        "dexa": dexa,
        "labs": [],
        "skipped": [],
        "flow": {"consent": True},
        "pending": None,
        "trail": ["greeting", "history", "dexa"],
        "assessment": None,
        "history": [snapshot, snapshot],
    }


def _populate(store: SqlStore, start: int, stop: int) -> None:
    """Add conversations `start`..`stop` as one bulk insert: a saved turn each."""
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    rows = [
        (f"bench-{n}", f"P-{n}", "bench", "labs", json.dumps(_document(n)), False, 1, stamp, stamp)
        for n in range(start, stop)
    ]
    turns = [(f"bench-{n}", 1, "hello", "[]", stamp) for n in range(start, stop)]
    with store.transaction() as c:
        cursor = c.cursor()  # type: ignore[attr-defined]
        cursor.executemany(
            store._sql(
                "INSERT INTO conversations (conversation_id, patient_id, channel, state, data, "
                "finished, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            rows,
        )
        cursor.executemany(
            store._sql(
                "INSERT INTO turns (conversation_id, seq, user_text, replies, at) "
                "VALUES (?, ?, ?, ?, ?)"
            ),
            turns,
        )


def _rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass(frozen=True)
class Timing:
    p50_ms: float
    p99_ms: float
    per_second: float


def _time(action: Callable[[int], None], count: int) -> Timing:
    latencies = []
    started = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        action(i)
        latencies.append(time.perf_counter() - t0)
    total = time.perf_counter() - started
    latencies.sort()
    return Timing(
        latencies[len(latencies) // 2] * 1000,
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        count / total,
    )


def _turn(store: Store, conversation_id: str, i: int) -> None:
    with store.turn(conversation_id) as turn:
        record = turn.record or ConversationRecord(
            conversation_id, None, "bench", "labs", _document(0), False
        )
        record.data["flow"] = {"consent": True, "turn": i}
        turn.save(record, f"message {i}", [{"key": "ask.labs", "text": "Any lab results?"}])


def _bare_update(store: SqlStore, conversation_id: str, document: str, i: int) -> None:
    # The same JSON written with nothing else: what one write costs on this database. It
    # changes each time, as a turn's does: SQLite writes nothing for an identical row.
    with store.transaction() as c:
        store.q(
            c,
            "UPDATE conversations SET data = ? WHERE conversation_id = ?",
            (f'{document[:-1]},"turn":{i}}}', conversation_id),
        )


def _measure(store: SqlStore, ids: list[str], document: str) -> tuple[Timing, int, Timing]:
    """Turns on `ids` (with the RSS growth they cause), then bare updates on the same ids."""
    rss_before = _rss_bytes()
    turn = _time(lambda i: _turn(store, ids[i], i), len(ids))
    rss_growth = _rss_bytes() - rss_before
    bare = _time(lambda i: _bare_update(store, ids[i], document, i), len(ids))
    return turn, rss_growth, bare


def _bench_backend(
    label: str, url: str, sizes: tuple[int, ...], turns: int, disk_bytes: Callable[[SqlStore], int]
) -> None:
    store = open_store(url)
    assert isinstance(store, SqlStore)
    rng = random.Random(7)
    document = json.dumps(_document(1))
    print(f"{label}: {url}")
    print(
        f"  {'stored':>8}  {'turn p50':>9} {'turn p99':>9} {'turns/s':>8}   "
        f"{'bare p50':>9} {'bare p99':>9} {'writes/s':>8}   {'RSS growth':>10}  "
        f"{'disk/conv':>9}"
    )
    stored = 0
    try:
        for size in sizes:
            _populate(store, stored, size)
            stored = size
            ids = [f"bench-{rng.randrange(size)}" for _ in range(turns)]
            for i in range(min(50, turns)):  # warm the connection and statement caches
                _turn(store, ids[i], i)
            turn, rss_growth, bare = _measure(store, ids, document)
            per_conversation = disk_bytes(store) / size
            print(
                f"  {size:>8,}  {turn.p50_ms:>6.2f} ms {turn.p99_ms:>6.2f} ms "
                f"{turn.per_second:>8,.0f}   {bare.p50_ms:>6.2f} ms {bare.p99_ms:>6.2f} ms "
                f"{bare.per_second:>8,.0f}   {rss_growth / 1024:>7,.0f} KB  "
                f"{per_conversation / 1024:>6.1f} KB",
                flush=True,
            )
    finally:
        store.close()


def _sqlite_bytes(path: Path) -> Callable[[SqlStore], int]:
    def size(store: SqlStore) -> int:
        # Fold the WAL into the file first: the figure is what the conversations take, not
        # how far the WAL happened to have grown since its last reset.
        import sqlite3

        connection = sqlite3.connect(path)
        try:
            # The store's checkpoint thread may be mid-checkpoint: SQLite then answers busy at
            # once rather than waiting, so ask again until it is done.
            for _ in range(200):
                busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                if not busy:
                    break
                time.sleep(0.01)
        finally:
            connection.close()
        return sum(f.stat().st_size for f in path.parent.glob(path.name + "*"))

    return size


def _postgres_bytes(store: SqlStore) -> int:
    with store.transaction() as c:
        row = c.execute(
            "SELECT sum(pg_total_relation_size(format('%I.%I', schemaname, tablename))) "
            "FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchone()
    return int(row[0] or 0)


@contextmanager
def _postgres_schema(settings: Settings) -> Iterator[tuple[str | None, str]]:
    """A URL on a temporary schema of the configured (or local test) server, or None and why."""
    base = (
        settings.store
        if settings.store.startswith("postgres")
        else os.environ.get("BONEGUIDE_TEST_POSTGRES", DEFAULT_POSTGRES)
    )
    try:
        import psycopg

        admin = psycopg.connect(base, autocommit=True, connect_timeout=3)
    except Exception as error:  # any failure means "not reachable": report it and go on
        yield None, f"{base}: {' '.join(str(error).split())}"
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}", ""
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


def run(settings: Settings, quick: bool) -> None:
    sizes = SIZES_QUICK if quick else SIZES_FULL
    turns = TURNS_QUICK if quick else TURNS_FULL
    print(
        f"{turns} turns at random among the stored conversations, document "
        f"{len(json.dumps(_document(1))) / 1024:.1f} KB; baseline: a bare UPDATE of the "
        "same JSON (no lock, no version, no turn log)"
    )
    with tempfile.TemporaryDirectory(prefix="boneguide-bench-") as directory:
        path = Path(directory) / "bench.db"
        _bench_backend(
            "SQLite (WAL, synchronous=NORMAL, the default)",
            str(path),
            sizes,
            turns,
            _sqlite_bytes(path),
        )
        # What an fsync per commit costs on this disk: the price of also surviving power loss.
        full = Path(directory) / "full.db"
        _bench_backend(
            "SQLite (WAL, synchronous=FULL)",
            f"sqlite:///{full}?synchronous=full",
            sizes[:1],
            turns,
            _sqlite_bytes(full),
        )
    with _postgres_schema(settings) as (url, problem):
        if url is None:
            print(f"PostgreSQL: skipped, not reachable ({problem})")
        else:
            _bench_backend("PostgreSQL", url, sizes, turns, _postgres_bytes)
