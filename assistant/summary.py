"""The summary of an assessment as every channel shows it, built once from the typed
`Assessment` (and the facts it was made from): sections of rows, each value already worded
with the labels catalogue, dates with their label, results in the unit the person gave, and
the score series the chart draws. The plain report, the terminal and Slack only format it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final, Literal, NamedTuple

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

# The summary's own words: how it composes numbers, units and labels. Kept together so they
# can join the wording catalogue; each channel's frame (headings, sentences) stays its own.
TEXTS: Final[dict[str, str]] = {
    "value": "{value} {unit}",
    "value_as_given": "{given} ({used})",  # the unit typed first, the rules' unit beside it
    "change_percent": "{amount}%",
    "change_score": "{amount} T-score",
    "every": "{months} months",
    "no_risks": "none recorded",
    # The plain report (`assistant.report`): the `assess` command's frame.
    "report.title": "Bone health assessment as of {date}",
    "report.density": "Bone density: {category}",
    "report.density_score": "Bone density: {category} ({basis} {score} at the {site}, "
    "scan of {date})",
    "report.change": "  Change at the {site}, {start} to {end}: {change} ({verdict})",
    "report.significant": "significant decline",
    "report.not_significant": "not a significant decline",
    "report.approximated": "{verdict}, approximated from T-scores",
    "report.labs": "Labs:",
    "report.risks": "Risk factors: {risks}",
    "report.monitoring": "Monitoring:",
    "report.monitoring_headers": "test|status|last done|every|next due",
    "report.discuss": "Discuss bone-protective treatment with your clinician: {answer}",
    "report.discuss_yes": "yes",
    "report.discuss_no": "not at present",
    "report.alerts": "Alerts:",
    "report.recommendations": "Recommendations:",
    "report.sources": "Sources: {sources}",
}
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
            every=TEXTS["every"].format(months=item.interval_months)
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
    key = "change_percent" if change.unit == "percent" else "change_score"
    return Change(
        site_label=SITES[change.site],
        start=Day.of(change.from_date),
        end=Day.of(change.to_date),
        size=TEXTS[key].format(amount=f"{abs(change.change):g}"),
        signed=TEXTS[key].format(amount=f"{change.change:+g}"),
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
    used = TEXTS["value"].format(value=shown(entry.value), unit=entry.unit).strip()
    value = used
    if given is not None and given.unit != entry.unit:
        typed = TEXTS["value"].format(value=shown(given.value), unit=given.unit)
        value = TEXTS["value_as_given"].format(given=typed, used=used)
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
