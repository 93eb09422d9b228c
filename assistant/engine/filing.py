"""Filing a draft of scans or lab results with those already kept: one of the same site (or test)
and date replaces the earlier one, unless it is marked to be kept beside it."""

from __future__ import annotations

from typing import Any

from assistant.engine.document_values import Entry
from assistant.rules.codec import field_names
from assistant.rules.facts import DexaScan, LabResult

SCAN_KEYS = frozenset(field_names(DexaScan))
LAB_KEYS = frozenset(field_names(LabResult))
# kept beside a scan or result for the person and the clinician ("unit not known"), never a fact
NOTE = "note"
# marks on a draft scan: it corrects the earlier one of its site and date, or is kept beside it
CORRECTION = "correction"
KEEP = "keep"


def filed(
    draft: list[dict[str, Any]], source: Entry | None, dexa: list[Entry], labs: list[Entry]
) -> tuple[list[Entry], list[Entry], list[dict[str, Any]]]:
    """The scans and labs once `draft` is filed, and the values filed (new lists: the ones
    given are not changed)."""
    dexa, labs = list(dexa), list(labs)
    values: list[dict[str, Any]] = []
    for item in draft:
        is_lab = "test" in item
        keys = (LAB_KEYS if is_lab else SCAN_KEYS) | {NOTE}
        value = {k: v for k, v in item.items() if k in keys and v is not None}
        entries = labs if is_lab else dexa
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
        values.append(value)
    return dexa, labs, values
