"""One fuzzy pass against the canonical vocabulary (site and test names, the closed answers, month
names): "spien" reads as "spine", "calcuim" as "calcium", so misspellings stay out of the data."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache

from assistant.english import is_english
from assistant.patterns import compiled
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
_WORD = compiled(r"[a-z]{4,}")


# The one threshold of every fuzzy match: as alike as a six-letter word with one letter wrong
# ("femail", "alendronat", "spne"); one wrong letter in a shorter word is too often another word.
SIMILAR_FROM = 81
_ENDINGS = frozenset({"ed", "er", "es", "en", "ly", "st", "al"})


def closest(word: str, vocabulary: Collection[str]) -> str | None:
    """The word of `vocabulary` that `word` misspells, by the one rule every reader uses: two
    letters swapped ("yse", "spien"), or a similarity of SIMILAR_FROM or more from one edit or
    from letters changed in place ("femail"); never on the first letter, never another ending of
    the same word. None when there is no such word, or `word` is itself a word (of the
    vocabulary or of English)."""
    if word in vocabulary or word in _ENGLISH or len(word) < 3:
        return None
    # a typo rarely hits the first letter: "mother" is not "other"
    alike = [canonical for canonical in vocabulary if canonical[:1] == word[0]]
    if not alike:  # most words: "yes" is no command word, and rapidfuzz need not even load
        return None
    from rapidfuzz import fuzz, process  # lazy: most words have no near canonical word
    from rapidfuzz.distance import DamerauLevenshtein  # lazy: as above

    found = process.extract(word, alike, scorer=fuzz.ratio, score_cutoff=50, limit=None)
    for candidate, score, _ in found:
        canonical = str(candidate)
        edits = DamerauLevenshtein.distance(word, canonical)
        if edits == 1 and sorted(word) == sorted(canonical):
            return canonical  # two letters swapped
        if score < SIMILAR_FROM or (edits > 1 and len(word) != len(canonical)):
            continue  # "corrected" is not "correct", "femal" not "femoral"
        if word[:-2] == canonical[:-2] and {word[-2:], canonical[-2:]} <= _ENDINGS:
            continue  # another ending is another form: "smoked" is not "smoker"
        return canonical
    return None


@cache
def _correct(word: str) -> str:
    # Only a word that is not an English word is put right: "beast" stays, "spien" is spine.
    # The near canonical word is looked for first: most words have none, and then the English
    # dictionary (tens of milliseconds to read) is never needed.
    canonical = closest(word, _CHOICES)
    if canonical is None or is_english(word):
        return word
    return canonical


def correct_spelling(text: str) -> str:
    """Lower-case text with each misspelt canonical word (one letter off) put right."""
    return _WORD.sub(lambda m: _correct(m[0]), text)
