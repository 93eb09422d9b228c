"""Finding dates as people type them (absolute, partial, relative to today) in a message.

Works on text already passed through `numbers.normalize`, so "six months ago" arrives as
"6 months ago".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from assistant import wording
from assistant.patterns import compiled
from assistant.understanding.date_forms import (
    BARE_MONTH_PATTERN,
    MONTH_PATTERN,
    ORDINAL,
    DateMatch,
    ago,
    check,
    day_month_name,
    future,
    invalid,
    iso_date,
    month_name_year,
    month_of_named_year,
    month_year_numeric,
    months_of,
    named_day,
    numeric_date,
    part_of_year,
    season,
    season_of_year,
    short_numeric,
    without_year,
    year_month,
)
from assistant.understanding.outcomes import NoMatch, Outcome, Parsed, PartialDate

Handler = Callable[[re.Match[str], dt.date], Outcome]
# A day never starts inside a number: in "hip -1.4 May 2026" the 4 is a decimal, not the day.
_NOT_IN_NUMBER = r"(?<![\d.,\-−+])\b"
_COUNT = (
    r"(?P<approx>(?:over|more than|about|around|roughly|approximately|almost|nearly|"
    r"under|less than|at least)\s+)?"
    r"(?P<n>\d+(?:\.\d+)?|an?|one|a couple of|couple of|a few|few|several|some)\s+"
    r"(?:(?P<half_before>and a half)\s+)?(?P<unit>day|week|wk|month|mth|mo|year|yr)s?\.?"
    r"(?:\s+(?P<half>and a half))?"
)
# (pattern, handler, needs): "digit" and "month" patterns are skipped at once for text without a
# digit or a month name, which is most answers; this keeps a parse well under a tenth of a
# millisecond.
_PATTERNS: tuple[tuple[re.Pattern[str], Handler, str], ...] = tuple(
    (compiled(p), h, needs)
    for p, h, needs in (
        (r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b", iso_date, "year_first"),
        (
            rf"\bnext\s+{MONTH_PATTERN}",
            future,
            "future",
        ),
        (
            # one separator throughout: "8.5-10.5" is a range, not 8 May 2010
            _NOT_IN_NUMBER
            + r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})\b",
            numeric_date,
            "separated",
        ),
        (
            # "12 Oct 2026", "12-Oct-2026", "12/oct/2026"
            rf"{_NOT_IN_NUMBER}(?P<d>\d{{1,2}}){ORDINAL}(?:\s+|[-/])(?:of\s+)?{MONTH_PATTERN},?"
            rf"(?:\s+|[-/])(?P<y>\d{{4}}|'\d{{2}})",
            day_month_name,
            "month",
        ),
        (
            rf"\b{MONTH_PATTERN}\s+(?P<d>\d{{1,2}}){ORDINAL},?\s+(?P<y>\d{{4}})\b",
            day_month_name,
            "month",
        ),
        (
            rf"\b{MONTH_PATTERN}(?:,?\s+(?:of\s+)?|[-/])(?P<y>\d{{4}}|'\d{{2}})\b",
            month_name_year,
            "month",
        ),
        (
            rf"\b{MONTH_PATTERN},?\s+(?:of\s+)?(?P<rel>last|this)\s+year\b",
            month_of_named_year,
            "month",
        ),
        (r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})\b", year_month, "year_first"),
        (
            r"\b(?:the\s+)?(?P<part>early|beginning|start|mid|middle|late|end|christmas|xmas"
            r"|new year|easter)(?:\s+of)?"
            r"[\s-]+(?P<y>\d{4})\b",
            part_of_year,
            "part",
        ),
        (r"\b(?P<m>\d{1,2})[/.-](?P<y>\d{4})\b", month_year_numeric, "separated"),
        (
            rf"{_NOT_IN_NUMBER}(?P<d>\d{{1,2}}){ORDINAL}\s+(?:of\s+)?{MONTH_PATTERN}",
            without_year,
            "month",
        ),
        (rf"\b{MONTH_PATTERN}\s+(?P<d>\d{{1,2}}){ORDINAL}\b(?!\s*[-+]?\d)", without_year, "month"),
        (
            rf"\b(?:in|since|from|last|this|early|late|mid|end of|beginning of|start of)\s+"
            rf"{MONTH_PATTERN}",
            without_year,
            "month",
        ),
        (rf"\b{BARE_MONTH_PATTERN}", without_year, "month"),
        (_NOT_IN_NUMBER + r"(?P<a>\d{1,2})/(?P<b>\d{1,2})\b", short_numeric, "slash"),
        (
            rf"\b{_COUNT}\s+(?:ago|back|before now)\b",
            ago,
            "ago",
        ),
        (  # "for 2 years", "2 years now": how long, so the start was that long ago
            rf"\b(?:for|since)\s+{_COUNT}(?:\s+now)?\b",
            ago,
            "duration",
        ),
        (rf"\b{_COUNT}\s+(?:now|so far|already)\b", ago, "duration"),
        (  # "been taking it 4 years", "been on arimidex about 2 years"
            rf"\bbeen\s+(?:[a-z]+\s+){{0,3}}?{_COUNT}(?![\w-])",
            ago,
            "duration",
        ),
        (
            r"\b(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>\d{4})\b",
            season_of_year,
            "season",
        ),
        (
            r"\b(?P<which>last|this|in the|in)\s+(?P<season>spring|summer|autumn|fall|winter)\b",
            season,
            "season",
        ),
        (
            r"\b(?:today|this morning|yesterday|last week|last month|this month|last year"
            r"|this year)\b",
            named_day,
            "named",
        ),
    )
)
_HINTS = {
    "year_first": compiled(r"\d{4}[-/.]\d"),
    "separated": compiled(r"\d[/.-]\d{1,4}(?:[/.-]\d|\b)"),
    "slash": compiled(r"\d/\d"),
    "month": compiled(MONTH_PATTERN),
    "ago": compiled(r"\b(?:ago|back|before now)\b"),
    "duration": compiled(r"\b(?:for|since|now|so far|already|been)\b"),
    "future": compiled(r"\bnext\b"),
    "part": compiled(
        r"\b(?:early|beginning|start|mid|middle|late|end|christmas|xmas|new year"
        r"|easter)\b"
    ),
    "season": compiled(r"\b(?:spring|summer|autumn|fall|winter)\b"),
    "named": compiled(r"\b(?:today|this|yesterday|last)\b"),
}
_WORD_HINTS = frozenset({"month", "ago", "duration", "future", "season", "named"})
_BARE_YEAR = compiled(r"\b(?P<y>(?:19|20)\d\d)\b(?![.,]\d)")
_YEAR_IN_CONTEXT = compiled(
    r"\b(?:in|on|since|from|dated|of|back in|during|around|scan|dexa|dxa)\s+(?P<y>(?:19"
    r"|20)\d\d)\b(?![.,]\d)"
    r"|(?:^|[;,(]\s*)(?P<y2>(?:19|20)\d\d)\s*[:)]"
    # "Two scans: 2023 spine -1.8; 2025 spine -2.3": a year opening a clause of words
    r"|(?:^|[;:,]\s*)(?P<y3>(?:19|20)\d\d)\s+(?=[a-z])"
)


# A length of time said as one: "for 10 weeks", "a week of pred", "only two months"; not a rate
# ("5 mg a day", "once a month") nor a time ago ("3 months ago")
_SPANS = (
    compiled(
        rf"(?:^|\b(?:for|lasting|only|just|over|under)\s+){_COUNT}\b"
        r"(?!\s+(?:ago|back|before now))"
    ),
    compiled(rf"\b{_COUNT}\s+of\b"),
)


def duration_months(text: str) -> float | None:
    """The one length of time normalized `text` gives ("pred for 10 weeks": 2.3), in months;
    None when there is none, more than one, or only a vague one ("a few months")."""
    spans = {months_of(m) for pattern in _SPANS for m in pattern.finditer(text)}
    if len(spans) != 1:
        return None
    return spans.pop()


def find_dates(text: str, today: dt.date, bare_years: bool = True) -> list[DateMatch]:
    """Every date in normalized text, earliest first; each span is matched once, the most
    specific way.

    With `bare_years=False` a lone "2023" counts only after a word like "in" or "since",
    because in a message full of values a four-digit number may be a value.
    """
    taken: list[tuple[int, int]] = []
    found: list[DateMatch] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    has_digit = any(char.isdigit() for char in text)
    present: dict[str, bool] = {}
    for pattern, handler, needs in _PATTERNS:
        if needs not in present:
            present[needs] = (has_digit or needs in _WORD_HINTS) and bool(
                _HINTS[needs].search(text)
            )
        if not present[needs]:
            continue
        for m in pattern.finditer(text):
            if free(m.start(), m.end()):
                taken.append((m.start(), m.end()))
                try:
                    outcome = handler(m, today)
                except (ValueError, OverflowError):  # e.g. a year beyond the calendar
                    outcome = invalid(m[0])
                found.append(DateMatch(m.start(), m.end(), outcome))
    year_pattern = _BARE_YEAR if bare_years else _YEAR_IN_CONTEXT
    for m in year_pattern.finditer(text) if has_digit else ():
        group = next(g for g in ("y", "y2", "y3") if g in m.groupdict() and m[g])
        # the span keeps "since" or "in" with the year, so blanking the date takes both
        start = m.start() if bare_years is False and group == "y" else m.start(group)
        if free(start, m.end(group)):
            year = int(m[group])
            outcome = check(PartialDate(year), today)
            taken.append((start, m.end(group)))
            found.append(DateMatch(start, m.end(group), outcome))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str, today: dt.date) -> Outcome:
    """The one date in `text` (normalized)."""
    found = find_dates(text, today)
    if not found:
        return NoMatch(wording.text("date.none"))
    distinct = {repr(d.outcome) for d in found}
    if len(distinct) > 1:
        one = _one_date_twice(text, found, today)
        return one if one is not None else NoMatch(wording.text("date.several"))
    return found[0].outcome


_YEAR_SAID = compiled(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,])")


def _one_date_twice(text: str, found: list[DateMatch], today: dt.date) -> Outcome | None:
    """Two expressions of one date, one with the year and one without ("2022, in the summer",
    "this year in February", "summer 2022 - July to be exact"): the second read in that year."""
    if len(found) != 2:
        return None
    anchors = [d for d in found if _precision(d) == "year"]
    if len(anchors) != 1:
        anchors = [d for d in found if _YEAR_SAID.search(text[d.start : d.end])]
    others = [d for d in found if d not in anchors]
    if len(anchors) != 1 or len(others) != 1:
        return None
    anchor, other = anchors[0], others[0]
    if _YEAR_SAID.search(text[other.start : other.end]):
        return None  # "2022 and March 2023": two dates
    said = anchor.outcome.value if isinstance(anchor.outcome, Parsed) else None
    if not isinstance(said, PartialDate):
        return None
    again = find_dates(f"{text[other.start : other.end]} {said.year}", today)
    return again[0].outcome if len(again) == 1 else None


def _precision(match: DateMatch) -> str | None:
    value = match.outcome.value if isinstance(match.outcome, Parsed) else None
    return value.precision if isinstance(value, PartialDate) else None
