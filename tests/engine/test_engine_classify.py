"""`classify` decides once what a message is, against where the conversation stands, and each
kind carries what was read; the question's parser reads one text once per turn."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.engine import turn
from assistant.engine.callbacks import CALLBACKS
from assistant.engine.classify import (
    MAX_MESSAGE,
    Answer,
    ConfirmationReply,
    Message,
    Mixed,
    Question,
    classify,
)
from assistant.engine.conversation_document import Document, Pending
from assistant.engine.dialogs import Dialog, load_dialogs
from assistant.engine.dispatch import handle
from assistant.engine.turn import TurnContext, TurnRunner
from assistant.resources import DIALOGS_DIR
from assistant.understanding.command_words import Command
from assistant.understanding.outcomes import NoMatch, Parsed

TODAY = dt.date(2026, 11, 24)
DIALOG: Dialog = load_dialogs(DIALOGS_DIR, None, CALLBACKS)["intake"]
UNIT = Pending(
    kind="ambiguous",
    state="age",
    text="vitamin D 18: is that ng/mL or nmol/L?",
    parser="labs",
    candidates=[
        {"label": "vitamin D 18 ng/mL", "values": [{"test": "vitamin_d", "value": 18.0}]},
        {"label": "vitamin D 18 nmol/L", "values": [{"test": "vitamin_d", "value": 18.0}]},
    ],
)


def runner_at(state: str, pending: Pending | None = None) -> TurnRunner:
    doc = Document(dialog="intake", pending=pending)
    ctx = TurnContext(TODAY, "2026-11-24T12:00:00+00:00", "c1", "test", None, None)
    return TurnRunner(DIALOG, doc, state, ctx)


def kind(message: Message) -> str:
    return type(message).__name__


@pytest.mark.parametrize(
    ("state", "text", "expected"),
    [
        ("age", "62", "Answer"),
        ("age", "  62  ", "Answer"),
        ("age", "help", "Command"),
        ("age", "what is osteoporosis?", "Question"),
        ("age", "62, why do you ask?", "Mixed"),
        ("age", "", "Unreadable"),
        ("age", "x" * (MAX_MESSAGE + 1), "Unreadable"),
        ("smoker", "no", "Answer"),
        ("smoker", "does smoking matter?", "Question"),
    ],
)
def test_each_message_has_one_kind(state: str, text: str, expected: str) -> None:
    assert kind(classify(text, runner_at(state))) == expected


def test_an_answer_carries_its_reading() -> None:
    message = classify("62", runner_at("age"))
    assert message == Answer("62", Parsed(62))
    assert isinstance(classify("purple", runner_at("age")), Answer)
    assert isinstance(classify("purple", runner_at("age")).outcome, NoMatch)  # type: ignore[union-attr]


def test_a_mixed_message_says_what_it_asks() -> None:
    why = classify("62, why do you ask?", runner_at("age"))
    assert isinstance(why, Mixed) and (why.answer, why.asks) == ("62", "why")
    meaning = classify("not sure, what does that mean?", runner_at("age"))
    assert isinstance(meaning, Mixed) and meaning.asks == "meaning"


def test_a_pending_pick_is_answered_or_set_aside() -> None:
    picked = classify("nmol/L", runner_at("age", UNIT))
    assert picked == ConfirmationReply(UNIT, "nmol/L", 1)
    declined = classify("neither", runner_at("age", UNIT))
    assert isinstance(declined, ConfirmationReply) and declined.declined
    asked = classify("what is vitamin D?", runner_at("age", UNIT))
    assert asked == Question("what is vitamin D?")  # the pick stays open
    fresh = classify("62", runner_at("age", UNIT))
    assert isinstance(fresh, Answer) and fresh.set_aside
    assert classify("skip", runner_at("age", UNIT)) == Command("skip")


def test_a_closing_word_ends_the_questions() -> None:
    assert classify("no thanks", runner_at("questions")) == Question("no thanks", closing=True)
    assert classify("is walking good?", runner_at("questions")) == Question("is walking good?")


def test_a_turn_reads_each_text_once_per_question(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[tuple[str, str]] = []
    original = turn.parse

    def counted(dialog, state, text, doc, today):  # type: ignore[no-untyped-def]
        read.append((state.name, text))
        return original(dialog, state, text, doc, today)

    monkeypatch.setattr(turn, "parse", counted)
    runner = runner_at("sex")
    handle(runner, "I'm a 58 year old woman")
    assert read, "the message was not read"
    assert len(read) == len(set(read)), read
    assert runner.doc.facts["sex"].value == "female" and runner.doc.facts["age"].value == 58
