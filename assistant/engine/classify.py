"""What a message is, decided once per turn: a command, a question, an answer, an answer with a
question (`Mixed`), the reply to a pending confirmation, or something that cannot be read. Each
kind carries what was read, so no handler reads the text again."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from assistant.engine.document_values import Pending
from assistant.engine.turn import TurnRunner
from assistant.engine.understand import (
    NoMatch,
    Outcome,
    Parsed,
    asks_what_it_means,
    choose,
    choose_by_date,
    closes,
    detect_command,
    looks_like_question,
    parse_yes_no,
    split_question,
)
from assistant.understanding.command_words import Command

MAX_MESSAGE = 2000  # characters; longer messages are refused, not read


@dataclass(frozen=True)
class Question:
    """For the knowledge base. `closing`: a closing word ("no thanks") where only questions are
    taken, which ends the conversation."""

    text: str
    set_aside: bool = False  # a pending confirmation this message does not answer is dropped
    closing: bool = False


@dataclass(frozen=True)
class Answer:
    """The answer to the current question, with its reading by the question's parser."""

    text: str
    outcome: Outcome
    set_aside: bool = False


@dataclass(frozen=True)
class Mixed:
    """An answer and a question in one message ("62, why do you ask?"). `asks` "meaning": the
    question itself was unclear ("not sure, what does that mean?"), so no answer is taken."""

    answer: str
    question: str
    asks: Literal["meaning", "why", "knowledge"]
    set_aside: bool = False


@dataclass(frozen=True)
class ConfirmationReply:
    """The answer to `pending`: the option picked (for yes or no, 0 is yes), None for "I don't
    know", or `declined` ("neither" to a pick among readings)."""

    pending: Pending
    text: str
    pick: int | None
    declined: bool = False


@dataclass(frozen=True)
class Unreadable:
    """Nothing to read (empty, too long, or not a question where no answer is asked for)."""

    key: Literal["error.too_long", "error.no_match", "error.no_question"]
    set_aside: bool = False


Message = Command | Question | Answer | Mixed | ConfirmationReply | Unreadable


def classify(text: str, runner: TurnRunner) -> Message:
    """`text` read once against where the conversation stands."""
    text = text.strip()
    if len(text) > MAX_MESSAGE:
        # a pasted letter is not an answer: reading it would hold the conversation for long
        return Unreadable("error.too_long")
    command = detect_command(text) if text else None
    if command is not None:
        return command
    pending = runner.doc.pending
    if pending is not None and looks_like_question(text):
        return Question(text)  # the confirmation stays open and is asked again
    set_aside = False
    if pending is not None:
        reply = confirmation_reply(runner, pending, text)
        if reply is not None:
            return reply
        set_aside = pending.kind != "conflict"  # a clash of scans is asked until it is settled
    state = runner.here
    if not text:
        return Unreadable("error.no_match", set_aside)
    if state.free_questions:
        # after the assessment every message is a question; "no", "thanks" or "bye" ends
        closing = not looks_like_question(text) and (
            choose(text, ["yes", "no"], runner.ctx.today, yes_no=True) == 1
            or closes(state, text, runner.ctx.today)
        )
        return Question(text, set_aside, closing)
    if state.parser is None or state.slot is None:
        if looks_like_question(text):
            return Question(text, set_aside)
        return Unreadable("error.no_question", set_aside)
    mixed = _mixed(runner, text, set_aside)
    if mixed is not None:
        return mixed
    outcome = runner.read(state, text)
    if looks_like_question(text) and ("?" in text or not isinstance(outcome, Parsed)):
        # "is -2.5 bad?" is a question; "do some walking" read as an answer is an answer
        return Question(text, set_aside)
    return Answer(text, outcome, set_aside)


def _mixed(runner: TurnRunner, text: str, set_aside: bool) -> Mixed | None:
    parts = split_question(text)
    if parts is None:
        return None
    answer, question = parts
    if asks_what_it_means(question):
        # the question itself is unclear: explain it and ask again rather than take an
        # answer given without understanding it
        return Mixed(answer, question, "meaning", set_aside)
    state = runner.here
    outcome = runner.read(state, answer)
    if isinstance(outcome, NoMatch) and not (state.skippable and gives_nothing(runner, answer)):
        return None
    command = detect_command(question)
    if command is None:
        return Mixed(answer, question, "knowledge", set_aside)
    if command.name == "why":
        return Mixed(answer, question, "why", set_aside)
    return None  # "62, quit": a command is not a question; read the message as before


def confirmation_reply(runner: TurnRunner, pending: Pending, text: str) -> ConfirmationReply | None:
    """`text` as the answer to `pending`; None when it is something else."""
    today = runner.ctx.today
    labels = [c["label"] for c in pending.candidates]
    if pending.kind == "conflict":
        index = choose(text, labels, today)
        unsure = parse_yes_no(text, today)
        if index is None and not (isinstance(unsure, Parsed) and unsure.value is None):
            return None  # neither a pick nor "don't know": read as a fresh message
        return ConfirmationReply(pending, text, index)
    if pending.kind == "ambiguous":
        index = choose(text, labels, today)
        if index is None:  # "12 March 2025" to "Is 12/03/2025 the 12 March or 3 December?"
            index = choose_by_date(
                text, [json.dumps(c["values"]) for c in pending.candidates], today
            )
        if index is not None:
            return ConfirmationReply(pending, text, index)
        # no option picked: "neither" drops the value, "I don't know" is no pick
        verdict = parse_yes_no(text, today)
        if not isinstance(verdict, Parsed) or verdict.value is True:
            return None
        return ConfirmationReply(pending, text, None, declined=verdict.value is False)
    verdict_index = choose(text, ["yes", "no"], today, yes_no=True)
    return None if verdict_index is None else ConfirmationReply(pending, text, verdict_index)


def gives_nothing(runner: TurnRunner, text: str) -> bool:
    """ "Don't know", "no": nothing to give. A message with numbers gives something, and a
    "no" in it ("spine -2.1 no -2.3") is no reason to drop them."""
    if any(char.isdigit() for char in text):
        return False
    outcome = parse_yes_no(text, runner.ctx.today)
    return isinstance(outcome, Parsed) and outcome.value is not True
