"""Confirmations the next message answers: an unsure value ("Did you mean ...?"), a change
to a stored fact, a pick among readings of an ambiguous value, and `restart`.
"""

from __future__ import annotations

import datetime as dt

from assistant.engine import slot_filling
from assistant.engine.classify import ConfirmationReply
from assistant.engine.conflicts import settle_conflict
from assistant.engine.document_values import Entry
from assistant.engine.events import PendingCleared
from assistant.engine.skipping import keep_unsure_unit, skip
from assistant.engine.storing import store_value
from assistant.engine.turn import TurnRunner
from assistant.engine.understand import one_date


def _dated(values: object, text: str, today: dt.date) -> object:
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


def resolve(runner: TurnRunner, reply: ConfirmationReply) -> None:
    """Apply the answer to a pending confirmation."""
    pending, pick = reply.pending, reply.pick
    if pending.kind == "conflict":
        settle_conflict(runner, pending, pick)
        runner.ask()
        return
    runner.emit(PendingCleared())
    if pending.kind == "ambiguous":
        if pick is not None:
            chosen = pending.candidates[pick]
            values = _dated(chosen["values"], reply.text, runner.ctx.today)
            store_value(runner, values, runner.source(reply.text, pending.parser, True))
        elif reply.declined:  # "neither": the value is dropped and the question asked again
            runner.say("confirm.declined")
            runner.ask()
        elif not keep_unsure_unit(runner, pending):
            # "I don't know", when the choice matters (a unit that changes the status)
            skip(runner)
        return
    if pending.kind == "restart":
        if pick == 0:
            runner.restart()
        else:
            runner.say("confirm.restart_declined")
            runner.ask()
        return
    if pick == 1:
        runner.say("confirm.declined")
        runner.ask()
        return
    candidate = pending.candidates[0]
    source = Entry(
        value=None,
        text=str(candidate.get("source", reply.text)),
        parser=str(candidate.get("parser", "")),
        at=runner.ctx.now,
        confirmed=True,
    )
    # "femal 72", confirmed as female: the age said with it is taken too
    store_value(runner, candidate["values"], source, also_text=source.text)
