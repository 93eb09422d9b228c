"""`render_report(assessment)`: an Assessment as plain text (no escape codes), for the `assess`
command, the terminal and the dialog engine alike. Pure: no I/O, no state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from assistant.labels import (
    BASES,
    CATEGORIES,
    LAB_STATUSES,
    MONITORING_STATUSES,
    RISK_FACTORS,
    SITES,
    TESTS,
)
from assistant.rules.assessment import Assessment, BoneDensity
from assistant.rules.units import shown


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "-"


def _density_line(density: BoneDensity) -> str:
    category = CATEGORIES[density.category]
    if density.value is None or density.site is None:
        return f"Bone density: {category}"
    basis = BASES[density.basis]
    return (
        f"Bone density: {category} ({basis} {density.value:g} at the {SITES[density.site]}, "
        f"scan of {_date(density.scan_date)})"
    )


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))]
    return [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def render_report(assessment: Assessment) -> str:
    lines = [f"Bone health assessment as of {assessment.as_of.isoformat()}", ""]
    lines.append(_density_line(assessment.bone_density))
    for change in assessment.bmd_change:
        unit = "%" if change.unit == "percent" else " T-score"
        verdict = "significant decline" if change.significant else "not a significant decline"
        if change.unit == "t_score":
            verdict += ", approximated from T-scores"
        lines.append(
            f"  Change at the {SITES[change.site]}, {_date(change.from_date)} to "
            f"{_date(change.to_date)}: {change.change:+g}{unit} ({verdict})"
        )
    if assessment.labs:
        lines += ["", "Labs:"]
        lines += _table(
            [
                (
                    TESTS[test],
                    f"{shown(entry.value)} {entry.unit}",
                    LAB_STATUSES[entry.status],
                    _date(entry.date),
                )
                for test, entry in assessment.labs.items()
            ]
        )
    risks = ", ".join(RISK_FACTORS[risk] for risk in assessment.risk_factors) or "none recorded"
    lines += ["", f"Risk factors: {risks}", "", "Monitoring:"]
    rows = [("test", "status", "last done", "every", "next due")]
    for item in assessment.monitoring:
        every = f"{item.interval_months} months" if item.interval_months else "-"
        rows.append(
            (
                TESTS[item.test],
                MONITORING_STATUSES[item.status],
                _date(item.last_done),
                every,
                _date(item.next_due),
            )
        )
    lines += _table(rows)
    lines += [f"  {TESTS[item.test]}: {item.reason}" for item in assessment.monitoring]
    discuss = "yes" if assessment.discuss_treatment else "not at present"
    lines += ["", f"Discuss bone-protective treatment with your clinician: {discuss}"]
    if assessment.alerts:
        lines += ["", "Alerts:"]
        lines += [f"  ! {alert.text}" for alert in assessment.alerts]
    lines += ["", "Recommendations:"]
    lines += [f"  - {rec.text} ({rec.source})" for rec in assessment.recommendations]
    lines += ["", "Sources: " + "; ".join(assessment.sources), "", assessment.disclaimer]
    return "\n".join(lines) + "\n"
