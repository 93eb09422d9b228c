"""DEXA results in people's words: sites, T- and Z-scores, BMD, dates, and several scans in
one message."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from assistant import wording
from assistant.patterns import compiled
from assistant.rules.facts import BMD_RANGE, LSC_RANGE, T_SCORE_RANGE, Z_SCORE_RANGE, Site
from assistant.rules.labels import MEASUREMENTS, SITES, label_of
from assistant.understanding.numbers import Number, blank, find_numbers, format_number, normalize
from assistant.understanding.outcomes import Ambiguous, NoMatch, Outcome, ParseContext, Parsed
from assistant.understanding.readings import MessageReading, combine, date_for, take_dates
from assistant.understanding.sites import find_labels, find_sites, match_site
from assistant.understanding.values import in_range

_RANGES = {
    "t_score": T_SCORE_RANGE,
    "z_score": Z_SCORE_RANGE,
    "bmd": BMD_RANGE,
    "lsc": LSC_RANGE,
}


@dataclass
class _Scan:
    site: Site
    position: int
    values: list[tuple[str | None, Number]] = field(default_factory=list)  # (label, number)


def _kind(label: str | None, number: Number, default: str) -> tuple[str, bool]:
    """Which field an unlabelled number fills, and whether that was assumed."""
    if label is not None:
        return label, False
    # T-scores are given to one decimal; 0.948 is a density in g/cm²
    if number.decimals >= 3 and BMD_RANGE[0] <= number.value <= BMD_RANGE[1]:
        return "bmd", True
    return default, False


def _judge(scan: _Scan, default: str, explicit_kinds: set[str]) -> Outcome:
    site_name = SITES[scan.site]
    by_kind: dict[str, list[Number]] = {}
    notes: list[str] = []
    for label, number in scan.values:
        kind, guessed = _kind(label, number, default)
        by_kind.setdefault(kind, []).append(number)
        if guessed:
            notes.append(
                wording.text("dexa.bmd_guess", value=format_number(number.value), site=site_name)
            )
        elif label is None and explicit_kinds and kind not in explicit_kinds:
            # other values in the message were labelled, this one was not: confirm the reading
            notes.append(
                wording.text(
                    "dexa.label_assumed",
                    value=format_number(number.value),
                    site=site_name,
                    what=label_of(MEASUREMENTS, kind),
                )
            )
    scan_value: dict[str, object] = {"site": str(scan.site)}
    question: Ambiguous | None = None
    certain = not notes
    for kind, numbers in by_kind.items():
        if len(numbers) > 1:
            return NoMatch(
                wording.text(
                    "dexa.duplicate",
                    what=label_of(MEASUREMENTS, kind),
                    site=site_name,
                    values=" and ".join(format_number(n.value) for n in numbers),
                )
            )
        number = numbers[0]
        outcome = in_range(
            number,
            *_RANGES[kind],
            what=f"A {label_of(MEASUREMENTS, kind)} of",
            unit="g/cm²" if kind in ("bmd", "lsc") else "",
        )
        if isinstance(outcome, Parsed):
            value = outcome.value
            certain = certain and outcome.certain
            scores = ("t_score", "z_score")
            if kind in scores and isinstance(value, float) and value >= 1.0 and not number.signed:
                outcome = Ambiguous(
                    (value, -value),
                    "ambiguous.sign",
                    wording.text(
                        "score.sign",
                        what=f"{site_name} {label_of(MEASUREMENTS, kind)}",
                        value=format_number(value),
                        positive="+" + format_number(value),
                        negative=format_number(-value),
                    ),
                )
            else:
                scan_value[kind] = value
                continue
        if not isinstance(outcome, Ambiguous):
            return outcome
        if question is not None:
            return NoMatch(
                wording.text(
                    "too_many_ambiguities", questions=question.prompt + " " + outcome.prompt
                )
            )
        question = replace(outcome, options=tuple({**scan_value, kind: o} for o in outcome.options))
        kind_asked = kind
    if question is not None:
        # values read after the question's field belong in every option too
        options = tuple(
            {**scan_value, **o, kind_asked: o[kind_asked]}
            for o in question.options
            if isinstance(o, dict)
        )
        return replace(question, options=options)
    return Parsed(scan_value, certain, "; ".join(notes) or None)


def _by_date(scan: _Scan, date_starts: list[int], default: str) -> list[_Scan]:
    """One site given again with a date between ("hip -1.5 in May 2024 and -2.1 in Nov 2026"):
    a scan for each date, when that leaves one value of each kind per scan."""
    kinds = [_kind(label, number, default)[0] for label, number in scan.values]
    if len(set(kinds)) == len(kinds) or not date_starts:
        return [scan]
    groups = [[scan.values[0]]]
    for before, value in zip(scan.values, scan.values[1:], strict=False):
        if any(before[1].end <= start < value[1].start for start in date_starts):
            groups.append([value])
        else:
            groups[-1].append(value)
    for group in groups:
        group_kinds = [_kind(label, number, default)[0] for label, number in group]
        if len(set(group_kinds)) != len(group_kinds):
            return [scan]
    return [_Scan(scan.site, group[0][1].start, group) for group in groups]


# a whole number of its own, not the end of "-1.2 scan date"
_COUNT_OF = compiled(
    r"(?<![\w.,+\-−])\d+\s+(?:scans?|results?|sites?|readings?|times|dexas?|dxas?)\b"
)


def read_scans(norm: str, ctx: ParseContext, bare_years: bool = False) -> MessageReading:
    """Every scan in normalized text; each number goes to the site written before it, or, when the
    message starts with a number ("-2.7 at the spine"), to the site written after it."""
    marks: list[tuple[int, str, object]] = []
    for site in find_sites(norm):  # before dates: "1/3 radius" is a site, not a date
        marks.append((site.start, "site", site.value))
        norm = blank(norm, site.start, site.end)
    text, dates = take_dates(norm, ctx.today, bare_years)
    labels = find_labels(text)
    unit_starts = []
    for mark in labels:
        if mark.kind == "bmd_unit":
            unit_starts.append(mark.start)
            text = blank(text, mark.start, mark.end)
        else:
            marks.append((mark.start, "label", mark.value))
    for count in _COUNT_OF.finditer(text):  # "two scans:", "3 sites": how many, not a score
        text = blank(text, count.start(), count.end())
    numbers = find_numbers(text)
    marks += [(n.start, "number", n) for n in numbers]
    marks.sort(key=lambda mark: mark[0])
    default = ctx.unit_hint if ctx.unit_hint in ("t_score", "z_score") else "t_score"
    scans: list[_Scan] = []
    current: _Scan | None = None
    pending: list[tuple[str | None, Number]] = []
    label: str | None = None
    global_label: str | None = None
    for position, kind, value in marks:
        if kind == "site":
            current = _Scan(Site(str(value)), position, pending)
            scans.append(current)
            label, pending = None, []
        elif kind == "label":
            label = str(value)
            if current is None and not pending:
                global_label = label
        elif isinstance(value, Number):
            in_g_cm2 = any(0 <= s - value.end <= 2 for s in unit_starts)
            measured = "bmd" if in_g_cm2 and (label or global_label) != "lsc" else label
            entry = (measured or global_label, value)
            # a site that took the numbers written before it ("-2.7 at the spine") takes no more
            if current is not None and all(n.start > current.position for _, n in current.values):
                current.values.append(entry)
            else:
                pending.append(entry)
                label = None
    explicit = {lab for scan in scans for lab, _ in scan.values if lab} | (
        {lab for lab, _ in pending if lab}
    )
    reading = MessageReading(dates=[outcome for _, outcome in dates])
    last_number = max((n.start for n in numbers), default=-1)
    if (
        not explicit
        and global_label is None
        and any(kind == "label" and position > last_number for position, kind, _ in marks)
    ):
        # "spine -1.7 and hip -1.2 (Z-scores)": the kind named after every number; asked, since
        # a label written after a value usually belongs to the next one
        reading.problems.append(NoMatch(wording.text("dexa.label_after")))
        return reading
    starts = [start for start, _ in dates]
    kept = [part for scan in scans if scan.values for part in _by_date(scan, starts, default)]
    first_value = min((n.start for n in numbers), default=None)
    indexes = date_for([s.values[0][1].start for s in kept], first_value, dates)
    for scan, index in zip(kept, indexes, strict=True):
        reading.items.append((_judge(scan, default, explicit), index))
    if pending and not kept:
        values = [n for _, n in pending]
        if len(values) == 1:
            shown = format_number(values[0].value)
            options = []
            for each in Site:
                outcome = _judge(_Scan(each, 0, pending), default, explicit)
                if not isinstance(outcome, Parsed):
                    reading.problems.append(outcome)
                    return reading
                options.append(outcome.value)
            reading.items.append(
                (
                    Ambiguous(
                        tuple(options), "ambiguous.site", wording.text("site.ask", value=shown)
                    ),
                    0 if dates else None,
                )
            )
            return reading
    for _, number in pending:
        reading.problems.append(
            NoMatch(wording.text("dexa.unplaced", value=format_number(number.value)))
        )
    return reading


class DexaParser:
    """Scans in one message: value a list of scan dicts {site, t_score, z_score, bmd, date}."""

    name = "dexa"

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        reading = read_scans(normalize(text), ctx, bare_years=True)
        if not reading.items and not reading.problems:
            return NoMatch(wording.text("dexa.none"))
        return combine(reading)


class SiteParser:
    """A DEXA site: value one of lumbar_spine, total_hip, femoral_neck, forearm."""

    name = "site"

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        return match_site(text)
