"""What a parser returns: one of four outcomes, plus the context it parses in and the
values it builds.

Every `Ambiguous.options` item is a value the same parser would give as `Parsed.value`, so the
dialog can offer the options as choices and store the one the person picks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class Parsed:
    """A value read from the text; `certain=False` means the dialog should confirm it first."""

    value: object
    certain: bool = True
    note: str | None = None


@dataclass(frozen=True)
class Ambiguous:
    """Several readings are possible (which unit, which date order): ask which one."""

    options: tuple[object, ...]
    prompt_key: str  # stable key, e.g. "ambiguous.unit", "ambiguous.date_order"
    prompt: str


@dataclass(frozen=True)
class Implausible:
    """A value outside the plausible range: refused, never stored."""

    value: object
    low: float
    high: float
    unit: str
    message: str


@dataclass(frozen=True)
class NoMatch:
    """Nothing usable was found; `message` says what was expected."""

    message: str


Outcome = Parsed | Ambiguous | Implausible | NoMatch


@dataclass(frozen=True)
class ParseContext:
    """What a parser knows besides the text.

    `choices` maps a canonical value to its synonyms (from the dialog data); `unit_hint` is the unit
    (labs) or score kind ("t_score"/"z_score", for dexa) the question asked for; `test` names the
    lab test for the `lab` parser.
    """

    today: dt.date
    choices: Mapping[str, Sequence[str]] | None = None
    unit_hint: str | None = None
    test: str | None = None


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def first_day(self) -> dt.date:
        """The earliest day it may mean: monitoring then falls due early rather than late."""
        month = 1 if self.month is None else self.month
        return dt.date(self.year, month, 1 if self.day is None else self.day)

    def last_day(self) -> dt.date:
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        if self.month is None:
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def spoken(self) -> str:
        """As a person would say it: "15 March 2024", "March 2024", "2024"."""
        if self.month is None:
            return str(self.year)
        name = dt.date(2000, self.month, 1).strftime("%B")
        return f"{self.day} {name} {self.year}" if self.day is not None else f"{name} {self.year}"


@dataclass(frozen=True)
class LabValue:
    """One lab result as read; `unit` is spelled exactly as in `assistant.rules.facts.LAB_UNITS`."""

    test: str
    value: float
    unit: str
    date: PartialDate | None = None

    def as_fact(self) -> dict[str, Any]:
        """The `labs` item of the facts model (SPEC section 4)."""
        return {
            "test": self.test,
            "value": self.value,
            "unit": self.unit,
            "date": self.date.first_day() if self.date is not None else None,
        }


class Parser(Protocol):
    """A named parser; the dialog data refers to parsers by `name`."""

    @property
    def name(self) -> str: ...

    def parse(self, text: str, ctx: ParseContext) -> Outcome: ...
