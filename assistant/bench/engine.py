"""`boneguide bench engine`: turn latency and throughput (engine alone, with the SQLite write),
turn time against stored conversations, and memory; each beside a baseline from the same run."""

from __future__ import annotations

import datetime as dt
import gc
import json
import sqlite3
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from assistant.engine.engine import Engine
from assistant.engine.memory_store import MemoryStore
from assistant.settings import Settings
from assistant.store import Store, open_store
from assistant.understanding import PARSERS, ParseContext
from assistant.understanding.phrases import phrase_counts

TODAY = dt.date(2026, 11, 25)
# A full intake with a question, a correction and the assessment: realistic turns of all kinds.
SCRIPT = (
    "yes",
    "female",
    "58",
    "after menopause",
    "breast cancer",
    "March 2024",
    "no",
    "not that I know of",
    "no",
    "about 4 units a week",
    "yes",
    "yes",
    "no",
    "yes",
    "no",
    "none",
    "82",
    "yes",
    "spine -2.7 and hip -1.9 in March 2025",
    "what is a T-score?",
    "no",
    "yes",
    "vit D 30",
    "ng/mL",
    "June 2025",
    "no",
    "change my age",
    "59",
    "yes",
    "bye",
)
ASSESSMENT_TURN = len(SCRIPT) - 2  # "yes" to the review: runs the rules module and its report


def _percentiles(samples_ns: list[int]) -> tuple[float, float]:
    ordered = sorted(samples_ns)
    p50 = ordered[len(ordered) // 2] / 1e6
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] / 1e6
    return p50, p99


def _line(label: str, samples_ns: list[int], bar_ms: float | None = None) -> tuple[float, float]:
    p50, p99 = _percentiles(samples_ns)
    verdict = ""
    if bar_ms is not None:
        verdict = f"   bar p99 < {bar_ms:g} ms: {'met' if p99 < bar_ms else 'NOT MET'}"
    print(f"  {label:<50} p50 {p50:7.3f} ms   p99 {p99:7.3f} ms   (n={len(samples_ns)}){verdict}")
    return p50, p99


def _conversations(
    engine: Engine, count: int, prefix: str, split: list[int] | None = None
) -> list[int]:
    """Run `count` whole intakes; the time of every turn, in nanoseconds. With `split`, the
    assessment turns go there instead (they time the rules module as much as the engine)."""
    samples: list[int] = []
    clock = time.perf_counter_ns
    for number in range(count):
        conversation = f"{prefix}{number}"
        engine.open(conversation, patient_id=f"P-{prefix}{number}", channel="bench")
        for index, text in enumerate(SCRIPT):
            start = clock()
            engine.handle(conversation, text)
            took = clock() - start
            (split if split is not None and index == ASSESSMENT_TURN else samples).append(took)
    return samples


def _parser_baseline(rounds: int) -> list[int]:
    context = ParseContext(today=TODAY)
    dexa = PARSERS["dexa"]
    samples = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        dexa.parse("spine -2.7 and hip -1.9 in March 2025", context)
        samples.append(time.perf_counter_ns() - start)
    return samples


