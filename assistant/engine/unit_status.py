"""Whether a unit left unknown matters: the readings of one result in each accepted unit, judged
by the rules. "Vitamin D 18" is deficient in ng/mL and in nmol/L, so the unit need not be known."""

from __future__ import annotations

from typing import Any

from assistant.engine.slot_filling import items_of
from assistant.rules.codec import Invalid, check, field_names
from assistant.rules.facts import LabResult, LabTest
from assistant.rules.labs import lab_status, vitamin_d_toxic

_LAB_KEYS = frozenset(field_names(LabResult))


def _status(item: dict[str, Any]) -> tuple[str, bool] | None:
    try:
        lab = check(LabResult, {k: v for k, v in item.items() if k in _LAB_KEYS})
    except Invalid:
        return None  # not even plausible in this unit: the unit decides
    return lab_status(lab), lab.test is LabTest.VITAMIN_D and vitamin_d_toxic(lab)


def same_status(readings: list[object]) -> bool:
    """True when `readings` (each one result or several) differ only in their units and every
    result has the same status, and the same toxicity, in each of them."""
    groups = [items_of(reading) for reading in readings]
    if len(groups) < 2 or len({len(group) for group in groups}) != 1 or not groups[0]:
        return False
    for items in zip(*groups, strict=True):
        if any("test" not in item for item in items):
            return False
        rest = [{k: v for k, v in item.items() if k != "unit"} for item in items]
        if any(other != rest[0] for other in rest):
            return False
        statuses = {_status(item) for item in items}
        if None in statuses or len(statuses) != 1:
            return False
    return True
