"""Lab results: test names as people write them, units, and a unit inferred only when exactly one
unit makes the value possible (then confirmed); plausibility comes from the rules module."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from assistant import wording
from assistant.patterns import compiled
from assistant.rules.facts import LAB_UNITS, LabTest
from assistant.rules.labels import TESTS
from assistant.rules.units import (
    is_plausible,
    normalise_unit,
    plausible_range,
    reporting_unit,
    to_canonical,
)
from assistant.understanding.numbers import Number, blank, find_numbers, format_number, normalize
from assistant.understanding.outcomes import (
    Ambiguous,
    Implausible,
    LabValue,
    NoMatch,
    Outcome,
    ParseContext,
    Parsed,
    PartialDate,
)
from assistant.understanding.phrases import phrase_table
from assistant.understanding.readings import MessageReading, combine, date_for, take_dates
from assistant.understanding.wordlists import alternation

TEST_SYNONYMS: dict[LabTest, tuple[str, ...]] = {
    LabTest(test): words for test, words in phrase_table("lab_tests").items()
}

_TEST_WORDS = sorted(
    ((syn, test) for test, syns in TEST_SYNONYMS.items() for syn in syns),
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_TEST_LOOKUP = dict(_TEST_WORDS)
TEST_PATTERN = compiled(r"(?<![\w/])(?:" + alternation(_TEST_LOOKUP) + r")(?![\w+])")

# Spellings people type, each with the accepted spelling of LAB_UNITS it means; the parts may be
# spelt out ("nanomoles per litre", "milligrams per decilitre").
_PER = r"\s*(?:/|per)\s*"
_LITRE = r"(?:l(?:itre|iter)?s?)\b"
_ML = r"(?:ml|millilit(?:re|er)s?)\b"
_DL = r"(?:dl|decilit(?:re|er)s?)\b"
_NMOL = r"(?:nmol|nanomol(?:e)?s?)"
_MMOL = r"(?:mmol|millimol(?:e)?s?)"
_PMOL = r"(?:pmol|picomol(?:e)?s?)"
_NG = r"(?:ng|nanograms?)"
_MG = r"(?:mg|milligrams?)"
_PG = r"(?:pg|picograms?)"
_UG = r"(?:[uµ]g|mcg|micrograms?)"
_UNIT_SPELLINGS: tuple[tuple[str, str], ...] = (
    (r"n(?:mol|m)\s*bce\s*/\s*m(?:mol|m)\s*(?:creatinine|creat|cr)", "nmol BCE/mmol creatinine"),
    (rf"{_NMOL}{_PER}{_LITRE}|{_NMOL}\b", "nmol/L"),
    (rf"{_NG}{_PER}{_ML}", "ng/mL"),
    (rf"{_MG}{_PER}{_DL}", "mg/dL"),
    (rf"{_MMOL}{_PER}{_LITRE}|{_MMOL}\b", "mmol/L"),
    (rf"{_PG}{_PER}{_ML}", "pg/mL"),
    (rf"{_PMOL}{_PER}{_LITRE}|{_PMOL}\b", "pmol/L"),
    (rf"{_NG}{_PER}{_LITRE}", "ng/L"),
    (rf"{_UG}{_PER}{_LITRE}", "µg/L"),
    (rf"i?u{_PER}{_LITRE}", "U/L"),
)
UNIT_PATTERN = compiled("|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_UNIT_SPELLINGS)))
_REFERENCE = compiled(
    r"\b(?:ref(?:erence)?|range|normal|nr|rr)\b"
    # a range in brackets after a result, as lab reports print it: "10.2 mg/dL (8.5-10.5)"
    r"|[(\[](?=\s*\d+(?:\.\d+)?\s*(?:-|to)\s*\d+(?:\.\d+)?\s*[)\]])"
    r"|[(\[](?=\s*(?:[<>≤≥]=?)\s*\d)"
)
# A range or a bound printed after a result, without brackets: "9.2 mg/dL 8.6-10.4", "L <2.0"
_RANGE = compiled(
    r"(?<![\w.])\d+(?:\.\d+)?\s*(?:-|to)\s*\d+(?:\.\d+)?(?![\w.])|(?:[<>≤≥]=?)\s*\d+(?:\.\d+)?"
)
_CLAUSE_STOP = compiled(r"[\n;,]")
_HYDROXY = compiled(r"\b25[- ]?\(?oh\)?[- ]?$")
# a later result of the same test: "Vit D 15 ng/mL in January, repeat 32 ng/mL in July"
_AGAIN = compiled(
    r"\b(?:repeat(?:ed)?|recheck(?:ed)?|then|now|latest|follow[- ]up|later|rose to|fell to)\b"
)
_RESULT_WORD = compiled(r"\b(?:result|value|level)\b")


@dataclass
class _Item:
    test: LabTest
    number: Number
    unit: str | None
    position: int
    reference: list[float] = field(default_factory=list)  # "(ref 50-125)": the lab's own range
    bound: str | None = None  # "(ref >50)": the comparison a one-sided range was given with


def find_tests(norm: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _TEST_LOOKUP[m[0]]) for m in TEST_PATTERN.finditer(norm)]


def find_units(norm: str) -> list[tuple[int, int, str]]:
    found = []
    for m in UNIT_PATTERN.finditer(norm):
        index = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
        found.append((m.start(), m.end(), _UNIT_SPELLINGS[index][1]))
    return found


@cache
def _distinct_units(test: LabTest) -> list[str]:
    """Units that give different readings of a number: ng/L and pg/mL are the same for PTH."""
    kept: list[str] = []
    for unit in LAB_UNITS[test]:
        same = [
            k
            for k in kept
            if reporting_unit(test, k) == reporting_unit(test, unit)
            and to_canonical(test, 1.0, k) == to_canonical(test, 1.0, unit)
        ]
        if not same:
            kept.append(unit)
    return kept


@cache
def _rough_range(test: LabTest, unit: str) -> tuple[float, float]:
    return plausible_range(test, unit)


def _plausible(test: LabTest, value: float, unit: str) -> bool:
    """The rules module's exact check, asked only near the edges of the range (it is slow)."""
    low, high = _rough_range(test, unit)
    margin = (high - low) * 0.01
    if low + margin < value < high - margin:
        return True
    if value < low - margin or value > high + margin:
        return False
    return is_plausible(test, value, unit)


