"""A value and its follow-up in one breath: "Bloods Jun 2026 vs Nov 2026: vit D 38 -> 71 nmol/L;
Ca 2.30 -> 2.38 mmol/L". Two dates joined by "vs", "->" or "and" give each side of an arrow its
date; each pair is rewritten as two dated results for the readers below."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from assistant.patterns import compiled
from assistant.understanding.dates import find_dates

_JOIN = compiled(r"^\s*(?:vs\.?|versus|->|→|=>|to|and|then)\s*$")
_PAIR = compiled(
    r"(?P<a>[-+]?\d+(?:\.\d+)?)\s*(?:->|→|=>)\s*(?P<b>[-+]?\d+(?:\.\d+)?)"
    r"(?P<unit>\s*[a-zµ%][\w/%µ]*(?:\s*/\s*[\w.]+)?)?"
)
_NAME_START = compiled(r"[;:,(\n]")


def _spread_line(line: str, today: dt.date) -> str:
    found = find_dates(line, today, bare_years=True)
    pair_of_dates = next(
        ((a, b) for a, b in pairwise(found) if _JOIN.match(line[a.end : b.start])),
        None,
    )
    if pair_of_dates is None or not _PAIR.search(line):
        return line
    first, second = (line[d.start : d.end].strip() for d in pair_of_dates)
    start, end = pair_of_dates[0].start, pair_of_dates[1].end
    body = line[:start] + " " * (end - start) + line[end:]  # the dates now go with the values
    out, last = [], 0
    for m in _PAIR.finditer(body):
        cut = max((n.end() for n in _NAME_START.finditer(body, last, m.start())), default=last)
        name, unit = body[cut : m.start()], m["unit"] or ""
        out += [body[last:cut], f"{name}{m['a']}{unit} ({first}); {name}{m['b']}{unit} ({second})"]
        last = m.end()
    return "".join(out) + body[last:]


def spread_pairs(text: str, today: dt.date) -> str:
    """Normalized text with each "A -> B" under two joined dates written as two dated values."""
    if "->" not in text and "→" not in text and "=>" not in text:
        return text
    return "\n".join(_spread_line(line, today) for line in text.split("\n"))
