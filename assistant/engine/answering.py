"""The message read as the answer to the current question: stored, confirmed first, refused
with a hint, or offered as readings to pick from; and what else the same message carries on to
(the next answer after a yes, how a break happened, a break placed at another question)."""

from __future__ import annotations

import re

from assistant.engine.carried import carries_on, date_with_more
from assistant.engine.classify import gives_nothing
from assistant.engine.definition import FOLLOW_UP
from assistant.engine.document_values import Pending
from assistant.engine.events import Answered, PendingSet
from assistant.engine.render import plain
from assistant.engine.replies import Reply
from assistant.engine.skipping import skip
from assistant.engine.storing import ask_to_confirm, store_value
from assistant.engine.turn import TurnRunner
from assistant.engine.understand import (
    Ambiguous,
    Implausible,
    NoMatch,
    Parsed,
    bare,
    names_event,
    without_choices,
)
from assistant.understanding.outcomes import PartialDate

# a number that is not a year: a score or a result ("no, not since 2019" stays a no)
_VALUE = re.compile(r"(?<![\d.,])(?!(?:19|20)\d\d(?![\d.,]))\d+(?:[.,]\d+)?")


def answer(runner: TurnRunner, text: str) -> None:
    """Read `text` as the answer to the current question."""
    state = runner.here
    assert state.parser is not None and state.slot is not None
    if state.slot == "draft_date" and date_with_more(runner, text):
        return
    if _follow_up(runner, text):
        return
    outcome = runner.read(state, text)
    if (
        state.pass_on
        and isinstance(outcome, Parsed)
        and outcome.value is False
        and _VALUE.search(text)
    ):
        # "spine -2.1 no -2.3" to "Have you had a scan?": values given with a "no" in them
        # are no answer of no; dropping them would lose what the person typed
        outcome = NoMatch(runner.dialog.message(state.unclear or "yes_no.mixed"))
    onward = carries_on(runner, state.pass_on, text)
    if onward is not None and (
        isinstance(outcome, NoMatch) or (isinstance(outcome, Parsed) and outcome.value is True)
    ):
        _yes_and_pass_on(runner, onward, text)
        return
    if (
        isinstance(outcome, NoMatch)
        and state.skippable
        and state.parser != "yes_no"
        and gives_nothing(runner, text)
    ):
        skip(runner)  # "don't know" / "no" to a question asking for a number or a date
        return
    if isinstance(outcome, NoMatch):
        runner.replies.append(
            Reply(
                "error.no_match",
                runner.dialog.message("error.no_match", hint=outcome.message).strip(),
                "error",
            )
        )
        runner.ask()
    elif isinstance(outcome, Implausible):
        runner.replies.append(
            Reply(
                "error.implausible",
                runner.dialog.message("error.implausible", detail=outcome.message),
                "error",
            )
        )
        runner.ask()
    elif isinstance(outcome, Ambiguous):
        candidates = [
            {"label": runner.label(state.slot, option), "values": plain(option)}
            for option in outcome.options
        ]
        pending = Pending(
            kind="ambiguous",
            state=runner.state,
            text=outcome.prompt,
            parser=state.parser,
            candidates=candidates,
        )
        runner.emit(PendingSet(pending))
        runner.ask()
    else:
        value = plain(outcome.value)
        if not outcome.certain:
            shown = runner.label(state.slot, outcome.value)
            ask_to_confirm(runner, state.slot, value, text, state.parser, shown=shown)
            return
        store_value(
            runner,
            value,
            runner.source(text, state.parser, False),
            also_text=text,
            note=outcome.note,
            # a date as precise as it was said
            shown=outcome.value.spoken() if isinstance(outcome.value, PartialDate) else None,
        )


def _follow_up(runner: TurnRunner, text: str) -> bool:
    """A break named in the person's own words ("broke my wrist skiing"): how it happened
    decides the answer, so the follow-up question (the `follow_up` transition) reads the same
    message, or is asked. A plain yes or no answers the question as it was put."""
    machine = runner.dialog.machine
    if bare(text) or not machine.has_trigger(runner.state, FOLLOW_UP):
        return False  # a plain yes or no answers the question as it was put
    state = runner.here
    follow = runner.dialog.states[runner.dialog.follow_up(runner.state) or ""]
    said = runner.read(state, without_choices(follow, text))
    if isinstance(said, Parsed) and said.value is False:
        return False  # "no, I fell once but nothing broke"
    how = runner.read(follow, text)
    told = isinstance(how, Parsed) and how.certain
    if not told and not names_event(state, text):
        return False
    runner.mark()  # `undo` goes back to the question the person answered
    runner.emit(Answered(runner.state))
    machine.fire(runner.model, FOLLOW_UP)
    if isinstance(how, Parsed) and told:
        chosen = next(c.label for c in follow.choices if c.value == ("yes" if how.value else "no"))
        store_value(
            runner,
            how.value,
            runner.source(text, follow.parser or "", False),
            note=chosen.lower(),
        )
    else:
        runner.ask()
    return True


def _yes_and_pass_on(runner: TurnRunner, onward: str, text: str) -> None:
    # "yes, spine -2.7 in 2025" to "Have you had a scan?": a yes, and the next answer
    store_value(runner, True, runner.source(text, runner.here.parser or "", False))
    if runner.state != onward or runner.doc.pending is not None:
        return
    asked = runner.replies.pop() if runner.replies and runner.replies[-1].kind == "ask" else None
    if asked is not None and asked.key != runner.dialog.ask_key(
        runner.dialog.states[onward], runner.doc
    ):
        runner.replies.append(asked)  # not the question we pass the message on to
        return
    answer(runner, text)
