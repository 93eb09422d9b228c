"""Random text at every state of the intake: no crash, always a reply, and no confirmed fact
changed without a confirmation (or an explicit command such as undo or change)."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.engine.engine import Engine
from assistant.engine.memory_store import MemoryStore
from assistant.knowledge import KnowledgeBase
from assistant.store.base import ConversationRecord
from assistant.understanding.command_words import detect_command

TODAY = dt.date(2026, 11, 25)
PATHS = [
    [
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
        "-2.1",
        "hip",
        "June 2024",
        "no",
        "yes",
        "CTX 350 pg/mL",
        "May 2025",
        "no",
        "yes",
        "what is osteopenia?",
    ],
    [
        "yes",
        "male",
        "44",
        "trt",
        "2 years ago",
        "no",
        "no",
        "yes",
        "10",
        "yes",
        "yes",
        "no",
        "no",
        "no",
        "Prolia",
        "don't know",
        "yes",
        "spine -1.4 in May 2025",
        "z",
        "no",
        "no",
        "no",
        "yes",
        "bye",
    ],
    ["no"],
]
KNOWLEDGE = KnowledgeBase.default()
STORE = MemoryStore()
ENGINE = Engine(STORE, today=lambda: TODAY, knowledge=KNOWLEDGE)


def _documents() -> list[ConversationRecord]:
    """The stored record after every turn of a few complete conversations: every state."""
    seen: list[ConversationRecord] = []
    for number, path in enumerate(PATHS):
        store = MemoryStore()
        engine = Engine(store, today=lambda: TODAY, knowledge=KNOWLEDGE)
        conversation = f"p{number}"
        engine.open(conversation)
        for text in path:
            record = store.get(conversation)
            assert record is not None
            seen.append(record)
            engine.handle(conversation, text)
        last = store.get(conversation)
        assert last is not None
        seen.append(last)
    return seen


RECORDS = _documents()
_NUMBERS = itertools.count()
FRAGMENTS = st.sampled_from(
    [
        "yes",
        "no",
        "maybe",
        "62",
        "-2.5",
        "spine",
        "hip -1.9",
        "vit D 30",
        "03/04",
        "+7",
        "calcium 40",
        "why?",
        "what is",
        "change",
        "my age",
        "undo",
        "skip",
        "",
        " ",
        "\n",
        "🦴",
        "minus",
        "point",
        "nmol/L",
        "I'm",
        "never",
        "?",
        "0",
        "1e9",
        "-0",
        "2025",
        "T",
        "Z",
    ]
)
TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(FRAGMENTS, min_size=1, max_size=6).map(" ".join),
)


def _confirmed(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "facts": {name: entry["value"] for name, entry in data["facts"].items()},
        "dexa": [entry["value"] for entry in data["dexa"]],
        "labs": [entry["value"] for entry in data["labs"]],
    }


def test_every_state_is_covered() -> None:
    states = {record.state for record in RECORDS}
    assert {
        "consent",
        "sex",
        "age",
        "menopause",
        "egfr",
        "dexa_scan",
        "dexa_date",
        "dexa_more",
        "lab_entry",
        "lab_date",
        "labs_more",
        "review",
        "questions",
        "done",
    } <= states


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=st.sampled_from(RECORDS), text=TEXT)
def test_random_text_never_crashes_nor_changes_confirmed_facts(
    record: ConversationRecord, text: str
) -> None:
    conversation = f"random-{next(_NUMBERS)}"
    with STORE.turn(conversation) as turn:
        turn.save(
            replace(record, conversation_id=conversation, data=copy.deepcopy(record.data)), "", []
        )
    before = _confirmed(record.data)
    replies = ENGINE.handle(conversation, text)
    assert replies, "every message gets a reply"
    after_record = STORE.get(conversation)
    assert after_record is not None
    after = _confirmed(after_record.data)
    if detect_command(text) is not None:
        return  # undo, change, restart (confirmed) may change facts: that is what they are for
    state = ENGINE.dialogs["intake"].states[record.state]
    for name, value in before["facts"].items():
        if name != state.slot:  # answering the current question again is an explicit change
            assert after["facts"].get(name) == value, (name, text)
    assert after["dexa"][: len(before["dexa"])] == before["dexa"] or state.slot == "dexa"
    assert after["labs"][: len(before["labs"])] == before["labs"] or state.slot == "labs"
