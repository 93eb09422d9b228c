"""The measurements of a pasted note: the note cut into the parts about scans and about labs,
each read by the dialog's readers (`read_scans`, `read_labs`), dated by the note's header dates
("Scan Date:", "Collected:") or a date written first, and one scan merged from its several
mentions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from assistant import wording
from assistant.rules.labels import SITES, TESTS, label_of
from assistant.understanding.dates import find_dates
from assistant.understanding.dexa import read_scans
from assistant.understanding.lab_results import find_tests, read_labs
from assistant.understanding.not_facts import asides
from assistant.understanding.note_patterns import DEXA_WORDS, HEADER_DATE, SENTENCE_END
from assistant.understanding.numbers import blank, find_numbers, format_number
from assistant.understanding.outcomes import (
    Ambiguous,
    Implausible,
    NoMatch,
    Outcome,
    ParseContext,
    Parsed,
    PartialDate,
)
from assistant.understanding.readings import MessageReading
from assistant.understanding.sites import find_sites

if TYPE_CHECKING:
    from assistant.understanding.interpretation import Interpretation


def read_measurements(result: Interpretation, norm: str, today: dt.date) -> None:
    """The scans and labs of the note's text (with its other facts already taken out), into
    `result`; what cannot be placed is asked."""
    ctx = ParseContext(today)
    norm, headers = _header_dates(norm, today)
    dexa_text, labs_text, loose = _segments(norm)
    dexa_text = _without_thresholds(dexa_text)
    leading = [" "] * len(loose)
    for found in find_dates(loose, today, bare_years=False):
        loose = blank(loose, found.start, found.end)
        before, after = norm[: found.start], norm[found.end :]
        # "2024-02-20: spine -2.7, vit D 45": a date written first is the date of every value
        if not before.strip(" ,;:-\n") or after.lstrip().startswith(":"):
            leading[found.start : found.end] = norm[found.start : found.end]
        else:
            shown = norm[found.start : found.end].strip()
            result.questions.append(wording.text("interpret.date_unplaced", date=shown))
    dates_first = "".join(leading)
    dexa_text = "".join(c if c != " " else d for c, d in zip(dexa_text, dates_first, strict=True))
    labs_text = "".join(c if c != " " else d for c, d in zip(labs_text, dates_first, strict=True))
    # a year in a scan's part is a date, as in the dialog: no score has four digits
    scans = read_scans(dexa_text, ctx, bare_years=True)
    _items(result, _dated(scans, headers.get("dexa")), "dexa", _scan_line)
    _items(result, _dated(read_labs(labs_text, ctx), headers.get("labs")), "labs", _lab_line)
    if "dexa" in result.facts:
        result.facts["dexa"] = _merged(result.facts["dexa"])
    for number in find_numbers(loose):
        result.questions.append(
            wording.text("interpret.number_unplaced", value=format_number(number.value))
        )


def _without_thresholds(text: str) -> str:
    """A scan part without the report's legend ("osteoporosis <= -2.5", "normal > -1.0")."""
    for aside in asides(text):
        if aside.kind == "threshold":
            text = blank(text, aside.start, aside.end)
    return text


def _segments(norm: str) -> tuple[str, str, str]:
    """The text split into the parts about scans and the parts about labs; each part keeps its
    positions, the rest blanked. Text before the first site or test is returned as loose."""
    anchors = [(m.start, "dexa") for m in find_sites(norm)] + [
        (s, "labs") for s, _, _ in find_tests(norm)
    ]
    anchors += [(m.start(), "dexa") for m in DEXA_WORDS.finditer(norm)]
    anchors.sort()
    # "Mine was -1.8 at the spine": a clause that names its site after its value starts at the
    # value (a signed or decimal number; a date or a count is not one); "February spine -1.5":
    # a date just before the site is the site's
    clause_starts = [0] + [m.end() for m in SENTENCE_END.finditer(norm)]
    for i, (start, kind) in enumerate(anchors):
        previous = anchors[i - 1][0] if i else -1
        window = max(previous + 1, 0)
        dates = find_dates(norm[window:start], dt.date.max, bare_years=True)
        # (a date heading what follows, "2024-02-20: spine ..., vit D ...", is everyone's)
        if dates and not norm[window + dates[-1].end : start].strip(" ,-"):
            anchors[i] = (window + dates[-1].start, kind)
            continue
        clause = max(c for c in clause_starts if c <= start)
        if clause <= previous:
            continue
        between = norm[clause:start]
        for date in find_dates(between, dt.date.max, bare_years=True):
            between = blank(between, date.start, date.end)
        values = [n for n in find_numbers(between) if n.signed or n.decimals]
        if values:
            anchors[i] = (clause + values[0].start, kind)
    kinds = ["loose"] * len(norm)
    for i, (start, kind) in enumerate(anchors):
        end = anchors[i + 1][0] if i + 1 < len(anchors) else len(norm)
        kinds[start:end] = [kind] * (end - start)

    def only(kind: str) -> str:
        return "".join(c if k == kind else " " for c, k in zip(norm, kinds, strict=True))

    return only("dexa"), only("labs"), only("loose")


