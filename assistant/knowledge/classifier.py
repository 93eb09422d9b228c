"""A supervised intent classifier: which entry a question asks for, or none of them.

Multinomial logistic regression (softmax, L2) over sparse features of the analyser's own output:
its topic terms (lexicon concepts and stems) as unigrams and adjacent pairs, the kinds of
question it asks (cues), an out-of-scope intent it names, whether it names a word neither the
knowledge base nor English knows, and the word that opens its question, alone and with each
term: "why ... DEXA" asks for the baseline scan, "when ... DEXA" for its schedule, "what ...
DEXA" for the scan itself, which no single term can tell. It is trained on labelled questions
(every entry's example questions and the tuning sets; out-of-scope questions train the class
"none of these") with plain stochastic gradient descent in a fixed order and no randomness: the
same data always gives the same weights. Inference is one sparse dot product per class.

    model = train(samples, classes)
    model.probabilities(["dexa", "cue:schedule"])   # one probability per class, summing to 1

A second model of the same kind, trained on the same questions, reads another view of them for
the answer gate (`surface_features`): their own words, stemmed, whatever the lexicon makes of
them, and adjacent pairs of them. It errs elsewhere than the first, so whether the two agree
tells the gate something neither says alone.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, count, pairwise
from typing import Any

from assistant.knowledge.packed import pack, unpack

NONE = "none"  # the class of a question no entry answers
WORD = re.compile(r"[a-z0-9]+")  # a word of the second view, in lower case
DECIMALS = 4  # weights and biases are kept to four decimals when training ends
SCALE = 10**DECIMALS  # so a weight is kept as a whole number of 1 / SCALE


def features(
    terms: Sequence[str],
    cues: Iterable[str] = (),
    intent: str | None = None,
    strange: bool = False,
    opening: Sequence[str] = (),
) -> list[str]:
    """A question's features: its terms and adjacent term pairs, its kinds of question, its
    out-of-scope intent, a flag for a word no one knows, and the word that opens its question
    (asking.opening) alone, with the word after "how", and with each term. Each once, in a fixed
    order."""
    items = list(dict.fromkeys(terms))
    pairs = [f"{a}|{b}" for a, b in pairwise(terms) if a != b]
    extra = [f"cue:{cue}" for cue in sorted(cues)]
    if intent:
        extra.append(f"intent:{intent}")
    if strange:
        extra.append("strange")
    if opening:
        extra.append(f"ask:{opening[0]}")
        if len(opening) > 1:
            extra.append(f"ask:{'|'.join(opening)}")
        extra.extend(f"ask:{opening[0]}&{term}" for term in items)
    return list(dict.fromkeys([*items, *pairs, *extra]))


def surface_features(stems: Sequence[str]) -> list[str]:
    """The second view of a question: every word of it, stemmed (function words and words no
    lexicon term holds among them: "how often", "too much", "worth"), and adjacent pairs of
    them. Each once, in a fixed order."""
    return list(dict.fromkeys([*stems, *(f"{a}|{b}" for a, b in pairwise(stems))]))


@dataclass(frozen=True)
class Sample:
    """A labelled question: its features, and the classes that answer it (each an equal share
    of the target; none given means the class "none")."""

    features: tuple[str, ...]
    classes: tuple[str, ...]
    prior: bool = True  # whether it moves the classes' biases (their prior), not only features


class Classifier:
    """Softmax over classes: one bias per class; per feature, the classes it counts for and its
    weights for them (the small ones are dropped when training ends). The features' weights lie
    in two arrays, the classes' numbers and the weights (in units of 1 / SCALE: they are kept to
    DECIMALS decimals), each feature a span of them: so a model reads back from its file in one
    decode per array (packed.py), and a weight is the very number trained."""

    def __init__(
        self,
        classes: Sequence[str],
        bias: Sequence[float],
        features: Sequence[str],
        ends: Sequence[int],
        numbers: Sequence[int],
        weights: Sequence[int],
    ) -> None:
        """`features` in order; feature n's class numbers and weights are those from
        `ends[n - 1]` (0 for the first) up to `ends[n]`."""
        self.classes = list(classes)
        self.bias = [float(value) for value in bias]
        self._index = dict(zip(features, count()))
        self._starts = array("I", [0, *ends[:-1]])
        self._ends = ends
        self._numbers = numbers
        self._weights = weights

    @classmethod
    def of(
        cls,
        classes: Sequence[str],
        rows: Mapping[str, Sequence[tuple[int, float]]],
        bias: Sequence[float],
    ) -> Classifier:
        """From each feature's (class number, weight) pairs, features in sorted order; a weight
        is kept to DECIMALS decimals."""
        features = sorted(rows)
        pairs = [pair for name in features for pair in rows[name]]
        return cls(
            classes,
            bias,
            features,
            array("I", accumulate(len(rows[name]) for name in features)),
            array("H", (number for number, _ in pairs)),
            array("i", (round(weight * SCALE) for _, weight in pairs)),
        )

    def __contains__(self, name: object) -> bool:
        """Whether the feature `name` was learnt."""
        return name in self._index

    def __len__(self) -> int:
        """How many features were learnt."""
        return len(self._index)

    def row(self, name: str) -> list[tuple[int, float]]:
        """The feature's (class number, weight) pairs; none when it was not learnt."""
        n = self._index.get(name)
        span = range(0) if n is None else range(self._starts[n], self._ends[n])
        return [(self._numbers[at], self._weights[at] / SCALE) for at in span]

    def scores(self, items: Iterable[str]) -> list[float]:
        totals = list(self.bias)
        index, starts, ends = self._index, self._starts, self._ends
        numbers, weights = self._numbers, self._weights
        for name in items:
            n = index.get(name)
            if n is not None:
                for at in range(starts[n], ends[n]):
                    # the nearest double to the decimal weight, as a parsed "0.2226" would be
                    totals[numbers[at]] += weights[at] / SCALE
        return totals

    def probabilities(self, items: Iterable[str]) -> list[float]:
        return _softmax(self.scores(items))

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": self.classes,
            "bias": self.bias,
            "features": list(self._index),
            "ends": pack("I", self._ends),
            "numbers": pack("H", self._numbers),
            "weights": pack("i", self._weights),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Classifier:
        """The model `to_json` wrote; ValueError when its parts do not fit together."""
        classes, bias, features = data["classes"], data["bias"], data["features"]
        ends = unpack("I", data["ends"])
        numbers, weights = unpack("H", data["numbers"]), unpack("i", data["weights"])
        if (
            len(bias) != len(classes)
            or len(ends) != len(features)
            or len(numbers) != len(weights)
            or (ends[-1] if ends else 0) != len(numbers)
            or max(numbers, default=0) >= len(classes)
        ):
            raise ValueError("the classifier's parts do not fit together")
        return cls(classes, bias, features, ends, numbers, weights)


