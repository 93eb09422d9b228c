"""Conversations saved by earlier releases still load: `stored_conversation_v1.json` is a
document (version 1) written, as it was stored, by the release before the conversation document
became a pydantic model; it holds facts, a skip, scans, a history for `undo` and a pending pick
of a unit. It is stored in a real SQLite file and a real PostgreSQL schema and carried on."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.engine import Engine
from assistant.engine.conversation_document import Document, read_document
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


def test_a_stored_document_reads_back_unchanged(store: Store) -> None:
    record = store.get("c1")
    assert record is not None
    document = read_document(record)
    assert document is not None
    assert document.pending is not None and document.pending.kind == "ambiguous"
    assert document.skipped == ["bone_medication"]
    assert [entry.value["site"] for entry in document.dexa] == ["lumbar_spine", "total_hip"]
    # nothing is lost or added on the way: written again, it is the same document
    assert document.to_dict() == SAVED["data"]


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
    assert after is not None and after.state == "labs_have" and after.data["version"] == 1
    assert after.data["flow"] == {"consent": True, "has_dexa": True, "more_dexa": False}
    assert after.data["labs"] == [] and after.data["facts"] == SAVED["data"]["facts"]


def test_a_document_of_another_shape_is_refused_by_name() -> None:
    from assistant.errors import RecordUnreadable

    data: dict[str, Any] = json.loads(json.dumps(SAVED["data"]))
    data["facts"]["age"] = {"text": "63"}  # a value lost by hand editing
    record = ConversationRecord("c9", "P-1", "terminal", SAVED["state"], data, False)
    with pytest.raises(RecordUnreadable, match="c9"):
        read_document(record)
    assert Document.model_validate(SAVED["data"]).version == 1
