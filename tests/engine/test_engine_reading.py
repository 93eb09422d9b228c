"""The dialog's own judgements on what was read: whether a unit left unknown matters (the rules
decide), which offered date a partial date picks, and whether a message names a break."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.engine.definition import ChoiceDef, StateDef
from assistant.engine.understand import choose_by_date, names_event
from assistant.engine.unit_status import same_status

TODAY = dt.date(2026, 11, 25)


def _vitamin_d(value: float) -> list[dict[str, object]]:
    return [{"test": "vitamin_d", "value": value, "unit": unit} for unit in ("ng/mL", "nmol/L")]


@pytest.mark.parametrize(
    "value, same",
    [
        (18, True),  # deficient in ng/mL and in nmol/L (7.2 ng/mL)
        (10, True),
        (25, False),  # insufficient in ng/mL, deficient in nmol/L
        (45, False),  # sufficient in ng/mL, deficient in nmol/L
    ],
)
def test_a_unit_matters_only_when_the_status_differs(value: float, same: bool) -> None:
    assert same_status(_vitamin_d(value)) is same


def test_readings_that_differ_beyond_the_unit_are_not_the_same() -> None:
    readings = [
        {"test": "vitamin_d", "value": 18, "unit": "ng/mL"},
        {"test": "vitamin_d", "value": 19, "unit": "nmol/L"},
    ]
    assert not same_status(readings)
    assert not same_status([{"site": "total_hip", "t_score": -1.0}] * 2)


OPTIONS = [
    '{"site": "lumbar_spine", "date": "2024-09-12"}',
    '{"site": "lumbar_spine", "date": "2024-12-09"}',
]


@pytest.mark.parametrize(
    "text, index",
    [
        ("12 September", 0),
        ("the 9th of December", 1),
        ("September", 0),
        ("12 September 2024", 0),
        ("12 September 2023", None),  # a year said must agree
        ("March", None),
    ],
)
def test_a_partial_date_picks_the_offered_date_it_agrees_with(text: str, index: int | None) -> None:
    assert choose_by_date(text, OPTIONS, TODAY) == index


FRACTURE = StateDef(
    name="fracture",
    section="history",
    parser="yes_no",
    slot="prior_fragility_fracture",
    choices=(ChoiceDef(value="yes", label="Yes", synonyms=("broke", "fracture")),),
)


@pytest.mark.parametrize(
    "text, named",
    [
        ("broke my collarbone snowboarding", True),
        ("no fractures", False),  # the plural of a word under a negation
        ("I've never broke anything", False),
        ("yes", False),  # a plain yes answers the question as put
        ("no, but I broke my wrist", True),
    ],
)
def test_a_break_is_named_in_own_words(text: str, named: bool) -> None:
    assert names_event(FRACTURE, text) is named


@pytest.mark.parametrize(
    "text, status",
    [
        ("My last period was back in 2015", "postmenopausal"),
        ("periods stopped 3 years ago", "postmenopausal"),
        ("my last period was in October", None),  # under 12 months: not yet after menopause
    ],
)
def test_menopause_is_dated_twelve_months_after_the_last_period(
    text: str, status: str | None
) -> None:
    from assistant.engine.conversation_document import Document
    from assistant.engine.engine import Engine
    from assistant.engine.memory_store import MemoryStore
    from assistant.engine.understand import Parsed, parse

    dialog = Engine(MemoryStore(), today=lambda: TODAY).dialogs["intake"]
    outcome = parse(dialog, dialog.states["menopause"], text, Document(dialog="intake"), TODAY)
    assert (outcome.value if isinstance(outcome, Parsed) else None) == status
