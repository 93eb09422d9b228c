"""The shared rules module: pure `assess(facts, today) -> Assessment` (SPEC sections 4 to 6)."""

from __future__ import annotations

from assistant.rules.assess import assess
from assistant.rules.assessment import Assessment
from assistant.rules.facts import Facts
from assistant.rules.loading import load_facts

__all__ = ["Assessment", "Facts", "assess", "load_facts"]
