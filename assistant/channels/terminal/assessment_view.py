"""The summary of an assessment (`assistant.summary`) laid out for a terminal: category,
changes, labs, the charts, the monitoring table, what to discuss with the clinician, sources
and the disclaimer. It only formats the summary: every value arrives worded.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant import wording
from assistant.channels.terminal import messages as m
from assistant.channels.terminal.capabilities import Capabilities
from assistant.channels.terminal.chart import score_chart
from assistant.channels.terminal.styled import Fragment, Line, pad, wrap
from assistant.rules.assessment import Category, LabStatus, MonitoringStatus
from assistant.summary import Change, Day, Density, LabRow, MonitoringRow, Summary

LABEL_WIDTH = 15
TABLE_MIN_WIDTH = 62  # below this the monitoring table is stacked, one test per line
TWO_COLUMN_MIN_WIDTH = 50
NO_BREAK = "\u00a0"  # keeps a date on one line when wrapped; the printer turns it back

CATEGORY_STYLE: dict[Category, str] = {
    "normal": "class:good",
    "expected_for_age": "class:good",
    "osteopenia": "class:warn",
    "osteoporosis": "class:bad",
    "low_for_age": "class:bad",
    "unknown": "class:muted",
}
STATUS_STYLE: dict[MonitoringStatus | LabStatus, str] = {
    "overdue": "class:bad",
    "missing_baseline": "class:bad",
    "due_soon": "class:warn",
    "indicated": "class:warn",
    "up_to_date": "class:good",
    "optional": "class:muted",
    "deficient": "class:bad",
    "insufficient": "class:warn",
    "sufficient": "class:good",
    "normal": "class:good",
    "high": "class:bad",
    "low": "class:bad",
    "unknown": "class:muted",
}


def render_assessment(summary: Summary, caps: Capabilities) -> list[Line]:
    """Styled lines for one summary, at the terminal's width."""
    width = caps.width
    rule = "━" if caps.unicode else "="
    as_of = m.AS_OF.format(date=_date(summary.as_of))
    title_room = width - len(m.TITLE) - len(as_of) - 6
    if title_room >= 2:
        lines: list[Line] = [[("class:title", f"{rule * 2} {m.TITLE} {rule * title_room} {as_of}")]]
    else:
        lines = [[("class:title", f"{rule * 2} {m.TITLE}")], [("class:muted", "   " + as_of)]]
    lines += _field(m.LABEL_DENSITY, _density(summary.density), width)
    if summary.changes:
        lines += _field(m.LABEL_CHANGE, _changes(summary.changes), width)
    lines += _field(m.LABEL_LABS, _labs(summary.labs), width)
    risks = ", ".join(summary.risks) or wording.text("summary.no_risks")
    lines += _field(m.LABEL_RISKS, [("", risks)], width)
    # The summary charts the score the assessment used: Z-scores with the -2.0 line for
    # younger people, T-scores with the -1.0 and -2.5 lines otherwise.
    for series in summary.charts:
        chart = score_chart(series.site_label, series.points, _narrower(caps, 2), series.kind)
        lines += [[], *([("", "  "), *line] for line in chart)]
    if summary.alerts:
        lines.append([])
        for alert in summary.alerts:
            lines += wrap([("class:bad", "! "), ("class:alert", alert)], width, indent="  ")
    lines.append([])
    lines.append([("class:heading", m.LABEL_MONITORING)])
    lines += _monitoring(summary.monitoring, width)
    lines.append([])
    lines.append([("class:heading", m.LABEL_DISCUSS)])
    bullet = "• " if caps.unicode else "* "
    treatment = summary.discuss_treatment
    if treatment and not any(advice.treatment for advice in summary.advice):
        lines += wrap([("class:warn", m.DISCUSS_TREATMENT)], width, "    ", "  " + bullet)
    for advice in summary.advice:
        # When treatment is to be discussed, its reasons, options and cautions stand out from
        # the lifestyle advice that everyone receives.
        style = "class:warn" if treatment and advice.treatment else ""
        text: list[Fragment] = [(style, advice.text)]
        if advice.source:
            text.append(("class:source", f" ({advice.source})"))
        lines += wrap(text, width, indent="    ", first_indent="  " + bullet)
    if summary.sources:
        lines.append([])
        lines += wrap(
            [
                ("class:heading", m.LABEL_SOURCES + ": "),
                ("class:source", "; ".join(summary.sources)),
            ],
            width,
            "  ",
        )
    lines.append([])
    lines += wrap([("class:disclaimer", summary.disclaimer)], width)
    return lines