def judge(test: LabTest, value: float, unit: str | None, hint: str | None = None) -> Outcome:
    """The lab value as a LabValue, or why it cannot be taken as it stands."""
    label = TESTS[test]
    shown = format_number(value)
    if unit is None and hint is not None:
        unit = normalise_unit(test, hint)
    if unit is not None:
        spelled = normalise_unit(test, unit)
        if spelled is None:
            return NoMatch(
                wording.text(
                    "lab.unit_unknown", unit=unit, test=label, units=" or ".join(LAB_UNITS[test])
                )
            )
        if not _plausible(test, value, spelled):
            low, high = plausible_range(test, spelled)
            return Implausible(
                value,
                low,
                high,
                spelled,
                wording.text(
                    "lab.implausible",
                    test=label,
                    value=shown,
                    unit=spelled,
                    low=format_number(low),
                    high=format_number(high),
                ),
            )
        return Parsed(LabValue(str(test), value, spelled))
    units = _distinct_units(test)
    fitting = [u for u in units if _plausible(test, value, u)]
    if not fitting:
        ranges = ", ".join(
            "{} to {} {}".format(*map(format_number, plausible_range(test, u)), u) for u in units
        )
        low, high = plausible_range(test, units[0])
        return Implausible(
            value,
            low,
            high,
            units[0],
            wording.text("lab.implausible_any", test=label, value=shown, ranges=ranges),
        )
    if len(fitting) == 1:
        certain = len(units) == 1  # a test with one possible unit needs no confirmation
        note = (
            None
            if certain
            else wording.text("lab.unit_assumed", test=label, value=shown, unit=fitting[0])
        )
        return Parsed(LabValue(str(test), value, fitting[0]), certain, note)
    return Ambiguous(
        tuple(LabValue(str(test), value, u) for u in fitting),
        "ambiguous.unit",
        wording.text("lab.ask_unit", test=label, value=shown, units=" or ".join(fitting)),
    )


