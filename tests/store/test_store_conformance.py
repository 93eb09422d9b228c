"""Every store method, on both backends: a SQLite file and the real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_inspect import execute, table_texts

from assistant.errors import ConfigError, RecordsErased, SchemaTooNew, StoreUnavailable
from assistant.store import ConversationRecord, Store, migrations, open_store, purge


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    yield opened
    opened.close()


def new(
    conversation_id: str = "c1", patient_id: str | None = "P-1", **data: object
) -> ConversationRecord:
    return ConversationRecord(conversation_id, patient_id, "test", "start", dict(data), False)


def test_a_new_conversation_is_created_by_its_first_save(store: Store) -> None:
    with store.turn("c1") as turn:
        assert turn.record is None
        record = new(age=58)
        turn.save(record, "I'm 58", [{"key": "ask.sex", "text": "Sex?"}])
        assert record.version == 1
    stored = store.get("c1")
    assert stored is not None
    assert (stored.patient_id, stored.channel, stored.state, stored.data) == (
        "P-1",
        "test",
        "start",
        {"age": 58},
    )
    assert stored.version == 1 and not stored.finished
    assert stored.created_at == stored.updated_at == record.updated_at


def test_each_turn_sees_the_last_and_increments_the_version(store: Store) -> None:
    with store.turn("c1") as turn:
        turn.save(new(items=[]), "first", [])
    for n in range(2, 5):
        with store.turn("c1") as turn:
            record = turn.record
            assert record is not None and record.version == n - 1
            record.data["items"].append(n)
            record.state, record.finished = f"s{n}", n == 4
            turn.save(record, f"message {n}", [{"n": n}])
    stored = store.get("c1")
    assert stored is not None
    assert stored.version == 4 and stored.data == {"items": [2, 3, 4]} and stored.finished
    assert stored.created_at is not None and stored.updated_at is not None
    assert stored.created_at < stored.updated_at
    log = store.turns("c1")
    assert [(t.seq, t.user_text, t.replies) for t in log] == [
        (1, "first", []),
        (2, "message 2", [{"n": 2}]),
        (3, "message 3", [{"n": 3}]),
        (4, "message 4", [{"n": 4}]),
    ]


def test_an_error_inside_a_turn_rolls_everything_back(store: Store) -> None:
    with store.turn("c1") as turn:
        turn.save(new(n=1), "one", [])
    with pytest.raises(RuntimeError), store.turn("c1") as turn:
        assert turn.record is not None
        turn.save(new(n=2), "two", [])
        store.record_assessment("P-1", "c1", {"age": 1}, {"as_of": "2026-01-01"})
        raise RuntimeError("the engine failed")
    stored = store.get("c1")
    assert stored is not None and stored.data == {"n": 1} and stored.version == 1
    assert [t.user_text for t in store.turns("c1")] == ["one"]
    assert store.assessments("P-1") == []


def test_a_turn_that_saves_nothing_leaves_nothing(store: Store) -> None:
    with store.turn("ghost") as turn:
        assert turn.record is None
    with pytest.raises(KeyError), store.turn("ghost2"):
        raise KeyError("x")
    assert store.get("ghost") is None and store.get("ghost2") is None
    with store.turn("ghost") as turn:
        assert turn.record is None


def test_a_turn_refuses_to_save_another_conversation(store: Store) -> None:
    with pytest.raises(ValueError, match="c2"), store.turn("c1") as turn:
        turn.save(new("c2"), "x", [])
    assert store.get("c2") is None


def test_unicode_and_nesting_survive_the_round_trip(store: Store) -> None:
    data = {"text": "vit D 45 nmol/L, −2,1 µg/L ✓", "nested": {"a": [1, 2.5, None, True]}}
    with store.turn("c1") as turn:
        turn.save(new(text=data["text"], nested=data["nested"]), "‘quoted’ — text", [{"text": "é"}])
    stored = store.get("c1")
    assert stored is not None and stored.data == data
    assert store.turns("c1")[0].user_text == "‘quoted’ — text"


def test_latest_for_patient_is_the_most_recently_updated(store: Store) -> None:
    for conversation_id in ("old", "new", "other"):
        with store.turn(conversation_id) as turn:
            turn.save(new(conversation_id, "P-2" if conversation_id == "other" else "P-1"), "", [])
    with store.turn("old") as turn:
        assert turn.record is not None
        turn.save(turn.record, "again", [])
    latest = store.latest_for_patient("P-1")
    assert latest is not None and latest.conversation_id == "old"
    assert store.latest_for_patient("nobody") is None


def test_assessments_are_kept_over_time_and_the_latest_summarises(store: Store) -> None:
    with store.turn("c1") as turn:
        turn.save(new(), "", [])
    store.record_assessment("P-1", "c1", {"age": 58}, {"as_of": "2026-01-01"})
    store.record_assessment("P-1", None, {"age": 59}, {"as_of": "2027-01-01"})
    store.record_assessment("P-0", None, {"age": 70}, {"as_of": "2027-01-01"})
    history = store.assessments("P-1")
    assert [(a.conversation_id, a.facts, a.assessment) for a in history] == [
        ("c1", {"age": 58}, {"as_of": "2026-01-01"}),
        (None, {"age": 59}, {"as_of": "2027-01-01"}),
    ]
    summary = store.patient("P-1")
    assert summary is not None
    assert summary.facts == {"age": 59} and summary.assessment == {"as_of": "2027-01-01"}
    assert summary.conversation_id == "c1" and not summary.finished
    assert [p.patient_id for p in store.patients()] == ["P-0", "P-1"]
    assert store.patient("nobody") is None


def test_a_patient_appears_as_soon_as_a_conversation_names_them(store: Store) -> None:
    with store.turn("c1") as turn:
        record = new(patient_id="P-9")
        record.finished = True
        turn.save(record, "", [])
    summary = store.patient("P-9")
    assert summary is not None and summary.finished and summary.assessment is None


def test_an_assessment_recorded_in_a_turn_commits_with_it(store: Store) -> None:
    with store.turn("c1") as turn:
        turn.save(new(), "", [])
        store.record_assessment("P-1", "c1", {"age": 1}, {"as_of": "x"})
        store.audit("engine", "P-1", "assessed")
    assert len(store.assessments("P-1")) == 1 and len(store.audit_log("P-1")) == 1


def test_unanswered_questions_are_counted_by_their_words(store: Store) -> None:
    store.log_unanswered("Can I  drink coffee?", "terminal")
    store.log_unanswered("can i drink coffee?", "slack")
    store.log_unanswered("What about yoga?", "terminal")
    store.log_unanswered("   ", "terminal")
    asked = store.unanswered()
    assert [(q.question, q.count) for q in asked] == [
        ("can i drink coffee?", 2),
        ("What about yoga?", 1),
    ]


def test_an_event_is_claimed_once_across_processes_sharing_the_store(store_url: str) -> None:
    first, second = open_store(store_url), open_store(store_url)  # two replicas, one database
    try:
        assert first.claim_event("slack:event:Ev1")
        assert not second.claim_event("slack:event:Ev1")
        assert not first.claim_event("slack:event:Ev1")
        assert second.claim_event("slack:event:Ev2")
    finally:
        first.close()
        second.close()


def test_old_event_claims_are_forgotten(store_url: str) -> None:
    clock = [dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)]
    store = open_store(store_url, now=lambda: clock[0])
    try:
        assert store.claim_event("slack:event:Ev1")
        clock[0] += dt.timedelta(hours=23)
        assert not store.claim_event("slack:event:Ev1")
        clock[0] += dt.timedelta(hours=25)
        assert store.claim_event("slack:event:Ev1")
    finally:
        store.close()


def test_concurrent_claims_of_one_event_have_one_winner(store_url: str) -> None:
    stores = [open_store(store_url) for _ in range(4)]
    wins: list[bool] = []
    barrier = threading.Barrier(len(stores))

    def claim(replica: Store) -> None:
        barrier.wait()
        wins.append(replica.claim_event("slack:event:race"))

    threads = [threading.Thread(target=claim, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for replica in stores:
        replica.close()
    assert sorted(wins) == [False, False, False, True]


def test_the_audit_log_lists_entries_in_order(store: Store) -> None:
    store.audit("cli", "P-1", "export json")
    store.audit("U123", "P-2", "viewed")
    store.audit("U123", "P-1", "viewed")
    assert [(e.actor, e.action) for e in store.audit_log("P-1")] == [
        ("cli", "export json"),
        ("U123", "viewed"),
    ]
    assert len(store.audit_log()) == 3


def test_purging_a_patient_leaves_no_trace_in_any_table(store: Store, store_url: str) -> None:
    secret = "P-SECRET-4711"
    words = "my name is Ann Example, is my spine -2.7 bad?"
    for conversation_id, patient in (("c1", secret), ("c2", secret), ("c3", "P-KEEP")):
        with store.turn(conversation_id) as turn:
            turn.save(new(conversation_id, patient, who=patient), "hello", [])
    with store.turn("c-anon") as turn:  # learns who the patient is only in its document
        turn.save(new("c-anon", None, who=secret), "my id is ...", [])
    with store.turn("c1") as turn:  # questions logged during the patient's turns
        store.log_unanswered(words, "terminal")
        store.log_unanswered("Is romosozumab  given monthly?", "terminal")
        turn.save(new("c1", secret), words, [])
    with store.turn("c3") as turn:  # another patient asks the same as the first, in other case
        store.log_unanswered("is romosozumab given monthly?", "terminal")
        turn.save(new("c3", "P-KEEP"), "is romosozumab given monthly?", [])
    store.log_unanswered("what about my cat?", "cli")  # asked outside any conversation
    store.record_assessment(secret, "c-anon", {"patient_id": secret}, {"as_of": "x"})
    store.record_assessment(secret, "c1", {"patient_id": secret}, {"as_of": "x"})
    store.record_assessment("P-KEEP", "c3", {"patient_id": "P-KEEP"}, {"as_of": "x"})
    store.audit("alice", secret, "export fhir")
    store.audit("bob", secret, "slack: patient record viewed")
    assert any(secret in text for text in table_texts(store_url).values())

    removed = store.purge_patient(secret, "cli")

    assert removed["patients"] == 1 and removed["conversations"] == 3
    assert removed["turns"] == 4 and removed["assessments"] == 2
    assert removed["unanswered"] == 1 and removed["audit"] == 2
    texts = table_texts(store_url)
    assert {*purge.TABLES, "unanswered_asks", "erased"} <= set(texts)
    assert [table for table, text in texts.items() if secret in text] == []
    assert [table for table, text in texts.items() if "Ann Example" in text] == []
    assert "P-KEEP" in texts["patients"] and store.get("c3") is not None
    # Another patient's same words stay, counted once and no longer in the purged spelling.
    assert sorted((q.question, q.count) for q in store.unanswered()) == [
        ("is romosozumab given monthly?", 1),
        ("what about my cat?", 1),
    ]
    # Who saw the record survives, under one keyed hash that the purge row shares.
    hashed = {e.patient_id for e in store.audit_log() if e.actor in ("alice", "bob")}
    assert len(hashed) == 1
    (pseudonym,) = hashed
    assert pseudonym is not None and pseudonym.startswith("hmac-sha256:")
    assert [e.action for e in store.audit_log(pseudonym)][-1].startswith("purged")
    assert store.purge_patient(secret, "cli") == dict.fromkeys(removed, 0)


def test_the_audit_hash_is_keyed_by_each_store(tmp_path: Path) -> None:
    pseudonyms = []
    for name in ("one.db", "two.db"):
        store = open_store(str(tmp_path / name))
        with store.turn("c1") as turn:
            turn.save(new("c1", "P-1"), "", [])
        store.audit("cli", "P-1", "export json")
        store.purge_patient("P-1", "cli")
        pseudonyms.append(store.audit_log()[0].patient_id)
        store.close()
    plain = "hmac-sha256:" + hashlib.sha256(b"P-1").hexdigest()
    assert len(set(pseudonyms)) == 2 and plain not in pseudonyms


def test_a_write_naming_a_purged_patient_is_refused(store: Store, store_url: str) -> None:
    with store.turn("c1") as turn:
        turn.save(new("c1", "P-GONE"), "hello", [])
    store.purge_patient("P-GONE", "cli")
    with pytest.raises(RecordsErased), store.turn("c1") as turn:  # the same conversation
        turn.save(new("c1", None), "still here", [])
    with pytest.raises(RecordsErased), store.turn("c2") as turn:  # a new one for them
        turn.save(new("c2", "P-GONE"), "hello again", [])
    with pytest.raises(RecordsErased):
        store.record_assessment("P-GONE", None, {}, {})
    assert [t for t, text in table_texts(store_url).items() if "P-GONE" in text] == []
    with store.turn("c3") as turn:  # everyone else goes on
        turn.save(new("c3", "P-OTHER"), "hello", [])


def test_purge_older_than_removes_what_is_untouched(store_url: str) -> None:
    clock = [dt.datetime(2026, 1, 1, tzinfo=dt.UTC)]
    store = open_store(store_url, now=lambda: clock[0])
    try:
        with store.turn("old") as turn:
            turn.save(new("old", "P-OLD"), "", [])
        store.record_assessment("P-OLD", "old", {}, {})
        with store.turn("anon-old") as turn:
            turn.save(new("anon-old", None), "", [])
        store.log_unanswered("old question", "t")
        with store.turn("active") as turn:
            turn.save(new("active", "P-ACTIVE"), "", [])
        clock[0] += dt.timedelta(days=100)
        with store.turn("active-new") as turn:
            turn.save(new("active-new", "P-ACTIVE"), "", [])
        store.log_unanswered("new question", "t")

        removed = store.purge_older_than(30, "cli")

        assert removed["patients"] == 1  # P-OLD; P-ACTIVE has a recent conversation
        assert removed["conversations"] == 3  # old, anon-old, and P-ACTIVE's stale one
        assert removed["unanswered"] == 1
        assert [p.patient_id for p in store.patients()] == ["P-ACTIVE"]
        assert store.get("active-new") is not None and store.get("active") is None
        assert [q.question for q in store.unanswered()] == ["new question"]
        assert store.purge_older_than(30, "cli") == dict.fromkeys(removed, 0)
    finally:
        store.close()


def test_a_fresh_store_is_at_the_latest_schema_and_reopens(store_url: str) -> None:
    first = open_store(store_url)
    latest = len(migrations.SQLITE)
    assert len(migrations.POSTGRES) == latest
    assert first.schema_version() == latest
    with first.turn("c1") as turn:
        turn.save(new(), "", [])
    first.close()
    second = open_store(store_url)
    assert second.schema_version() == latest
    assert second.get("c1") is not None
    second.close()


def test_a_schema_newer_than_the_program_is_refused(store_url: str) -> None:
    open_store(store_url).close()
    execute(store_url, "INSERT INTO schema_version (version) VALUES (999)")
    with pytest.raises(SchemaTooNew, match="999") as raised:
        open_store(store_url)
    assert "upgrade boneguide" in str(raised.value)


def test_turns_on_one_conversation_wait_for_each_other(store: Store, store_url: str) -> None:
    # One thread holds c1 open; another thread's turn on c1 must wait and then see its save.
    with store.turn("c1") as turn:
        turn.save(new(n=0), "", [])
    holding, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def hold() -> None:
        with store.turn("c1") as turn:
            assert turn.record is not None
            holding.set()
            release.wait(10)
            turn.record.data["n"] = 1
            turn.save(turn.record, "holder", [])

    def follow() -> None:
        with store.turn("c1") as turn:
            assert turn.record is not None
            seen.append(turn.record.data["n"])
            turn.save(turn.record, "follower", [])

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    follower = threading.Thread(target=follow)
    follower.start()
    if store_url.startswith("postgresql://"):
        # Row locks: another conversation proceeds while c1 is held.
        with store.turn("c2") as other:
            other.save(new("c2"), "", [])
    follower.join(0.2)
    release.set()
    holder.join(10)
    follower.join(10)
    assert seen == [1]
    assert [t.user_text for t in store.turns("c1")] == ["", "holder", "follower"]


def test_the_sqlite_file_is_private_to_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "new-dir" / "store.db"
    open_store(f"sqlite:///{path}").close()
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_an_unusable_sqlite_path_says_where_and_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailable, match="BONEGUIDE_STORE") as raised:
        open_store(str(blocker / "store.db"))
    assert str(blocker / "store.db") in str(raised.value)
    with pytest.raises(StoreUnavailable, match="not a database") as raised:
        open_store(str(blocker))
    assert str(blocker) in str(raised.value)


def test_an_unreachable_postgres_says_which_url_and_what_to_do() -> None:
    url = "postgresql://someone:hunter2@127.0.0.1:1/nowhere"
    with pytest.raises(StoreUnavailable) as raised:
        open_store(url)
    message = str(raised.value)
    assert "127.0.0.1:1/nowhere" in message and "server is running" in message
    assert "hunter2" not in message


@pytest.mark.parametrize("bad", ["", "   ", "mysql://host/db"])
def test_a_malformed_store_setting_is_a_config_error(bad: str) -> None:
    with pytest.raises(ConfigError, match="BONEGUIDE_STORE"):
        open_store(bad)


def test_sqlite_urls_choose_the_durability(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path}/full.db?synchronous=full")
    assert store.synchronous == "FULL"  # type: ignore[attr-defined]
    store.close()
    store = open_store(f"sqlite:///{tmp_path}/normal.db")
    assert store.synchronous == "NORMAL"  # type: ignore[attr-defined]
    store.close()
    with pytest.raises(ConfigError, match=re.escape("synchronous=normal|full")):
        open_store(f"sqlite:///{tmp_path}/x.db?journal=off")


@pytest.mark.postgres
def test_a_dropped_postgres_connection_is_replaced_on_the_next_call(postgres_url: str) -> None:
    from assistant.store.sql import SqlStore

    store = open_store(postgres_url)
    assert isinstance(store, SqlStore)
    with store.transaction() as c:
        pid = c.execute("SELECT pg_backend_pid()").fetchone()[0]
    execute(postgres_url, f"SELECT pg_terminate_backend({int(pid)})")
    store.audit("cli", "P-1", "after a database restart")  # no error: a fresh connection
    assert [e.action for e in store.audit_log("P-1")] == ["after a database restart"]
    store.close()


def test_a_conversation_locked_too_long_is_reported_busy(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.errors import ConversationBusy
    from assistant.store import postgres, sqlite

    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(postgres, "LOCK_TIMEOUT", "100ms")
    holder, waiter = open_store(store_url), open_store(store_url)
    try:
        with holder.turn("c1") as turn:
            turn.save(new(), "", [])
            # Readers are not held up by a turn, and do not see it before it commits.
            assert waiter.get("c1") is None and list(waiter.patients()) == []
            with pytest.raises(ConversationBusy, match="try again"), waiter.turn("c1"):
                pass
        with waiter.turn("c1") as turn:  # free again once the holder commits
            assert turn.record is not None
    finally:
        holder.close()
        waiter.close()


def test_sqlite_checkpoints_in_the_background_and_stops_on_close(tmp_path: Path) -> None:
    from assistant.store.checkpoint import COMMITS_PER_CHECKPOINT
    from assistant.store.sqlite import SqliteStore

    store = open_store(str(tmp_path / "store.db"))
    assert isinstance(store, SqliteStore)
    for n in range(COMMITS_PER_CHECKPOINT * 2):
        with store.turn(f"c{n % 7}") as turn:
            turn.save(turn.record or new(f"c{n % 7}"), str(n), [])
    thread = store._checkpointer._thread
    assert thread is not None and thread.is_alive()
    store.close()
    assert not thread.is_alive()
    assert open_store(str(tmp_path / "store.db")).integrity_check() == "ok"  # type: ignore[attr-defined]


def test_threads_that_come_and_go_reuse_pooled_connections(store_url: str) -> None:
    from assistant.store.pool import KEEP_IDLE
    from assistant.store.sql import SqlStore

    store = open_store(store_url)
    assert isinstance(store, SqlStore)
    opened: list[object] = []
    connect = store._pool._connect

    def counting_connect() -> object:
        opened.append(None)
        return connect()

    store._pool._connect = counting_connect  # type: ignore[assignment]

    def one_request(n: int) -> None:  # as a threaded HTTP server runs each request
        with store.turn(f"c{n % 5}") as turn:
            turn.save(turn.record or new(f"c{n % 5}"), str(n), [])

    for n in range(30):  # one thread after another: one connection serves them all
        thread = threading.Thread(target=one_request, args=(n,))
        thread.start()
        thread.join()
    assert len(opened) == 0  # the connection made while opening the store is reused
    threads = [threading.Thread(target=one_request, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store._pool._idle) <= KEEP_IDLE
    assert sum(t.seq for c in range(5) for t in store.turns(f"c{c}")[-1:]) == 50
    store.close()
    assert store._pool._idle == []
