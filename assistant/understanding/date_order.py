"""The day/month order of a whole note: one writer writes every date the same way, so "15/04/2025"
settles "02/05/2025" in the same note; a hint ("dd/mm/yyyy", "UK format") or the same date written
out ("12/11/2026 (12 November 2026)") settles it too. Settled dates are rewritten as ISO dates."""

from __future__ import annotations

import datetime as dt

from assistant.patterns import compiled
from assistant.understanding.date_forms import MONTH_PATTERN, month_number

_NUMERIC = compiled(
    r"(?<![\d.,+-])\b(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})\b(?![.,/-]\d)"
)
_DAY_FIRST = compiled(r"\bdd[/.-]mm\b|\buk (?:format|date)|\beuropean\b|\bbritish\b")
_MONTH_FIRST = compiled(r"\bmm[/.-]dd\b|\bus (?:format|date)|\bamerican\b")
_WRITTEN = (
    compiled(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{MONTH_PATTERN}[\s,-]+(?P<y>\d{{4}})\b"),
    compiled(rf"\b{MONTH_PATTERN}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b"),
)


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _written_dates(text: str) -> set[tuple[int, int, int]]:
    found = set()
    for pattern in _WRITTEN:
        for m in pattern.finditer(text):
            found.add((int(m["y"]), month_number(m["mon"]), int(m["d"])))
    return found


def settle_date_order(text: str) -> str:
    """Normalized text with each day/month-ambiguous numeric date written as an ISO date, when the
    note itself says which order it uses; other dates are left as they are."""
    dates = list(_NUMERIC.finditer(text))
    if not dates:
        return text
    # day first: said so, a day above 12 written first, or dots (dd.mm.yyyy is the European form)
    day_first = (
        bool(_DAY_FIRST.search(text))
        or any(int(m["a"]) > 12 for m in dates)
        or any(m["sep"] == "." for m in dates)
    )
    month_first = bool(_MONTH_FIRST.search(text)) or any(int(m["b"]) > 12 for m in dates)
    written = _written_dates(text)
    out, last = [], 0
    for m in dates:
        a, b, year = int(m["a"]), int(m["b"]), _year(m["y"])
        if a > 12 or b > 12 or a == b:
            continue
        order = None
        if (year, b, a) in written and (year, a, b) not in written:
            order = (b, a)
        elif (year, a, b) in written and (year, b, a) not in written:
            order = (a, b)
        elif day_first != month_first:
            order = (b, a) if day_first else (a, b)
        if order is None:
            continue
        try:
            iso = dt.date(year, *order).isoformat()
        except ValueError:
            continue
        out += [text[last : m.start()], iso]
        last = m.end()
    return "".join(out) + text[last:]
