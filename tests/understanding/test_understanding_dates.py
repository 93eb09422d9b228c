"""Dates: absolute, partial, relative to a fixed today; ambiguous orders asked; the future
refused."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.understanding import (
    PARSERS,
    Ambiguous,
    Implausible,
    NoMatch,
    ParseContext,
    Parsed,
    PartialDate,
)

TODAY = dt.date(2026, 11, 25)
CTX = ParseContext(TODAY)


def parse(text: str, today: dt.date = TODAY) -> object:
    return PARSERS["date"].parse(text, ParseContext(today))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-03-15", PartialDate(2024, 3, 15)),
        ("ocotber 2024", PartialDate(2024, 10)),  # a month one letter off is put right
        ("juen 2025", PartialDate(2025, 6)),
        ("2024/03/15", PartialDate(2024, 3, 15)),
        ("2024.3.15", PartialDate(2024, 3, 15)),
        ("15 March 2024", PartialDate(2024, 3, 15)),
        ("15th March 2024", PartialDate(2024, 3, 15)),
        ("15th of March, 2024", PartialDate(2024, 3, 15)),
        ("March 15, 2024", PartialDate(2024, 3, 15)),
        ("march 15 2024", PartialDate(2024, 3, 15)),
        ("Mar 15th, 2024", PartialDate(2024, 3, 15)),
        ("15 Mar 2024", PartialDate(2024, 3, 15)),
        ("on 2 Sept 2025", PartialDate(2025, 9, 2)),
        ("13/04/2024", PartialDate(2024, 4, 13)),
        ("04/13/2024", PartialDate(2024, 4, 13)),
        ("31.12.2023", PartialDate(2023, 12, 31)),
        ("25/12/23", PartialDate(2023, 12, 25)),
        ("01/01/2020", PartialDate(2020, 1, 1)),
        ("March 2024", PartialDate(2024, 3)),
        ("march of 2024", PartialDate(2024, 3)),
        ("Mar 2024", PartialDate(2024, 3)),
        ("mar '24", PartialDate(2024, 3)),
        ("03/2024", PartialDate(2024, 3)),
        ("3/2024", PartialDate(2024, 3)),
        ("2024-03", PartialDate(2024, 3)),
        ("in 2023", PartialDate(2023)),
        ("2023", PartialDate(2023)),
        ("back in 2019", PartialDate(2019)),
        ("yesterday", PartialDate(2026, 11, 24)),
        ("today", PartialDate(2026, 11, 25)),
        ("last year", PartialDate(2025)),
        ("this year", PartialDate(2026)),
        ("last month", PartialDate(2026, 10)),
        ("this month", PartialDate(2026, 11)),
        ("2 years ago", PartialDate(2024, 11)),
        ("two years ago", PartialDate(2024, 11)),
        ("six months ago", PartialDate(2026, 5)),
        ("6 months ago", PartialDate(2026, 5)),
        ("a year ago", PartialDate(2025, 11)),
        ("one year ago", PartialDate(2025, 11)),
        ("10 days ago", PartialDate(2026, 11, 15)),
        ("it was done 3 years back", PartialDate(2023, 11)),
        ("the scan was on 2025-01-10", PartialDate(2025, 1, 10)),
        ("December 2025", PartialDate(2025, 12)),
        ("nov 2026", PartialDate(2026, 11)),
        ("Febuary 2025", PartialDate(2025, 2)),
        ("janurary 2024", PartialDate(2024, 1)),
        ("septmber 2023", PartialDate(2023, 9)),
        ("two and a half years ago", PartialDate(2024, 5)),
        ("a year and a half ago", PartialDate(2025, 5)),
        ("2 and a half years ago", PartialDate(2024, 5)),
        ("for 1.5 years", PartialDate(2025, 5)),
        ("been taking it 4 yrs", PartialDate(2022, 11)),
        ("6 mths ago", PartialDate(2026, 5)),
        ("for 3 yrs", PartialDate(2023, 11)),
    ],
)
def test_dates(text: str, expected: PartialDate) -> None:
    outcome = parse(text)
    assert isinstance(outcome, Parsed) and outcome.value == expected and outcome.certain, outcome


@pytest.mark.parametrize(
    "text, expected",
    [
        ("last spring", PartialDate(2026, 4)),
        ("last summer", PartialDate(2026, 7)),
        ("last autumn", PartialDate(2025, 10)),
        ("last fall", PartialDate(2025, 10)),
        ("last winter", PartialDate(2026, 1)),
        ("this spring", PartialDate(2026, 4)),
        ("in the summer", PartialDate(2026, 7)),
        ("a few years ago", PartialDate(2024, 11)),
        ("a couple of years ago", PartialDate(2024, 11)),
        ("in May", PartialDate(2026, 5)),
        ("in December", PartialDate(2025, 12)),
        ("15 March", PartialDate(2026, 3, 15)),
        ("March 15th", PartialDate(2026, 3, 15)),
        ("last week", PartialDate(2026, 11, 18)),
        ("12/11/2026", PartialDate(2026, 11, 12)),
        ("about 18 months ago", PartialDate(2025, 5)),
        ("over a year ago", PartialDate(2025, 11)),
        ("spring 2024", PartialDate(2024, 4)),
        ("summer of 2023", PartialDate(2023, 7)),
        ("winter 2025", PartialDate(2025, 1)),
        ("since March", PartialDate(2026, 3)),
        ("end of 2023", PartialDate(2023, 12)),
        ("late 2025", PartialDate(2025, 12)),
        ("early 2024", PartialDate(2024, 1)),
        ("mid-2022", PartialDate(2022, 6)),
        ("the middle of 2021", PartialDate(2021, 6)),
        ("1.5 months ago", PartialDate(2026, 9)),
    ],
)
def test_approximate_dates_are_confirmed(text: str, expected: PartialDate) -> None:
    outcome = parse(text)
    assert isinstance(outcome, Parsed) and outcome.value == expected and not outcome.certain
    assert outcome.note


def test_last_spring_in_may_means_the_year_before() -> None:
    outcome = parse("last spring", dt.date(2026, 5, 10))
    assert isinstance(outcome, Parsed) and outcome.value == PartialDate(2025, 4)


def test_this_spring_early_in_spring_is_not_in_the_future() -> None:
    outcome = parse("this spring", dt.date(2026, 3, 10))
    assert isinstance(outcome, Parsed) and outcome.value == PartialDate(2026, 3)


@pytest.mark.parametrize(
    "text, options",
    [
        ("03/04/2024", {PartialDate(2024, 4, 3), PartialDate(2024, 3, 4)}),
        ("3/4/2024", {PartialDate(2024, 4, 3), PartialDate(2024, 3, 4)}),
        ("05.06.2023", {PartialDate(2023, 6, 5), PartialDate(2023, 5, 6)}),
        ("11/12/25", {PartialDate(2025, 12, 11), PartialDate(2025, 11, 12)}),
        ("03/04", {PartialDate(2026, 4, 3), PartialDate(2026, 3, 4), PartialDate(2004, 3)}),
        ("06/07", {PartialDate(2026, 7, 6), PartialDate(2026, 6, 7), PartialDate(2007, 6)}),
    ],
)
def test_ambiguous_numeric_dates_are_asked(text: str, options: set[PartialDate]) -> None:
    outcome = parse(text)
    assert isinstance(outcome, Ambiguous) and outcome.prompt_key == "ambiguous.date_order"
    assert set(outcome.options) == options
    assert text in outcome.prompt


def test_same_day_and_month_is_not_ambiguous() -> None:
    assert parse("05/05/2024") == Parsed(PartialDate(2024, 5, 5))


@pytest.mark.parametrize(
    "text",
    ["2027-01-01", "December 2026", "next year", "2030", "in 2 years", "15/01/2027", "tomorrow"],
)
def test_future_dates_are_refused(text: str) -> None:
    outcome = parse(text)
    if text in ("next year", "in 2 years", "tomorrow"):
        assert isinstance(outcome, NoMatch)  # not read as a date at all, so never stored
    else:
        assert isinstance(outcome, Implausible) and "future" in outcome.message


def test_a_month_and_two_digits_ask_day_or_year() -> None:
    outcome = parse("Jan 25")
    assert isinstance(outcome, Ambiguous)
    assert set(outcome.options) == {PartialDate(2026, 1, 25), PartialDate(2025, 1)}
    assert isinstance(parse("25 Jan"), Parsed)  # day first: the 25th


@pytest.mark.parametrize("text", ["8.5-10.5", "1.6-6.9", "2.2-2.60"])
def test_ranges_with_mixed_separators_are_no_dates(text: str) -> None:
    assert isinstance(parse(text), NoMatch)


@pytest.mark.parametrize("text", ["31/02/2024", "2024-13-01", "30 February 2024", "2023-02-29"])
def test_impossible_dates(text: str) -> None:
    outcome = parse(text)
    assert isinstance(outcome, NoMatch) and "not a real date" in outcome.message


@pytest.mark.parametrize("text", ["", "no idea", "ages ago", "a while back", "I may have"])
def test_no_date(text: str) -> None:
    assert isinstance(parse(text), NoMatch)


def test_two_different_dates_are_not_guessed() -> None:
    assert isinstance(parse("2023 or 2024"), NoMatch)


def test_partial_date_helpers() -> None:
    assert PartialDate(2024, 2).last_day() == dt.date(2024, 2, 29)
    assert PartialDate(2024).first_day() == dt.date(2024, 1, 1)
    assert PartialDate(2024, 12).last_day() == dt.date(2024, 12, 31)
    assert PartialDate(2024, 3, 5).precision == "day"
    assert PartialDate(2024, 3).precision == "month" and PartialDate(2024).precision == "year"
    assert (
        str(PartialDate(2024, 3)) == "2024-03"
        and PartialDate(2024, 3, 5).spoken() == "5 March 2024"
    )
