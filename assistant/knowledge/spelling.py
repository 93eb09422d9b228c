"""Typo correction only for words that are not words: an English word list (assistant.english)
beside the knowledge base's own vocabulary."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.english import COMMON_DIGITS, english, is_english


class Corrector:
    """Maps a word that is neither known to the knowledge base nor an English word to the nearest
    word that is (Damerau-Levenshtein distance 1, or 2 for words of eight letters or more).

    An English word is never changed: "job", "mode" or "cold" stay what they are, however close
    to a medical word. Among equally near candidates the knowledge base's own words come first,
    then a missing or swapped letter before a wrong one ("wich" -> "which", not "with"), then
    the more frequent word.
    """

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(vocabulary)
        self.memo: dict[str, str] = {}
        self._targets: dict[int, list[str]] | None = None

    def targets(self, length: int) -> list[str]:
        if self._targets is None:
            by_length: dict[int, list[str]] = {}
            # Words under three letters are never targets: too many typos would land on them.
            # English words are targets only when common: people misspell the words they use.
            common = (word for word, count in english().items() if len(count) >= COMMON_DIGITS)
            for word in self.vocabulary.union(common):
                if len(word) >= 3 and word.isalpha():
                    by_length.setdefault(len(word), []).append(word)
            self._targets = by_length
        return self._targets.get(length, [])

    def correct(self, word: str) -> str:
        if word in self.vocabulary or len(word) < 4 or not word.isalpha() or is_english(word):
            return word
        if word not in self.memo:
            self.memo[word] = self._nearest(word)
        return self.memo[word]

    def _nearest(self, word: str) -> str:
        from rapidfuzz import process  # lazy: only for a word no list knows
        from rapidfuzz.distance import DamerauLevenshtein  # lazy: as above

        limit = 2 if len(word) >= 8 else 1
        counts = english()
        found: list[tuple[int, int, int, float, str]] = []
        for length in range(len(word) - limit, len(word) + limit + 1):
            for candidate, distance, _ in process.extract(
                word,
                self.targets(length),
                scorer=DamerauLevenshtein.distance,
                score_cutoff=limit,
                limit=None,
            ):
                known = 0 if candidate in self.vocabulary else 1
                substituted = (
                    1 if len(candidate) == len(word) and sorted(candidate) != sorted(word) else 0
                )
                found.append(
                    (int(distance), known, substituted, -float(counts.get(candidate, 0)), candidate)
                )
        best = min(found) if found else None
        if best is not None and best[0] == 1 and best[1] == 0:
            return best[4]  # one letter from the knowledge base's own word: a typo ("scann")
        # Then shorthand, before English typos: "postmeno" is postmenopause, not "postmen".
        expanded = self._expanded(word)
        if expanded != word or best is None:
            return expanded
        return best[4]

    def _expanded(self, word: str) -> str:
        """Shorthand cut short ("postmeno", "bisphos"): the knowledge base's one word it begins,
        or the shortest when the others are only its inflections ("postmenopause" beside
        "postmenopausal"; "supplement" beside "supplementation")."""
        if len(word) < 5:
            return word
        longer = sorted(
            (known for known in self.vocabulary if known.startswith(word) and known != word),
            key=len,
        )
        if longer and all(other.startswith(longer[0][:-2]) for other in longer):
            return longer[0]
        return word
