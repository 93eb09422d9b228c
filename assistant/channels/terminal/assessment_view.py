"""The assessment (SPEC section 5) laid out for a terminal: category, changes, labs, the
monitoring table, what to discuss with the clinician, sources and the disclaimer.

It reads the assessment's JSON shape, the fixed contract, so it follows the rules module
without depending on its classes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from assistant.channels.terminal import messages as m
from assistant.channels.terminal.capabilities import Capabilities
from assistant.channels.terminal.chart import score, score_chart
from assistant.channels.terminal.styled import Fragment, Line, pad, wrap
from assistant.labels import (
    CATEGORIES,
    LAB_STATUSES,
    MONITORING_STATUSES,
    RISK_FACTORS,
    SITES,
    TESTS,
    date_label,
    label,
)
from assistant.rules.facts import Facts, LabResult
from assistant.rules.units import shown

LABEL_WIDTH = 15
TABLE_MIN_WIDTH = 62  # below this the monitoring table is stacked, one test per line
TWO_COLUMN_MIN_WIDTH = 50
TREATMENT_IDS = ("treatment_", "caution_")  # recommendation ids of the rules module

CATEGORY_STYLE = {
    "normal": "class:good",
    "expected_for_age": "class:good",
    "osteopenia": "class:warn",
    "osteoporosis": "class:bad",
    "low_for_age": "class:bad",
    "unknown": "class:muted",
}
STATUS_STYLE = {
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


def render_assessment(
    data: Mapping[str, Any], caps: Capabilities, facts: Facts | None = None
) -> list[Line]:
    """Styled lines for one assessment; the facts it was made from, when given, feed the
    charts and show each result in the unit it was given in."""
    width = caps.width
    rule = "━" if caps.unicode else "="
    as_of = m.AS_OF.format(date=_date(data.get("as_of")))
    title_room = width - len(m.TITLE) - len(as_of) - 6
    if title_room >= 2:
        lines: list[Line] = [[("class:title", f"{rule * 2} {m.TITLE} {rule * title_room} {as_of}")]]
    else:
        lines = [[("class:title", f"{rule * 2} {m.TITLE}")], [("class:muted", "   " + as_of)]]
    lines += _field(m.LABEL_DENSITY, _density(data.get("bone_density") or {}), width)
    changes = data.get("bmd_change") or []
    if changes:
        lines += _field(m.LABEL_CHANGE, _changes(changes), width)
    lines += _field(m.LABEL_LABS, _labs(data.get("labs") or {}, facts), width)
    risks = [label(RISK_FACTORS, risk) for risk in data.get("risk_factors") or []]
    lines += _field(m.LABEL_RISKS, [("", ", ".join(risks) or m.NO_RISKS)], width)
    # The chart shows the score the assessment used: Z-scores with the -2.0 line for younger
    # people, T-scores with the -1.0 and -2.5 lines otherwise.
    kind = "z_score" if (data.get("bone_density") or {}).get("basis") == "z_score" else "t_score"
    scans = [scan.model_dump(mode="json") for scan in facts.dexa] if facts is not None else []
    for site, points in _series(scans, kind).items():
        lines.append([])
        chart = score_chart(site, points, _narrower(caps, 2), kind)
        lines += [[("", "  "), *line] for line in chart]
    alerts = data.get("alerts") or []
    if alerts:
        lines.append([])
        for alert in alerts:
            lines += wrap(
                [("class:bad", "! "), ("class:alert", str(alert.get("text", "")))],
                width,
                indent="  ",
            )
    lines.append([])
    lines.append([("class:heading", m.LABEL_MONITORING)])
    lines += _monitoring(data.get("monitoring") or [], width)
    lines.append([])
    lines.append([("class:heading", m.LABEL_DISCUSS)])
    bullet = "• " if caps.unicode else "* "
    recommendations = data.get("recommendations") or []
    treatment = bool(data.get("discuss_treatment"))
    if treatment and not any(_is_treatment(r) for r in recommendations):
        lines += wrap([("class:warn", m.DISCUSS_TREATMENT)], width, "    ", "  " + bullet)
    for recommendation in recommendations:
        # When treatment is to be discussed, its options and cautions stand out from the
        # lifestyle advice that everyone receives.
        style = "class:warn" if treatment and _is_treatment(recommendation) else ""
        text: list[Fragment] = [(style, str(recommendation.get("text", "")))]
        if recommendation.get("source"):
            text.append(("class:source", f" ({recommendation['source']})"))
        lines += wrap(text, width, indent="    ", first_indent="  " + bullet)
    sources = data.get("sources") or []
    if sources:
        lines.append([])
        lines += wrap(
            [
                ("class:heading", m.LABEL_SOURCES + ": "),
                ("class:source", "; ".join(str(s) for s in sources)),
            ],
            width,
            "  ",
        )
    if data.get("disclaimer"):
        lines.append([])
        lines += wrap([("class:disclaimer", str(data["disclaimer"]))], width)
    return lines


def _is_treatment(recommendation: Mapping[str, Any]) -> bool:
    return str(recommendation.get("id", "")).startswith(TREATMENT_IDS)


def _field(label: str, value: list[Fragment], width: int) -> list[Line]:
    if width < TWO_COLUMN_MIN_WIDTH:
        return [[("class:label", label)], *wrap(value, width, indent="  ")]
    return wrap(value, width, indent=" " * LABEL_WIDTH, first_indent=pad(label, LABEL_WIDTH))


def _density(density: Mapping[str, Any]) -> list[Fragment]:
    category = str(density.get("category") or "unknown")
    name = label(CATEGORIES, category)
    fragments: list[Fragment] = [
        (CATEGORY_STYLE.get(category, "class:bold") + " class:category", f" {name.upper()} ")
    ]
    if density.get("value") is not None and density.get("basis") in ("t_score", "z_score"):
        fragments.append(
            (
                "",
                "\n"
                + m.DENSITY_BASIS.format(
                    score="T-score" if density["basis"] == "t_score" else "Z-score",
                    value=score(float(density["value"])),
                    site=label(SITES, density.get("site")),
                    date=_date(density.get("scan_date")),
                ),
            )
        )
    elif category == "unknown":
        fragments.append(("", "\n" + m.DENSITY_UNKNOWN))
    return fragments


def _changes(changes: Sequence[Mapping[str, Any]]) -> list[Fragment]:
    fragments: list[Fragment] = []
    for index, change in enumerate(changes):
        amount = float(change.get("change") or 0.0)
        size = (
            f"{abs(amount):g}%" if change.get("unit") == "percent" else (f"{abs(amount):g} T-score")
        )
        text = m.CHANGE_LINE.format(
            site=label(SITES, change.get("site")),
            direction="down" if amount < 0 else "up",
            amount=size,
            start=_date(change.get("from_date")),
            end=_date(change.get("to_date")),
        )
        significant = bool(change.get("significant"))
        fragments.append(("", ("\n" if index else "") + text + ": "))
        fragments.append(
            (
                "class:bad" if significant and amount < 0 else "class:muted",
                m.CHANGE_SIGNIFICANT if significant else m.CHANGE_NOT_SIGNIFICANT,
            )
        )
    return fragments


def _labs(labs: Mapping[str, Mapping[str, Any]], facts: Facts | None) -> list[Fragment]:
    if not labs:
        return [("class:muted", m.NO_LABS)]
    fragments: list[Fragment] = []
    for index, (test, lab) in enumerate(labs.items()):
        status = str(lab.get("status") or "unknown")
        text = _lab_value(lab, _as_given(facts, test, lab.get("date")))
        fragments.append(("", ("\n" if index else "") + f"{label(TESTS, test)} {text} "))
        fragments.append((STATUS_STYLE.get(status, ""), label(LAB_STATUSES, status)))
        if lab.get("date"):
            fragments.append(("class:muted", f" ({_date(lab['date'])})"))
    return fragments


def _as_given(facts: Facts | None, test: str, date: Any) -> LabResult | None:
    """The result as the person gave it: the assessment holds it converted (vitamin D in
    ng/mL, calcium in mg/dL, PTH in pg/mL)."""
    if facts is None:
        return None
    day = _as_date(date)
    found = [lab for lab in facts.labs if lab.test == test and lab.date == day]
    return found[-1] if found else None


def _lab_value(lab: Mapping[str, Any], given: LabResult | None) -> str:
    """ "45 nmol/L (18.03 ng/mL)": the unit typed first, the converted value beside it."""
    value, unit = lab.get("value"), str(lab.get("unit") or "")
    if value is None:
        return "-"
    converted = f"{shown(value)} {unit}".strip()
    if given is None or given.unit == unit:
        return converted
    return f"{shown(given.value)} {given.unit} ({converted})"


def _monitoring(items: Sequence[Mapping[str, Any]], width: int) -> list[Line]:
    rows = []
    for item in items:
        status = str(item.get("status") or "")
        rows.append(
            (
                label(TESTS, item.get("test")),
                status,
                label(MONITORING_STATUSES, status),
                _last_done(item),
                _date(item.get("next_due")) if item.get("next_due") else m.NOT_SCHEDULED,
            )
        )
    if width < TABLE_MIN_WIDTH:
        lines: list[Line] = []
        for name, status, status_text, last, due in rows:
            dates = [f"last {last}"] if last not in (m.NONE_RECORDED, m.DATE_UNKNOWN) else []
            dates += [f"next {due}"] if due != m.NOT_SCHEDULED else []
            lines += wrap(
                [
                    ("class:bold", name + ": "),
                    (STATUS_STYLE.get(status, ""), status_text),
                    ("", "".join(f"; {part}" for part in dates)),
                ],
                width,
                indent="    ",
                first_indent="  ",
            )
        return lines
    sizes = [
        max([len(h), *(len(row[i]) for row in rows)]) + 2
        for h, i in zip(m.MONITORING_HEADERS, (0, 2, 3, 4), strict=True)
    ]
    header = "".join(pad(h, s) for h, s in zip(m.MONITORING_HEADERS, sizes, strict=True))
    lines = [[("class:table.header", "  " + header.rstrip())]]
    for name, status, status_text, last, due in rows:
        lines.append(
            [
                ("", "  " + pad(name, sizes[0])),
                (STATUS_STYLE.get(status, ""), pad(status_text, sizes[1])),
                ("", pad(last, sizes[2]) + due),
            ]
        )
    return lines


def _last_done(item: Mapping[str, Any]) -> str:
    if item.get("last_done"):
        return _date(item["last_done"])
    # "never" would be a guess: an undated result was done at some unknown time.
    return m.NONE_RECORDED if item.get("status") == "missing_baseline" else m.DATE_UNKNOWN


def _series(
    scans: Sequence[Mapping[str, Any]], kind: str
) -> dict[str, list[tuple[dt.date, float]]]:
    """Dated scores of `kind` per site, in the document's site order, for sites with two or more."""
    series: dict[str, list[tuple[dt.date, float]]] = {}
    for site, name in SITES.items():
        points = sorted(
            {
                (day, float(scan[kind]))
                for scan in scans
                if scan.get("site") == site
                and scan.get(kind) is not None
                and (day := _as_date(scan.get("date"))) is not None
            }
        )
        if len(points) >= 2:
            series[name] = points
    return series


def _narrower(caps: Capabilities, by: int) -> Capabilities:
    return Capabilities(width=caps.width - by, colour=caps.colour, unicode=caps.unicode)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _date(value: Any) -> str:
    day = _as_date(value)
    # No-break spaces keep a date on one line when wrapped; the printer turns them back.
    return date_label(day, "\u00a0") if day else str(value or "-")
