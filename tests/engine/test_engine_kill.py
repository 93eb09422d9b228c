"""A process running the engine on a SQLite file is killed (kill -9) mid-conversation; the
conversation resumes at the same step with every confirmed fact."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from assistant.engine.engine import Engine
from assistant.engine.memory_store import MemoryStore
from assistant.rules.codec import dump
from assistant.store import open_store

TODAY = dt.date(2026, 11, 25)
MESSAGES = [
    "yes",
    "female",
    "58",
    "after menopause",
    "breast cancer",
    "March 2024",
    "no",
    "yes",
    "no",
    "2",
    "yes",
    "no",
    "no",
    "yes",
    "no",
    "none",
    "82",
    "yes",
    "spine -2.7 and hip -1.9 in March 2025",
    "no",
    "yes",
    "vit D 45 nmol/L",
    "May 2025",
]
CHILD = """
import datetime as dt, sys
from assistant.engine.engine import Engine
from assistant.store import open_store
engine = Engine(open_store(sys.argv[1]), today=lambda: dt.date(2026, 11, 25))
engine.open("k", patient_id="P-K")
print("ready", flush=True)
for line in sys.stdin:
    engine.handle("k", line.rstrip("\\n"))
    print("ok", flush=True)
"""


def _expected_after_each_message() -> list[tuple[str, dict[str, object]]]:
    """(state, facts) after 0, 1, 2... messages, from a run that was never interrupted."""
    engine = Engine(MemoryStore(), today=lambda: TODAY)
    engine.open("k", patient_id="P-K")
    seen = []
    for text in ["", *MESSAGES]:
        if text:
            engine.handle("k", text)
        progress, facts = engine.progress("k"), engine.facts("k")
        assert progress is not None and facts is not None
        seen.append((progress.state, dump(facts)))
    return seen


def test_kill_9_mid_conversation_loses_no_confirmed_fact(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    expected = _expected_after_each_message()
    env = {**os.environ, "BONEGUIDE_STORE": str(tmp_path / "unused.db")}
    for trial in range(4):
        path = tmp_path / f"kill{trial}.db"
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdin is not None and child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        acknowledged = rng.randrange(3, len(MESSAGES) - 1)
        for text in MESSAGES[:acknowledged]:
            child.stdin.write(text + "\n")
            child.stdin.flush()
            assert child.stdout.readline().strip() == "ok"
        # one more message, killed at a random moment while (or before, or after) it is handled
        child.stdin.write(MESSAGES[acknowledged] + "\n")
        child.stdin.flush()
        time.sleep(rng.uniform(0, 0.004))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)

        store = open_store(str(path))
        try:
            engine = Engine(store, today=lambda: TODAY)
            progress, facts = engine.progress("k"), engine.facts("k")
            assert progress is not None and facts is not None
            got = (progress.state, dump(facts))
            # the turn in flight is either wholly saved or not at all
            assert got in (expected[acknowledged], expected[acknowledged + 1]), trial
            replies = engine.open("k")
            assert replies[-1].kind in ("ask", "confirm")
        finally:
            store.close()
