"""Several values in one message ("spine -2.7, hip -1.9 in March 2025"): items, their dates, and
how the items' outcomes combine into one outcome for the dialog."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assistant import wording
from assistant.understanding.dates import find_dates
from assistant.understanding.numbers import blank
from assistant.understanding.outcomes import Ambiguous, NoMatch, Outcome, Parsed, PartialDate


@dataclass
class MessageReading:
    """What a message holds: each item's outcome (value: a dict without "date") and its date."""

    items: list[tuple[Outcome, int | None]] = field(default_factory=list)  # (outcome, date index)
    dates: list[Outcome] = field(default_factory=list)
    problems: list[Outcome] = field(default_factory=list)  # numbers that belong to nothing


def take_dates(
    norm: str, today: dt.date, bare_years: bool
) -> tuple[str, list[tuple[int, Outcome]]]:
    """The text with its dates blanked out, and the dates with their positions."""
    found = find_dates(norm, today, bare_years=bare_years)
    for date in found:
        norm = blank(norm, date.start, date.end)
    return norm, [(date.start, date.outcome) for date in found]


def date_for(
    positions: list[int], first_value: int | None, dates: list[tuple[int, Outcome]]
) -> list[int | None]:
    """Which date each item gets. Dates written before the values ("2023: spine -2.1") apply
    forwards; dates written after ("spine -2.7 in March 2025") apply to the values before them."""
    if not dates:
        return [None] * len(positions)
    if len(dates) == 1:
        return [0] * len(positions)
    forwards = first_value is None or dates[0][0] < first_value
    chosen: list[int | None] = []
    for position in positions:
        if forwards:
            before = [i for i, (start, _) in enumerate(dates) if start < position]
            chosen.append(before[-1] if before else 0)
        else:
            after = [i for i, (start, _) in enumerate(dates) if start > position]
            chosen.append(after[0] if after else len(dates) - 1)
    return chosen


def _dated(value: object, date: object) -> dict[str, object]:
    item = dict(value) if isinstance(value, dict) else {}
    item["date"] = date.first_day() if isinstance(date, PartialDate) else None
    return item


def combine(reading: MessageReading) -> Outcome:
    """One outcome for the whole message: the first refusal or unreadable part wins; one open
    question becomes `Ambiguous` whose options are whole lists; more than one is asked as a list."""
    used = {index for _, index in reading.items if index is not None}
    parts: list[Outcome] = [reading.dates[i] for i in sorted(used)]
    parts += [outcome for outcome, _ in reading.items] + reading.problems
    for outcome in parts:
        if not isinstance(outcome, (Parsed, Ambiguous)):
            return outcome
    open_questions = [o for o in parts if isinstance(o, Ambiguous)]
    if len(open_questions) > 1:
        return NoMatch(
            wording.text(
                "too_many_ambiguities", questions=" ".join(q.prompt for q in open_questions)
            )
        )

    def build(values: list[object], dates: list[object]) -> list[dict[str, object]]:
        return [
            _dated(value, dates[index] if index is not None else None)
            for value, (_, index) in zip(values, reading.items, strict=True)
        ]

    values = [o.value if isinstance(o, Parsed) else None for o, _ in reading.items]
    dates = [o.value if isinstance(o, Parsed) else None for o in reading.dates]
    notes = [o.note for o in parts if isinstance(o, Parsed) and o.note]
    if open_questions:
        question = open_questions[0]
        options: list[list[dict[str, object]]] = []
        for option in question.options:
            if any(o is question for o in reading.dates):
                dates_with = [
                    option if o is question else d
                    for o, d in zip(reading.dates, dates, strict=True)
                ]
                options.append(build(values, dates_with))
            else:
                values_with = [
                    option if o is question else v
                    for (o, _), v in zip(reading.items, values, strict=True)
                ]
                options.append(build(values_with, dates))
        return Ambiguous(tuple(options), question.prompt_key, question.prompt)
    certain = all(o.certain for o in parts if isinstance(o, Parsed))
    return Parsed(build(values, dates), certain, "; ".join(notes) or None)