def _sqlite_baseline(folder: Path, document: str, rounds: int) -> list[int]:
    """A bare UPDATE of one row with a document of the same size, in its own transaction."""
    db = sqlite3.connect(folder / "baseline.db", isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")  # as the store runs it (see assistant/store)
    db.execute("CREATE TABLE c (id TEXT PRIMARY KEY, data TEXT, version INTEGER)")
    db.execute("INSERT INTO c VALUES ('x', ?, 0)", (document,))
    samples = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        db.execute("BEGIN IMMEDIATE")
        db.execute("UPDATE c SET data = ?, version = version + 1 WHERE id = 'x'", (document,))
        db.execute("COMMIT")
        samples.append(time.perf_counter_ns() - start)
    db.close()
    return samples


def _throughput(run: Callable[[], list[int]]) -> float:
    start = time.perf_counter()
    turns = len(run())
    return turns / (time.perf_counter() - start)


def _fill(store: Store, engine: Engine, count: int) -> None:
    """Store `count` finished-looking conversations quickly, by copying one real document."""
    engine.open("template")
    for text in SCRIPT[:20]:
        engine.handle("template", text)
    template = store.get("template")
    assert template is not None
    for number in range(count):
        with store.turn(f"stored{number}") as turn:
            template.conversation_id = f"stored{number}"
            turn.save(template, "", [])


def _data_counts() -> None:
    """How much reading is held in word lists: the data the readers should shrink."""

    engine = Engine(MemoryStore(), today=lambda: TODAY)
    synonyms = sum(
        len(choice.synonyms)
        for dialog in engine.dialogs.values()
        for state in dialog.states.values()
        for choice in state.choices
    )
    counts = phrase_counts()
    never = counts.get("never_commands", 0)
    print(
        f"data: {synonyms} dialog synonyms, {sum(counts.values()) - never} phrases, "
        f"{never} ignore words (never commands)"
    )
    print("  phrases by section: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def run(settings: Settings, quick: bool) -> None:
    del settings  # the bench uses its own temporary stores, never the configured one
    conversations = 20 if quick else 200
    stored_counts = (1_000, 10_000) if quick else (1_000, 100_000)
    _data_counts()
    print(f"turns of a {len(SCRIPT)}-message intake; {conversations} conversations per run")

    print("engine alone (documents kept in memory):")
    memory_engine = Engine(MemoryStore(copy_documents=False), today=lambda: TODAY)
    _conversations(memory_engine, 3, "warm")
    gc.collect()
    _line("baseline: one dexa parser call", _parser_baseline(conversations * 20))
    assessed: list[int] = []
    answers = _conversations(memory_engine, conversations, "m", split=assessed)
    _line("turn, engine alone (all turns)", [*answers, *assessed], bar_ms=1)
    _line("  answer turns only", answers, bar_ms=1)
    _line("  assessment turns (rules + report)", assessed)
    rate = _throughput(lambda: _conversations(memory_engine, conversations, "t"))
    print(f"  turns per second, engine alone: {rate:,.0f}")

    with tempfile.TemporaryDirectory(prefix="boneguide-bench-") as tmp:
        folder = Path(tmp)
        store = open_store(str(folder / "bench.db"))
        try:
            engine = Engine(store, today=lambda: TODAY)
            _conversations(engine, 2, "warm")
            record = store.get("warm0")
            document = json.dumps(record.data if record else {})
            print("with the SQLite write (one transaction per turn):")
            _line(
                f"baseline: bare UPDATE of a {len(document) / 1024:.1f} KiB document",
                _sqlite_baseline(folder, document, conversations * 10),
            )
            assessed = []
            answers = _conversations(engine, conversations, "s", split=assessed)
            _line("turn, engine + SQLite (all turns)", [*answers, *assessed], bar_ms=5)
            _line("  answer turns only", answers, bar_ms=5)
            _line("  assessment turns (rules, report, patient record)", assessed)
            rate = _throughput(lambda: _conversations(engine, max(5, conversations // 4), "u"))
            print(f"  turns per second, engine + SQLite: {rate:,.0f}")

            print("stored conversations (SQLite):")
            previous = 0
            for count in stored_counts:
                _fill(store, engine, count - previous)
                previous = count
                _line(
                    f"turn with {count:,} conversations stored",
                    _conversations(engine, max(5, conversations // 4), f"n{count}-"),
                )
            size = (folder / "bench.db").stat().st_size
            wal = folder / "bench.db-wal"
            size += wal.stat().st_size if wal.exists() else 0
            print(
                f"  file size per stored conversation: {size / previous / 1024:.1f} KiB "
                f"(a finished intake document is {len(document) / 1024:.1f} KiB, "
                f"its turn log included)"
            )
        finally:
            store.close()

    print("memory:")
    tracemalloc.start()
    kept = MemoryStore()
    engine = Engine(kept, today=lambda: TODAY)
    before = tracemalloc.get_traced_memory()[0]
    _conversations(engine, conversations, "mem")
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"  in-memory store, per conversation: {(after - before) / conversations / 1024:.1f} KiB")
    sqlite_engine_growth = _engine_growth(conversations)
    print(
        f"  engine process memory growth over {conversations} SQLite conversations: "
        f"{sqlite_engine_growth / 1024:.1f} KiB in total (the store is the only memory)"
    )


def _engine_growth(conversations: int) -> int:
    with tempfile.TemporaryDirectory(prefix="boneguide-bench-") as tmp:
        store = open_store(str(Path(tmp) / "growth.db"))
        try:
            engine = Engine(store, today=lambda: TODAY)
            _conversations(engine, 3, "warm")
            gc.collect()
            tracemalloc.start()
            before = tracemalloc.get_traced_memory()[0]
            _conversations(engine, conversations, "g")
            gc.collect()
            after = tracemalloc.get_traced_memory()[0]
            tracemalloc.stop()
            return max(0, after - before)
        finally:
            store.close()
