"""Property tests: no text, however strange, makes any parser, command or interpretation raise;
and values that come back are always inside their plausible ranges."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.rules.codec import check
from assistant.rules.facts import T_SCORE_RANGE, Facts
from assistant.understanding import PARSERS, Ambiguous, Implausible, NoMatch, ParseContext, Parsed
from assistant.understanding.command_words import detect_command
from assistant.understanding.interpretation import interpret
from assistant.understanding.phrases import CHOICE_SYNONYMS
from assistant.understanding.questions import looks_like_question

# Words and symbols the parsers react to, so random messages reach deep into them.
VOCABULARY = [
    "spine",
    "hip",
    "neck",
    "T",
    "Z",
    "-",
    "−",
    ",",
    ".",
    "/",
    "vit D",
    "calcium",
    "PTH",
    "nmol/L",
    "ng/mL",
    "mg/dL",
    "mmol/L",
    "g/cm2",
    "minus",
    "point",
    "two",
    "sixty",
    "March",
    "2024",
    "03/04",
    "ago",
    "last",
    "spring",
    "yes",
    "no",
    "not",
    "sure",
    "?",
    "help",
    "change",
    "my",
    "age",
    "actually",
    "was",
    "F",
    "M",
    "58",
    "-2.7",
    "0.948",
    "units",
    "a day",
    "glasses",
    "eGFR",
    ">",
    "ref",
    "(",
    ")",
    "born",
    "1964",
    "99999999",
    "9" * 30,
    "31/02/2024",
    "0000-00-00",
    "1/3",
    "radius",
    "L1-L4",
    "'",
    "²",
    "µg/L",
]
messages = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(VOCABULARY), max_size=25).map(" ".join),
    st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=5)), max_size=15).map("".join),
)
contexts = st.builds(
    ParseContext,
    today=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    choices=st.sampled_from(
        [None, CHOICE_SYNONYMS["bone_medication"], {"female": ("f",), "male": ("m",)}]
    ),
    unit_hint=st.sampled_from([None, "nmol/L", "ng/mL", "z_score", "t_score", "furlongs"]),
    test=st.sampled_from([None, "vitamin_d", "calcium", "pth", "bsap", "nonsense"]),
)


@settings(max_examples=300, deadline=None)
@given(text=messages, ctx=contexts)
def test_parsers_never_raise(text: str, ctx: ParseContext) -> None:
    for parser in PARSERS.values():
        outcome = parser.parse(text, ctx)
        assert isinstance(outcome, (Parsed, Ambiguous, Implausible, NoMatch))
        if isinstance(outcome, Ambiguous):
            assert outcome.options and outcome.prompt


@settings(max_examples=300, deadline=None)
@given(text=messages)
def test_commands_and_questions_never_raise(text: str) -> None:
    command = detect_command(text)
    assert command is None or command.name
    assert looks_like_question(text) in (True, False)


@settings(max_examples=200, deadline=None)
@given(text=messages, today=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_interpretation_never_raises_and_its_facts_validate(text: str, today: dt.date) -> None:
    result = interpret(text, today)
    check(Facts, result.facts)


@settings(max_examples=300, deadline=None)
@given(value=st.floats(min_value=-50, max_value=50, allow_nan=False).map(lambda v: round(v, 1)))
def test_t_scores_are_in_range_or_refused(value: float) -> None:
    outcome = PARSERS["t_score"].parse(f"{value:+.1f}", ParseContext(dt.date(2026, 1, 1)))
    if T_SCORE_RANGE[0] <= value <= T_SCORE_RANGE[1]:
        assert outcome == Parsed(value)
    else:
        assert isinstance(outcome, Implausible)


TRAILING = [
    "scan date: 12 Sep 2025",
    "scan",
    "scans in 2024",
    "results",
    "times",
    "on the report",
    "2 scans",
    "site",
    "readings, 2024",
    "at the last dexa",
]


@settings(max_examples=300, deadline=None)
@given(
    value=st.integers(min_value=-60, max_value=-1).map(lambda tenths: tenths / 10),
    site=st.sampled_from(["spine", "hip", "femoral neck", "forearm"]),
    after=st.sampled_from(TRAILING),
)
def test_a_score_is_read_whole_whatever_words_follow(value: float, site: str, after: str) -> None:
    ctx = ParseContext(dt.date(2026, 1, 1))
    outcome = PARSERS["dexa"].parse(f"{site} {value:.1f} {after}", ctx)
    scores = [s["t_score"] for s in outcome.value] if isinstance(outcome, Parsed) else []
    assert value in scores or not isinstance(outcome, Parsed), outcome


@settings(max_examples=300, deadline=None)
@given(
    value=st.integers(min_value=-60, max_value=-1).map(lambda tenths: tenths / 10),
    month=st.sampled_from(
        [
            "jan",
            "February",
            "march",
            "Apr",
            "May",
            "june",
            "Jul",
            "aug",
            "Sept",
            "october",
            "Nov",
            "december",
        ]
    ),
    year=st.integers(min_value=2000, max_value=2025),
)
def test_a_score_before_a_month_keeps_its_decimals_and_gives_no_day(
    value: float, month: str, year: int
) -> None:
    # "hip -1.4 May 2026" once read as T -1 on 4 May: a decimal is never a day
    ctx = ParseContext(dt.date(2026, 1, 1))
    outcome = PARSERS["dexa"].parse(f"hip {value:.1f} {month} {year}", ctx)
    assert isinstance(outcome, Parsed), outcome
    [scan] = outcome.value
    assert scan["t_score"] == value and scan["date"].day == 1 and scan["date"].year == year


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_iso_dates_round_trip_and_the_future_is_refused(day: dt.date) -> None:
    today = dt.date(2026, 11, 25)
    outcome = PARSERS["date"].parse(day.isoformat(), ParseContext(today))
    if day <= today:
        assert isinstance(outcome, Parsed) and outcome.value.first_day() == day  # type: ignore[attr-defined]
    else:
        assert isinstance(outcome, Implausible)


def test_understanding_imports_no_channel_code() -> None:
    package = Path(__file__).resolve().parents[2] / "assistant" / "understanding"
    forbidden = ("prompt_toolkit", "slack_bolt", "slack_sdk", "assistant.channels")
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not [n for n in names if n.startswith(forbidden)], path


HUGE = "9" * 400


def test_enormous_numbers_are_refused_not_raised() -> None:
    ctx = ParseContext(dt.date(2026, 1, 1), test="vitamin_d", choices={"a": ("b",)})
    for text in (
        HUGE,
        "-" + HUGE,
        HUGE + ".5",
        "0." + HUGE,
        "spine " + HUGE,
        "born " + HUGE,
        "x" * 20000,
    ):
        for parser in PARSERS.values():
            assert isinstance(parser.parse(text, ctx), (Parsed, Ambiguous, Implausible, NoMatch))
        check(Facts, interpret(HUGE + "F, egfr " + HUGE, ctx.today).facts)
    assert isinstance(PARSERS["age"].parse(HUGE, ctx), Implausible)
