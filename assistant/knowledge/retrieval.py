"""Ranking entries for a question (BM25F over an entry's fields) and the signals used to abstain.

Abstention rests on three independent signals: the best entry's score, how much of the question's
topic (idf-weighted) that entry covers, and curated out-of-scope intents (dose, price, other drugs).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RetrievalSettings:
    k1: float
    b: float
    field_weights: Mapping[str, float]
    min_coverage: float
    min_score: float
    unknown_weight: float
    external_prior: float
    coverage_exponent: float
    example_weight: float
    known_miss: float
    max_suggestions: int
    cue_weight: float = 0.0
    min_example: float = 0.0
    min_margin: float = 1.0
    sure_example: float = 1.0
    example_lead: float = 0.0
    min_answer_coverage: float = 0.0
    full_margin: float = 1.0
    nearly_said: float = 1.0
    some_example: float = 0.0
    cue_gap: int = 3
    subject_weight: float = 0.0
    context_weight: float = 0.0
    # The intent classifier (classifier.py): ranking merit x (1 + weight x its probability of
    # the entry); an answer needs at least `answer_probability`; `sure_probability` answers the
    # classifier's own first choice when the ranking agrees though its margins do not; no
    # answer when "none of these" has `none_probability` or more.
    classifier_weight: float = 0.0
    answer_probability: float = 0.0
    sure_probability: float = 2.0
    none_probability: float = 2.0


class Index:
    """BM25 over documents given as field-weighted term frequencies (BM25F-style)."""

    def __init__(
        self, tf: Sequence[Mapping[str, float]], k1: float, b: float, unknown_weight: float = 1.0
    ) -> None:
        self.k1, self.b = k1, b
        self.tf = [dict(item) for item in tf]
        self.terms = [frozenset(item) for item in self.tf]
        lengths = [sum(item.values()) for item in self.tf]
        df: Counter[str] = Counter()
        for item in self.tf:
            df.update(item.keys())
        count = len(self.tf)
        self.average_length = (sum(lengths) / count) if count else 1.0
        self.norm = [1 - b + b * length / self.average_length for length in lengths]
        self.idf = {
            term: math.log(1 + (count - freq + 0.5) / (freq + 0.5)) for term, freq in df.items()
        }
        # A word no document contains weighs like the rarest word (times `unknown_weight`): an
        # unknown topic word is strong evidence that the question is about something else.
        self.unknown_idf = unknown_weight * max(self.idf.values(), default=1.0)
        ordered = sorted(self.idf.values())
        self.common_idf = ordered[len(ordered) // 2] if ordered else 1.0  # the median word
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for number, weighted in enumerate(self.tf):
            for term, freq in weighted.items():
                self.postings.setdefault(term, []).append((number, freq))

    @classmethod
    def from_fields(
        cls,
        documents: Sequence[Mapping[str, Sequence[str]]],
        weights: Mapping[str, float],
        k1: float,
        b: float,
        unknown_weight: float = 1.0,
    ) -> Index:
        tf: list[dict[str, float]] = []
        for fields in documents:
            weighted: dict[str, float] = {}
            for name, terms in fields.items():
                weight = weights.get(name, 1.0)
                for term in terms:
                    weighted[term] = weighted.get(term, 0.0) + weight
            tf.append(weighted)
        return cls(tf, k1, b, unknown_weight)

    def scores(
        self, terms: Iterable[str], weights: Mapping[str, float] | None = None
    ) -> list[float]:
        totals = [0.0] * len(self.tf)
        k1 = self.k1
        for term in terms:
            idf = self.idf.get(term)
            if idf is None:
                continue
            if weights is not None:
                idf *= weights.get(term, 1.0)
            for number, freq in self.postings[term]:
                totals[number] += idf * freq * (k1 + 1) / (freq + k1 * self.norm[number])
        return totals

    def coverage(
        self,
        terms: Sequence[str],
        document: int,
        known_miss: float = 1.0,
        have: frozenset[str] | None = None,
        weights: Mapping[str, float] | None = None,
    ) -> float:
        """The idf-weighted share of `terms` that occur in `document`. A term other documents
        know ("normal", "mechanism") counts `known_miss` times its idf when missing. A word no
        document knows ("job", "pack", "pts") weighs like a common word that is missing, never
        like the rarest: it is filler or shorthand more often than a topic (a name no one knows,
        "ribociclib", is out of scope before coverage is measured). `have`: the terms to look in
        instead of the whole document's (what its answer says)."""
        if have is None:
            have = self.terms[document]
        total = found = 0.0
        for term in terms:
            idf = self.idf.get(term)
            if idf is not None and weights is not None:
                idf *= weights.get(term, 1.0)
            if idf is None:
                total += self.common_idf * known_miss
            elif term in have:
                total += idf
                found += idf
            else:
                total += idf * known_miss
        return found / total if total else 0.0


