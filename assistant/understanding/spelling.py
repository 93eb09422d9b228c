"""One fuzzy pass against the canonical vocabulary (site and test names, the closed answers, month
names): "spien" reads as "spine", "calcuim" as "calcium", so misspellings stay out of the data."""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from assistant.understanding.phrases import phrase_table

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# the clinical words of a note that are not names of sites, tests or choices
_TERMS = [
    "fracture",
    "fractures",
    "fractured",
    "osteoporosis",
    "osteopenia",
    "osteopenic",
    "anastrozole",
    "steroids",
    "prednisolone",
    "glucocorticoids",
    "smoker",
    "vitamin",
    "calcium",
    "testosterone",
    "estradiol",
    "oestradiol",
    "supplement",
    "supplements",
    "menopause",
    "menopausal",
    "denies",
    "family",
    "history",
]
# English words one letter from a canonical word, meaning something else
_ENGLISH = frozenset(
    [
        "spin",
        "spins",
        "spice",
        "spike",
        "spire",
        "shine",
        "swine",
        "sine",
        "writ",
        "mach",
        "calcite",
        "lumber",
        "number",
    ]
)


def _vocabulary() -> frozenset[str]:
    words: set[str] = {*_MONTHS, *_TERMS}
    tables = [phrase_table("sites"), phrase_table("lab_tests")]
    tables += [phrase_table("choices", fact) for fact in ("indication", "bone_medication")]
    for table in tables:
        for name, phrases in table.items():
            if name == "other":  # "other", "something else": plain English
                continue
            for phrase in phrases:
                words.update(re.findall(r"[a-z]{5,}", phrase))
    return frozenset(words)


VOCABULARY = _vocabulary()
_CHOICES = tuple(sorted(VOCABULARY))
_WORD = re.compile(r"[a-z]{4,}")


@cache
def _correct(word: str) -> str:
    if word in VOCABULARY or word in _ENGLISH:
        return word
    best = process.extractOne(word, _CHOICES, scorer=DamerauLevenshtein.distance, score_cutoff=1)
    if best is None:
        return word
    canonical = best[0]
    if word[0] != canonical[0]:  # a typo rarely hits the first letter: "mother" is not "other"
        return word
    if sorted(word) == sorted(canonical):  # two letters swapped
        return canonical
    if word[:-2] == canonical[:-2]:  # another ending is another form: "smoked" is not "smoker"
        return word
    dropped = len(word) == 4 == len(canonical) - 1  # "spne"
    # one edit of a short word is too often another word
    return canonical if len(word) >= 6 or dropped else word


def correct_spelling(text: str) -> str:
    """Lower-case text with each misspelt canonical word (one letter off) put right."""
    return _WORD.sub(lambda m: _correct(m[0]), text)
