"""Single values: age, T- and Z-scores, BMD, eGFR, alcohol units, and any plain number."""

from __future__ import annotations

import datetime as dt
import re

from assistant import wording
from assistant.patterns import compiled
from assistant.rules.facts import (
    AGE_RANGE,
    ALCOHOL_RANGE,
    BMD_RANGE,
    EGFR_RANGE,
    T_SCORE_RANGE,
    Z_SCORE_RANGE,
)
from assistant.rules.labels import MEASUREMENTS, label_of
from assistant.understanding.dates import find_dates
from assistant.understanding.numbers import Number, blank, find_numbers, format_number, normalize
from assistant.understanding.outcomes import (
    Ambiguous,
    Implausible,
    NoMatch,
    Outcome,
    ParseContext,
    Parsed,
    PartialDate,
)
from assistant.understanding.sites import find_labels, find_sites


def without_dates(text: str, today: dt.date) -> str:
    for found in find_dates(text, today):
        text = blank(text, found.start, found.end)
    return text


def implausible(what: str, value: float, low: float, high: float, unit: str = "") -> Implausible:
    shown = f" {unit}" if unit else ""
    return Implausible(
        value,
        low,
        high,
        unit,
        wording.text(
            "value.implausible",
            what=what,
            value=format_number(value),
            low=format_number(low),
            high=format_number(high),
            unit=shown,
        ),
    )


def choose(numbers: list[Number], what: str, example: str) -> Number | Outcome:
    """The one number meant, or the outcome that asks which."""
    if not numbers:
        return NoMatch(wording.text("number.none", example=example))
    if len(numbers) > 1:
        values = tuple(int(n.value) if n.is_integer else n.value for n in numbers)
        return Ambiguous(
            values,
            "ambiguous.number",
            wording.text(
                "number.several", numbers=", ".join(format_number(v) for v in values), what=what
            ),
        )
    return numbers[0]


def in_range(number: Number, low: float, high: float, what: str, unit: str = "") -> Outcome:
    """Range-check a number, trying the other reading of "1,200" when the first is impossible."""
    fits = low <= number.value <= high
    alternative = number.alternative
    if alternative is not None and low <= alternative <= high:
        if fits:
            return Ambiguous(
                (number.value, alternative),
                "ambiguous.number",
                wording.text(
                    "number.thousands",
                    text=format_number(number.value).replace(".", ","),
                    first=format_number(number.value),
                    second=format_number(alternative),
                ),
            )
        return Parsed(alternative, False, None)
    if not fits:
        return implausible(what, number.value, low, high, unit)
    return Parsed(number.value)


class NumberParser:
    name = "number"

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        picked = choose(find_numbers(normalize(text)), "value", "12")
        return picked if not isinstance(picked, Number) else Parsed(picked.value)


def _age_at(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class AgeParser:
    name = "age"
    # "birthday" is left out: "67, I had my birthday last week" is an age, not a birth date
    _BORN = compiled(r"\b(?:born|dob|d\.o\.b\.?|date of birth)\b")
    _DECADE = compiled(
        r"\d0'?s\b|\b(?:in|into) (?:my|her|his|their) (?:early |mid |late )?\d"
        r"|\b\d0\s*-?\s*(?:something|odd|ish|plus|\+)"  # "sixty something", "60ish": a decade
    )
    _LATER = (  # "82 in January": an age at another time
        r"\d+\s+(?:in|on|by|next|this coming|come)\s+"
        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|next|the|a\b|month|week|\d)"
    )
    _NOT_NOW = compiled(r"\b(?:i was|when i was|was)\s+\d|" + _LATER)
    _AGE_LATER = compiled(r"(?<![\d.])" + _LATER + r"\w*")
    _BIRTHDAY = compiled(r"\b(?:turned|turning|will be|'ll be|ll be|gonna be|going to be)\b")
    _NEXT = compiled(r"\b(?:will be|'ll be|ll be|turning|going to be|gonna be|nearly|almost)\s*$")

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        norm = normalize(text)
        if self._BORN.search(norm):
            born = find_dates(norm, ctx.today)
            if born and isinstance(born[0].outcome, Parsed):
                return self._from_birth(born[0].outcome.value, ctx.today)
        if self._DECADE.search(norm):
            return NoMatch(wording.text("age.decade"))
        if self._AGE_LATER.search(norm) and not self._BORN.search(norm):
            # "I'm 81, 82 in January", "I'll be 60 next month, so 59 for now": the age said
            # for another time set aside, the one left is the age today
            rest = self._AGE_LATER.sub(" ", norm)
            if not self._NOT_NOW.search(rest) and find_numbers(without_dates(rest, ctx.today)):
                norm = rest
        not_now = self._NOT_NOW.search(norm) and not self._BIRTHDAY.search(norm)
        if self._BORN.search(norm) or not_now:
            # a birth year not read, "58 in March", "I was 55 when...": not the age today
            return NoMatch(wording.text("age.today"))
        picked = choose(find_numbers(without_dates(norm, ctx.today)), "age", "62")
        if not isinstance(picked, Number):
            return picked
        if self._NEXT.search(norm[: picked.start]) and AGE_RANGE[0] < picked.value <= AGE_RANGE[1]:
            # "I'll be 63 next month": 62 now, confirmed
            age = int(picked.value) - 1
            return Parsed(age, False, wording.text("age.next", age=age, said=int(picked.value)))
        if not AGE_RANGE[0] <= picked.value < AGE_RANGE[1] + 1:
            return implausible("An age of", picked.value, *AGE_RANGE)
        age = int(picked.value)  # completed years: 62.5 is 62
        if picked.decimals:
            return Parsed(
                age,
                False,
                wording.text(
                    "number.rounded", what="age", original=format_number(picked.value), value=age
                ),
            )
        return Parsed(age)

    @staticmethod
    def _from_birth(born: object, today: dt.date) -> Outcome:
        if not isinstance(born, PartialDate):
            return NoMatch(wording.text("number.none", example="62"))
        oldest, youngest = _age_at(born.first_day(), today), _age_at(born.last_day(), today)
        if not AGE_RANGE[0] <= youngest <= AGE_RANGE[1]:
            return implausible("An age of", youngest, *AGE_RANGE)
        if oldest == youngest:
            return Parsed(
                oldest, True, wording.text("age.from_birth", age=oldest, date=born.spoken())
            )
        return Ambiguous(
            (oldest, youngest),
            "ambiguous.age",
            wording.text("age.birth_year", first=youngest, second=oldest, year=born.spoken()),
        )


