"""Confirmations the next message answers: an unsure value ("Did you mean ...?"), a change
to a stored fact, a pick among readings of an ambiguous value, and `restart`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from assistant.engine import slot_filling
from assistant.engine.conversation_document import Entry, Pending
from assistant.engine.render import fact_text, yes_no_choices
from assistant.engine.replies import Choice, Reply
from assistant.engine.understand import Parsed, choose, choose_by_date, one_date, parse_yes_no

if TYPE_CHECKING:
    from assistant.engine.dialogs import Dialog
    from assistant.engine.turn import TurnRunner


def pending_reply(dialog: Dialog, pending: Pending) -> Reply:
    if pending.kind == "restart":
        return Reply(
            "confirm.restart", dialog.message("confirm.restart"), "confirm", yes_no_choices(dialog)
        )
    if pending.kind in ("ambiguous", "conflict"):
        labels = [c["label"] for c in pending.candidates]
        return Reply(
            "error.ambiguous",
            dialog.message("error.ambiguous", detail=pending.text),
            "ask",
            tuple(Choice(label, label) for label in labels),
        )
    return Reply(pending.parser, pending.text, "confirm", yes_no_choices(dialog))


def ask_to_confirm(
    runner: TurnRunner,
    slot: str,
    value: Any,
    text: str,
    parser: str,
    old: Entry | None = None,
    shown: str | None = None,
) -> None:
    """Hold `value` until the person says yes: an unsure reading, or a change of `old`."""
    dialog = runner.dialog
    if old is not None:
        prompt = dialog.message(
            "confirm.overwrite",
            old=fact_text(dialog, slot, old.value),
            new=fact_text(dialog, slot, slot_filling.fact_value(value)),
        )
        key = "confirm.overwrite"
    else:
        prompt = dialog.message("confirm.value", value=shown or runner.describe(slot, value))
        key = "confirm.value"
    runner.doc.pending = Pending(
        "confirm",
        runner.state,
        prompt,
        key,
        [{"label": "", "values": value, "source": text, "parser": parser}],
    )
    runner.ask()


def _none_picked(runner: TurnRunner, pending: Pending, text: str) -> bool:
    """No option picked: "neither" drops the value and asks the question again; "I don't know"
    keeps it when the choice does not matter (a unit under which the status is the same) and
    otherwise skips the question, saying so. Anything else is read as a fresh message."""
    verdict = parse_yes_no(text, runner.ctx.today)
    if not isinstance(verdict, Parsed) or verdict.value is True:
        return False
    if verdict.value is False:
        runner.say("confirm.declined")
        runner.ask()
        return True
    from assistant.engine.command_handlers import keep_unsure_unit, run_command

    if not keep_unsure_unit(runner, pending):
        run_command(runner, "skip", None, text)
    return True


def _dated(values: Any, text: str, today: dt.date) -> Any:
    """The picked results, with the one date the same answer gives ("that was my spine, in
    October 2025" to "Which site?") for those that have none yet."""
    items = slot_filling.items_of(values)
    if not items or all("date" in item and item["date"] for item in items):
        return values
    date = one_date(text, today)
    if date is None:
        return values
    dated = [{**item, "date": item.get("date") or date} for item in items]
    return dated if isinstance(values, list) else dated[0]


def resolve(runner: TurnRunner, pending: Pending, text: str) -> bool:
    """Handle the answer to a pending confirmation; False when the text is something else,
    which then drops the confirmation and is read as a fresh message."""
    doc = runner.doc
    today = runner.ctx.today
    if pending.kind == "conflict":
        index = choose(text, [c["label"] for c in pending.candidates], today)
        unsure = parse_yes_no(text, today)
        if index is None and not (isinstance(unsure, Parsed) and unsure.value is None):
            return False  # neither a pick nor "don't know": read as a fresh message
        from assistant.engine.conflicts import settle_conflict

        settle_conflict(runner, pending, index)
        runner.ask()
        return True
    if pending.kind == "ambiguous":
        index = choose(text, [c["label"] for c in pending.candidates], today)
        if index is None:  # "12 March 2025" to "Is 12/03/2025 the 12 March or 3 December?"
            index = choose_by_date(
                text, [json.dumps(c["values"]) for c in pending.candidates], today
            )
        doc.pending = None
        if index is None:
            return _none_picked(runner, pending, text)
        chosen = pending.candidates[index]
        values = _dated(chosen["values"], text, today)
        runner.store_value(values, runner.source(text, pending.parser, True))
        return True
    verdict = choose(text, ["yes", "no"], today, yes_no=True)
    doc.pending = None
    if verdict is None:
        return False
    if pending.kind == "restart":
        if verdict == 0:
            runner.restart()
        else:
            runner.say("confirm.restart_declined")
            runner.ask()
        return True
    if verdict == 1:
        runner.say("confirm.declined")
        runner.ask()
        return True
    candidate = pending.candidates[0]
    source = Entry(
        None,
        str(candidate.get("source", text)),
        str(candidate.get("parser", "")),
        runner.ctx.now,
        True,
    )
    # "femal 72", confirmed as female: the age said with it is taken too
    runner.store_value(candidate["values"], source, also_text=source.text)
    return True
