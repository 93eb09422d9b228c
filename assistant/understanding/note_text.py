"""A pasted note made ready for reading, once: normalised (spelling, decimal commas, minus
signs), its soft line breaks joined, its own day/month order settled, its tables rewritten as
labelled lines, value pairs under two dates spread, and a centre's LSC labelled."""

from __future__ import annotations

import datetime as dt
import re

from assistant.understanding.date_order import settle_date_order
from assistant.understanding.note_patterns import LSC_SENTENCE
from assistant.understanding.numbers import normalize
from assistant.understanding.tables import rewrite_tables
from assistant.understanding.trends import spread_pairs

LONGEST_NOTE = 4000  # characters read of one message: a long letter or a two-page report


def prepare_note(text: str, today: dt.date) -> str:
    """The note's text as the readers read it."""
    text = _unwrapped(text[:LONGEST_NOTE])
    prepared = rewrite_tables(settle_date_order(normalize(text)), today)
    return _least_significant_change(spread_pairs(prepared, today))


def _unwrapped(text: str) -> str:
    """A letter's soft line breaks joined: a long line of prose that ends without punctuation
    goes on in the next line of prose ("...she tripped on a pavement kerb / while walking").
    A table's lines, with their wide gaps, stay as they are."""
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        last = out[-1]
        prose = "  " not in last.strip() and "  " not in line.strip() and "\t" not in last + line
        if prose and len(last) >= 50 and last.rstrip()[-1:].isalpha() and line[:1].isalpha():
            out[-1] = f"{last} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def _least_significant_change(norm: str) -> str:
    """ "Least significant change (95%): spine 0.028 g/cm², total hip 0.025 g/cm²": each value
    labelled as the site's LSC, so the g/cm² does not make it a BMD."""

    def label(sentence: re.Match[str]) -> str:
        return re.sub(
            r"(\d*\.\d+)\s*g\s*/\s*cm\s*\^?2",
            lambda m: f"lsc {m[1]}",
            sentence[0],
        )

    return LSC_SENTENCE.sub(label, norm)