_BOUND = compiled(
    r"(?P<op>>=?|<=?|≥|≤|over|above|more than|greater than|under|below|less than)\s*$"
)
_EGFR_UNIT = compiled(
    r"ml\s*/\s*min(?:\s*/\s*1[.,]73\s*(?:m2|m\^2|sq\.?\s*m)?)?|ml/min per 1[.,]73\s*m2"
)


def numbers_labelled(norm: str) -> list[tuple[Number, str | None]]:
    """Numbers outside site names, each with the score label ("t_score", ...) written just
    before it."""
    for site in find_sites(norm):
        norm = blank(norm, site.start, site.end)
    marks = find_labels(norm)
    for mark in marks:
        if mark.kind == "bmd_unit":  # its "2" is not a value
            norm = blank(norm, mark.start, mark.end)
    labelled: list[tuple[Number, str | None]] = []
    for number in find_numbers(norm):
        label = None
        for mark in marks:
            if mark.kind == "label" and mark.end <= number.start:
                between = norm[mark.end : number.start]
                label = mark.value if not find_numbers(between) else label
            elif mark.kind == "bmd_unit" and 0 <= mark.start - number.end <= 2:
                label = "bmd"
        labelled.append((number, label))
    return labelled


class ScoreParser:
    """A T-score or Z-score: one signed number, the site words around it ignored."""

    def __init__(self, kind: str) -> None:
        self.name = kind
        self.kind = kind
        self.range = T_SCORE_RANGE if kind == "t_score" else Z_SCORE_RANGE

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        labelled = numbers_labelled(without_dates(normalize(text), ctx.today))
        mine = [n for n, label in labelled if label == self.kind]
        if not mine:
            others = {label for _, label in labelled if label}
            mine = [n for n, label in labelled if label is None]
            if not mine and others:
                return NoMatch(
                    wording.text(
                        "score.other_kind",
                        found=label_of(MEASUREMENTS, others.pop()),
                        wanted=label_of(MEASUREMENTS, self.kind),
                    )
                )
        what = label_of(MEASUREMENTS, self.kind)
        picked = choose(mine, what, "-2.1")
        if not isinstance(picked, Number):
            return picked
        outcome = in_range(picked, *self.range, what="A " + what + " of")
        value = outcome.value if isinstance(outcome, Parsed) else None
        if isinstance(value, float) and value >= 1.0 and not picked.signed:
            # a dropped minus sign is the classic typo, and it flips the diagnosis: ask
            return Ambiguous(
                (value, -value),
                "ambiguous.sign",
                wording.text(
                    "score.sign",
                    what=what,
                    value=format_number(value),
                    positive="+" + format_number(value),
                    negative=format_number(-value),
                ),
            )
        return outcome


class BmdParser:
    name = "bmd"

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        norm = normalize(text)
        labelled = numbers_labelled(without_dates(norm, ctx.today))
        picked = choose([n for n, label in labelled if label in (None, "bmd")], "BMD", "0.948")
        if not isinstance(picked, Number):
            return picked
        if re.search(r"mg\s*/\s*cm|mg\s*per\s*cm", norm):
            picked = Number(picked.value / 1000, picked.start, picked.end, picked.signed, 3)
        return in_range(picked, *BMD_RANGE, what="A BMD of", unit="g/cm²")


EGFR_DECIMAL_BELOW = 15.0


