"""Words for values and questions: how a stored fact, a scan or a lab reads back to a person.

All wording comes from the dialog's `messages`; this module only assembles it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Any

from assistant.engine.conversation_document import Document, Parts
from assistant.engine.document_values import Pending
from assistant.engine.replies import Choice, Reply
from assistant.rules.facts import ScanValue
from assistant.rules.labels import MEASUREMENTS, SITES, TESTS, iso_date_label, label_of

if TYPE_CHECKING:
    from assistant.engine.definition import StateDef
    from assistant.engine.dialogs import Dialog


def plain(value: object) -> object:
    """A parser's value as JSON data: dates as ISO text, records as dicts without None fields."""
    as_fact = getattr(value, "as_fact", None)
    if callable(as_fact):
        return plain(as_fact())
    first_day = getattr(value, "first_day", None)
    if callable(first_day):  # a partial date ("March 2024"): its first day, never a later guess
        return plain(first_day())
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


SHOWN_SCAN_VALUES: tuple[ScanValue, ...] = ("t_score", "z_score", "bmd")  # the centre's LSC is not


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def scan_text(dialog: Dialog, scan: dict[str, Any]) -> str:
    site = scan.get("site")
    parts = [label_of(SITES, site) if site else "scan"]
    for key in SHOWN_SCAN_VALUES:
        if scan.get(key) is not None:
            shown = f"{MEASUREMENTS[key]} {_number(scan[key])}"
            parts.append(shown + (" g/cm²" if key == "bmd" else ""))
    if scan.get("date"):
        parts.append(f"({iso_date_label(str(scan['date']))})")
    return " ".join(parts)


def lab_text(dialog: Dialog, lab: dict[str, Any]) -> str:
    parts = [label_of(TESTS, lab.get("test")), _number(lab.get("value"))]
    if lab.get("unit") and not lab.get("note"):  # a note says the unit is not known
        parts.append(str(lab["unit"]))
    if lab.get("reference_low") is not None and lab.get("reference_high") is not None:
        parts.append(f"(range {_number(lab['reference_low'])}-{_number(lab['reference_high'])})")
    if lab.get("note"):
        parts.append(f"({lab['note']})")
    if lab.get("date"):
        parts.append(f"({iso_date_label(str(lab['date']))})")
    return " ".join(parts)


def value_text(dialog: Dialog, slot: str, value: object) -> str:
    """A slot's value as the person would read it back."""
    if isinstance(value, bool):
        return dialog.message("value.yes" if value else "value.no")
    if value is None:
        return dialog.message("value.none")
    state = dialog.states.get(dialog.slot_state.get(slot, ""))
    if state is not None:
        for choice in state.choices:
            if choice.value == value:
                return choice.label
    if isinstance(value, dict):
        return lab_text(dialog, value) if "test" in value else scan_text(dialog, value)
    if isinstance(value, list):
        return "; ".join(value_text(dialog, slot, item) for item in value)
    if isinstance(value, str):
        return iso_date_label(value)
    return _number(value)


def fact_text(dialog: Dialog, slot: str, value: object) -> str:
    return f"{dialog.message(f'fact.{slot}')} {value_text(dialog, slot, value)}"


def undone_text(dialog: Dialog, taken: Parts, left: Parts) -> str:
    """What `undo` took back, as it was given: "age 62", "DEXA results lumbar spine T-score
    -2.1", "more DEXA results yes". `taken`: the parts before the undo; `left`: after it."""
    parts: list[str] = []
    for slot in [*taken.facts, *(name for name in left.facts if name not in taken.facts)]:
        entry, before = taken.facts.get(slot), left.facts.get(slot)
        if entry == before:
            continue
        if entry is not None:
            parts.append(fact_text(dialog, slot, entry.value))
        elif before is not None:  # the step took a value away: undo gives it back
            parts.append(fact_text(dialog, slot, before.value))
    parts += [
        f"{dialog.message('summary.skipped')} {dialog.message(f'fact.{slot}')}"
        for slot in taken.skipped
        if slot not in left.skipped
    ]
    for name in ("dexa", "labs"):
        earlier = [entry.value for entry in getattr(left, name)]
        added = [entry.value for entry in getattr(taken, name) if entry.value not in earlier]
        if added:
            parts.append(fact_text(dialog, name, added))
    drafted = [item for item in taken.draft if item not in left.draft]
    if drafted:
        parts.append(fact_text(dialog, "labs" if "test" in drafted[0] else "dexa", drafted))
    parts += [
        fact_text(dialog, slot, value)
        for slot, value in taken.flow.items()
        if left.flow.get(slot) != value
    ]
    return ", ".join(parts) or dialog.message("undo.last")


def summary_lines(dialog: Dialog, doc: Document) -> list[str]:
    lines: list[str] = []
    for slot in dialog.slot_state:
        if slot in doc.facts:
            lines.append(
                f"- {dialog.message(f'fact.{slot}')}: "
                f"{value_text(dialog, slot, doc.facts[slot].value)}"
            )
        elif slot in doc.skipped:
            lines.append(f"- {dialog.message(f'fact.{slot}')}: {dialog.message('summary.skipped')}")
    lines.extend(f"- {scan_text(dialog, entry.value)}" for entry in doc.dexa)
    lines.extend(f"- {lab_text(dialog, entry.value)}" for entry in doc.labs)
    return lines


def summary_reply(dialog: Dialog, doc: Document) -> Reply:
    lines = summary_lines(dialog, doc)
    if not lines:
        return Reply("summary.empty", dialog.message("summary.empty"), "summary")
    return Reply("summary", "\n".join([dialog.message("summary.heading"), *lines]), "summary")


def yes_no_choices(dialog: Dialog) -> tuple[Choice, ...]:
    return (Choice("yes", dialog.message("value.yes")), Choice("no", dialog.message("value.no")))


def state_choices(dialog: Dialog, state: StateDef) -> tuple[Choice, ...]:
    if state.parser == "yes_no":
        return yes_no_choices(dialog)
    if state.choices:
        return tuple(Choice(choice.value, choice.label) for choice in state.choices)
    return ()


def ask_reply(dialog: Dialog, state: StateDef, doc: Document) -> Reply | None:
    key = dialog.ask_key(state, doc)
    if key is None:
        return None
    return Reply(key, dialog.message(key), "ask", state_choices(dialog, state))


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
