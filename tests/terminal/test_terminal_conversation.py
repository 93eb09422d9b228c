"""Choosing the conversation and reading what a person typed: ids, resume, dates, input."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from assistant.channels.terminal.capabilities import Capabilities
from assistant.channels.terminal.conversation import (
    DEFAULT_PATIENT,
    clean_input,
    patient_id_from,
    resume_answer,
    when,
)
from assistant.channels.terminal.welcome import write_welcome
from assistant.errors import UsageError

TODAY = dt.date(2026, 3, 20)


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (dt.datetime(2026, 3, 20, 14, 5), "today at 14:05"),
        (dt.datetime(2026, 3, 19, 9, 30), "yesterday at 09:30"),
        (dt.datetime(2026, 3, 12, 9, 30), "on 12 March"),
        (dt.datetime(2025, 3, 12, 9, 30), "on 12 March 2025"),
        (None, "earlier"),
    ],
)
def test_when_says_the_moment_as_people_do(moment: dt.datetime | None, said: str) -> None:
    assert when(moment, TODAY) == said


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("", True),
        ("y", True),
        ("Yes", True),
        ("yes.", True),
        ("n", False),
        ("No", False),
        ("new", False),
        ("maybe", None),
        ("62", None),
    ],
)
def test_resume_answer(typed: str, answer: bool | None) -> None:
    assert resume_answer(typed) is answer


def test_patient_ids() -> None:
    assert patient_id_from(None) == DEFAULT_PATIENT
    assert patient_id_from(" P-0042 ") == "P-0042"
    for bad in ("", "two words", "-x", "a" * 65, "x;drop"):
        with pytest.raises(UsageError, match="--patient"):
            patient_id_from(bad)


@pytest.mark.parametrize(
    ("raw", "cleaned", "replaced"),
    [
        ("I'm 62", "I'm 62", False),
        ("café −2,1 µg/L", "café −2,1 µg/L", False),
        (b"caf\xe9".decode("utf-8", "surrogateescape"), "caf\ufffd", True),
        ("62\x00", "62 ", True),
        ("tab\tkept", "tab\tkept", False),
    ],
)
def test_clean_input(raw: str, cleaned: str, replaced: bool) -> None:
    assert clean_input(raw) == (cleaned, replaced)


@pytest.mark.parametrize("width", [30, 44, 80])
def test_welcome_says_what_it_is_and_fits(width: int) -> None:
    out = io.StringIO()
    write_welcome(out, Capabilities(width=width, colour=False), interactive=True)
    text = out.getvalue()
    assert "\x1b" not in text
    assert "BoneGuide" in text
    assert "not a doctor" not in " ".join(text.split())  # the greeting that follows says it
    assert "help" in text and "Ctrl-D" in text
    assert max(len(line) for line in text.splitlines()) <= width
    coloured = io.StringIO()
    write_welcome(coloured, Capabilities(width=width, colour=True), interactive=True)
    assert "\x1b[" in coloured.getvalue()
