"""Scans of one site on one date folded into one (SPEC section 5): where they disagree the lower
value is used and the disagreement is reported, whatever order the scans were listed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.rules.facts import DexaScan, ScanValue, Site

_SITE_ORDER = {site: index for index, site in enumerate(Site)}
# The measured values a report can disagree on. The least significant change is the centre's
# precision, not a measurement: its lower value is kept (a decline is then called significant
# sooner) without an alert.
MEASURED: tuple[ScanValue, ...] = ("t_score", "z_score", "bmd")
_VALUES: tuple[ScanValue, ...] = (*MEASURED, "lsc")


@dataclass(frozen=True)
class Disagreement:
    """Different values of one measurement for one site on one date, lowest first."""

    site: Site
    date: dt.date
    field: ScanValue
    values: tuple[float, ...]


def fold(scans: Iterable[DexaScan]) -> tuple[tuple[DexaScan, ...], tuple[Disagreement, ...]]:
    """One scan per site and date, each value the lowest given; and what disagreed.

    Undated scans of a site are folded the same way (the lower is the safe reading), but they
    are not reported: nothing says they were taken on one day.
    """
    groups: dict[tuple[Site, dt.date | None], list[DexaScan]] = {}
    for scan in scans:
        groups.setdefault((scan.site, scan.date), []).append(scan)
    folded: list[DexaScan] = []
    disagreements: list[Disagreement] = []
    for (site, date), group in sorted(groups.items(), key=_group_order):
        if len(group) == 1:
            folded.append(group[0])
            continue
        lowest: dict[str, float | None] = {}
        for field in _VALUES:
            # `+ 0.0` makes -0.0 the zero it equals, so a set of them keeps one whatever the order
            given = sorted(
                {value + 0.0 for scan in group if (value := getattr(scan, field)) is not None}
            )
            lowest[field] = given[0] if given else None
            if len(given) > 1 and date is not None and field != "lsc":
                disagreements.append(Disagreement(site, date, field, tuple(given)))
        folded.append(
            DexaScan(
                date=date,
                site=site,
                t_score=lowest["t_score"],
                z_score=lowest["z_score"],
                bmd=lowest["bmd"],
                lsc=lowest["lsc"],
            )
        )
    return tuple(folded), tuple(disagreements)


def _group_order(
    item: tuple[tuple[Site, dt.date | None], list[DexaScan]],
) -> tuple[int, bool, dt.date]:
    (site, date), _ = item
    return _SITE_ORDER[site], date is not None, date or dt.date.min
