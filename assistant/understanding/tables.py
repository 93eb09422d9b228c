"""Report tables, read by their header row and rewritten as labelled lines for the readers below:
DEXA tables (Hologic, GE Lunar: Region / BMD / T-score / Z-score / % change, trend tables with a
date per row) become "total hip bmd 0.701 t -2.0 z -1.1 (2026-10-14)"; columns that hold no facts
(% change, YA %, area, BMC, age) are dropped, and so are rows that are no site of the facts (one
vertebra, the trochanter, the ultradistal radius, a mean or a difference of both sides). A header
of dates ("18/06/2026  15/11/2026") gives one line per date column, for scans and labs alike."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise

from assistant.patterns import compiled
from assistant.understanding.dates import find_dates
from assistant.understanding.numbers import Number, blank, find_numbers
from assistant.understanding.sites import find_sites

# Column names; at each position the first alternative that matches wins
_COLUMN = compiled(
    r"(?P<change>(?:bmd\s)?(?:%\s*)?change(?:\s(?:vs\.?|from|since|versus)\s(?:previous|prior"
    r"|baseline|last)(?:\sscan)?)?|%\s*chg|\bchg\b|\bdelta\b|vs\.?\s(?:previous|baseline|prior))"
    r"|(?P<t_score>(?:(?:young[- ]adult|ya)\s)?t[- ]?(?:scores?|wert)|\bt\b)"
    r"|(?P<z_score>(?:(?:age[- ]matched|am)\s)?z[- ]?(?:scores?|wert)|\bz\b)"
    r"|(?P<pct>%\s*(?:ya|am)|young[- ]adult|age[- ]matched|junge erw\.?|altersvergl\.?"
    r"|\b(?:ya|am|pr)\b)"
    r"|(?P<date>(?:scan |measured |exam |study )?date)|(?P<age>\bage\b|\balter\b)"
    r"|(?P<bmd>\bbmd\b)|(?P<bmc>\bbmc\b)|(?P<area>\barea\b|fläche|flache)"
    r"|(?P<region>\bregion\b|\bsite\b)"
)
_UNITS = compiled(
    r"\(?\s*(?:g|mg)\s*/\s*cm\s*\^?2\s*\)?|\(?\s*cm\s*\^?2\s*\)?|\(\s*%\s*\)|\(g\)|\(years?\)"
)
_KEPT = ("t_score", "z_score", "bmd")
_LABEL = {"t_score": "t", "z_score": "z", "bmd": "bmd"}
_VERTEBRAE = compiled(r"^l[1-5](?:\s*-\s*l?[1-5])?$")
_WHOLE_SPINE = compiled(r"^l1\s*-\s*l?4$")
_SUBREGION = compiled(
    r"\b(?:troch\w*|inter\w*|ward'?s?|shaft|upper|ud|ultra[- ]?distal|mid\w*|mean|avg|average"
    r"|diff\.?|difference|both|ulna)"
)
_ONE_THIRD = compiled(r"1/3|33\s*%|one[- ]third")
_FOREARM = compiled(r"\b(?:forearm|radius|wrist)\b")
_TOTAL = compiled(r"\b(?:total|gesamt)\b")
_NECK = compiled(r"\bneck\b|\bhals\b")
_SPINE_WORDS = compiled(r"\b(?:spine|lumbar|l[1-5]\b|vertebra|wirbelsäule|lws)")
_HIP_WORDS = compiled(r"\b(?:hip|femur|femoral|proximal|neck|fn|nof|dualfemur)\b")
_PLACEHOLDER = compiled(r"(?<!\S)(?:-{1,2}|—|n/?a|\*)(?!\S)")
_CELL_GAP = compiled(r"\s{2,}|\s*\|\s*|\t")


def _columns(line: str) -> list[str] | None:
    """The column kinds of a header row of a DEXA table, or None when the line is not one."""
    text = _UNITS.sub(" ", line)
    if find_numbers(re.sub(r"l\d\s*-\s*l?\d|\b[tz]\b", " ", text)):
        return None
    columns = [next(k for k, v in m.groupdict().items() if v) for m in _COLUMN.finditer(text)]
    values = [c for c in columns if c != "region"]
    if len(values) < 2 or not {"t_score", "z_score", "bmd"} & set(values):
        return None
    return values


def _date_columns(line: str, today: dt.date) -> list[str] | None:
    """The dates of a row of dates ("Cumulative  18/06/2026  15/11/2026  Units"), as written."""
    found = find_dates(line, today, bare_years=True)
    rest = line
    for date in found:
        rest = blank(rest, date.start, date.end)
    if len(found) < 2 or find_numbers(rest) or ":" in rest:
        return None  # "Collected: 18.11.2026  Received: 19.11.2026" is no header of columns
    gaps = [line[a.end : b.start] for a, b in pairwise(found)]
    if not all(_CELL_GAP.search(gap) and len(gap.split()) <= 1 for gap in gaps):
        return None
    return [line[date.start : date.end].strip() for date in found]


def _context(line: str, current: str | None) -> str | None:
    """Which part of the skeleton a heading or a row speaks of ("AP Spine", "Left Femur")."""
    if _SPINE_WORDS.search(line):
        return "spine"
    if _HIP_WORDS.search(line):
        return "hip"
    if _FOREARM.search(line):
        return "forearm"
    return current


def _site_words(region: str, context: str | None) -> str | None:
    """The site a row's region names, in words the site reader knows; None for a row that is no
    site of the facts."""
    if _SUBREGION.search(region):
        return None
    if _ONE_THIRD.search(region):
        return "forearm"
    if _FOREARM.search(region) or context == "forearm":
        return None  # only the 1/3 radius row is the forearm's result
    if _VERTEBRAE.match(region):
        return region if _WHOLE_SPINE.match(region) else None
    sites = find_sites(region)
    if sites:
        return region[sites[0].start : sites[0].end]
    if _NECK.search(region):
        return "femoral neck"
    if _TOTAL.search(region):
        return {"spine": "lumbar spine", "hip": "total hip"}.get(context or "")
    return None


def _split(line: str) -> tuple[str, str] | None:
    """A row's region and the rest: the region ends at its first number of its own ("the 1 of
    "L1" and the "33%" of "Radius 33%" belong to it), or at a wide gap or a bar before that."""
    body = line.strip()
    named = _ONE_THIRD.search(body)
    gap = _CELL_GAP.search(body)
    for number in find_numbers(body):
        glued = number.start > 0 and body[number.start - 1].isalpha()
        if glued or (named and named.start() <= number.start < named.end()):
            continue
        if number.start > 0 and (gap is None or number.start <= gap.start()):
            return body[: number.start], body[number.start :]
        break
    if gap and gap.start() > 0:
        return body[: gap.start()], body[gap.end() :]
    return None


def _cells(rest: str) -> list[Number | None]:
    """The numbers and empty placeholders of a row, in order (a flag such as H or * is skipped)."""
    marks: list[tuple[int, Number | None]] = [(n.start, n) for n in find_numbers(rest)]
    marks += [(m.start(), None) for m in _PLACEHOLDER.finditer(rest)]
    return [cell for _, cell in sorted(marks, key=lambda mark: mark[0])]


def _values(cells: list[Number | None], columns: list[str], rest: str) -> list[str] | None:
    """The labelled values of a row, or None when its cells do not fit the columns. A row may
    hold more cells than its header names only in columns that are no facts (a change given in
    g/cm² and in %)."""
    kept = [i for i, c in enumerate(columns) if c in _KEPT]
    if not kept or len(cells) <= kept[-1]:
        return None
    if len(cells) > len(columns) and any(c in _KEPT for c in columns[kept[-1] + 1 :]):
        return None
    parts = []
    for i in kept:
        cell = cells[i]
        if cell is None:
            continue
        text = rest[cell.start : cell.end].replace(" ", "")
        if columns[i] != "bmd" and text[0] not in "+-":
            text = "+" + text  # a table prints the sign it means
        parts.append(f"{_LABEL[columns[i]]} {text}")
    return parts


def _dexa_row(
    line: str, columns: list[str], context: str | None, heading: str | None, today: dt.date
) -> str | None:
    """A DEXA row as labelled words ("" for a row that is no site), or None when not a row."""
    if "date" in columns and columns[0] == "date":
        found = find_dates(line, today, bare_years=False)
        if not found or found[0].start > 2 or heading is None:
            return None
        date_text = line[found[0].start : found[0].end].strip()
        rest = blank(line, found[0].start, found[0].end)
        values = _values(_cells(rest), columns[1:], rest)
        if values is None:
            return None
        return f"{heading} {' '.join(values)} ({date_text})" if values else ""
    split = _split(line)
    if split is None:
        return None
    region, rest = split
    if ":" in region or len(region.split()) > 6:
        return None  # a sentence below the table, not a row
    values = _values(_cells(rest), columns, rest)
    if values is None:
        return None
    site = _site_words(region.strip(" :.").replace("l.", "left"), context)
    return f"{site} {' '.join(values)}" if site and values else ""


def _dated_rows(line: str, dates: list[str]) -> list[str] | None:
    """A row of a table with a date per column ("Calcium  2.29  2.44  mmol/L  2.20-2.60"), one
    line per date; the unit and range after the values belong to every date."""
    split = _split(line)
    if split is None:
        return None
    name, rest = split
    cells = [c for c in _cells(rest) if c is not None]
    if len(cells) < len(dates) or not re.search(r"[a-z]", name):
        return None
    values, tail = cells[: len(dates)], rest[cells[len(dates) - 1].end :]
    return [
        f"{name.strip()} {rest[v.start : v.end]}{tail} ({date})"
        for v, date in zip(values, dates, strict=True)
    ]


def rewrite_tables(text: str, today: dt.date) -> str:
    """Normalized text with every table read by its columns; other lines unchanged."""
    if "\n" not in text:
        return text
    out: list[str] = []
    columns: list[str] | None = None
    dates: list[str] | None = None
    context: str | None = None
    heading: str | None = None  # the site a trend table is about ("Trend: L1-L4 Total")
    for line in text.split("\n"):
        header = _columns(line)
        if header is not None:
            columns, dates = header, None
            context = _context(line, context)
            out.append("")
            continue
        date_header = _date_columns(line, today) if columns is None else None
        if date_header is not None:
            dates = date_header
            out.append("")
            continue
        if columns is not None:
            row = _dexa_row(line, columns, context, heading, today)
            if row is not None:
                out.append(row)
                context = _context(row or line, context)  # "L1 ... L4, Total": the spine's total
                continue
            columns = None
        if dates is not None:
            rows = _dated_rows(line, dates)
            if rows is not None:
                out.extend(rows)
                continue
            dates = None
        context = _context(line, context)
        sites, bare = find_sites(line), line
        for site in sites:
            bare = blank(bare, site.start, site.end)
        if sites and not find_numbers(bare) and not _SUBREGION.search(line):
            heading = line[sites[-1].start : sites[-1].end]
        out.append(line)
    return "\n".join(out)
