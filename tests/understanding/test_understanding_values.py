"""Single-value parsers against the phrasings patients and clinicians type."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.understanding import PARSERS, Ambiguous, Implausible, NoMatch, ParseContext, Parsed

CTX = ParseContext(dt.date(2026, 11, 25))


def parse(name: str, text: str, ctx: ParseContext = CTX) -> object:
    return PARSERS[name].parse(text, ctx)


@pytest.mark.parametrize(
    "text",
    [
        "62",
        "I'm 62",
        "im 62",
        "I am 62",
        "62 years old",
        "62 yo",
        "62yo",
        "62 y/o",
        "sixty two",
        "sixty-two",
        "Sixty-Two",
        "age: 62",
        "Age 62",
        "turned 62 in May",
        "I turned 62 last month",
        "62 this year",
        "62.",
        "  62  ",
        "I'm sixty two years old",
        "62 years",
        "aged 62",
        "born 15 March 1964",
        "date of birth 1964-03-15",
        "I was born on 01/01/1964",
    ],
)
def test_age_reads(text: str) -> None:
    outcome = parse("age", text)
    assert isinstance(outcome, Parsed) and outcome.value == 62 and outcome.certain, outcome


@pytest.mark.parametrize(
    "text, expected",
    [
        ("58", 58),
        ("forty-five", 45),
        ("one hundred and two", 102),
        ("12", 12),
        ("110", 110),
        ("eighty", 80),
        ("ninety nine", 99),
    ],
)
def test_age_values(text: str, expected: int) -> None:
    outcome = parse("age", text)
    assert isinstance(outcome, Parsed) and outcome.value == expected and outcome.certain


@pytest.mark.parametrize("text", ["6", "2", "111", "250", "-62", "0", "one thousand"])
def test_age_implausible(text: str) -> None:
    outcome = parse("age", text)
    assert isinstance(outcome, (Implausible, Ambiguous)), outcome
    if isinstance(outcome, Implausible):
        assert "between 12 and 110" in outcome.message


@pytest.mark.parametrize(
    "text", ["I'm in my 60s", "in my early 60s", "60's", "in her 70s", "sixty something", "60ish"]
)
def test_age_decade_is_asked_again(text: str) -> None:
    assert isinstance(parse("age", text), NoMatch)


# Not the age today: "71 next week" is 70 now, "I was 55 when..." was then, a birth year unread.
@pytest.mark.parametrize(
    "text", ["I'm 71 next week", "58 in March", "born in '68", "I was 55 when they found the lump"]
)
def test_age_not_today_is_asked_again(text: str) -> None:
    outcome = parse("age", text)
    assert isinstance(outcome, NoMatch) and "today" in outcome.message, outcome


@pytest.mark.parametrize(
    "text", ["I'll be 63 next month", "turning 63", "nearly 63", "I will be 63 in May"]
)
def test_age_at_next_birthday_is_confirmed(text: str) -> None:
    outcome = parse("age", text)
    assert isinstance(outcome, Parsed) and outcome.value == 62 and not outcome.certain


def test_age_decimal_is_confirmed() -> None:
    outcome = parse("age", "62.5")
    assert isinstance(outcome, Parsed) and outcome.value == 62 and not outcome.certain


def test_age_from_birth_year_asks() -> None:
    outcome = parse("age", "born in 1964")
    assert isinstance(outcome, Ambiguous) and set(outcome.options) == {61, 62}


@pytest.mark.parametrize("text", ["62 or 63", "between 60 and 65"])
def test_age_two_numbers_ask(text: str) -> None:
    assert isinstance(parse("age", text), Ambiguous)


@pytest.mark.parametrize("text", ["", "old enough", "in my sixties", "prefer not", "???"])
def test_age_no_number(text: str) -> None:
    assert isinstance(parse("age", text), NoMatch)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("-2.1", -2.1),
        ("-2,1", -2.1),
        ("−2.1", -2.1),
        ("–2.1", -2.1),
        ("minus 2.1", -2.1),
        ("minus two point one", -2.1),
        ("negative 2.1", -2.1),
        ("T score of -2.1", -2.1),
        ("T-score -2.1", -2.1),
        ("t -2.1", -2.1),
        ("T: -2.1", -2.1),
        ("-2.1 at the spine", -2.1),
        ("my spine was -2.1", -2.1),
        ("L1-L4 -2.1", -2.1),
        ("it said -2.1", -2.1),
        ("-2.1.", -2.1),
        ("0.5", 0.5),
        ("0", 0.0),
        ("+1.2", 1.2),
        ("plus 1.2", 1.2),
        ("-0.9", -0.9),
        ("-1", -1.0),
        ("-2.5", -2.5),
        ("-7", -7.0),
        ("5", None),
        ("minus three", -3.0),
        ("−1,0", -1.0),
        ("T -1.8 Z -0.9", -1.8),
        ("tscore -3.1", -3.1),
        ("-2.1 (osteopenia)", -2.1),
        ("lumbar spine T-score of −2.1 on 2024-03-01", -2.1),
    ],
)
def test_t_score(text: str, expected: float | None) -> None:
    outcome = parse("t_score", text)
    if expected is None:
        assert isinstance(outcome, Ambiguous) and outcome.options == (5.0, -5.0)
    else:
        assert outcome == Parsed(expected), outcome


@pytest.mark.parametrize("text", ["2.1", "1.5", "2", "two point one", "1,5"])
def test_t_score_missing_minus_is_asked(text: str) -> None:
    outcome = parse("t_score", text)
    assert isinstance(outcome, Ambiguous) and outcome.prompt_key == "ambiguous.sign"
    assert len(outcome.options) == 2 and outcome.options[0] == -outcome.options[1]  # type: ignore[operator]


@pytest.mark.parametrize("text", ["+7", "-9", "-12.5", "plus 6", "-7.1", "20"])
def test_t_score_implausible(text: str) -> None:
    outcome = parse("t_score", text)
    assert isinstance(outcome, Implausible)
    assert (outcome.low, outcome.high) == (-7.0, 5.0) and "-7" in outcome.message


@pytest.mark.parametrize("text", ["Z -1.1", "z-score -1.1", "Z score of -1.1"])
def test_t_score_refuses_a_z_score(text: str) -> None:
    outcome = parse("t_score", text)
    assert isinstance(outcome, NoMatch) and "Z-score" in outcome.message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("-1.1", -1.1),
        ("Z -1.1", -1.1),
        ("z-score -2.0", -2.0),
        ("T -1.8 Z -0.9", -0.9),
        ("minus one point one", -1.1),
        ("-2,3", -2.3),
        ("Z score: −0.4", -0.4),
    ],
)
def test_z_score(text: str, expected: float) -> None:
    assert parse("z_score", text) == Parsed(expected)


@pytest.mark.parametrize("text", ["-2.1 or -2.3", "spine -2.1 hip -1.4"])
def test_score_several_numbers_ask(text: str) -> None:
    outcome = parse("t_score", text)
    assert isinstance(outcome, Ambiguous) and outcome.prompt_key == "ambiguous.number"


@pytest.mark.parametrize("text", ["", "normal", "not done", "I don't have it"])
def test_score_no_number(text: str) -> None:
    assert isinstance(parse("t_score", text), NoMatch)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.948", 0.948),
        ("0,948", 0.948),
        ("0.948 g/cm2", 0.948),
        ("0.948 g/cm²", 0.948),
        ("BMD 0.95", 0.95),
        ("bmd of 1.02 g/cm2", 1.02),
        ("948 mg/cm2", 0.948),
        ("1.1", 1.1),
        ("zero point nine four eight", 0.948),
        ("0.75 g per cm2", 0.75),
    ],
)
def test_bmd(text: str, expected: float) -> None:
    outcome = parse("bmd", text)
    assert isinstance(outcome, Parsed) and outcome.value == pytest.approx(expected)


@pytest.mark.parametrize("text", ["3.5", "0.1", "948", "-0.9"])
def test_bmd_implausible(text: str) -> None:
    outcome = parse("bmd", text)
    assert isinstance(outcome, Implausible) and outcome.unit == "g/cm²"


def test_bmd_thousands_or_decimal_comma() -> None:
    outcome = parse("bmd", "1,020")
    assert outcome == Parsed(1.02)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("82", 82.0),
        ("eGFR 82", 82.0),
        ("82 ml/min", 82.0),
        ("82 mL/min/1.73m2", 82.0),
        ("egfr of 45", 45.0),
        ("creatinine 68, eGFR 84", 84.0),  # the number labelled eGFR
        ("eighty two", 82.0),
        ("GFR 30", 30.0),
        ("my eGFR is 60", 60.0),
    ],
)
def test_egfr(text: str, expected: float) -> None:
    assert parse("egfr", text) == Parsed(expected)


@pytest.mark.parametrize("text", [">90", "> 90", "over 90", "above 60", ">=90"])
def test_egfr_bound_is_confirmed(text: str) -> None:
    outcome = parse("egfr", text)
    assert isinstance(outcome, Parsed) and not outcome.certain and outcome.note


@pytest.mark.parametrize("text", ["500", "0", "250"])
def test_egfr_implausible(text: str) -> None:
    assert isinstance(parse("egfr", text), Implausible)


@pytest.mark.parametrize("text", ["creatinine 80", "80 umol/L", "80 µmol/L"])
def test_egfr_refuses_creatinine(text: str) -> None:
    outcome = parse("egfr", text)
    assert isinstance(outcome, NoMatch) and "creatinine" in outcome.message


@pytest.mark.parametrize(
    "text, expected, certain",
    [
        ("4", 4.0, True),
        ("4 units", 4.0, True),
        ("4 units a week", 4.0, True),
        ("4 units per week", 4.0, True),
        ("about 4 units/week", 4.0, True),
        ("none", 0.0, True),
        ("0", 0.0, True),
        ("zero", 0.0, True),
        ("I don't drink", 0.0, True),
        ("never", 0.0, True),
        ("teetotal", 0.0, True),
        ("no alcohol", 0.0, True),
        ("2 units a day", 14.0, True),
        ("2 units daily", 14.0, True),
        ("1 unit every night", 7.0, True),
        ("10 units a fortnight", 5.0, True),
        ("8 units a month", 1.8, False),
        ("twenty units", 20.0, True),
        ("nothing", 0.0, True),
        ("non-drinker", 0.0, True),
        ("I do not drink alcohol", 0.0, True),
        ("none since my diagnosis", 0.0, True),
        ("non drinker", 0.0, True),
        ("none any more", 0.0, True),
        ("1.5", 1.5, True),
    ],
)
def test_alcohol(text: str, expected: float, certain: bool) -> None:
    outcome = parse("alcohol_units", text)
    assert isinstance(outcome, Parsed) and outcome.value == pytest.approx(expected)
    assert outcome.certain is certain


@pytest.mark.parametrize(
    "text",
    [
        "2 glasses of wine a day",
        "a pint of beer a night",
        "3 drinks a week",
        "a bottle of wine at the weekend",
        "2 beers",
    ],
)
def test_alcohol_drinks_are_asked_in_units(text: str) -> None:
    outcome = parse("alcohol_units", text)
    assert isinstance(outcome, NoMatch) and "units" in outcome.message


@pytest.mark.parametrize("text", ["occasionally", "socially", "only on special occasions"])
def test_alcohol_vague(text: str) -> None:
    assert isinstance(parse("alcohol_units", text), NoMatch)


@pytest.mark.parametrize(
    "text, options",
    [("1-2 units a day", (7.0, 14.0)), ("10-14 units", (10, 14)), ("4 or 5 units a week", (4, 5))],
)
def test_alcohol_ranges_ask_with_weekly_options(text: str, options: tuple[float, ...]) -> None:
    outcome = parse("alcohol_units", text)
    assert isinstance(outcome, Ambiguous) and outcome.options == options


@pytest.mark.parametrize("text", ["400", "60 units a day"])
def test_alcohol_implausible(text: str) -> None:
    assert isinstance(parse("alcohol_units", text), Implausible)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12", 12.0),
        ("twelve", 12.0),
        ("-3", -3.0),
        ("3,5", 3.5),
        ("about 7", 7.0),
    ],
)
def test_number(text: str, expected: float) -> None:
    assert parse("number", text) == Parsed(expected)


def test_number_several_or_none() -> None:
    assert isinstance(parse("number", "3 or 4"), Ambiguous)
    assert isinstance(parse("number", "a few"), NoMatch)


@pytest.mark.parametrize("text", ["I don't know that one", "no one told me", "the last one"])
def test_one_as_a_word_is_no_number(text: str) -> None:
    assert not isinstance(parse("egfr", text), Parsed)