def _items(result: Interpretation, reading: MessageReading, key: str, describe: Any) -> None:
    for outcome, index in reading.items:
        date_outcome = reading.dates[index] if index is not None else None
        date = date_outcome.value if isinstance(date_outcome, Parsed) else None
        if isinstance(date_outcome, (Ambiguous, NoMatch)):
            # the value stands; only its date is asked
            message = (
                date_outcome.prompt if isinstance(date_outcome, Ambiguous) else date_outcome.message
            )
            if message not in result.questions:
                result.questions.append(message)
        elif isinstance(date_outcome, Implausible):
            if date_outcome.message not in result.refused:
                result.refused.append(date_outcome.message)
            continue
        elif isinstance(date, PartialDate) and date.precision == "year":
            # a scan or test dated by its year alone cannot be placed against the intervals
            message = wording.text("interpret.year_only", year=date.year)
            if message not in result.questions:
                result.questions.append(message)
            continue
        if isinstance(outcome, Parsed) and isinstance(outcome.value, dict):
            item = {
                **outcome.value,
                "date": date.first_day() if isinstance(date, PartialDate) else None,
            }
            result.facts.setdefault(key, []).append(item)
            line = describe(item) + (f" ({date.spoken()})" if isinstance(date, PartialDate) else "")
            result.understood.append(
                line
                + (
                    f" ({outcome.note}; please check)"
                    if not outcome.certain and outcome.note
                    else ""
                )
            )
        elif isinstance(outcome, Ambiguous):
            result.questions.append(outcome.prompt)
        elif isinstance(outcome, Implausible):
            result.refused.append(outcome.message)
        elif isinstance(outcome, NoMatch):
            result.questions.append(outcome.message)
    for problem in reading.problems:
        if isinstance(problem, NoMatch):
            result.questions.append(problem.message)


def _scan_line(scan: dict[str, Any]) -> str:
    site = label_of(SITES, scan["site"])
    parts = [
        f"{name} {format_number(scan[k])}"
        for k, name in (("t_score", "T-score"), ("z_score", "Z-score"), ("bmd", "BMD"))
        if k in scan
    ]
    return (
        f"{site} " + ", ".join(parts) + (" g/cm²" if parts and parts[-1].startswith("BMD") else "")
    )


def _lab_line(lab: dict[str, Any]) -> str:
    return f"{label_of(TESTS, lab['test'])} {format_number(lab['value'])} {lab['unit']}"


def _header_dates(text: str, today: dt.date) -> tuple[str, dict[str, Outcome]]:
    """Dates that head a report ("Scan Date:", "Collected:"): the date of every value of that kind
    that gives no date of its own."""
    found: dict[str, Outcome] = {}
    for m in HEADER_DATE.finditer(text):
        kind = "dexa" if m["dexa"] else "labs" if m["labs"] else "none"
        dates = find_dates(text[m.end() : m.end() + 30], today, bare_years=True)
        if dates and dates[0].start <= 3:
            if kind != "none":
                found.setdefault(kind, dates[0].outcome)
            text = blank(text, m.start(), m.end() + dates[0].end)
    return text, found


def _dated(reading: MessageReading, default: Outcome | None) -> MessageReading:
    """Items without a date of their own take the report's header date."""
    if default is None:
        return reading
    dates = [*reading.dates, default]
    items: list[tuple[Outcome, int | None]] = [
        (o, len(dates) - 1 if i is None else i) for o, i in reading.items
    ]
    return MessageReading(items, dates, reading.problems)


def _merged(scans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scans of one site and date read in several places (a table row, a trend row, the centre's
    least significant change) as one scan, when no value contradicts another."""
    kept: list[dict[str, Any]] = []
    for scan in scans:
        same = next(
            (
                k
                for k in kept
                if k["site"] == scan["site"]
                and k["date"] == scan["date"]
                and all(k.get(f, v) == v for f, v in scan.items())
            ),
            None,
        )
        if same is None:
            kept.append(dict(scan))
        else:
            same.update(scan)
    return kept
