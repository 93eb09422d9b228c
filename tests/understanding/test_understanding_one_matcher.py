"""The one spelling rule every fuzzy match uses (choices, commands, the spelling pass)."""

from __future__ import annotations

import pytest

from assistant.understanding.canonical_spelling import closest

WORDS = ("female", "femoral", "correct", "change", "yes", "skip", "spine", "smoker", "help")


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("yse", "yes"),  # two letters swapped, even in a short word
        ("spien", "spine"),
        ("femail", "female"),  # letters changed in place
        ("femal", "female"),  # one letter dropped: the nearer word, not "femoral"
        ("skp", "skip"),
        ("chnage", "change"),
        ("corrected", None),  # another word, two edits and another length
        ("smoked", None),  # another ending of the same word
        ("halp", None),  # one wrong letter in a short word is too often another word
        ("mother", None),  # the first letter is kept
        ("spin", None),  # an English word is left alone
    ],
)
def test_one_rule_one_threshold(typed: str, meant: str | None) -> None:
    assert closest(typed, WORDS) == meant
