"""Putting an understood answer into the conversation document, slot by slot, with provenance.

Scans and lab results first go into a draft (several from one message: "spine -2.7 and hip -1.9
in March 2025"); the dialog asks for what a draft lacks (its date) and `commit_draft` files it.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from assistant.engine.conversation_document import Document, Entry
from assistant.engine.dialogs import FACT_SLOTS, FLOW_SLOTS
from assistant.rules.facts import DexaScan, Facts, LabResult

NONE_CHOICE = "none"  # a choice meaning "no such thing" (no bone medication): the fact is null
_SCAN_KEYS = frozenset(DexaScan.model_fields)
_LAB_KEYS = frozenset(LabResult.model_fields)
# kept beside a scan or result for the person and the clinician ("unit not known"), never a fact
NOTE = "note"
# marks on a draft scan: it corrects the earlier one of its site and date, or is kept beside it
CORRECTION = "correction"
KEEP = "keep"


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
            Facts.model_validate({slot: fact_value(value)})
        elif slot == "dexa":
            for item in items_of(value):
                DexaScan.model_validate({k: v for k, v in item.items() if k in _SCAN_KEYS})
        elif slot == "labs":
            for item in items_of(value):
                LabResult.model_validate({k: v for k, v in item.items() if k in _LAB_KEYS})
    except ValidationError as error:
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


def apply(doc: Document, slot: str, value: object, source: Entry) -> list[str]:
    """Store `value` in `slot`; returns the fact slots that changed (for the acknowledgement)."""
    if slot in FACT_SLOTS:
        if value is None:  # "don't know": the fact stays unknown, and the skip is remembered
            doc.facts.pop(slot, None)
            if slot not in doc.skipped:
                doc.skipped.append(slot)
            return []
        doc.facts[slot] = source.model_copy(update={"value": fact_value(value)})
        if slot in doc.skipped:
            doc.skipped.remove(slot)
        return [slot]
    if slot in FLOW_SLOTS:
        doc.flow[slot] = value is True
        return []
    if slot in ("dexa", "labs"):
        doc.draft = items_of(value)
        doc.draft_source = source
        if doc.editing and slot == "dexa":
            _dates_from_earlier_scans(doc)
            for item in doc.draft:
                item[CORRECTION] = True  # replaces the earlier result, is no second one
        return []
    if slot == "draft_date":
        for item in doc.draft:
            if "date" not in item:
                item["date"] = value
        return []
    raise ValueError(f"unknown slot {slot!r}")


def skip(doc: Document, slot: str) -> None:
    """The person does not know: facts stay null, flow questions count as "no"."""
    if slot in FACT_SLOTS:
        doc.facts.pop(slot, None)
        if slot not in doc.skipped:
            doc.skipped.append(slot)
    elif slot in FLOW_SLOTS:
        doc.flow[slot] = False
    elif slot == "draft_date":
        for item in doc.draft:
            item.setdefault("date", None)
    elif slot in ("dexa", "labs"):
        doc.draft = []


def _dates_from_earlier_scans(doc: Document) -> None:
    # A correction ("actually my hip T-score was -2.2") means the latest scan of that site.
    for item in doc.draft:
        if "date" in item or item.get("site") is None:
            continue
        earlier = [e.value for e in doc.dexa if e.value.get("site") == item["site"]]
        if earlier:
            item["date"] = max((scan.get("date") or "" for scan in earlier), default="") or None


def commit_draft(doc: Document) -> list[dict[str, Any]]:
    """File the draft's scans or labs; one for the same site (or test) and date replaces the
    earlier one. Returns what was filed."""
    source = doc.draft_source
    filed: list[dict[str, Any]] = []
    for item in doc.draft:
        is_lab = "test" in item
        keys = (_LAB_KEYS if is_lab else _SCAN_KEYS) | {NOTE}
        value = {k: v for k, v in item.items() if k in keys and v is not None}
        entries = doc.labs if is_lab else doc.dexa
        same = ("test", "date") if is_lab else ("site", "date")
        kept = [
            e
            for e in entries
            if item.get(KEEP) or any(e.value.get(k) != value.get(k) for k in same)
        ]
        for earlier in entries:
            if earlier not in kept and not is_lab:
                # a correction of one score keeps the other numbers of that scan
                value = {**earlier.value, **value}
        entries[:] = kept
        entries.append(source.model_copy(update={"value": value}) if source else Entry(value=value))
        filed.append(value)
    doc.draft = []
    doc.draft_source = None
    return filed
