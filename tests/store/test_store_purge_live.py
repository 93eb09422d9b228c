"""`boneguide purge --patient` against a patient whose chat is running, on both stores: a real
chat process between two lines, and turns racing the purge on their own connections."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_inspect import table_texts

from assistant.errors import RecordsErased, StoreError
from assistant.store import ConversationRecord, Store, open_store

BONEGUIDE = str(Path(sys.executable).parent / "boneguide")
PATIENT = "P-RACE-5150"
WORDS = "my name is Ann Example, is the capital of Peru Lima?"


@pytest.fixture
def env(store_url: str, tmp_path: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("BONEGUIDE_")}
    return {
        **keep,
        "BONEGUIDE_STORE": store_url,
        "BONEGUIDE_TODAY": "2026-11-24",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
    }


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    yield opened
    opened.close()


def naming(url: str, *words: str) -> list[str]:
    """The tables in which any of `words` still appears."""
    return sorted({t for t, text in table_texts(url).items() for w in words if w in text})


def wait_for(condition: object, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_purge_between_two_lines_of_a_running_chat(
    env: dict[str, str], store: Store, store_url: str
) -> None:
    chat = subprocess.Popen(
        [BONEGUIDE, "chat", "--patient", PATIENT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert chat.stdin is not None
        for line in ("yes", WORDS, "female"):
            chat.stdin.write(line + "\n")
        chat.stdin.flush()

        def answered() -> bool:
            record = store.latest_for_patient(PATIENT)
            return record is not None and len(store.turns(record.conversation_id)) >= 4

        wait_for(answered, "the chat's first three turns")
        assert naming(store_url, PATIENT, "Ann Example")  # the words are stored, linked

        purged = subprocess.run(
            [BONEGUIDE, "purge", "--patient", PATIENT],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert purged.returncode == 0, purged.stderr
        assert "unanswered: 1" in purged.stdout

        out, err = chat.communicate("63\nafter menopause\n", timeout=60)
    finally:
        if chat.poll() is None:
            chat.kill()
            chat.wait()
    assert chat.returncode != 0, (out, err)
    assert "erased" in err and "line 4" in err
    assert naming(store_url, PATIENT, "Ann Example", "capital of peru") == []


def record(conversation_id: str, patient_id: str | None) -> ConversationRecord:
    return ConversationRecord(conversation_id, patient_id, "test", "start", {}, False)


def test_turns_racing_a_purge_never_bring_the_patient_back(store_url: str) -> None:
    """Two writers on their own connections keep saving turns naming the patient (the same
    conversation, and a new one each time, as `chat --new` or a Slack thread would) while a
    third connection purges. Whatever interleaving happens, afterwards nothing names them."""
    seed = open_store(store_url)
    with seed.turn(f"t:{PATIENT}:0") as turn:
        turn.save(record(f"t:{PATIENT}:0", PATIENT), "hello", [])
    seed.close()
    stop = threading.Event()
    refused: list[int] = []
    saved: list[int] = []
    failed: list[str] = []

    def write(worker: int) -> None:
        store = open_store(store_url)
        try:
            # Until refused five times: the purge may wait a while for SQLite's write lock.
            for n in itertools.count():
                if stop.is_set():
                    return
                cid = f"t:{PATIENT}:0" if worker == 0 else f"t:{PATIENT}:{worker}-{n}"
                try:
                    with store.turn(cid) as turn:
                        turn.save(record(cid, PATIENT), f"turn {n}", [])
                        store.log_unanswered(f"Ann Example asks {n}?", "test")
                    saved.append(worker)
                except RecordsErased:
                    refused.append(worker)
                    if refused.count(worker) >= 5:
                        return
                except Exception as error:  # anything else fails the test below
                    failed.append(repr(error))
                    return
        finally:
            store.close()

    writers = [threading.Thread(target=write, args=(w,)) for w in (0, 1)]
    for thread in writers:
        thread.start()
    wait_for(lambda: len(saved) >= 20, "turns before the purge")
    purger = open_store(store_url)
    try:
        removed = purger.purge_patient(PATIENT, "cli")
    except StoreError:  # PostgreSQL may pick the purge as a deadlock victim: run it again
        removed = purger.purge_patient(PATIENT, "cli")
    finally:
        purger.close()
    for thread in writers:
        thread.join(timeout=60)
    stop.set()  # only if a writer is still going: the assertions below then say so
    assert removed["conversations"] >= 1 and removed["unanswered"] >= 1
    assert failed == []
    assert sorted(set(refused)) == [0, 1]  # both kinds of writer were refused after it
    assert naming(store_url, PATIENT, "Ann Example", "ann example") == []
