"""The labelled questions nearest a new one, and what they were answered with.

The intent classifier generalises: one weight per feature and entry, learnt from every labelled
question at once. Its neighbours remember: a new question that reads almost like one already
labelled ("what are prolia side effects", labelled out of scope) is most likely asked for the
same thing, even where the classifier's weights, shared with plainer questions ("what is
prolia"), say otherwise. So the answer gate reads both: how much of the nearest labelled
questions' weight names the entry about to answer, how much names none, and how near they come.

The questions are those the classifier trains on (training.samples, whole questions only), seen
through the same features, each weighted by its inverse document frequency; nearness is the
cosine of two such vectors, found through an inverted index: a question costs one pass over the
labelled questions that share a feature with it.

    nearest = Neighbours.build(samples, classes)
    nearest.signals(features, "t_score")   # [share, none, nearest_own, nearest, nearest_is_own]
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assistant.knowledge.classifier import NONE, Sample

NEAREST = 5  # how many labelled questions are weighed


class Neighbours:
    """Labelled questions by feature: for each feature, the numbers of the questions that hold
    it; for each question, the classes that answer it and the length of its vector."""

    def __init__(
        self,
        classes: Sequence[str],
        labels: Sequence[Sequence[int]],
        norms: Sequence[float],
        postings: Mapping[str, Sequence[int]],
    ) -> None:
        self.classes = list(classes)
        self._number = {name: n for n, name in enumerate(self.classes)}
        self.labels = [frozenset(numbers) for numbers in labels]
        self.norms = list(norms)
        self.postings = postings
        self._size = len(self.labels)

    @classmethod
    def build(cls, samples: Iterable[Sample], classes: Sequence[str]) -> Neighbours:
        """From labelled questions; a sample that is not a whole question (one that does not
        move the classes' prior, see training.samples) is left out."""
        number = {name: n for n, name in enumerate(classes)}
        kept = [sample for sample in samples if sample.prior]
        postings: dict[str, list[int]] = {}
        for n, sample in enumerate(kept):
            for name in dict.fromkeys(sample.features):
                postings.setdefault(name, []).append(n)
        size = len(kept)
        idf = {name: _idf(size, len(items)) for name, items in postings.items()}
        # rounded as they are written, so neighbours read back from their file are these
        norms = [
            round(math.sqrt(sum(idf[name] ** 2 for name in dict.fromkeys(sample.features))), 6)
            or 1.0
            for sample in kept
        ]
        labels = [
            sorted({number[name] for name in sample.classes if name in number}) or [number[NONE]]
            for sample in kept
        ]
        return cls(classes, labels, norms, dict(sorted(postings.items())))

    def near(self, features: Iterable[str], count: int = NEAREST) -> list[tuple[int, float]]:
        """The `count` labelled questions nearest these features, as (number, cosine), nearest
        first (ties: the earlier question)."""
        totals: dict[int, float] = {}
        length = 0.0
        for name in dict.fromkeys(features):
            items = self.postings.get(name, ())
            weight = _idf(self._size, len(items)) ** 2
            length += weight
            for n in items:
                totals[n] = totals.get(n, 0.0) + weight
        if not totals:
            return []
        norms, scale = self.norms, 1.0 / math.sqrt(length)
        best = heapq.nlargest(
            count, totals.items(), key=lambda item: (item[1] / norms[item[0]], -item[0])
        )
        return [(n, total * scale / norms[n]) for n, total in best]

    def signals(self, features: Iterable[str], entry_id: str) -> list[float]:
        """What the nearest labelled questions say of `entry_id` answering (gate.SIGNALS):
        the share of their nearness that names it, the share that names none, the nearness of
        the nearest that names it, the nearness of the nearest, and whether that one names it."""
        nearest = self.near(features)
        if not nearest:
            return [0.0, 0.0, 0.0, 0.0, 0.0]
        own, none = self._number.get(entry_id, -1), self._number[NONE]
        total = sum(similarity for _, similarity in nearest) or 1.0
        return [
            sum(similarity for n, similarity in nearest if own in self.labels[n]) / total,
            sum(similarity for n, similarity in nearest if none in self.labels[n]) / total,
            max((similarity for n, similarity in nearest if own in self.labels[n]), default=0.0),
            nearest[0][1],
            float(own in self.labels[nearest[0][0]]),
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": self.classes,
            "labels": [sorted(numbers) for numbers in self.labels],
            "norms": self.norms,
            "postings": {name: list(items) for name, items in self.postings.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Neighbours:
        """The questions `to_json` wrote; ValueError when their parts do not fit together."""
        if len(data["labels"]) != len(data["norms"]) or not isinstance(data["postings"], dict):
            raise ValueError("the neighbours' parts do not fit together")
        return cls(data["classes"], data["labels"], data["norms"], data["postings"])


def _idf(size: int, holding: int) -> float:
    """A feature's weight: rarer among the labelled questions, heavier (smoothed, so a feature
    none holds weighs most)."""
    return math.log((size + 1) / (holding + 1)) + 1.0
