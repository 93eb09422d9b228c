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

from assistant.english import is_english
from assistant.knowledge.spelling import Corrector

_WORD = re.compile(r"[0-9a-zα-ω]+")
# "5mg", "1000iu": a number glued to a unit is two words, so the unit can signal a dose.
_NUMBER_UNIT = re.compile(r"(\d+)(mg|mcg|iu|ml|ng|nmol|pg|pmol|g|kg|mmol|units?)")
_NUMBER = re.compile(r"\d+")
_APOSTROPHES = str.maketrans({"'": "", "’": "", "‘": ""})
# "men's bones": a possessive is the word itself (else "mens" would be taken for a typo).
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
# "mg/dL", "nmol/L": a lab unit is one word, so "mg" alone can mean a dose.
_UNIT = re.compile(r"(?<![a-z])(mg|ng|nmol|pmol|pg|mmol|µg|ug|u)\s*/\s*(dl|ml|l)\b")
# "spine T -2.7", "z -2.1": a lone T or Z before a number is that score.
_SCORE_LETTER = re.compile(r"\b([tz])(?=\s*[-−–]?\s*\d)")
# "my hip was -2.2": a bare negative decimal in a bone question is a T-score (or Z-score).
_BARE_SCORE = re.compile(r"(?<![\w.])(?<!score )[-−–]\s?[0-5]\.\d\b")
# "long-term", "weight-bearing": a compound of words of two letters or more joined by hyphens.
_COMPOUND = re.compile(r"\b[a-z]{2,}(?:-[a-z]{2,})+\b")


def compounds(text: str) -> list[str]:
    """The hyphenated compounds a text writes ("long-term", "follow-up"), each once."""
    return list(dict.fromkeys(_COMPOUND.findall(text.lower())))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # snowballstemmer imports every language (~30 ms): only pay for it when a word is new.
    import snowballstemmer  # lazy: snowballstemmer, only for a word not yet stemmed

    return snowballstemmer.stemmer("english")


def words(text: str) -> list[str]:
    """Lower-case words; apostrophes dropped ("what's" -> "whats"), numbers split from units."""
    out: list[str] = []
    text = _POSSESSIVE.sub("", text.lower()).translate(_APOSTROPHES)
    text = _SCORE_LETTER.sub(r"\1score ", text)
    text = _BARE_SCORE.sub(" tscore ", text)
    text = _UNIT.sub(r" \1\2", text)  # "18ng/ml" too: the number is a word of its own
    text = text.replace("%", " percent ")  # "down 3%": a share, as the entries write "5%"
    for token in _WORD.findall(text):
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
    """Longest-match replacement of stem sequences: ("bone", "densiti", "scan") -> ("dexa",)."""

    def __init__(self, phrases: dict[tuple[str, ...], tuple[str, ...]]) -> None:
        self.phrases = phrases
        self.longest = max((len(key) for key in phrases), default=0)

    def apply(self, stems: Sequence[str]) -> list[str]:
        return [term for _, group in self.groups(stems) for term in group]

    def groups(self, stems: Sequence[str]) -> list[tuple[int, tuple[str, ...]]]:
        """Each phrase (or word) found, in order: how many words it was, and its replacement."""
        out: list[tuple[int, tuple[str, ...]]] = []
        i = 0
        while i < len(stems):
            for size in range(min(self.longest, len(stems) - i), 0, -1):
                target = self.phrases.get(tuple(stems[i : i + size]))
                if target is not None:
                    out.append((size, target))
                    i += size
                    break
            else:
                out.append((1, (stems[i],)))
                i += 1
        return out


@dataclass(frozen=True)
class Analysis:
    """A text seen by retrieval: its stems before the lexicon, and its topic terms after it."""

    stems: tuple[str, ...]  # every word, stemmed, in order (for out-of-scope phrases)
    terms: tuple[str, ...]  # topic terms: lexicon applied, ignored words and numbers removed
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, corrected) pairs
    # words that are neither the knowledge base's nor English, and no typo of either: a name the
    # document never uses (another medicine, a condition), so the question is about something else
    strange: tuple[str, ...] = ()


