"""Answers one message carries beyond the question asked: other facts ("I'm a 58 year old
woman"), a yes with the next answer ("yes, spine -2.7"), a result with the date asked for."""

from __future__ import annotations

from assistant.engine import slot_filling
from assistant.engine.dialogs import FACT_SLOTS
from assistant.engine.events import DraftDated, DraftSet
from assistant.engine.render import plain
from assistant.engine.turn import TurnRunner
from assistant.engine.understand import (
    Implausible,
    NoMatch,
    Parsed,
    bare,
    names_event,
    names_own_event,
    without_choices,
)


def date_with_more(runner: TurnRunner, text: str) -> bool:
    """A result given where only a date was asked ("calcium 9.4 mg/dL on 1 March" to "When
    was that test?"): the date for the results waiting for one, and the new result kept too."""
    doc = runner.doc
    parent = runner.dialog.slot_state.get(
        "labs" if doc.draft and "test" in doc.draft[0] else "dexa"
    )
    if parent is None or not doc.draft:
        return False
    outcome = runner.read(runner.dialog.states[parent], text)
    if isinstance(outcome, Implausible):  # refused as anywhere else, never dropped quietly
        runner.say("error.implausible", "error", detail=outcome.message)
        runner.ask()
        return True
    if not (isinstance(outcome, Parsed) and outcome.certain):
        return False
    more = slot_filling.items_of(plain(outcome.value))
    dated = [item["date"] for item in more if item.get("date")]
    slot = runner.dialog.states[parent].slot or ""
    if not more or not dated or slot_filling.problem(slot, more) is not None:
        return False
    runner.mark()
    runner.emit(DraftDated(dated[0]))
    runner.emit(DraftSet([*doc.draft, *more], doc.draft_source))
    runner.advance()
    return True


def carries_on(runner: TurnRunner, names: tuple[str, ...], text: str) -> str | None:
    """The next question (of `names`) that this message already answers, if any."""
    for name in names:
        outcome = runner.read(runner.dialog.states[name], text)
        if not isinstance(outcome, NoMatch):
            return name
    return None


def also_answers(runner: TurnRunner, states: tuple[str, ...], text: str) -> list[str]:
    """Other answers carried by the same message, taken only when certain and still empty."""
    changed: list[str] = []
    if bare(text):
        return changed  # a plain "yes" answers the question asked, not the others
    here = runner.dialog.states[runner.state]
    for name in states:
        other = runner.dialog.states[name]
        if other.parser is None or other.slot not in FACT_SLOTS or other.slot in runner.doc.facts:
            continue
        outcome = runner.read(other, text)
        if not isinstance(outcome, Parsed) or not outcome.certain or outcome.value is None:
            continue
        if other.parser == "yes_no" and not (
            outcome.value is True and names_event(other, without_choices(here, text))
        ):
            # another yes/no is carried only by words of its own: "D3" in "Adcal-D3", not the
            # "Adcal" both questions know
            continue
        source = runner.source(text, other.parser, False)
        events, slots = slot_filling.filled(runner.doc, other.slot, plain(outcome.value), source)
        runner.emit(*events)
        changed += slots
    return changed


def event_elsewhere(runner: TurnRunner, asked_at: str, text: str) -> None:
    """A break the person mentions at another question of the same section, after the fracture
    question was answered ("no, not since I broke my hip" to the exercise question): the
    follow-up asks how it happened, then the dialog returns to where the person was."""
    dialog, doc = runner.dialog, runner.doc
    if doc.pending is not None or runner.finished or doc.draft:
        return
    here = dialog.states[asked_at]
    for name, state in dialog.states.items():
        follow = dialog.follow_up(name)
        if follow is None or asked_at in (name, follow) or state.section != here.section:
            continue
        slot = state.slot or ""
        entry = doc.facts.get(slot)
        if (entry is None and slot not in doc.skipped) or (entry is not None and entry.value):
            continue  # not asked yet (it will be), or already a yes
        if not names_own_event(state, here, text):
            continue
        if runner.replies and runner.replies[-1].kind == "ask":
            runner.replies.pop()  # the next question waits until the break is placed
        runner.say("follow_up.mentioned")
        runner.jump(follow, resume=True)
        runner.ask()
        return
