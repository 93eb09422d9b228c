"""Two processes racing on the same conversations, and kill -9 at random moments of a
running conversation, against each backend."""

from __future__ import annotations

import random

import pytest
from store_crash import AppendHandler, fork_senders, kill_trial
from store_inspect import without_server_flush

from assistant.store import ConversationRecord, Store, open_store

MESSAGES_PER_PROCESS = 500
KILL_TRIALS = 200
CONVERSATIONS = ("race-a", "race-b", "race-c")


def consistent(store: Store, conversation_id: str) -> ConversationRecord:
    """The row and its turn log agree: versions 1..n, one turn per message, in order."""
    record = store.get(conversation_id)
    assert record is not None
    turns = store.turns(conversation_id)
    assert [t.seq for t in turns] == list(range(1, record.version + 1))
    assert record.data["count"] == record.version == len(turns)
    assert record.data["last"] == turns[-1].user_text
    if record.data["seen"]:
        assert record.data["seen"] == [t.user_text for t in turns]
    return record


@pytest.mark.slow
def test_two_processes_on_the_same_conversations_apply_each_message_once(
    store_url: str,
) -> None:
    store_url = without_server_flush(store_url)  # serialisation is under test, not the disk
    open_store(store_url).close()  # migrate once, before the race
    batches = [
        [(CONVERSATIONS[i % len(CONVERSATIONS)], f"p{p}:{i}") for i in range(MESSAGES_PER_PROCESS)]
        for p in range(2)
    ]
    assert fork_senders(store_url, AppendHandler, batches) == [0, 0]

    store = open_store(store_url)
    try:
        applied: list[str] = []
        for conversation_id in CONVERSATIONS:
            seen = consistent(store, conversation_id).data["seen"]
            applied += seen
            for p in range(2):  # each process's messages arrive in the order it sent them
                mine = [int(text.split(":")[1]) for text in seen if text.startswith(f"p{p}:")]
                assert mine == sorted(mine)
        assert sorted(applied) == sorted(text for batch in batches for _, text in batch)
    finally:
        store.close()


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_no_committed_turn(store_url: str) -> None:
    store_url = without_server_flush(store_url)
    rng = random.Random(20261125)
    # Held open throughout so that each check's reopen-and-close is not the file's last
    # connection, which would checkpoint the WAL every trial and triple the test's time.
    keeper = open_store(store_url)
    stored_before: dict[str, int] = {}
    mid_conversation_trials = 0

    def make(store: Store) -> AppendHandler:
        return AppendHandler(store, keep_all=False)  # the turn log holds every message

    for trial in range(KILL_TRIALS):
        # Ten conversations, each killed twenty times and resumed after every kill.
        victim = f"victim-{trial % 10}"
        texts = [f"t{trial}:{i}" for i in range(1000)]
        reported, mid_conversation = kill_trial(store_url, make, victim, texts, 0.01, rng)
        # SQLite: reopen the file as a restarted program would, recovering the WAL. PostgreSQL
        # recovers nothing client-side: the open connection sees what the server committed.
        sqlite = store_url.endswith(".db")
        store = open_store(store_url) if sqlite else keeper
        try:
            if sqlite:
                assert store.integrity_check() == "ok"  # type: ignore[attr-defined]
            before = stored_before.get(victim, 0)
            # Lock the conversation first: a COMMIT the child sent just before dying may still
            # be on its way through the server, and must be counted in this trial, not later.
            with store.turn(victim) as turn:
                if turn.record is None:
                    assert reported == [] and before == 0 and not mid_conversation
                    continue
                record = consistent(store, victim)
                stored_now = {t.user_text for t in store.turns(victim) if t.seq > before}
            assert set(reported) <= stored_now, f"trial {trial}: a committed turn was lost"
            # Each trial's texts are committed as a prefix: nothing out of order or skipped.
            assert stored_now == set(texts[: len(stored_now)])
            if mid_conversation:
                assert reported, f"trial {trial} was to strike after a committed turn"
                mid_conversation_trials += 1
            stored_before[victim] = record.version
        finally:
            if sqlite:
                store.close()

    keeper.close()
    store = open_store(store_url)
    try:
        for victim, version in stored_before.items():
            AppendHandler(store, keep_all=False).handle(victim, "resumed")
            record = consistent(store, victim)
            assert record.data["last"] == "resumed" and record.version == version + 1
    finally:
        store.close()
    assert mid_conversation_trials >= KILL_TRIALS * 3 // 4
