"""Storing a reading as the answer to the current question, with what else the same message
carries, or holding it for a yes first ("Did you mean ...?", a change to a stored fact)."""

from __future__ import annotations

from assistant.engine import slot_filling
from assistant.engine.carried import also_answers
from assistant.engine.dialogs import FACT_SLOTS
from assistant.engine.document_values import Entry, Pending
from assistant.engine.events import PendingSet
from assistant.engine.render import fact_text
from assistant.engine.turn import TurnRunner


def store_value(
    runner: TurnRunner,
    value: object,
    source: Entry,
    *,
    also_text: str | None = None,
    note: str | None = None,
    shown: str | None = None,
) -> None:
    """Store the answer to the current question and move on (or ask to confirm first).
    `shown` is how to read the value back when it is loose ("March 2024", not a day)."""
    dialog, doc = runner.dialog, runner.doc
    state = runner.here
    assert state.slot is not None
    invalid = slot_filling.problem(state.slot, value)
    if invalid is not None:
        runner.say("error.invalid", "error", detail=invalid)
        runner.ask()
        return
    old = slot_filling.overwrites(doc, state.slot, value)
    if old is not None and not doc.editing and not source.confirmed:
        ask_to_confirm(runner, state.slot, value, source.text, source.parser, old)
        return
    runner.mark()
    runner.forget_readings()
    events, changed = slot_filling.filled(doc, state.slot, value, source)
    runner.emit(*events)
    if also_text is not None:
        changed += also_answers(runner, state.also, also_text)
    if value is None and state.slot in FACT_SLOTS:  # "no idea": unknown, said so
        runner.say("ack.skipped", fact=dialog.message(f"fact.{state.slot}"))
    if changed:
        facts = ", ".join(
            f"{dialog.message(f'fact.{slot}')} {shown}"
            if shown and slot == state.slot
            else fact_text(dialog, slot, doc.facts[slot].value)
            for slot in changed
        )
        if note:  # how a loose answer was read ("2 years ago": about November 2024)
            runner.say("ack.note", facts=facts, note=note)
        else:
            runner.say("ack", facts=facts)
    runner.advance()


def ask_to_confirm(
    runner: TurnRunner,
    slot: str,
    value: object,
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
    pending = Pending(
        kind="confirm",
        state=runner.state,
        text=prompt,
        parser=key,
        candidates=[{"label": "", "values": value, "source": text, "parser": parser}],
    )
    runner.emit(PendingSet(pending))
    runner.ask()
