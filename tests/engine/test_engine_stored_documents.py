"""Conversations saved by earlier releases still load: `stored_conversation_v1.json` is a
document (version 1) written, as it was stored, by the release before the conversation document
became a pydantic model; it holds facts, a skip, scans, a history for `undo` and a pending pick
of a unit. It is stored in a real SQLite file and a real PostgreSQL schema and carried on: read
as version 2, its history becomes the steps of its log. A version 2 document, with its log, is
stored and read back unchanged on both."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.engine import Engine
from assistant.engine.conversation_document import PART_NAMES, read_document, replay
from assistant.store import open_store
from assistant.store.base import ConversationRecord, Store

TODAY = dt.date(2026, 11, 24)
SAVED = json.loads((Path(__file__).parent / "stored_conversation_v1.json").read_text("utf-8"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    record = ConversationRecord("c1", "P-1", "terminal", SAVED["state"], SAVED["data"], False)
    with opened.turn("c1") as turn:
        turn.save(record, "", [])
    yield opened
    opened.close()


def test_a_stored_document_reads_back_as_version_2_with_its_history_as_the_log(
    store: Store,
) -> None:
    record = store.get("c1")
    assert record is not None
    document = read_document(record)
    assert document is not None
    assert document.pending is not None and document.pending.kind == "ambiguous"
    assert document.skipped == ["bone_medication"]
    assert [entry.value["site"] for entry in document.dexa] == ["lumbar_spine", "total_hip"]
    # nothing is lost or added on the way: written again, it is the same document, with a log
    # of one step per turn of its history in place of the history
    written = document.to_dict()
    log = written.pop("log")
    assert written == {**_without(SAVED["data"], "history"), "version": 2}
    history = SAVED["data"]["history"]
    assert [step["state"] for step in log["steps"]] == [change["state"] for change in history]
    replayed = replay(document.log["base"], document.log["steps"])
    assert {name: getattr(replayed, name) for name in PART_NAMES} == {
        name: getattr(document, name) for name in PART_NAMES
    }
    # the base is the document before the first turn the history kept: only the consent given
    assert document.log["base"]["facts"] == {} and document.log["base"]["trail"] == ["consent"]


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in data.items() if name != key}


# each message, and a fragment of what the release that wrote the document replied to it
CARRIED_ON = [
    ("nmol/L", "When was that blood test taken?"),  # the pending pick of a unit is answered
    ("1 March 2025", "Noted: blood test results vitamin D 18 nmol/L (1 Mar 2025)."),
    ("undo", "Undone: blood test results vitamin D 18 nmol/L (1 Mar 2025)."),
    ("undo", "Undone: blood test results vitamin D 18 nmol/L."),
    ("undo", "Undone: blood test results yes."),  # a change the earlier release recorded
]


def test_a_stored_conversation_carries_on_and_undoes(store: Store) -> None:
    engine = Engine(store, today=lambda: TODAY)
    for text, expected in CARRIED_ON:
        replies = engine.handle("c1", text)
        assert any(expected in reply.text for reply in replies), (text, replies)
    after = store.get("c1")
    assert after is not None and after.state == "labs_have" and after.data["version"] == 2
    assert after.data["flow"] == {"consent": True, "has_dexa": True, "more_dexa": False}
    assert after.data["labs"] == [] and after.data["facts"] == SAVED["data"]["facts"]


def test_a_document_of_another_shape_is_refused_by_name() -> None:
    from assistant.errors import RecordUnreadable

    data: dict[str, Any] = json.loads(json.dumps(SAVED["data"]))
    data["facts"]["age"] = {"text": "63"}  # a value lost by hand editing
    record = ConversationRecord("c9", "P-1", "terminal", SAVED["state"], data, False)
    with pytest.raises(RecordUnreadable, match="c9"):
        read_document(record)
    record = ConversationRecord("c8", "P-1", "terminal", SAVED["state"], SAVED["data"], False)
    document = read_document(record)
    assert document is not None and document.version == 2


def test_undo_just_after_a_version_1_document_without_history_has_nothing_to_undo(
    store_url: str,
) -> None:
    opened = open_store(store_url)
    try:
        data = {**SAVED["data"], "history": []}
        record = ConversationRecord("c2", "P-1", "terminal", SAVED["state"], data, False)
        with opened.turn("c2") as turn:
            turn.save(record, "", [])
        engine = Engine(opened, today=lambda: TODAY)
        replies = engine.handle("c2", "undo")
        assert [reply.key for reply in replies][:1] == ["error.nothing_to_undo"]
        after = opened.get("c2")
        assert after is not None and after.state == SAVED["state"]
        assert _without(after.data, "log") == {**_without(data, "history"), "version": 2}
    finally:
        opened.close()


def test_a_version_2_document_reads_back_unchanged_and_undoes_from_its_log(
    store_url: str,
) -> None:
    opened = open_store(store_url)
    try:
        engine = Engine(opened, today=lambda: TODAY)
        engine.open("c3", patient_id="P-3")
        for text in ("yes", "female", "58", "change my age", "59"):
            engine.handle("c3", text)
        record = opened.get("c3")
        assert record is not None and record.data["version"] == 2
        document = read_document(record)
        assert document is not None and document.to_dict() == record.data
        assert len(document.log["steps"]) == 4  # consent, sex, age, and the age again
        # another engine, as after a restart of the program: the log is all it needs
        again = Engine(opened, today=lambda: TODAY)
        undone = again.handle("c3", "undo")
        assert any("Undone: age 59" in reply.text for reply in undone), undone
        facts = again.facts("c3")
        assert facts is not None and facts.age == 58
        again.handle("c3", "undo")
        after = opened.get("c3")
        assert after is not None and after.state == "age" and "age" not in after.data["facts"]
    finally:
        opened.close()