GAP = 3  # how many words a `*` may stand for


class Intents:
    """Curated out-of-scope intents, each a list of stem phrases where `*` is up to three words.

    Phrases are indexed by their first word, so a question is matched in one pass, and nothing
    is compiled at start-up (a regular expression of all phrases took ~10 ms to compile).
    """

    def __init__(self, phrases: Mapping[str, Sequence[Sequence[str]]], gap: int = GAP) -> None:
        self.gap = gap
        self.names = list(phrases)
        self.by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for order, items in enumerate(phrases.values()):
            for stems in items:
                if stems and stems[0] != "*":
                    self.by_first.setdefault(stems[0], []).append((order, tuple(stems)))

    def match(self, stems: Sequence[str]) -> tuple[str, frozenset[str]] | None:
        """The first intent (in file order) with a phrase in `stems`, and that phrase's own
        words (not the ones a `*` stood for)."""
        found: tuple[int, tuple[str, ...]] | None = None
        for start, stem in enumerate(stems):
            for order, phrase in self.by_first.get(stem, ()):
                if (found is None or order < found[0]) and self._matches(phrase, stems, start):
                    found = (order, phrase)
        if found is None:
            return None
        return self.names[found[0]], frozenset(s for s in found[1] if s != "*")

    def all(self, stems: Sequence[str]) -> frozenset[str]:
        """Every intent with a phrase in `stems`."""
        return frozenset(
            self.names[order]
            for start, stem in enumerate(stems)
            for order, phrase in self.by_first.get(stem, ())
            if self._matches(phrase, stems, start)
        )

    def _matches(self, phrase: Sequence[str], stems: Sequence[str], start: int) -> bool:
        if not phrase:
            return True
        if phrase[0] == "*":
            return any(
                self._matches(phrase[1:], stems, start + gap)
                for gap in range(self.gap + 1)
                if start + gap <= len(stems)
            )
        return (
            start < len(stems)
            and stems[start] == phrase[0]
            and self._matches(phrase[1:], stems, start + 1)
        )


class Examples:
    """Each entry's example questions as term sets, for idf-weighted Jaccard similarity."""

    def __init__(self, index: Index, examples: Sequence[Sequence[Sequence[str]]]) -> None:
        self.index = index
        self.sets = [[frozenset(example) for example in entry] for entry in examples]
        self.weights = [[self.weight(example) for example in entry] for entry in self.sets]

    def weight(self, terms: Iterable[str]) -> float:
        idf, unknown = self.index.idf, self.index.unknown_idf
        return sum(idf.get(term, unknown) for term in terms)

    def nearest(self, entry: int, terms: frozenset[str], weight: float) -> float:
        best = 0.0
        for example, example_weight in zip(self.sets[entry], self.weights[entry], strict=True):
            shared = self.weight(terms & example)
            union = weight + example_weight - shared
            if union and shared / union > best:
                best = shared / union
        return best


def rank(
    index: Index,
    terms: Sequence[str],
    external: Sequence[bool],
    examples: Examples,
    settings: RetrievalSettings,
    depth: int = 8,
    boost: Sequence[float] | None = None,
    value: bool = False,
    weights: Mapping[str, float] | None = None,
) -> list[tuple[int, float, float]]:
    """Entries as (number, BM25 score, coverage), best first.

    BM25 alone favours long entries that repeat a common word. Among the top `depth`, an entry
    with an example question close to this one gains (people ask alike), and external entries
    yield to the document's own (the document is the primary source; external facts only
    sharpen it), except for a question about a value ("t score -1.9 on TRT, bone meds?"):
    the precise thresholds are the external entries' own. `boost`: a factor per entry (how
    well it suits the kind of question asked).
    """
    scores = index.scores(terms, weights)
    top = sorted(range(len(scores)), key=lambda n: (-scores[n], n))
    head = [
        (n, scores[n], index.coverage(terms, n, settings.known_miss, weights=weights))
        for n in top[:depth]
    ]
    asked = frozenset(terms)
    asked_weight = examples.weight(asked)

    def merit(item: tuple[int, float, float]) -> float:
        number, score, coverage = item
        prior = settings.external_prior if external[number] and not value else 1.0
        near = 1 + settings.example_weight * examples.nearest(number, asked, asked_weight)
        kind = boost[number] if boost is not None else 1.0
        return float(score * prior * near * kind * coverage**settings.coverage_exponent)

    head.sort(key=lambda item: (-merit(item), item[0]))
    return head + [(n, scores[n], 0.0) for n in top[depth:]]


def unique(terms: Iterable[str]) -> list[str]:
    """Each term once, in order: a repeated word in a question is not more of a topic."""
    return list(dict.fromkeys(terms))
