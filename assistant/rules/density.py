"""Bone density rules (SPEC 6.1 to 6.3): which score and scan, category, change between scans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

from assistant.rules.assessment import Basis, BmdChange, BoneDensity, Category
from assistant.rules.facts import DexaScan, Facts, Site
from assistant.rules.units import exact

# Diagnosis uses the central sites; the forearm only when none of them has the score (ISCD).
CENTRAL_SITES = (Site.LUMBAR_SPINE, Site.TOTAL_HIP, Site.FEMORAL_NECK)
_SITE_ORDER = {site: index for index, site in enumerate(Site)}
T_SCORE_AGE = 50  # men from this age, and women of unknown menopausal status (ISCD)

# WHO 1994, as the document states: T >= -1.0 normal, T <= -2.5 osteoporosis.
T_NORMAL_FROM = -1.0
T_OSTEOPOROSIS_AT = -2.5
Z_LOW_FOR_AGE_AT = -2.0  # ISCD: "below the expected range for age"

# ISCD: without a reported least significant change, 5% of BMD; with T-scores only, 0.5.
BMD_DECLINE_PERCENT = Fraction(5)
T_DECLINE = Fraction(1, 2)


def score_basis(facts: Facts) -> Basis | None:
    """Which score diagnoses this person, or None when age (and status) are unknown.

    Men: by age. Women: peri- and postmenopausal use the T-score, premenopausal the Z-score,
    unknown status goes by age. A stated menopausal status implies a woman when sex is unknown.
    """
    if facts.sex != "male":
        if facts.menopausal_status in ("perimenopausal", "postmenopausal"):
            return "t_score"
        if facts.menopausal_status == "premenopausal":
            return "z_score"
    if facts.age is None:
        return None
    return "t_score" if facts.age >= T_SCORE_AGE else "z_score"


def _recency(indexed: tuple[int, DexaScan]) -> tuple[bool, dt.date, int]:
    # Undated scans count as older than any dated one. Scans of one site on one date were folded
    # into one before (`same_day_scans`); the index only keeps this a total order.
    index, scan = indexed
    return (scan.date is not None, scan.date or dt.date.min, index)


def latest_with(scans: Iterable[DexaScan], basis: Basis) -> dict[Site, DexaScan]:
    """Per site, its most recent scan that carries the score named by `basis`."""
    best: dict[Site, tuple[int, DexaScan]] = {}
    for indexed in enumerate(scans):
        scan = indexed[1]
        if _score(scan, basis) is None:
            continue
        current = best.get(scan.site)
        if current is None or _recency(indexed) > _recency(current):
            best[scan.site] = indexed
    return {site: pair[1] for site, pair in best.items()}


def _score(scan: DexaScan, basis: Basis) -> float | None:
    if basis == "t_score":
        return scan.t_score
    if basis == "z_score":
        return scan.z_score
    return None


def categorise(basis: Basis, score: float) -> Category:
    # Plain float comparisons: thresholds are exact binary values, and no arithmetic is done.
    if basis == "t_score":
        if score >= T_NORMAL_FROM:
            return "normal"
        return "osteoporosis" if score <= T_OSTEOPOROSIS_AT else "osteopenia"
    return "low_for_age" if score <= Z_LOW_FOR_AGE_AT else "expected_for_age"


def bone_density(facts: Facts) -> BoneDensity:
    basis = score_basis(facts)
    if basis is None or not facts.dexa:
        return BoneDensity(category="unknown", basis="none")
    latest = latest_with(facts.dexa, basis)
    scored = [
        (score, site, scan)
        for site, scan in latest.items()
        if (score := _score(scan, basis)) is not None
    ]
    central = [entry for entry in scored if entry[1] in CENTRAL_SITES]
    candidates = central or scored  # only the forearm is left when no central site has it
    if not candidates:
        return BoneDensity(category="unknown", basis="none")
    # Lowest score; on a tie the first site in CENTRAL_SITES order.
    score, site, scan = min(candidates, key=lambda entry: (entry[0], _SITE_ORDER[entry[1]]))
    return BoneDensity(
        category=categorise(basis, score),
        basis=basis,
        site=site,
        value=score,
        scan_date=scan.date,
    )


def _two_latest(scans: Iterable[DexaScan], site: Site) -> tuple[DexaScan, DexaScan] | None:
    by_date: dict[dt.date, DexaScan] = {}
    for scan in scans:
        if scan.site == site and scan.date is not None:
            by_date[scan.date] = scan  # one per date: `same_day_scans` folded the repeats
    if len(by_date) < 2:
        return None
    older, newer = sorted(by_date)[-2:]
    return by_date[older], by_date[newer]


def change_between(older: DexaScan, newer: DexaScan) -> BmdChange | None:
    """The change from `older` to `newer`, by BMD when both carry it, else by T-score."""
    if older.date is None or newer.date is None:
        return None
    if older.bmd is not None and newer.bmd is not None:
        before, after = exact(older.bmd), exact(newer.bmd)
        percent = (after - before) * 100 / before
        lsc = newer.lsc if newer.lsc is not None else older.lsc
        if lsc is not None:
            significant = before - after >= exact(lsc)
        else:
            significant = -percent >= BMD_DECLINE_PERCENT
        return BmdChange(
            site=newer.site,
            from_date=older.date,
            to_date=newer.date,
            change=round(float(percent), 2),
            unit="percent",
            significant=significant,
        )
    if older.t_score is not None and newer.t_score is not None:
        difference = exact(newer.t_score) - exact(older.t_score)
        return BmdChange(
            site=newer.site,
            from_date=older.date,
            to_date=newer.date,
            change=float(difference),
            unit="t_score",
            significant=-difference >= T_DECLINE,
        )
    return None


def bmd_changes(facts: Facts) -> tuple[BmdChange, ...]:
    changes = []
    for site in Site:
        pair = _two_latest(facts.dexa, site)
        if pair is not None:
            change = change_between(*pair)
            if change is not None:
                changes.append(change)
    return tuple(changes)
