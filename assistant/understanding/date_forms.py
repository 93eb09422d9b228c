"""Each written form of a date and what it means against today: "15 March 2024", "03/04/2024"
(asked), "March 2024", "2 years ago", "last spring"; future dates refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from assistant import wording
from assistant.understanding.outcomes import (
    Ambiguous,
    Implausible,
    NoMatch,
    Outcome,
    Parsed,
    PartialDate,
)

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Month names with the misspellings people type ("Febuary", "Janurary", "Septmber"); every
# spelling keeps the name's first three letters, which say the month.
_MONTH_SPELLINGS = (
    r"jan(?:uary|urary|uray|aury)?|feb(?:ruary|uary|urary|rary|ruray|uray)?|mar(?:ch)?"
    r"|apr(?:il|ile)?|june?|july?|aug(?:ust|st|est|ist)?|sept?(?:ember|mber|emeber|tember)?"
    r"|oct(?:ober|ber|obre)?|nov(?:ember|mber|emeber)?|dec(?:ember|mber|emeber)?"
)
# "Oct. 1st": the abbreviation's dot ends the name as well as a word boundary does
MONTH_PATTERN = rf"(?P<mon>{_MONTH_SPELLINGS}|may)(?:\.|\b)"
# A month name alone ("started jan"); "may" is left out, being a common word
BARE_MONTH_PATTERN = rf"(?P<mon>{_MONTH_SPELLINGS})(?:\.|\b)"
ORDINAL = r"(?:st|nd|rd|th)?"
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
EARLIEST_YEAR = 1900


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    outcome: Outcome


def month_number(name: str) -> int:
    return _MONTH_NAMES.index(name[:3]) + 1


def _year(text: str, today: dt.date) -> int:
    """Two-digit years are the most recent year with those digits that is not in the future."""
    text = text.lstrip("'")
    year = int(text)
    if len(text) <= 2:
        year += 2000 if 2000 + year <= today.year else 1900
    return year


def _valid(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    try:
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def check(
    date: PartialDate, today: dt.date, certain: bool = True, note: str | None = None
) -> Outcome:
    """Refuse dates in the future or before 1900; else the parsed date."""
    if date.first_day() > today:
        return Implausible(
            date,
            EARLIEST_YEAR,
            today.year,
            "year",
            wording.text(
                "date.future",
                date=date.spoken(),
                today=PartialDate(today.year, today.month, today.day).spoken(),
            ),
        )
    if date.year < EARLIEST_YEAR:
        return Implausible(
            date,
            EARLIEST_YEAR,
            today.year,
            "year",
            wording.text("date.too_old", date=date.spoken()),
        )
    return Parsed(date, certain, note)


def invalid(what: str) -> NoMatch:
    return NoMatch(wording.text("date.invalid", date=what))


def _full(year: int, month: int, day: int, today: dt.date, what: str) -> Outcome:
    date = _valid(year, month, day)
    return check(date, today) if date else invalid(what)


def iso_date(m: re.Match[str], today: dt.date) -> Outcome:
    return _full(int(m["y"]), int(m["m"]), int(m["d"]), today, m[0])


def year_month(m: re.Match[str], today: dt.date) -> Outcome:
    date = _valid(_year(m["y"], today), int(m["m"]))
    return check(date, today) if date else invalid(m[0])


def day_month_name(m: re.Match[str], today: dt.date) -> Outcome:
    return _full(_year(m["y"], today), month_number(m["mon"]), int(m["d"]), today, m[0])


def month_name_year(m: re.Match[str], today: dt.date) -> Outcome:
    return check(PartialDate(_year(m["y"], today), month_number(m["mon"])), today)


_PART_OF_YEAR = {
    "early": 1,
    "beginning": 1,
    "start": 1,
    "mid": 6,
    "middle": 6,
    "late": 12,
    "end": 12,
    "christmas": 12,
    "xmas": 12,
    "new year": 1,
    "easter": 4,
}


def part_of_year(m: re.Match[str], today: dt.date) -> Outcome:
    """ "End of 2023", "early 2024", "Christmas 2023": a month the person is asked to confirm."""
    date = PartialDate(_year(m["y"], today), _PART_OF_YEAR[m["part"]])
    return check(date, today, certain=False, note=wording.text("date.about", date=date.spoken()))


def month_of_named_year(m: re.Match[str], today: dt.date) -> Outcome:
    """ "September last year", "March this year"."""
    year = today.year - 1 if m["rel"] == "last" else today.year
    return check(PartialDate(year, month_number(m["mon"])), today)


def future(m: re.Match[str], today: dt.date) -> Outcome:
    """ "next March": refused by `check` as in the future."""
    month = month_number(m["mon"])
    return check(PartialDate(today.year + (month <= today.month), month), today)


def _latest(month: int, day: int | None, today: dt.date) -> PartialDate | None:
    """The most recent such month (and day) that is not in the future: the year was left out."""
    for year in (today.year, today.year - 1):
        date = _valid(year, month, day)
        if date is not None and date.first_day() <= today:
            return date
    return None


def without_year(m: re.Match[str], today: dt.date) -> Outcome:
    month = month_number(m["mon"])
    day = int(m["d"]) if m.groupdict().get("d") else None
    date = _latest(month, day, today)
    if date is None:
        return invalid(m[0])
    month_first = not m[0].lstrip()[:1].isdigit()  # "Jan 25", not "25 Jan"
    as_year = (
        _valid(2000 + day, month) if day is not None and len(m["d"]) == 2 and month_first else None
    )
    if (
        as_year is not None
        and as_year.first_day() <= today
        and as_year != date
        and not (m[0].rstrip().endswith(("st", "nd", "rd", "th")))
    ):
        # "Jan 25": the 25th of January, or January 2025? Both are read, so ask.
        return Ambiguous(
            (date, as_year),
            "ambiguous.date_order",
            wording.text(
                "date.ask_order", text=m[0].strip(), first=date.spoken(), second=as_year.spoken()
            ),
        )
    return Parsed(date, False, wording.text("date.year_assumed", date=date.spoken()))


def numeric_date(m: re.Match[str], today: dt.date) -> Outcome:
    """dd/mm/yyyy or mm/dd/yyyy: both orders are in use, so ask unless only one is a real past
    date."""
    a, b = int(m["a"]), int(m["b"])
    year = _year(m["y"], today)
    readings = []
    for day, month in ((a, b), (b, a)):
        date = _valid(year, month, day)
        if date is not None and date not in readings:
            readings.append(date)
    if not readings:
        return invalid(m[0])
    past = [d for d in readings if d.first_day() <= today]
    if len(readings) == 1 or len(past) == 0:
        return check(readings[0], today)
    if len(past) == 1:
        return Parsed(past[0], False, wording.text("date.order_assumed", date=past[0].spoken()))
    return Ambiguous(
        tuple(past),
        "ambiguous.date_order",
        wording.text("date.ask_order", text=m[0], first=past[0].spoken(), second=past[1].spoken()),
    )


def short_numeric(m: re.Match[str], today: dt.date) -> Outcome:
    """Day and month without a year ("03/04"): either order this year, or March 2004; asked
    unless only one reading is possible."""
    a, b = int(m["a"]), int(m["b"])
    options: list[PartialDate] = []
    for day, month in ((a, b), (b, a)):
        if 1 <= month <= 12:
            date = _latest(month, day, today)
            if date is not None and date not in options:
                options.append(date)
    if 1 <= a <= 12 and len(m["b"]) == 2:
        month_year = PartialDate(_year(m["b"], today), a)
        if month_year.first_day() <= today and month_year not in options:
            options.append(month_year)
    if not options:
        return invalid(m[0])
    if len(options) == 1:
        return Parsed(
            options[0], False, wording.text("date.year_assumed", date=options[0].spoken())
        )
    listed = ", ".join(d.spoken() for d in options[:-1]) + " or " + options[-1].spoken()
    return Ambiguous(
        tuple(options),
        "ambiguous.date_order",
        wording.text("date.ask_which", text=m[0], options=listed),
    )


def month_year_numeric(m: re.Match[str], today: dt.date) -> Outcome:
    date = _valid(int(m["y"]), int(m["m"]))
    return check(date, today) if date else invalid(m[0])


_COUNT_WORDS = {"a": 1, "an": 1, "one": 1}
_UNIT_WORDS = {"yr": "year", "mth": "month", "mo": "month", "wk": "week"}  # "4 yrs", "6 mths"
_VAGUE = ("a couple of", "a few", "few", "several", "couple of", "some")


_MONTHS_PER = {"day": 12 / 365.25, "week": 7 * 12 / 365.25, "month": 1.0, "year": 12.0}


def months_of(m: re.Match[str]) -> float | None:
    """How many months a counted span ("10 weeks", "a year and a half") lasts; None when vague."""
    if m["n"] in _VAGUE or m["approx"]:
        return None
    count = float(_COUNT_WORDS.get(m["n"]) or m["n"])
    if m["half"] or m["half_before"]:
        count += 0.5
    return count * _MONTHS_PER[_UNIT_WORDS.get(m["unit"], m["unit"])]


def ago(m: re.Match[str], today: dt.date) -> Outcome:
    count_text = m["n"]
    vague = count_text in _VAGUE
    exact_count = 2.0 if vague else float(_COUNT_WORDS.get(count_text) or count_text)
    if m["half"] or m["half_before"]:
        exact_count += 0.5  # "a year and a half", "2 and a half years"
    unit = _UNIT_WORDS.get(m["unit"], m["unit"])
    if unit == "year" and not exact_count.is_integer():
        unit, exact_count = "month", exact_count * 12  # 2.5 years is 30 months, not 2 years
    count = round(exact_count)
    if count != exact_count:
        vague = True  # "1.5 months": days are not guessed; the month is confirmed
    if unit == "day":
        date = today - dt.timedelta(days=count)
        result = PartialDate(date.year, date.month, date.day)
    elif unit == "week":
        date = today - dt.timedelta(weeks=count)
        result = PartialDate(date.year, date.month, date.day)
    else:
        months = today.year * 12 + today.month - 1 - (count * 12 if unit == "year" else count)
        result = PartialDate(months // 12, months % 12 + 1)
    note = wording.text("date.about", date=result.spoken())
    certain = not vague and not m["approx"] and unit != "week"
    return check(result, today, certain=certain, note=note)


def season_of_year(m: re.Match[str], today: dt.date) -> Outcome:
    """ "Spring 2024": the season's middle month (winter: its January), to be confirmed."""
    first, _ = _SEASONS[m["season"]]
    date = PartialDate(int(m["y"]), first % 12 + 1)
    note = wording.text("date.season", season=m["season"], date=date.spoken())
    return check(date, today, certain=False, note=note)


