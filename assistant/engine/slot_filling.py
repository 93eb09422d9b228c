"""What an understood answer does to the conversation document, slot by slot, with provenance:
the events that store it (applied by the turn, never written here).

Scans and lab results first go into a draft (several from one message: "spine -2.7 and hip -1.9
in March 2025"); the dialog asks for what a draft lacks (its date), then files it.
"""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation_document import Document
from assistant.engine.dialogs import FACT_SLOTS, FLOW_SLOTS
from assistant.engine.document_values import Entry
from assistant.engine.events import DraftDated, DraftSet, Event, FactSet, FlowSet, Skipped
from assistant.engine.filing import CORRECTION, LAB_KEYS, SCAN_KEYS
from assistant.rules.codec import Invalid, check
from assistant.rules.facts import DexaScan, Facts, LabResult

NONE_CHOICE = "none"  # a choice meaning "no such thing" (no bone medication): the fact is null


def items_of(value: object) -> list[dict[str, Any]]:
    """Scans or labs from a parser's value (one or several), as plain dicts without None fields."""
    items = value if isinstance(value, list) else [value]
    return [dict(item) for item in items if isinstance(item, dict)]


def fact_value(value: object) -> object:
    return None if value == NONE_CHOICE else value


def problem(slot: str, value: object) -> str | None:
    """Why the rules module could not take `value` for `slot`, or None. The parsers refuse
    implausible values first; this is the last guard that nothing unusable is stored."""
    try:
        if slot in FACT_SLOTS and value is not None:
            check(Facts, {slot: fact_value(value)})
        elif slot == "dexa":
            for item in items_of(value):
                check(DexaScan, {k: v for k, v in item.items() if k in SCAN_KEYS})
        elif slot == "labs":
            for item in items_of(value):
                check(LabResult, {k: v for k, v in item.items() if k in LAB_KEYS})
    except Invalid as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}"
    return None


def overwrites(doc: Document, slot: str, value: object) -> Entry | None:
    """The stored entry that `value` would replace with something different, if any."""
    entry = doc.facts.get(slot)
    if slot in FACT_SLOTS and entry is not None and entry.value != fact_value(value):
        return entry
    return None


def filled(doc: Document, slot: str, value: object, source: Entry) -> tuple[list[Event], list[str]]:
    """The events that store `value` in `slot`, and the fact slots they change (for the
    acknowledgement)."""
    if slot in FACT_SLOTS:
        if value is None:  # "don't know": the fact stays unknown, and the skip is remembered
            return [Skipped(slot)], []
        return [FactSet(slot, source.model_copy(update={"value": fact_value(value)}))], [slot]
    if slot in FLOW_SLOTS:
        return [FlowSet(slot, value is True)], []
    if slot in ("dexa", "labs"):
        items = items_of(value)
        if doc.editing and slot == "dexa":
            # replaces the earlier result, is no second one
            items = [{**item, CORRECTION: True} for item in _dates_from_earlier_scans(doc, items)]
        return [DraftSet(items, source)], []
    if slot == "draft_date":
        return [DraftDated(value)], []
    raise ValueError(f"unknown slot {slot!r}")


def skipped(doc: Document, slot: str) -> list[Event]:
    """The person does not know: facts stay null, flow questions count as "no"."""
    if slot in FACT_SLOTS:
        return [Skipped(slot)]
    if slot in FLOW_SLOTS:
        return [FlowSet(slot, False)]
    if slot == "draft_date":
        return [DraftDated(None)]
    if slot in ("dexa", "labs"):
        return [DraftSet([], doc.draft_source)]
    return []


def _dates_from_earlier_scans(doc: Document, draft: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # A correction ("actually my hip T-score was -2.2") means the latest scan of that site.
    dated = []
    for item in draft:
        earlier = [e.value for e in doc.dexa if e.value.get("site") == item.get("site")]
        if "date" in item or item.get("site") is None or not earlier:
            dated.append(item)
            continue
        latest = max((scan.get("date") or "" for scan in earlier), default="") or None
        dated.append({**item, "date": latest})
    return dated
