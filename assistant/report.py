"""`render_report(assessment)`: an Assessment as plain text (no escape codes), for the `assess`
and `interpret` commands and the engine's assessment reply alike. Pure: no I/O, no state.

It formats the summary view (`assistant.summary`), whose texts it uses; its dates are ISO, as
in the facts file the `assess` command reads.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant import wording
from assistant.rules.assessment import Assessment
from assistant.rules.facts import Facts
from assistant.summary import Day, Density, Summary, summarise


def render_report(assessment: Assessment, facts: Facts | None = None) -> str:
    return format_report(summarise(assessment, facts))


def format_report(summary: Summary) -> str:
    lines = [wording.text("summary.report.title", date=_date(summary.as_of)), ""]
    lines.append(_density_line(summary.density))
    for change in summary.changes:
        verdict = wording.text(
            "summary.report.significant" if change.significant else "summary.report.not_significant"
        )
        if change.approximated:
            verdict = wording.text("summary.report.approximated", verdict=verdict)
        lines.append(
            wording.text(
                "summary.report.change",
                site=change.site_label,
                start=_date(change.start),
                end=_date(change.end),
                change=change.signed,
                verdict=verdict,
            )
        )
    if summary.labs:
        lines += ["", wording.text("summary.report.labs")]
        lines += _table(
            [(lab.name, lab.value, lab.status_label, _date(lab.date)) for lab in summary.labs]
        )
    risks = ", ".join(summary.risks) or wording.text("summary.no_risks")
    lines += [
        "",
        wording.text("summary.report.risks", risks=risks),
        "",
        wording.text("summary.report.monitoring"),
    ]
    rows = [tuple(wording.text("summary.report.monitoring_headers").split("|"))]
    rows += [
        (
            item.name,
            item.status_label,
            _date(item.last_done),
            item.every or "-",
            _date(item.next_due),
        )
        for item in summary.monitoring
    ]
    lines += _table(rows)
    lines += [f"  {item.name}: {item.reason}" for item in summary.monitoring]
    answer = wording.text(
        "summary.report.discuss_yes" if summary.discuss_treatment else "summary.report.discuss_no"
    )
    lines += ["", wording.text("summary.report.discuss", answer=answer)]
    if summary.alerts:
        lines += ["", wording.text("summary.report.alerts")]
        lines += [f"  ! {alert}" for alert in summary.alerts]
    lines += ["", wording.text("summary.report.recommendations")]
    lines += [f"  - {advice.text} ({advice.source})" for advice in summary.advice]
    lines += ["", wording.text("summary.report.sources", sources="; ".join(summary.sources))]
    lines += ["", summary.disclaimer]
    return "\n".join(lines) + "\n"


def _date(day: Day | None) -> str:
    return day.date.isoformat() if day is not None else "-"


def _density_line(density: Density) -> str:
    if density.score is None or density.site_label is None:
        return wording.text("summary.report.density", category=density.category_label)
    return wording.text(
        "summary.report.density_score",
        category=density.category_label,
        basis=density.basis_label,
        score=density.score,
        site=density.site_label,
        date=_date(density.scan_date),
    )


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))]
    return [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