def _softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(value - top) for value in scores]
    total = sum(exps)
    return [value / total for value in exps]


def train(
    samples: Sequence[Sample],
    classes: Sequence[str],
    epochs: int = 30,
    rate: float = 0.5,
    l2: float = 1e-4,
    min_count: int = 1,
    prune: float = 0.1,
) -> Classifier:
    """Softmax regression by stochastic gradient descent over `samples` in their given order,
    each epoch alike, with a learning rate that decays by epoch and L2 shrinkage of the weights a
    sample touches. Features seen in fewer than `min_count` samples are dropped, and weights
    smaller than `prune` when training ends."""
    index = {name: n for n, name in enumerate(classes)}
    size = len(classes)
    seen: dict[str, int] = {}
    for sample in samples:
        for name in sample.features:
            seen[name] = seen.get(name, 0) + 1
    weights = {name: [0.0] * size for name in sorted(seen) if seen[name] >= min_count}
    bias = [0.0] * size
    targets = []
    for sample in samples:
        wanted = [index[name] for name in sample.classes if name in index] or [index[NONE]]
        target = [0.0] * size
        for number in wanted:
            target[number] += 1.0 / len(wanted)
        targets.append(target)
    for epoch in range(epochs):
        step = rate / (1 + epoch / 5)
        keep = 1 - step * l2
        for sample, target in zip(samples, targets, strict=True):
            rows = [weights[name] for name in sample.features if name in weights]
            totals = list(bias)
            for row in rows:
                totals = [a + b for a, b in zip(totals, row, strict=True)]
            probabilities = _softmax(totals)
            gradient = [step * (t - p) for t, p in zip(target, probabilities, strict=True)]
            if sample.prior:
                bias = [b + g for b, g in zip(bias, gradient, strict=True)]
            for row in rows:
                row[:] = [w * keep + g for w, g in zip(row, gradient, strict=True)]
    # Weights rounded, and the small ones dropped: what is kept is the model, so a model read
    # back from its file is the one trained.
    sparse = {
        name: [(n, round(w, DECIMALS)) for n, w in enumerate(row) if abs(w) >= prune]
        for name, row in weights.items()
    }
    return Classifier.of(
        classes, {k: v for k, v in sparse.items() if v}, [round(b, DECIMALS) for b in bias]
    )