def _field(label: str, value: list[Fragment], width: int) -> list[Line]:
    if width < TWO_COLUMN_MIN_WIDTH:
        return [[("class:label", label)], *wrap(value, width, indent="  ")]
    return wrap(value, width, indent=" " * LABEL_WIDTH, first_indent=pad(label, LABEL_WIDTH))


def _density(density: Density) -> list[Fragment]:
    fragments: list[Fragment] = [
        (
            CATEGORY_STYLE[density.category] + " class:category",
            f" {density.category_label.upper()} ",
        )
    ]
    if density.score is not None:
        fragments.append(
            (
                "",
                "\n"
                + m.DENSITY_BASIS.format(
                    score=density.basis_label,
                    value=density.score,
                    site=density.site_label or "",
                    date=_date(density.scan_date),
                ),
            )
        )
    elif density.category == "unknown":
        fragments.append(("", "\n" + m.DENSITY_UNKNOWN))
    return fragments


def _changes(changes: Sequence[Change]) -> list[Fragment]:
    fragments: list[Fragment] = []
    for index, change in enumerate(changes):
        text = m.CHANGE_LINE.format(
            site=change.site_label,
            direction="down" if change.decline else "up",
            amount=change.size,
            start=_date(change.start),
            end=_date(change.end),
        )
        fragments.append(("", ("\n" if index else "") + text + ": "))
        fragments.append(
            (
                "class:bad" if change.significant and change.decline else "class:muted",
                m.CHANGE_SIGNIFICANT if change.significant else m.CHANGE_NOT_SIGNIFICANT,
            )
        )
    return fragments


def _labs(labs: Sequence[LabRow]) -> list[Fragment]:
    if not labs:
        return [("class:muted", m.NO_LABS)]
    fragments: list[Fragment] = []
    for index, lab in enumerate(labs):
        fragments.append(("", ("\n" if index else "") + f"{lab.name} {lab.value} "))
        fragments.append((STATUS_STYLE[lab.status], lab.status_label))
        if lab.date is not None:
            fragments.append(("class:muted", f" ({_date(lab.date)})"))
    return fragments


def _monitoring(items: Sequence[MonitoringRow], width: int) -> list[Line]:
    rows = [
        (
            item,
            _last_done(item),
            _date(item.next_due) if item.next_due is not None else m.NOT_SCHEDULED,
        )
        for item in items
    ]
    if width < TABLE_MIN_WIDTH:
        lines: list[Line] = []
        for item, last, due in rows:
            dates = [f"last {last}"] if item.last_done is not None else []
            dates += [f"next {due}"] if item.next_due is not None else []
            lines += wrap(
                [
                    ("class:bold", item.name + ": "),
                    (STATUS_STYLE[item.status], item.status_label),
                    ("", "".join(f"; {part}" for part in dates)),
                ],
                width,
                indent="    ",
                first_indent="  ",
            )
        return lines
    columns = [[item.name for item, _, _ in rows], [item.status_label for item, _, _ in rows]]
    columns += [[last for _, last, _ in rows], [due for _, _, due in rows]]
    sizes = [
        max([len(header), *(len(cell) for cell in column)]) + 2
        for header, column in zip(m.MONITORING_HEADERS, columns, strict=True)
    ]
    header = "".join(pad(h, s) for h, s in zip(m.MONITORING_HEADERS, sizes, strict=True))
    lines = [[("class:table.header", "  " + header.rstrip())]]
    for item, last, due in rows:
        lines.append(
            [
                ("", "  " + pad(item.name, sizes[0])),
                (STATUS_STYLE[item.status], pad(item.status_label, sizes[1])),
                ("", pad(last, sizes[2]) + due),
            ]
        )
    return lines


def _last_done(item: MonitoringRow) -> str:
    if item.last_done is not None:
        return _date(item.last_done)
    # "never" would be a guess: an undated result was done at some unknown time.
    return m.NONE_RECORDED if item.status == "missing_baseline" else m.DATE_UNKNOWN


def _narrower(caps: Capabilities, by: int) -> Capabilities:
    return Capabilities(width=caps.width - by, colour=caps.colour, unicode=caps.unicode)


def _date(day: Day | None) -> str:
    return day.label.replace(" ", NO_BREAK) if day is not None else "-"
