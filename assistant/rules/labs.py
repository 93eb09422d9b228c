"""Lab statuses (SPEC 6.5): the latest result per test, judged in canonical units or by the lab's
own reference range when it gives one. Comparisons are exact (`Fraction`), never rounded first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction
from typing import Literal

from assistant.rules.assessment import LabStatus, LabStatusEntry
from assistant.rules.facts import LabResult, LabTest
from assistant.rules.units import exact, reporting_unit, to_canonical_exact

# Endocrine Society 2011, ng/mL.
VITAMIN_D_DEFICIENT_BELOW = Fraction(20)
VITAMIN_D_SUFFICIENT_FROM = Fraction(30)
VITAMIN_D_HIGH_ABOVE = Fraction(100)
VITAMIN_D_TOXIC_ABOVE = Fraction(150)
# Usual adult reference intervals, canonical units, both ends normal.
CALCIUM_NORMAL = (Fraction("8.5"), Fraction("10.5"))  # total serum, mg/dL
PTH_NORMAL = (Fraction(15), Fraction(65))  # intact, pg/mL
BONE_TURNOVER_TESTS = (LabTest.P1NP, LabTest.CTX, LabTest.BSAP, LabTest.NTX)

Band = Literal["low", "normal", "high"]


def latest_results(labs: Iterable[LabResult]) -> dict[LabTest, LabResult]:
    """Per test, the most recent result (undated ones count as oldest; ties: the later entry)."""
    best: dict[LabTest, tuple[bool, dt.date, int, LabResult]] = {}
    for index, lab in enumerate(labs):
        key = (lab.date is not None, lab.date or dt.date.min, index, lab)
        current = best.get(lab.test)
        if current is None or key[:3] > current[:3]:
            best[lab.test] = key
    return {test: entry[3] for test, entry in best.items()}


def _band(lab: LabResult, default: tuple[Fraction, Fraction] | None) -> Band | None:
    """Where the result lies: the lab's own bound on each side when given (in the lab's unit),
    else the default bound (canonical unit). None when neither side has a bound."""
    raw = exact(lab.value)
    canonical = to_canonical_exact(lab.test, lab.value, lab.unit)
    if lab.reference_low is None and lab.reference_high is None and default is None:
        return None
    if lab.reference_low is not None:
        if raw < exact(lab.reference_low):
            return "low"
    elif default is not None and canonical < default[0]:
        return "low"
    if lab.reference_high is not None:
        if raw > exact(lab.reference_high):
            return "high"
    elif default is not None and canonical > default[1]:
        return "high"
    return "normal"


def lab_status(lab: LabResult) -> LabStatus:
    canonical = to_canonical_exact(lab.test, lab.value, lab.unit)
    if lab.test is LabTest.VITAMIN_D:
        band = _band(lab, (VITAMIN_D_SUFFICIENT_FROM, VITAMIN_D_HIGH_ABOVE))
        if band == "low":
            return "deficient" if canonical < VITAMIN_D_DEFICIENT_BELOW else "insufficient"
        return "high" if band == "high" else "sufficient"
    if lab.test is LabTest.CALCIUM:
        return _band(lab, CALCIUM_NORMAL) or "unknown"
    if lab.test is LabTest.PTH:
        return _band(lab, PTH_NORMAL) or "unknown"
    # Bone turnover markers: reference intervals depend on the assay (SPEC 6.5).
    return _band(lab, None) or "unknown"


def vitamin_d_toxic(lab: LabResult) -> bool:
    return to_canonical_exact(lab.test, lab.value, lab.unit) > VITAMIN_D_TOXIC_ABOVE


def lab_entries(latest: dict[LabTest, LabResult]) -> dict[LabTest, LabStatusEntry]:
    entries = {}
    for test in LabTest:
        lab = latest.get(test)
        if lab is None:
            continue
        value = float(to_canonical_exact(test, lab.value, lab.unit))
        entries[test] = LabStatusEntry(
            status=lab_status(lab),
            # Reported to three decimals; the status was decided on the exact value.
            value=round(value, 3),
            unit=reporting_unit(test, lab.unit),
            date=lab.date,
        )
    return entries
