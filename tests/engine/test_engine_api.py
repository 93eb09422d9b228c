"""The Engine API the channels use, on a real SQLite store: open, handle, progress, facts,
assessment, and what each turn leaves in the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.engine.engine import Engine
from assistant.engine.memory_store import MemoryStore
from assistant.knowledge import KnowledgeBase
from assistant.store import Store, open_store

TODAY = dt.date(2026, 11, 25)
WOMAN = [
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
]


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return KnowledgeBase.default()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(str(tmp_path / "engine.db"))
    yield opened
    opened.close()


@pytest.fixture
def engine(store: Store, knowledge: KnowledgeBase) -> Engine:
    return Engine(store, today=lambda: TODAY, knowledge=knowledge)


def test_open_greets_and_asks_then_reopening_asks_again(engine: Engine) -> None:
    first = engine.open("c1", patient_id="P-1")
    assert [r.key for r in first] == ["greeting", "ask.consent"]
    again = engine.open("c1")
    assert [r.key for r in again] == ["resume", "ask.consent"]
    progress = engine.progress("c1")
    assert progress is not None and progress.state == "consent" and progress.step == 1
    assert {c.value for c in progress.choices} == {"yes", "no"}


def test_handle_on_an_unknown_conversation_opens_it(engine: Engine) -> None:
    replies = engine.handle("fresh", "hello")
    assert [r.key for r in replies] == ["greeting", "ask.consent"]
    question = engine.handle("fresh2", "what is a T-score?")
    assert [r.kind for r in question] == ["say", "answer", "ask"]


def test_each_turn_is_saved_before_the_replies_return(engine: Engine, store: Store) -> None:
    engine.open("c2")
    engine.handle("c2", "yes")
    engine.handle("c2", "female")
    record = store.get("c2")
    assert record is not None and record.state == "age" and record.version == 3
    entry = record.data["facts"]["sex"]
    assert entry["value"] == "female" and entry["text"] == "female"
    assert entry["parser"] == "choice" and entry["confirmed"] is False and entry["at"]
    assert [t.user_text for t in store.turns("c2")] == ["", "yes", "female"]


def test_full_intake_records_the_assessment(engine: Engine, store: Store) -> None:
    engine.open("c3", patient_id="P-3")
    for text in [*WOMAN, "yes", "spine -2.7 and hip -1.9 in March 2025", "no", "no", "no"]:
        engine.handle("c3", text)
    assert engine.assessment("c3") is None
    replies = engine.handle("c3", "yes")
    assessed = [r for r in replies if r.kind == "assessment"]
    assert len(assessed) == 1 and assessed[0].assessment is not None
    assessment = engine.assessment("c3")
    assert assessment is not None and assessment.bone_density.category == "osteoporosis"
    patient = store.patient("P-3")
    assert patient is not None and patient.assessment is not None
    assert patient.facts is not None and patient.facts["dexa"][0]["t_score"] == -2.7
    facts = engine.facts("c3")
    assert facts is not None and facts.age == 58 and len(facts.dexa) == 2


def test_unanswered_questions_are_logged(engine: Engine, store: Store) -> None:
    engine.open("c4", channel="slack")
    replies = engine.handle("c4", "what's the best pizza topping?")
    assert replies[0].kind == "abstain"
    assert [q.question for q in store.unanswered()] == ["what's the best pizza topping?"]


def test_the_machine_keeps_no_model_between_turns(engine: Engine) -> None:
    engine.open("c5")
    engine.handle("c5", "yes")
    machine = engine.dialogs["intake"].machine._machine
    assert machine.models == []


def test_progress_counts_steps_and_reports_sections(engine: Engine) -> None:
    engine.open("c6")
    for text in ["yes", "male", "54"]:
        engine.handle("c6", text)
    progress = engine.progress("c6")
    assert progress is not None
    assert progress.state == "indication" and progress.section == "History"
    assert 1 < progress.step < progress.total and not progress.finished
    assert {c.value for c in progress.choices} == {"breast_cancer", "trt", "other"}
    assert engine.progress("nobody") is None and engine.facts("nobody") is None


def test_two_conversations_never_mix(knowledge: KnowledgeBase) -> None:
    engine = Engine(MemoryStore(), today=lambda: TODAY, knowledge=knowledge)
    engine.open("a")
    engine.open("b")
    for a_text, b_text in zip(["yes", "female", "61"], ["yes", "male", "40"], strict=True):
        engine.handle("a", a_text)
        engine.handle("b", b_text)
    fa, fb = engine.facts("a"), engine.facts("b")
    assert fa is not None and fb is not None
    assert (fa.sex, fa.age, fb.sex, fb.age) == ("female", 61, "male", 40)


def test_quit_keeps_the_place_and_a_later_turn_resumes(engine: Engine) -> None:
    engine.open("c7")
    engine.handle("c7", "yes")
    replies = engine.handle("c7", "quit")
    assert replies[-1].kind == "end"
    again = engine.open("c7")
    assert again[-1].key == "ask.sex"


def test_threads_sharing_one_engine_keep_their_conversations_apart(
    store: Store, knowledge: KnowledgeBase
) -> None:
    import threading

    engine = Engine(store, today=lambda: TODAY, knowledge=knowledge)
    ages = {f"t{n}": 40 + n for n in range(4)}
    errors: list[BaseException] = []

    def talk(conversation: str) -> None:
        try:
            engine.open(conversation)
            for text in ["yes", "female", str(ages[conversation]), "after menopause"]:
                engine.handle(conversation, text)
        except BaseException as error:  # reported below, with the thread's conversation
            errors.append(error)

    threads = [threading.Thread(target=talk, args=(c,)) for c in ages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    for conversation, age in ages.items():
        facts = engine.facts(conversation)
        progress = engine.progress(conversation)
        assert facts is not None and facts.age == age
        assert progress is not None and progress.state == "indication"


def test_a_row_the_engine_did_not_write_starts_afresh(store: Store, engine: Engine) -> None:
    from assistant.store.base import ConversationRecord

    with store.turn("odd") as turn:
        turn.save(ConversationRecord("odd", None, "terminal", "nowhere", {"x": 1}, False), "", [])
    assert engine.facts("odd") is None
    replies = engine.handle("odd", "yes")
    assert replies[-1].key == "ask.sex"
    progress = engine.progress("odd")
    assert progress is not None and progress.state == "sex"


def test_progress_offers_the_pending_confirmation_choices(engine: Engine) -> None:
    engine.open("c8")
    for text in ["yes", "female", "58", "after menopause", "breast cancer"]:
        engine.handle("c8", text)
    engine.handle("c8", "03/04/2025")
    progress = engine.progress("c8")
    assert progress is not None and progress.state == "anastrozole_start"
    assert [c.label for c in progress.choices][:2] == ["3 April 2025", "4 March 2025"]


def test_a_very_long_message_is_refused_not_read(engine: Engine) -> None:
    engine.open("c9")
    engine.handle("c9", "yes")
    replies = engine.handle("c9", "female " * 1000)
    assert [r.key for r in replies] == ["error.too_long", "ask.sex"]
    progress = engine.progress("c9")
    assert progress is not None and progress.state == "sex"
