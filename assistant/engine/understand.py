"""The engine's one door to assistant.understanding: builds each parser's context from the dialog.

Keeping every call here means the turn logic reads as dialog behaviour, not parser plumbing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from assistant.engine.conditions import young
from assistant.engine.document import Document
from assistant.understanding import PARSERS, detect_command, looks_like_question
from assistant.understanding.outcomes import (
    Ambiguous,
    Implausible,
    NoMatch,
    Outcome,
    ParseContext,
    Parsed,
)

if TYPE_CHECKING:
    from assistant.engine.definition import StateDef
    from assistant.engine.dialogs import Dialog

__all__ = [
    "Ambiguous", "Implausible", "NoMatch", "Parsed", "choose", "detect_command",
    "looks_like_question", "parse",
]

_ORDINALS = {"1": 0, "first": 0, "one": 0, "the first": 0, "2": 1, "second": 1, "two": 1,
             "the second": 1, "3": 2, "third": 2, "three": 2, "the third": 2}


def parse(dialog: Dialog, state: StateDef, text: str, doc: Document, today: dt.date) -> Outcome:
    assert state.parser is not None
    choices = {c.value: (c.label, *c.synonyms) for c in state.choices} or None
    hint = None
    if state.parser == "dexa":
        hint = "z_score" if young(doc) else "t_score"
    ctx = ParseContext(today=today, choices=choices, unit_hint=hint)
    return PARSERS[state.parser].parse(text, ctx)


def choose(text: str, labels: list[str], today: dt.date, *, yes_no: bool = False) -> int | None:
    """Which of `labels` the text picks (by words, synonyms or "the first"); None if unclear."""
    ctx = ParseContext(today=today)
    if yes_no:
        outcome = PARSERS["yes_no"].parse(text, ctx)
        if isinstance(outcome, Parsed) and isinstance(outcome.value, bool):
            return 0 if outcome.value else 1
        return None
    key = re.sub(r"[^\w\s]", "", text.lower()).strip()
    if key in _ORDINALS and _ORDINALS[key] < len(labels):
        return _ORDINALS[key]
    for index, label in enumerate(labels):
        if text.strip().lower() == label.lower():
            return index
    picked = _by_distinct_words(text, labels)
    if picked is not None:
        return picked
    ctx = ParseContext(today=today, choices={str(i): (label,) for i, label in enumerate(labels)})
    outcome = PARSERS["choice"].parse(text, ctx)
    if isinstance(outcome, Parsed) and outcome.certain:
        return int(str(outcome.value))
    return None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w/.µ-]+", text.lower()))


def _by_distinct_words(text: str, labels: list[str]) -> int | None:
    # "nmol" picks "30 nmol/L" over "30 ng/mL": only the words that tell the labels apart count
    said = _words(text)
    common = set.intersection(*(_words(label) for label in labels)) if labels else set()
    hits = set()
    for index, label in enumerate(labels):
        for word in _words(label) - common:
            if any(w == word or (len(w) >= 3 and word.startswith(w)) for w in said):
                hits.add(index)
    return hits.pop() if len(hits) == 1 else None
