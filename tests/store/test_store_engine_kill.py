"""kill -9 during real intake conversations driven by the dialog Engine, against each backend:
after every kill the stored conversation is exactly where a clean run was after the same number
of messages, with every fact it had, and the next child resumes it from there."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from store_crash import kill_trial
from store_inspect import without_server_flush

from assistant.engine import Engine
from assistant.store import Store, open_store

TODAY = dt.date(2026, 11, 24)
TRIALS = 40
SCRIPT = (
    "hi",
    "yes",
    "female",
    "58",
    "postmenopausal",
    "breast cancer",
    "March 2024",
    "no",
    "yes",
    "no",
    "4 units",
    "yes",
    "what is a T-score?",
    "no",
    "yes",
    "yes",
)


def make_engine(store: Store) -> Engine:
    return Engine(store, today=lambda: TODAY)


def snapshot(store: Store, conversation_id: str) -> tuple[str, dict[str, Any], int] | None:
    """State, fact values and version: what must survive a kill."""
    record = store.get(conversation_id)
    if record is None:
        return None
    values = {name: entry["value"] for name, entry in record.data.get("facts", {}).items()}
    values["dexa"] = [entry["value"] for entry in record.data.get("dexa", [])]
    values["labs"] = [entry["value"] for entry in record.data.get("labs", [])]
    return record.state, values, record.version


def reference_run(tmp_path: Path) -> list[tuple[str, dict[str, Any], int] | None]:
    """Where a clean run stands after 0, 1, 2... messages of the script."""
    store = open_store(str(tmp_path / "reference.db"))
    engine = make_engine(store)
    expected = [snapshot(store, "reference")]
    for line in SCRIPT:
        engine.handle("reference", line)
        expected.append(snapshot(store, "reference"))
    store.close()
    return expected


@pytest.mark.slow
def test_kill_9_during_engine_conversations_keeps_every_confirmed_fact(
    store_url: str, tmp_path: Path
) -> None:
    store_url = without_server_flush(store_url)
    expected = reference_run(tmp_path)
    assert expected[-1] is not None and len(expected[-1][1]) > 8  # the script collects facts
    rng = random.Random(42)
    keeper = open_store(store_url)  # see test_store_trials: keeps reopen cheap
    conversation, applied = 0, 0
    try:
        for trial in range(TRIALS):
            victim = f"intake-{conversation}"
            reported, _ = kill_trial(store_url, make_engine, victim, SCRIPT[applied:], 0.01, rng)
            store = open_store(store_url)
            try:
                with store.turn(victim):  # wait out a commit still in flight at the server
                    now = snapshot(store, victim)
                version = 0 if now is None else now[2]
                assert version >= applied + len(reported), f"trial {trial}: a turn was lost"
                assert now == expected[version], f"trial {trial}: not where a clean run was"
                applied = version
            finally:
                store.close()
            if applied == len(SCRIPT):
                conversation, applied = conversation + 1, 0
    finally:
        keeper.close()
    assert conversation >= 2  # conversations were carried to their end across kills
