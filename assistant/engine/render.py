"""Words for values and questions: how a stored fact, a scan or a lab reads back to a person.

All wording comes from the dialog's `messages`; this module only assembles it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Any

from assistant.engine.conversation_document import Change, Document, Pending
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


def undone_text(dialog: Dialog, doc: Document, change: Change) -> str:
    """What reverting `change` takes back, as it was given: "age 62", "DEXA results lumbar
    spine T-score -2.1", "more DEXA results yes"; read before the change is reverted."""
    parts: list[str] = []
    for slot, before in change.get("facts", {}).items():
        entry = doc.facts.get(slot)
        if entry is not None:
            parts.append(fact_text(dialog, slot, entry.value))
        elif before is not None:  # the turn took a value away: undo gives it back
            parts.append(fact_text(dialog, slot, before["value"]))
    if "skipped" in change:
        newly = [slot for slot in doc.skipped if slot not in change["skipped"]]
        parts += [
            f"{dialog.message('summary.skipped')} {dialog.message(f'fact.{s}')}" for s in newly
        ]
    for part in ("dexa", "labs"):
        if part in change:
            earlier = [item.get("value") for item in change[part]]
            added = [entry.value for entry in getattr(doc, part) if entry.value not in earlier]
            if added:
                parts.append(fact_text(dialog, part, added))
    if "draft" in change:
        added = [item for item in doc.draft if item not in change["draft"]]
        if added:
            slot = "labs" if "test" in added[0] else "dexa"
            parts.append(fact_text(dialog, slot, added))
    if "flow" in change:
        parts += [
            fact_text(dialog, slot, value)
            for slot, value in doc.flow.items()
            if change["flow"].get(slot) != value
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
