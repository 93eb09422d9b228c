"""The shared rules module: pure `assess(facts, today) -> Assessment` (SPEC sections 4 to 6).

Also exported for the dialog's parsers: the lab plausibility ranges and unit conversion, so a
value refused by `load_facts` is refused in conversation too.
"""

from __future__ import annotations

from assistant.rules.assess import assess
from assistant.rules.assessment import Assessment
from assistant.rules.facts import Facts
from assistant.rules.loading import load_facts
from assistant.rules.units import (
    LAB_PLAUSIBLE,
    UnitError,
    is_plausible,
    normalise_unit,
    plausible_range,
    to_canonical,
)

__all__ = [
    "LAB_PLAUSIBLE",
    "Assessment",
    "Facts",
    "UnitError",
    "assess",
    "is_plausible",
    "load_facts",
    "normalise_unit",
    "plausible_range",
    "to_canonical",
]
