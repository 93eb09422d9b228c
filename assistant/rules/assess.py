"""Placeholder: the rules are being written."""

from __future__ import annotations

import datetime as dt

from assistant.rules.assessment import Assessment, BoneDensity
from assistant.rules.facts import Facts


def assess(facts: Facts, today: dt.date) -> Assessment:
    return Assessment(
        as_of=today,
        bone_density=BoneDensity(category="unknown", basis="none"),
        disclaimer="",
    )
