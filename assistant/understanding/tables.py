"""DEXA report tables (Hologic, GE Lunar): a header row names the columns (Region, BMD, T-score,
Z-score, % change, YA %, ...); each row below is rewritten as labelled words ("total hip bmd 0.701
t -2.0 z -1.1") for the scan reader, and columns that are no facts (% change, area, BMC) dropped.
A header of dates ("2024-03-01  2026-03-05") gives one scan per date column."""

from __future__ import annotations

import datetime as dt
import re

from assistant.understanding.dates import find_dates
from assistant.understanding.numbers import blank, find_numbers
from assistant.understanding.sites import find_sites

# Column names in the order alternatives must be tried: the longer names first
_COLUMN = re.compile(
    r"(?P<change>(?:%\s*)?change(?:\s+(?:vs\.?|from|since|versus)\s+(?:previous|prior|baseline|last)"
    r"(?:\s+scan)?)?(?:\s*\(?%\)?)?|%\s*chg|\bchg\b|\bdelta\b|vs\.?\s+(?:previous|baseline|prior))"
    r"|(?P<t_score>(?:(?:young[- ]adult|ya)\s+)?t[- ]?scores?|\bt\b)"
    r"|(?P<z_score>(?:(?:age[- ]matched|am)\s+)?z[- ]?scores?|\bz\b)"
    r"|(?P<pct>(?:young[- ]adult|age[- ]matched)\s*\(?%\)?|%\s*(?:ya|am|young[- ]adult|age[- ]matched)"
    r"|\b(?:ya|am|pr)\s*\(?%\)?|\b(?:ya|am|pr)\b)"
    r"|(?P<bmd>\bbmd\b)|(?P<bmc>\bbmc\b)|(?P<area>\barea\b)|(?P<region>\bregion\b|\bsite\b)"
)
_UNITS = re.compile(r"\(?\s*(?:g|mg)\s*/\s*cm\s*\^?2\s*\)?|\(?\s*cm\s*\^?2\s*\)?|\(\s*%\s*\)|\(g\)")
_VERTEBRA = re.compile(r"^\s*l[1-5]\s*$")
_SUBREGION = re.compile(r"\b(?:troch\w*|inter\w*|ward'?s?|shaft|ud|ultra[- ]?distal|mid)\b")
_TOTAL = re.compile(r"\btotal\b")
_NECK = re.compile(r"\bneck\b")
_ONE_THIRD = re.compile(r"1/3|33\s*%|one[- ]third")
_SPINE_WORDS = re.compile(r"\b(?:spine|lumbar|l[1-5]\b|vertebra)")
_HIP_WORDS = re.compile(r"\b(?:hip|femur|femoral|proximal|neck|fn|nof)\b")
_FOREARM_WORDS = re.compile(r"\b(?:forearm|radius|wrist)")
_KEPT = ("t_score", "z_score", "bmd")
_PLACEHOLDER = re.compile(r"(?<!\S)(?:-{1,2}|—|n/?a|\*)(?!\S)")
_LABEL = {"t_score": "t", "z_score": "z", "bmd": "bmd"}


def _header(line: str) -> list[str] | None:
    """The column kinds of a header row, or None when the line is not one."""
    text = _UNITS.sub(" ", line)
    if find_numbers(re.sub(r"l\d\s*-\s*l?\d|\b[tz]\b", " ", text)):
        return None
    columns = [next(k for k, v in m.groupdict().items() if v) for m in _COLUMN.finditer(text)]
    values = [c for c in columns if c != "region"]
    if len(values) < 2 or not {"t_score", "z_score", "bmd"} & set(values):
        return None
    return values


def _date_header(line: str, today: dt.date) -> list[str] | None:
    """ISO dates of a row of dates ("Date  2024-03-01  2026-03-05"), or None."""
    found = find_dates(line, today, bare_years=True)
    rest = line
    for date in found:
        rest = blank(rest, date.start, date.end)
    if len(found) < 2 or find_numbers(rest):
        return None
    dates = []
    for date in found:
        value = getattr(date.outcome, "value", None)
        if value is None:
            return None
        dates.append(line[date.start : date.end].strip())
    return dates


def _context(line: str, current: str | None) -> str | None:
    if _SPINE_WORDS.search(line):
        return "spine"
    if _HIP_WORDS.search(line):
        return "hip"
    if _FOREARM_WORDS.search(line):
        return "forearm"
    return current


