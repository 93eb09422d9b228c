"""`skip`, said or implied ("don't know" to a question asking for a number): the question is
left unanswered, and said to be, and the dialog moves on."""

from __future__ import annotations

from assistant.engine import slot_filling
from assistant.engine.conflicts import settle_conflict
from assistant.engine.document_values import Pending
from assistant.engine.events import PendingCleared
from assistant.engine.storing import store_value
from assistant.engine.turn import TurnRunner
from assistant.engine.unit_status import same_status


def skip(runner: TurnRunner) -> None:
    state = runner.here
    pending = runner.doc.pending
    if pending is not None and pending.kind == "conflict":
        settle_conflict(runner, pending, None)  # not knowing which: both are kept, and flagged
        runner.ask()
        return
    if pending is not None and pending.kind != "restart":
        # skipping a question we were checking drops the unsure value too
        runner.emit(PendingCleared())
        if pending.kind == "ambiguous" and keep_unsure_unit(runner, pending):
            return
    if state.slot is None or not state.skippable:
        runner.say("error.cannot_skip", "error")
        runner.ask()
        return
    runner.mark()
    runner.emit(*slot_filling.skipped(runner.doc, state.slot))
    # every skip is said, a section or a date as much as a fact: nothing is dropped unseen
    runner.say("ack.skipped", fact=runner.dialog.message(f"fact.{state.slot}"))
    runner.advance("skip")


def keep_unsure_unit(runner: TurnRunner, pending: Pending) -> bool:
    """ "I don't know" to "ng/mL or nmol/L?": when every reading gives the same status under
    the rules, the value is kept with its unit noted as unknown, and the dialog moves on."""
    values = [candidate["values"] for candidate in pending.candidates]
    if not same_status(values):
        return False
    note = runner.dialog.message("note.unit_unknown")
    kept = [{**item, "note": note} for item in slot_filling.items_of(values[0])]
    store_value(runner, kept, runner.source(pending.text, pending.parser, False))
    return True
