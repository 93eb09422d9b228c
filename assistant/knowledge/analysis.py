"""Turns text into the terms retrieval compares: words, stems, lexicon concepts, typo corrections.

Entries and questions pass through the same `Analyzer`, so "Arimidex", "anastrazole" and
"anastrozole" all arrive as one term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[0-9a-zα-ω]+")
# "5mg", "1000iu": a number glued to a unit is two words, so the unit can signal a dose.
_NUMBER_UNIT = re.compile(r"(\d+)(mg|mcg|iu|ml|ng|nmol|pg|pmol|g|kg|mmol|units?)")
_NUMBER = re.compile(r"\d+")
_APOSTROPHES = str.maketrans({"'": "", "’": "", "‘": ""})


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # snowballstemmer imports every language (~30 ms): only pay for it when a word is new.
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def words(text: str) -> list[str]:
    """Lower-case words; apostrophes dropped ("what's" -> "whats"), numbers split from units."""
    out: list[str] = []
    for token in _WORD.findall(text.lower().translate(_APOSTROPHES)):
        glued = _NUMBER_UNIT.fullmatch(token)
        if glued:
            out.extend(glued.groups())
        else:
            out.append(token)
    return out


@dataclass
class Stems:
    """A memo of word -> stem; precomputed for the knowledge base's own vocabulary."""

    known: dict[str, str] = field(default_factory=dict)

    def __call__(self, word: str) -> str:
        stem = self.known.get(word)
        if stem is None:
            stem = str(_stemmer().stemWord(word))
            self.known[word] = stem
        return stem

    def all(self, items: Iterable[str]) -> list[str]:
        return [self(item) for item in items]


class PhraseTable:
    """Longest-match replacement of stem sequences, e.g. ("bone", "densiti", "scan") -> ("dexa",)."""

    def __init__(self, phrases: dict[tuple[str, ...], tuple[str, ...]]) -> None:
        self.phrases = phrases
        self.longest = max((len(key) for key in phrases), default=0)

    def apply(self, stems: Sequence[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(stems):
            for size in range(min(self.longest, len(stems) - i), 0, -1):
                target = self.phrases.get(tuple(stems[i : i + size]))
                if target is not None:
                    out.extend(target)
                    i += size
                    break
            else:
                out.append(stems[i])
                i += 1
        return out


@dataclass(frozen=True)
class Analysis:
    """A text seen by retrieval: its stems before the lexicon, and its topic terms after it."""

    stems: tuple[str, ...]  # every word, stemmed, in order (for out-of-scope phrases)
    terms: tuple[str, ...]  # topic terms: lexicon applied, ignored words and numbers removed
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, corrected) pairs


class Analyzer:
    """The lexicon, the ignore list and the typo corrector, applied in one fixed order."""

    def __init__(
        self,
        synonyms: dict[str, list[str]],
        ignore: Iterable[str],
        stems: Stems | None = None,
    ) -> None:
        self.stems = stems or Stems()
        table: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.surface: set[str] = set()  # every word the lexicon knows, unstemmed
        for canonical, variants in synonyms.items():
            target = tuple(self.stems.all(words(canonical)))
            for variant in [canonical, *variants]:
                variant_words = words(variant)
                self.surface.update(variant_words)
                key = tuple(self.stems.all(variant_words))
                if key and key != target:
                    table[key] = target
        self.phrases = PhraseTable(table)
        self.ignore_words = frozenset(ignore)
        self.ignored = frozenset(self.stems.all(self.ignore_words))
        self.vocabulary: frozenset[str] = frozenset()  # known words; set by `learn`
        self._corrector: Corrector | None = None

    def learn(self, vocabulary: Iterable[str], cutoff: float) -> None:
        """Fix the words the knowledge base knows; anything else is a candidate typo."""
        self.vocabulary = frozenset(vocabulary) | self.surface | self.ignore_words
        self._corrector = Corrector(self.vocabulary, cutoff)

    def analyse(self, text: str, correct: bool = False, expand: bool = False) -> Analysis:
        """`correct`: fix typos (questions). `expand`: keep a phrase's own words beside its
        canonical term (entries), so "procollagen" still finds the entry that spells out P1NP."""
        raw = words(text)
        corrections: list[tuple[str, str]] = []
        if correct and self._corrector is not None:
            fixed: list[str] = []
            for word in raw:
                better = self._corrector.correct(word)
                if better != word:
                    corrections.append((word, better))
                fixed.extend(better.split())
            raw = fixed
        stems = self.stems.all(raw)
        mapped = self.phrases.apply(stems)
        if expand:
            mapped = [*mapped, *stems]
        terms = [
            term for term in mapped if term not in self.ignored and not _NUMBER.fullmatch(term)
        ]
        return Analysis(tuple(stems), tuple(terms), tuple(corrections))


class Corrector:
    """Maps an unknown word to the closest known one, when it is close enough to be a typo."""

    def __init__(self, vocabulary: Iterable[str], cutoff: float) -> None:
        self.vocabulary = frozenset(vocabulary)
        # Only words that could be typed as topic words are targets: short words are too easy to hit.
        self.targets = sorted(word for word in self.vocabulary if len(word) >= 3)
        self.cutoff = cutoff
        self.memo: dict[str, str] = {}

    def correct(self, word: str) -> str:
        if word in self.vocabulary or len(word) < 4 or not word.isalpha():
            return word
        if word in self.memo:
            return self.memo[word]
        from rapidfuzz import fuzz, process  # imported on the first unknown word only

        # A 4- or 5-letter word may only differ by one added letter ("scann"): a substitution in a
        # short word too often lands on another real word.
        cutoff = self.cutoff if len(word) > 5 else max(self.cutoff, 88.0)
        best = process.extractOne(word, self.targets, scorer=fuzz.ratio, score_cutoff=cutoff)
        result = str(best[0]) if best is not None else word
        self.memo[word] = result
        return result
