"""What a record request asks for, whether typed as a subcommand ("patient P-0042", "due",
"start P-0042") or as a clinician writes it in a DM ("who is due this month?", "show P-0042",
"start intake for P-0042"). Everything else is a question, values or an answer to the dialog."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["patient", "due", "overdue", "start"]

# An id in a plain request holds a digit or an id's punctuation ("P-0042", "P-ZULU"), so
# "show summary" or "open help" is not a record request.
_ID = r"(?P<id>(?=\S*[\d_:@-])[^\s?!,;]*[^\s?!.,;])"
_END = r"\s*[?!.]*\s*$"
PLAIN = (
    # "who is due this month?", "which patients are due", "due list", "who needs a DEXA"
    (
        "due",
        re.compile(
            r"^(?:(?:who|which\s+patients?)\b.*\b(?:(?:over)?due|needs?\b.*\b(?:scan|test|dexa|monitoring))"
            r"|(?:show\s+(?:me\s+)?)?(?:the\s+)?due(?:\s+list)?)\b.*$",
            re.I,
        ),
    ),
    (
        "start",
        re.compile(
            rf"^(?:start|begin|run|new)\s+(?:an?\s+)?intake(?:\s+(?:for|of)\s+(?:patient\s+)?{_ID})?{_END}",
            re.I,
        ),
    ),
    (
        "patient",
        re.compile(
            rf"^(?:show|open|view|look\s*up|find)\s+(?:me\s+)?(?:(?:the\s+)?(?:patient|record)\s+(?:of\s+|for\s+)?)?{_ID}{_END}",
            re.I,
        ),
    ),
)
OVERDUE = re.compile(r"\boverdue\b", re.I)
DUE_ALSO = re.compile(r"(?<!over)\bdue\b", re.I)


@dataclass(frozen=True)
class RecordRequest:
    kind: Kind
    patient_id: str | None = None  # as typed: validate before use


def subcommand(word: str, rest: str) -> RecordRequest | None:
    """`/boneguide patient ID`, `due`, `start [ID]` (and the same words typed in a DM)."""
    word = word.lower()
    if word == "patient":
        return RecordRequest("patient", rest.strip() or None)
    if word in ("due", "overdue"):
        return RecordRequest("overdue" if word == "overdue" else "due")
    if word == "start":
        return RecordRequest("start", rest.strip() or None)
    return None


def plain(text: str) -> RecordRequest | None:
    """A clinician's request in their own words, or None."""
    text = text.strip()
    head, _, rest = text.partition(" ")
    found = subcommand(head, rest) if head.lower() in ("patient", "due", "overdue") else None
    if found is not None and (found.kind != "patient" or found.patient_id):
        return found
    for kind, pattern in PLAIN:
        match = pattern.match(text)
        if match is None:
            continue
        if kind == "due":
            only_overdue = OVERDUE.search(text) and not DUE_ALSO.search(OVERDUE.sub(" ", text))
            return RecordRequest("overdue" if only_overdue else "due")
        return RecordRequest(kind, match.groupdict().get("id"))  # type: ignore[arg-type]
    return None
