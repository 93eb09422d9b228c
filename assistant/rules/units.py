"""Lab units: accepted spellings, exact conversion to the unit the rules work in, plausible ranges.

The dialog's parsers use the same functions, so a value refused here is refused there too.
Conversions are exact (`Fraction`), so 49.92 nmol/L is exactly 20 ng/mL, not 19.99999.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from assistant.rules.facts import LAB_UNITS, LabTest


class UnitError(ValueError):
    """A unit that is not accepted for a test, or that cannot be converted."""


# The unit the rules work in, per test (the first of LAB_UNITS).
CANONICAL_UNIT: dict[LabTest, str] = {test: units[0] for test, units in LAB_UNITS.items()}

# canonical value = value x factor. None: no fixed conversion exists. BSAP in U/L is enzyme
# activity, not mass; it is reported as it is and judged against the lab's own range only.
_FACTORS: dict[LabTest, dict[str, Fraction | None]] = {
    LabTest.CALCIUM: {"mg/dL": Fraction(1), "mmol/L": Fraction("4.008")},
    LabTest.VITAMIN_D: {"ng/mL": Fraction(1), "nmol/L": 1 / Fraction("2.496")},
    LabTest.PTH: {"pg/mL": Fraction(1), "pmol/L": Fraction("9.43"), "ng/L": Fraction(1)},
    LabTest.P1NP: {"ng/mL": Fraction(1), "µg/L": Fraction(1)},
    LabTest.CTX: {"ng/mL": Fraction(1), "pg/mL": Fraction(1, 1000), "ng/L": Fraction(1, 1000)},
    LabTest.BSAP: {"µg/L": Fraction(1), "U/L": None},
    LabTest.NTX: {"nmol BCE/mmol creatinine": Fraction(1)},
}

# Plausible values in canonical units: outside them a value is a typo, not a result. Wide on
# purpose (they catch 2000 ng/mL of vitamin D or calcium 40 mg/dL, not disease).
LAB_PLAUSIBLE: dict[LabTest, tuple[float, float]] = {
    LabTest.CALCIUM: (4.0, 16.0),
    LabTest.VITAMIN_D: (1.0, 400.0),
    LabTest.PTH: (1.0, 3000.0),
    LabTest.P1NP: (1.0, 2000.0),
    LabTest.CTX: (0.01, 10.0),
    LabTest.BSAP: (1.0, 400.0),
    LabTest.NTX: (1.0, 1000.0),
}
# Units without a conversion keep their own plausible range.
_UNCONVERTED_PLAUSIBLE: dict[tuple[LabTest, str], tuple[float, float]] = {
    (LabTest.BSAP, "U/L"): (1.0, 1000.0),
}


def _key(unit: str) -> str:
    # Case and spacing never distinguish two accepted units, so both are ignored.
    return "".join(unit.split()).lower()


# Spelling variants that can only mean one accepted unit.
_ALIASES: dict[str, str] = {
    "ug/l": "µg/L",
    "μg/l": "µg/L",  # Greek mu rather than the micro sign
    "mcg/l": "µg/L",
    "iu/l": "U/L",
    "nmolbce/mmolcr": "nmol BCE/mmol creatinine",
    "nmbce/mmcr": "nmol BCE/mmol creatinine",
}


def normalise_unit(test: LabTest, unit: str) -> str | None:
    """The accepted spelling of `unit` for `test`, or None when it is not a unit of that test."""
    key = _key(unit)
    accepted = LAB_UNITS[test]
    for candidate in accepted:
        if _key(candidate) == key:
            return candidate
    alias = _ALIASES.get(key)
    return alias if alias in accepted else None


def _accepted(test: LabTest, unit: str) -> str:
    if unit in _FACTORS[test]:  # already the accepted spelling, as in every validated Facts
        return unit
    spelled = normalise_unit(test, unit)
    if spelled is None:
        raise UnitError(
            f"{unit!r} is not a unit for {test.value}; use {' or '.join(LAB_UNITS[test])}"
        )
    return spelled


def reporting_unit(test: LabTest, unit: str) -> str:
    """The unit a result is judged and reported in: the canonical one when it converts."""
    spelled = _accepted(test, unit)
    return spelled if _FACTORS[test][spelled] is None else CANONICAL_UNIT[test]


@lru_cache(maxsize=4096)
def exact(value: float) -> Fraction:
    """A float as the decimal a person wrote (repr is the shortest round-trip form)."""
    return Fraction(Decimal(repr(value)))


def to_canonical_exact(test: LabTest, value: float, unit: str) -> Fraction:
    """`value` in `reporting_unit(test, unit)`, exactly."""
    factor = _FACTORS[test][_accepted(test, unit)]
    return exact(value) if factor is None else exact(value) * factor


def to_canonical(test: LabTest, value: float, unit: str) -> float:
    """`value` converted to `reporting_unit(test, unit)`; raises UnitError for a wrong unit."""
    return float(to_canonical_exact(test, value, unit))


def plausible_range(test: LabTest, unit: str) -> tuple[float, float]:
    """The plausible range of `test` expressed in `unit` (the unit the person used)."""
    spelled = _accepted(test, unit)
    factor = _FACTORS[test][spelled]
    if factor is None:
        return _UNCONVERTED_PLAUSIBLE[(test, spelled)]
    low, high = LAB_PLAUSIBLE[test]
    return (round(float(exact(low) / factor), 3), round(float(exact(high) / factor), 3))


def is_plausible(test: LabTest, value: float, unit: str) -> bool:
    spelled = _accepted(test, unit)
    if _FACTORS[test][spelled] is None:
        low, high = _UNCONVERTED_PLAUSIBLE[(test, spelled)]
    else:
        low, high = LAB_PLAUSIBLE[test]
    return exact(low) <= to_canonical_exact(test, value, spelled) <= exact(high)


def shown(value: float) -> str:
    """A value as people read it: at most two decimals (the assessment keeps three, and every
    status was decided on the exact value): 45 nmol/L of vitamin D reads 18.03 ng/mL."""
    return f"{round(value, 2):g}"
