"""The summary of an assessment as every channel shows it, built once from the typed
`Assessment` (and the facts it was made from): sections of rows, each value already worded
with the labels catalogue, dates with their label, results in the unit the person gave, and
the score series the chart draws. The plain report, the terminal and Slack only format it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final, Literal, NamedTuple

from assistant import wording
from assistant.rules.assessment import (
    Assessment,
    BmdChange,
    BoneDensity,
    Category,
    LabStatus,
    LabStatusEntry,
    MonitoringItem,
    MonitoringStatus,
    MonitoringTest,
    Recommendation,
)
from assistant.rules.facts import DexaScan, Facts, LabResult, LabTest, Site
from assistant.rules.labels import (
    BASES,
    CATEGORIES,
    LAB_STATUSES,
    MEASUREMENTS,
    MONITORING_STATUSES,
    RISK_FACTORS,
    SITES,
    TESTS,
    capitalised,
    date_label,
)
from assistant.rules.units import shown

TREATMENT_IDS: Final = ("treatment_", "caution_")  # recommendation ids of the rules module
Score = Literal["t_score", "z_score"]


class Day(NamedTuple):
    """A date, and the label every channel shows for it ("1 Mar 2025")."""

    date: dt.date
    label: str

    @classmethod
    def of(cls, day: dt.date) -> Day:
        return cls(day, date_label(day))

    @classmethod
    def known(cls, day: dt.date | None) -> Day | None:
        return None if day is None else cls.of(day)


class Density(NamedTuple):
    category: Category
    category_label: str  # "Osteopenia (low bone density)"
    basis_label: str  # "T-score", "Z-score"; empty when no score was used
    score: str | None  # the score as given ("-2.45", "-1.0"), when one was used
    site_label: str | None
    scan_date: Day | None


class Change(NamedTuple):
    site_label: str
    start: Day
    end: Day
    size: str  # "7.5%", "0.6 T-score": how much, without its direction
    signed: str  # "-7.5%", "+0.6 T-score"
    decline: bool
    significant: bool
    approximated: bool  # from T-scores, as no BMD was on both scans


class LabRow(NamedTuple):
    test: LabTest
    name: str  # "Vitamin D"
    value: str  # "45 nmol/L (18.03 ng/mL)", or "18.03 ng/mL" when given in the rules' unit
    used: str  # "18.03 ng/mL": the value the rules decided on
    status: LabStatus
    status_label: str
    date: Day | None


class MonitoringRow(NamedTuple):
    test: MonitoringTest
    name: str  # "DEXA scan"
    status: MonitoringStatus
    status_label: str
    last_done: Day | None
    every: str | None  # "12 months", for tests with an interval
    next_due: Day | None
    reason: str


class Advice(NamedTuple):
    id: str
    text: str
    source: str
    treatment: bool  # an option or caution of treatment, not the advice everyone receives


class Series(NamedTuple):
    """One site's dated scores of the kind the assessment used, for a chart."""

    site_label: str
    kind: Score
    kind_label: str
    points: tuple[tuple[dt.date, float], ...]


class Summary(NamedTuple):
    as_of: Day
    density: Density
    changes: tuple[Change, ...]
    labs: tuple[LabRow, ...]
    risks: tuple[str, ...]
    charts: tuple[Series, ...]
    alerts: tuple[str, ...]
    monitoring: tuple[MonitoringRow, ...]
    discuss_treatment: bool
    advice: tuple[Advice, ...]
    sources: tuple[str, ...]
    disclaimer: str


def summarise(assessment: Assessment, facts: Facts | None = None) -> Summary:
    """The summary of `assessment`; with the `facts` it was made from, results are shown in the
    unit they were given in and the scans are charted."""
    kind: Score = "z_score" if assessment.bone_density.basis == "z_score" else "t_score"
    return Summary(
        as_of=Day.of(assessment.as_of),
        density=_density(assessment.bone_density),
        changes=tuple(_change(change) for change in assessment.bmd_change),
        labs=tuple(
            _lab(test, entry, _as_given(facts, test, entry.date))
            for test, entry in assessment.labs.items()
        ),
        risks=tuple(RISK_FACTORS[risk] for risk in assessment.risk_factors),
        charts=_series(facts.dexa if facts is not None else (), kind),
        alerts=tuple(alert.text for alert in assessment.alerts),
        monitoring=monitoring_rows(assessment.monitoring),
        discuss_treatment=assessment.discuss_treatment,
        advice=tuple(_advice(rec) for rec in assessment.recommendations),
        sources=assessment.sources,
        disclaimer=assessment.disclaimer,
    )


