"""`assess(facts, today)`: the rules of SPEC section 6 in one pure function, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from assistant.rules import sources
from assistant.rules.assessment import Alert, Assessment
from assistant.rules.density import bmd_changes, bone_density
from assistant.rules.facts import Facts, LabTest
from assistant.rules.labels import MEASUREMENTS, SITES, date_label
from assistant.rules.labs import lab_entries, latest_results, vitamin_d_toxic
from assistant.rules.monitoring import dexa_item, lab_item, pth_item, turnover_item
from assistant.rules.recommend import (
    ALERT_SOURCES,
    alert,
    density_recommendations,
    hadji_applies,
    lifestyle_recommendations,
    risk_factors,
    treatment_reasons,
    treatment_recommendations,
)
from assistant.rules.same_day_scans import Disagreement, fold
from assistant.rules.texts import DISCLAIMER


def assess(facts: Facts, today: dt.date) -> Assessment:
    """Assess `facts` as of `today`. Never raises for a valid `Facts`; what is unknown is said."""
    scans, disagreements = fold(facts.dexa)
    facts = replace(facts, dexa=scans)
    density = bone_density(facts)
    changes = bmd_changes(facts)
    risks = risk_factors(facts)
    latest = latest_results(facts.labs)
    labs = lab_entries(latest)
    calcium = labs[LabTest.CALCIUM].status if LabTest.CALCIUM in labs else None
    vitamin_d = labs[LabTest.VITAMIN_D].status if LabTest.VITAMIN_D in labs else None

    monitoring = (
        dexa_item(facts.dexa, density, changes, risks, facts, today),
        lab_item(LabTest.CALCIUM, latest.get(LabTest.CALCIUM), calcium, today),
        lab_item(LabTest.VITAMIN_D, latest.get(LabTest.VITAMIN_D), vitamin_d, today),
        pth_item(calcium, vitamin_d, latest.get(LabTest.PTH)),
        turnover_item(facts, changes, latest),
    )
    reasons = treatment_reasons(facts, density, changes, risks)
    discuss = bool(reasons)
    recommendations = density_recommendations(facts, density)
    if discuss:
        recommendations += [*reasons, *treatment_recommendations(facts, density)]
    recommendations += lifestyle_recommendations(facts, calcium, vitamin_d)

    alerts: list[Alert] = []
    if not facts.dexa:
        alerts.append(alert("missing_baseline_dexa"))
    if density.category == "osteoporosis" and facts.prior_fragility_fracture:
        alerts.append(alert("severe_osteoporosis"))
    if density.category == "low_for_age":
        alerts.append(alert("low_for_age_review", value=density.value))
    if vitamin_d == "deficient":
        alerts.append(alert("vitamin_d_deficient", value=labs[LabTest.VITAMIN_D].value))
    vitamin_d_lab = latest.get(LabTest.VITAMIN_D)
    if vitamin_d_lab is not None and vitamin_d_toxic(vitamin_d_lab):
        alerts.append(alert("vitamin_d_toxicity_range", value=labs[LabTest.VITAMIN_D].value))
    if calcium in ("low", "high"):
        entry = labs[LabTest.CALCIUM]
        alerts.append(alert("calcium_out_of_range", status=calcium, value=entry.value))
    alerts += _disagreement_alerts(disagreements)

    cited = [sources.SECTION_BMD]
    if density.basis == "z_score" or (density.category == "unknown" and facts.dexa):
        cited.append(sources.ISCD_2019)
    if changes:
        cited.append(sources.SECTION_MONITORING)
    if risks:
        cited += [sources.SECTION_BASELINE, sources.FRAX]
    if vitamin_d is not None:
        cited.append(sources.ENDOCRINE_SOCIETY_2011)
    cited.append(sources.SECTION_MONITORING)
    if discuss:
        cited.append(sources.SECTION_INTERVENTION)
        if hadji_applies(facts):
            cited.append(sources.HADJI_2017)
    cited += [rec.source for rec in recommendations]
    cited += [ALERT_SOURCES[item.id] for item in alerts]

    return Assessment(
        as_of=today,
        bone_density=density,
        bmd_change=changes,
        labs=labs,
        risk_factors=risks,
        monitoring=monitoring,
        discuss_treatment=discuss,
        recommendations=tuple(recommendations),
        alerts=tuple(alerts),
        sources=tuple(dict.fromkeys(cited)),
        disclaimer=DISCLAIMER,
    )


def _disagreement_alerts(disagreements: tuple[Disagreement, ...]) -> list[Alert]:
    """One `conflicting_scans` alert per site and date, naming every value given."""
    by_scan: dict[tuple[str, str], list[str]] = {}
    for item in disagreements:
        # Every digit given, so two values never read the same (`shown` rounds to 2 places).
        given = [f"{value:g}" for value in item.values]
        values = ", ".join(given[:-1]) + f" and {given[-1]}"
        key = (SITES[item.site], date_label(item.date))
        by_scan.setdefault(key, []).append(f"{MEASUREMENTS[item.field]} {values}")
    return [
        alert("conflicting_scans", site=site, date=date, values="; ".join(values))
        for (site, date), values in by_scan.items()
    ]