def _as_dict(outcome: Outcome) -> Outcome:
    """The LabValue of an outcome as a labs dict (without date) for `readings.combine`."""

    def plain(value: object) -> object:
        return (
            {k: v for k, v in value.as_fact().items() if k != "date"}
            if isinstance(value, LabValue)
            else value
        )

    if isinstance(outcome, Parsed):
        return replace(outcome, value=plain(outcome.value))
    if isinstance(outcome, Ambiguous):
        return replace(outcome, options=tuple(plain(o) for o in outcome.options))
    return outcome


def _with_range(outcome: Outcome, low: float | None, high: float | None) -> Outcome:
    """The lab's own range added to a reading, and to each option when its unit is asked back."""

    def ranged(value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {**value, "reference_low": low, "reference_high": high}

    if isinstance(outcome, Parsed):
        return replace(outcome, value=ranged(outcome.value))
    if isinstance(outcome, Ambiguous):
        return replace(outcome, options=tuple(ranged(option) for option in outcome.options))
    return outcome


# Tests named like the ones asked about, but other tests: never stored as them
_OTHER_TEST = compiled(
    r"\b(?:urine|urinary|24[- ]?h(?:ou)?r?) calcium\b|\bcalcium,? (?:urine|urinary|24[- ]?h)"
    r"|\bmmol/24 ?h\b|\b1[,.]? ?25[- ]?(?:\(oh\)2|oh2|dihydroxy)|\bcalcitriol\b"
    r"|\bioni[sz]ed calcium\b|\bcalcium,? ioni[sz]ed\b|\bpth[- ]?r(?:p|elated)\w*|\bpthrp\b"
)
_BOUND_SIGN = compiled(r"(?:>=|<=|[<>≥≤])\s*$")
# "fasting, 8am", "at 3pm": a time of day, never a result or a range
_TIME_OF_DAY = compiled(r"\b\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b\d{1,2}:\d\d\b")


def read_labs(norm: str, ctx: ParseContext, bare_years: bool = False) -> MessageReading:
    """Every "test value [unit]" in normalized text; a range or bound after "ref"/"range", in
    brackets, or printed after a result is the lab's own range. Tests named like these but
    others ("urine calcium") are left out."""
    others = [m[0] for m in _OTHER_TEST.finditer(norm)]
    for m in _OTHER_TEST.finditer(norm):  # the rest of its clause is that test's
        stop = _CLAUSE_STOP.search(norm, m.end())
        norm = blank(norm, m.start(), len(norm) if stop is None else stop.start())
    text, dates = take_dates(norm, ctx.today, bare_years)
    for time in _TIME_OF_DAY.finditer(text):
        text = blank(text, time.start(), time.end())
    marks: list[tuple[int, int, str, object]] = []
    for start, end, name in find_tests(text):
        marks.append((start, end, "test", name))
        text = blank(text, start, end)
        prefix = _HYDROXY.search(text[max(0, start - 8) : start])  # "25-OH-" of "25-OH-Vitamin D3"
        if prefix:
            text = blank(text, max(0, start - 8) + prefix.start(), start)
    for start, end, unit in find_units(text):
        marks.append((start, end, "unit", unit))
        text = blank(text, start, end)
    marks += [(m.start(), m.end(), "ref", None) for m in _REFERENCE.finditer(text)]
    marks += [(m.start(), m.end(), "result", None) for m in _RESULT_WORD.finditer(text)]
    marks += [(m.start(), m.end(), "again", None) for m in _AGAIN.finditer(text)]
    ranges = [(m.start(), m.end()) for m in _RANGE.finditer(text)]
    marks += [(start, end, "range", None) for start, end in ranges]
    marks += [
        (n.start, n.end, "number", n)
        for n in find_numbers(text)
        if not text[max(0, n.start - 1) : n.start].isalpha()  # the "3" of "D3" is no value
    ]
    marks.sort(key=lambda mark: (mark[0], mark[2] != "range"))
    default = LabTest(ctx.test) if ctx.test in {t.value for t in LabTest} else None
    items: list[_Item] = []
    reading = MessageReading(dates=[outcome for _, outcome in dates])
    test, waiting, in_reference = default, default is not None, False
    held: list[float] = []  # a range given before its result: "Calcium ref 2.20-2.60, result 2.52"
    range_end = -1
    for start, end, kind, value in marks:
        own = bool(items) and not waiting and items[-1].test == test
        if kind == "test":
            test, waiting, in_reference, held = LabTest(str(value)), True, False, []
        elif kind == "ref":
            in_reference = True
        elif kind == "result":
            in_reference = False
        elif kind == "again" and own and dates:
            waiting, in_reference = True, False
        elif kind == "range" and own and not items[-1].reference:
            in_reference, range_end = True, end  # printed after the result: its range
        elif kind == "unit" and items and items[-1].unit is None and not in_reference:
            items[-1].unit = str(value)
        elif kind == "number" and isinstance(value, Number):
            if range_end >= 0 and start >= range_end:
                in_reference, range_end = False, -1  # past the printed range
            if in_reference or start < range_end:
                # "(1.6 - 6.9)": a range's dash is no minus; "(ref >50)": a bound on one side
                bound = _BOUND_SIGN.search(text[max(0, start - 3) : start])
                if own:
                    items[-1].reference.append(abs(value.value))
                    items[-1].bound = bound[0] if bound else None
                elif test is not None:
                    held.append(abs(value.value))
            elif test is None:
                reading.problems.append(
                    NoMatch(wording.text("lab.which_test", value=format_number(value.value)))
                )
            elif not waiting:
                reading.problems.append(
                    NoMatch(
                        wording.text(
                            "lab.duplicate",
                            test=TESTS[test],
                            first=format_number(items[-1].number.value) if items else "",
                            second=format_number(value.value),
                        )
                    )
                )
            else:
                items.append(_Item(test, value, None, start, reference=held[:2]))
                waiting, held = False, []
    if others and not items:
        reading.problems.append(NoMatch(wording.text("lab.other_test", name=others[0])))
    first_value = min((item.position for item in items), default=None)
    indexes = date_for([item.position for item in items], first_value, dates)
    for item, index in zip(items, indexes, strict=True):
        outcome = _as_dict(judge(item.test, item.number.value, item.unit, ctx.unit_hint))
        if len(item.reference) == 2:
            outcome = _with_range(outcome, *sorted(item.reference))
        elif len(item.reference) == 1 and item.bound is not None:
            low = item.reference[0] if item.bound in (">", "≥", ">=") else None
            outcome = _with_range(outcome, low, None if low is not None else item.reference[0])
        reading.items.append((outcome, index))
    return reading


class LabsParser:
    """Several lab results in one message: value a list of labs dicts {test, value, unit, date}."""

    name = "labs"

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        reading = read_labs(normalize(text), ctx)  # "2000 pg/mL" is a value, not a year
        if not reading.items and not reading.problems:
            return NoMatch(wording.text("lab.none"))
        return combine(reading)


class LabParser:
    """One result of `ctx.test`: value a LabValue."""

    name = "lab"

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        if ctx.test is None:
            return NoMatch(wording.text("lab.none"))
        outcome = LabsParser().parse(text, ctx)
        if isinstance(outcome, Parsed) and isinstance(outcome.value, list):
            if len(outcome.value) != 1:
                return NoMatch(
                    wording.text(
                        "number.several",
                        numbers=", ".join(format_number(v["value"]) for v in outcome.value),
                        what=ctx.test,
                    )
                )
            return replace(outcome, value=_lab_value(outcome.value[0]))
        if isinstance(outcome, Ambiguous):
            options = tuple(
                _lab_value(o[0]) for o in outcome.options if isinstance(o, list) and len(o) == 1
            )
            if len(options) != len(outcome.options):
                return NoMatch(outcome.prompt)
            return replace(outcome, options=options)
        return outcome


def _lab_value(item: object) -> LabValue:
    assert isinstance(item, dict)
    date = item.get("date")
    return LabValue(
        item["test"],
        item["value"],
        item["unit"],
        PartialDate(date.year, date.month, date.day) if date is not None else None,
    )