class Analyzer:
    """The lexicon, the ignore list and the typo corrector, applied in one fixed order."""

    def __init__(
        self,
        phrases: PhraseTable,
        ignore_words: frozenset[str],
        stems: Stems,
        vocabulary: frozenset[str],
    ) -> None:
        self.phrases = phrases
        self.ignore_words = ignore_words
        self.ignored = frozenset(stems.all(ignore_words))
        self.stems = stems
        self.vocabulary = vocabulary  # every word the knowledge base knows; others may be typos
        self._corrector: Corrector | None = None

    @classmethod
    def from_lexicon(
        cls,
        synonyms: dict[str, list[str]],
        ignore: Iterable[str],
        vocabulary: Iterable[str],
        ignore_phrases: Iterable[str] = (),
        joined: Iterable[str] = (),
    ) -> Analyzer:
        """`joined`: compounds the document hyphenates ("long-term"); typed with or without the
        hyphen, one made of words no lexicon term stands for is one term ("longterm"):
        the idea of the whole, not "long" and "term" apart."""
        stems = Stems()
        ignore_words = frozenset(ignore)
        ignored = frozenset(stems.all(ignore_words))
        for variant in [*synonyms, *(v for vs in synonyms.values() for v in vs)]:
            # "evenity" stems to "even", "quickly" to "quick": a name whose stem is a word of no
            # topic keeps its own form, or every "even" would mean romosozumab.
            if " " not in variant.strip() and stems(variant.strip().lower()) in ignored:
                stems.known[variant.strip().lower()] = variant.strip().lower()
        table: dict[tuple[str, ...], tuple[str, ...]] = {}
        surface: set[str] = set()
        for canonical, variants in synonyms.items():
            target = tuple(stems.all(words(canonical)))
            for variant in [canonical, *variants]:
                variant_words = words(variant)
                surface.update(variant_words)
                key = tuple(stems.all(variant_words))
                if key and key != target:
                    table[key] = target
        named = {stem for target in table.values() for stem in target}
        for compound in joined:
            parts = tuple(stems.all(words(compound)))
            if len(parts) > 1 and parts not in table and not named & set(parts):
                table[parts] = (stems("".join(words(compound))),)
        for phrase in ignore_phrases:
            # "what to expect", "been on": the setting of a question, never its topic.
            phrase_words = words(phrase)
            surface.update(phrase_words)
            table[tuple(stems.all(phrase_words))] = ()
        known = frozenset(vocabulary) | surface | ignore_words
        stems.all(sorted(known))  # precompute, so a saved index never needs the stemmer for them
        return cls(PhraseTable(table), ignore_words, stems, known)

    def tables(self) -> dict[str, Any]:
        """Everything needed to rebuild this analyzer without the lexicon or the stemmer."""
        return {
            "phrases": [[list(key), list(value)] for key, value in self.phrases.phrases.items()],
            "ignore_words": sorted(self.ignore_words),
            "stems": dict(sorted(self.stems.known.items())),
            "vocabulary": sorted(self.vocabulary),
        }

    @classmethod
    def from_tables(cls, tables: dict[str, Any]) -> Analyzer:
        phrases = PhraseTable({tuple(key): tuple(value) for key, value in tables["phrases"]})
        return cls(
            phrases,
            frozenset(tables["ignore_words"]),
            Stems(dict(tables["stems"])),
            frozenset(tables["vocabulary"]),
        )

    def correct(self, word: str) -> str:
        if word in self.vocabulary:
            return word
        if self._corrector is None:
            self._corrector = Corrector(self.vocabulary)
        return self._corrector.correct(word)

    def known(self, word: str) -> bool:
        """A word of the knowledge base or of English (the word list is read on first need)."""
        return word in self.vocabulary or is_english(word)

    def analyse(self, text: str, correct: bool = False, expand: bool = False) -> Analysis:
        """`correct`: fix typos (questions). `expand`: keep a phrase's own words beside its
        canonical term (entries), so "procollagen" still finds the entry that spells out P1NP."""
        raw = words(text)
        corrections: list[tuple[str, str]] = []
        strange: list[str] = []
        if correct:
            fixed: list[str] = []
            for word in raw:
                better = self.correct(word)
                if better != word:
                    corrections.append((word, better))
                elif len(word) >= 4 and word.isalpha() and not self.known(word):
                    strange.append(word)
                fixed.append(better)
            raw = fixed
        stems = self.stems.all(raw)
        return Analysis(
            tuple(stems),
            self.terms(stems, expand),
            tuple(corrections),
            tuple(strange),
        )

    def weights(self, stems: Sequence[str]) -> dict[str, float]:
        """Per topic term, the share of one typed word or phrase it stands for: "fosamax" is
        alendronate and bisphosphonate, half each, so a name the lexicon spells out in several
        terms does not outweigh the rest of the question."""
        out: dict[str, float] = {}
        for size, group in self.phrases.groups(stems):
            kept = [t for t in group if t not in self.ignored and not _NUMBER.fullmatch(t)]
            for term in kept:
                out[term] = max(out.get(term, 0.0), min(1.0, size / len(kept)))
        return out

    def terms(self, stems: Sequence[str], expand: bool = False) -> tuple[str, ...]:
        """Topic terms of a stem sequence: lexicon applied, ignored words and numbers dropped."""
        mapped = self.phrases.apply(stems)
        if expand:
            mapped = [*mapped, *stems]
        return tuple(
            term for term in mapped if term not in self.ignored and not _NUMBER.fullmatch(term)
        )