class EgfrParser:
    name = "egfr"

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        norm = _EGFR_UNIT.sub(" ", normalize(text))
        named = re.search(r"\be-?gfr\b\W{0,4}(?:of|was|is|=|:)?\s*(\d+(?:\.\d+)?)\b", norm)
        if named and re.search(r"creatinine|[uµ]mol", norm):
            norm = named[1]  # "creatinine 68, eGFR 84": the number labelled eGFR
        if re.search(r"creatinine|[uµ]mol", norm):
            return NoMatch(wording.text("egfr.creatinine"))
        if re.search(r"\bstage\s*\d|\bg\d\b|\bckd\s*\d", norm):
            return NoMatch(wording.text("egfr.stage"))
        picked = choose(find_numbers(without_dates(norm, ctx.today)), "eGFR", "82")
        if not isinstance(picked, Number):
            return picked
        if re.search(r"\bage\b|years old|\byo\b", norm):  # "normal for my age, 58": age or eGFR?
            return NoMatch(wording.text("egfr.age", value=format_number(picked.value)))
        if picked.decimals and picked.value < EGFR_DECIMAL_BELOW:
            # eGFR is reported in whole numbers; "1.1" is most likely a creatinine in mg/dL
            return NoMatch(wording.text("egfr.decimal", value=format_number(picked.value)))
        outcome = in_range(picked, *EGFR_RANGE, what="An eGFR of", unit="mL/min/1.73m²")
        if isinstance(outcome, Parsed) and _BOUND.search(norm[: picked.start]):
            shown = (
                (norm[: picked.start].strip().split() or [""])[-1]
                + " "
                + format_number(picked.value)
            )
            return Parsed(
                outcome.value,
                False,
                wording.text("egfr.bound", text=shown, value=format_number(picked.value)),
            )
        return outcome


_NONE_DRINKER = compiled(
    r"^(?:none|no|nope|nothing|never|zero|0|nil|not at all|i don'?t|i do not)"
    r"(?: at all| whatsoever| really| since [a-z ]+| any more| anymore| now)?$"
    r"|\b(?:don'?t|do not"
    r"|never|no longer|"
    r"doesn'?t|does not) drink|teetotal|tee-total|tee total|\babstain|\bsober\b|no alcohol"
    r"|non[- ]?drinker|(?:stopped|quit|gave up|given up) (?:drinking|alcohol|the booze)"
)
_DRINKS = compiled(
    r"\b(?:glass|glasses|drinks?|pints?|bottles?|cans?|beers?|wines?|shots?|measures?|"
    r"cocktails?|ciders?|lagers?)\b"
)
_VAGUE = compiled(
    r"\b(?:occasional(?:ly)?|social(?:ly)?|rarely|sometimes|a little|moderate(?:ly)?|"
    r"now and then|special occasions)\b"
)
_PER_DAY = compiled(r"(?:a|per|each|every|/)\s*(?:day|night|evening)|\bdaily\b|\bnightly\b")
_PER_MONTH = compiled(r"(?:a|per|each|every|/)\s*month|\bmonthly\b")
_PER_FORTNIGHT = compiled(r"(?:a|per|each|every|/)\s*fortnight")


class AlcoholParser:
    """Units of alcohol a week; drinks without a size are asked again, never guessed."""

    name = "alcohol_units"

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        norm = normalize(text).strip(" .!")
        if _NONE_DRINKER.search(norm):
            return Parsed(0.0)
        numbers = find_numbers(without_dates(norm, ctx.today))
        if _DRINKS.search(norm) and "unit" not in norm:
            return NoMatch(wording.text("alcohol.glasses", text=text.strip()))
        if not numbers and _VAGUE.search(norm):
            return NoMatch(wording.text("alcohol.vague"))
        if len(numbers) > 1:
            # "1-2 units a day": the options are weekly amounts, as the parser would store them
            weekly_options = tuple(self._weekly(n.value, norm)[0] for n in numbers)
            return Ambiguous(
                weekly_options,
                "ambiguous.number",
                wording.text(
                    "alcohol.several", options=" or ".join(format_number(w) for w in weekly_options)
                ),
            )
        picked = choose(numbers, "number of units", "4")
        if not isinstance(picked, Number):
            return picked
        weekly, note = self._weekly(picked.value, norm)
        certain = note is None
        if not ALCOHOL_RANGE[0] <= weekly <= ALCOHOL_RANGE[1]:
            return implausible("Alcohol of", weekly, *ALCOHOL_RANGE, unit="units a week")
        return Parsed(float(weekly), certain, note)

    @staticmethod
    def _weekly(value: float, norm: str) -> tuple[float, str | None]:
        """Units a week, and a note when the conversion is not exact (a month is not 4 weeks)."""
        if _PER_DAY.search(norm):
            return value * 7, None
        if _PER_FORTNIGHT.search(norm):
            return value / 2, None
        if _PER_MONTH.search(norm):
            weekly = round(value * 12 / 52, 1)
            return weekly, wording.text(
                "alcohol.per_month", value=format_number(value), weekly=format_number(weekly)
            )
        return value, None