def season(m: re.Match[str], today: dt.date) -> Outcome:
    first, last = _SEASONS[m["season"]]
    # the season's latest occurrence that has ended ("last") or begun ("this", "in the")
    year = today.year
    while True:
        start_year = year - 1 if first > last else year
        start = dt.date(start_year, first, 1)
        end = PartialDate(year, last).last_day()
        if (end < today) if m["which"] == "last" else (start <= today):
            break
        year -= 1
    date = PartialDate(year, first % 12 + 1)  # the season's middle month
    if date.first_day() > today:
        date = PartialDate(start_year, first)
    return check(
        date,
        today,
        certain=False,
        note=wording.text("date.season", season=m["season"], date=date.spoken()),
    )


def named_day(m: re.Match[str], today: dt.date) -> Outcome:
    word = m[0].strip()
    if word in ("today", "this morning"):
        return Parsed(PartialDate(today.year, today.month, today.day))
    if word == "yesterday":
        date = today - dt.timedelta(days=1)
        return Parsed(PartialDate(date.year, date.month, date.day))
    if word == "last week":
        date = today - dt.timedelta(weeks=1)
        return Parsed(
            PartialDate(date.year, date.month, date.day),
            False,
            wording.text("date.about", date=PartialDate(date.year, date.month, date.day).spoken()),
        )
    if word == "last month":
        months = today.year * 12 + today.month - 2
        return Parsed(PartialDate(months // 12, months % 12 + 1))
    if word == "this month":
        return Parsed(PartialDate(today.year, today.month))
    if word == "last year":
        return Parsed(PartialDate(today.year - 1))
    return Parsed(PartialDate(today.year))  # this year