def monitoring_rows(items: Iterable[MonitoringItem]) -> tuple[MonitoringRow, ...]:
    """The monitoring schedule's rows (also the due list's, which holds only some items)."""
    return tuple(
        MonitoringRow(
            test=item.test,
            name=capitalised(TESTS[item.test]),
            status=item.status,
            status_label=MONITORING_STATUSES[item.status],
            last_done=Day.known(item.last_done),
            every=wording.text("summary.every", months=item.interval_months)
            if item.interval_months
            else None,
            next_due=Day.known(item.next_due),
            reason=item.reason,
        )
        for item in items
    )


def score(value: float) -> str:
    """A score as given, never re-rounded: -2.45 stays -2.45, -1 shows as -1.0."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _density(density: BoneDensity) -> Density:
    scored = density.value is not None and density.basis != "none"
    return Density(
        category=density.category,
        category_label=CATEGORIES[density.category],
        basis_label=BASES[density.basis],
        score=score(density.value) if scored and density.value is not None else None,
        site_label=SITES[density.site] if density.site is not None else None,
        scan_date=Day.known(density.scan_date),
    )


def _change(change: BmdChange) -> Change:
    percent = change.unit == "percent"
    return Change(
        site_label=SITES[change.site],
        start=Day.of(change.from_date),
        end=Day.of(change.to_date),
        size=wording.text(
            "summary.change_percent" if percent else "summary.change_score",
            amount=f"{abs(change.change):g}",
        ),
        signed=wording.text(
            "summary.change_percent" if percent else "summary.change_score",
            amount=f"{change.change:+g}",
        ),
        decline=change.change < 0,
        significant=change.significant,
        approximated=change.unit == "t_score",
    )


def _as_given(facts: Facts | None, test: LabTest, day: dt.date | None) -> LabResult | None:
    """The result as the person gave it: the assessment holds it converted (vitamin D in
    ng/mL, calcium in mg/dL, PTH in pg/mL)."""
    if facts is None:
        return None
    found = [lab for lab in facts.labs if lab.test == test and lab.date == day]
    return found[-1] if found else None


def _lab(test: LabTest, entry: LabStatusEntry, given: LabResult | None) -> LabRow:
    used = wording.text("summary.value", value=shown(entry.value), unit=entry.unit).strip()
    value = used
    if given is not None and given.unit != entry.unit:
        typed = wording.text("summary.value", value=shown(given.value), unit=given.unit)
        value = wording.text("summary.value_as_given", given=typed, used=used)
    return LabRow(
        test=test,
        name=capitalised(TESTS[test]),
        value=value,
        used=used,
        status=entry.status,
        status_label=LAB_STATUSES[entry.status],
        date=Day.known(entry.date),
    )


def _advice(rec: Recommendation) -> Advice:
    return Advice(rec.id, rec.text, rec.source, rec.id.startswith(TREATMENT_IDS))


def _series(scans: Iterable[DexaScan], kind: Score) -> tuple[Series, ...]:
    """Dated scores of `kind` per site, in the catalogue's site order, for sites with two or
    more: the chart shows the score the assessment used."""
    scans = tuple(scans)
    found: list[Series] = []
    for site in Site:
        points = sorted(
            {
                (scan.date, value)
                for scan in scans
                if scan.site == site
                and scan.date is not None
                and (value := scan.z_score if kind == "z_score" else scan.t_score) is not None
            }
        )
        if len(points) >= 2:
            found.append(Series(SITES[site], kind, MEASUREMENTS[kind], tuple(points)))
    return tuple(found)