def _site_words(region: str, context: str | None) -> str | None:
    """The site a row's region names, in words the site reader knows; None for a row that is
    no site of the facts (a single vertebra, the trochanter, the ultradistal radius)."""
    if _VERTEBRA.match(region) or _SUBREGION.search(region):
        return None
    if _ONE_THIRD.search(region):
        return "forearm"
    sites = find_sites(region)
    if sites:
        return region[sites[0].start : sites[0].end]
    if _NECK.search(region):
        return "femoral neck"
    if _TOTAL.search(region):
        return {"spine": "lumbar spine", "hip": "total hip"}.get(context or "")
    return None


def _cells(rest: str) -> list[str]:
    """Numbers and empty placeholders of a row, in order."""
    marks = [(n.start, rest[n.start : n.end].replace(" ", "")) for n in find_numbers(rest)]
    marks += [(m.start(), "") for m in _PLACEHOLDER.finditer(rest)]
    return [text for _, text in sorted(marks)]


def _row(line: str, columns: list[str], context: str | None) -> str | None:
    """A table row rewritten as labelled words, "" for a row to drop, None when not a row.
    The words start with the site, so the caller can follow the table's context from them."""
    body = re.sub(r"[|\t]", "  ", line)
    sites = find_sites(body)
    cut = sites[0].end if sites else 0
    # the first number of its own: the "1" of "L1" is part of the region
    first = next(
        (
            n
            for n in find_numbers(body[cut:])
            if not body[cut + n.start - 1 : cut + n.start].isalpha()
        ),
        None,
    )
    if first is None:
        return None
    start = cut + first.start
    region, rest = body[:start], body[start:]
    if re.search(r"\d", region) and not sites and not _VERTEBRA.match(region):
        return None
    cells = _cells(rest)
    if len(cells) != len(columns):
        return None
    site = _site_words(region.strip(" :"), context)
    if site is None:
        return ""
    parts = [site]
    for kind, cell in zip(columns, cells, strict=True):
        if kind in _KEPT and cell:
            signed = cell if kind == "bmd" or cell[0] in "+-" else "+" + cell
            parts.append(f"{_LABEL[kind]} {signed}")
    return " ".join(parts) if len(parts) > 1 else ""


def _dated_row(line: str, dates: list[str], context: str | None) -> list[str] | None:
    body = re.sub(r"[|\t]", "  ", line)
    sites = find_sites(body)
    if not sites:
        return None
    rest = body[sites[0].end :]
    label = re.match(r"\s*(t[- ]?scores?|z[- ]?scores?|bmd|t|z)\b", rest)
    kind = "t"
    if label:
        kind = {"t": "t", "z": "z", "b": "bmd"}[label[1][0]]
        rest = rest[label.end() :]
    cells = _cells(rest)
    if len(cells) != len(dates):
        return None
    site = body[sites[0].start : sites[0].end]
    return [
        f"{site} {kind} {cell} ({date})" for cell, date in zip(cells, dates, strict=True) if cell
    ]


def rewrite_tables(text: str, today: dt.date) -> str:
    """Normalized text with every DEXA table read by its columns; other lines unchanged."""
    if "\n" not in text:
        return text
    out: list[str] = []
    columns: list[str] | None = None
    dates: list[str] | None = None
    context: str | None = None
    for line in text.split("\n"):
        header = _header(line)
        if header is not None:
            columns, dates, context = header, None, _context(line, None)
            out.append("")
            continue
        date_header = _date_header(line, today) if columns is None else None
        if date_header is not None:
            dates, context = date_header, _context(line, None)
            out.append("")
            continue
        if columns is not None:
            row = _row(line, columns, context)
            if row is not None:
                out.append(row)
                # "L1 ... L4, Total": the vertebrae say which total the next row is
                context = _context(row or line, context)
                continue
            if not find_numbers(line) and line.strip():
                context = _context(line, context)  # "Left Femur", "AP Spine": a heading
                out.append(line)
                continue
            columns = None
        if dates is not None:
            rows = _dated_row(line, dates, context)
            if rows is not None:
                out.extend(rows)
                continue
            dates = None
        out.append(line)
    return "\n".join(out)
