"""The answer gate: whether the ranking's best candidate is answered, learnt from blind questions.

The ranking and the hand-set checks (`KnowledgeBase._confident` and its kin) each measure one
thing: the classifier's belief, the score's lead, how much of the question an entry covers, how
close its example questions come. No single threshold on any of them separates a right first
choice from a wrong one, or from a near miss the document does not answer; together they do
better. The gate is a small ensemble of boosted decision trees over those signals (`SIGNALS`,
the hand-set verdict among them), trained on labelled questions each read as a new one
(`gate_training`). From its probability that the candidate is right: the hand-set checks'
answer stands when it reaches `keep_at`, and the gate answers alone when it reaches
`answer_at`. It decides whenever the classifier has an opinion of the question; on a bare
concept ("PTH"), where it has none, the hand-set checks decide alone.

Only inference lives here, in pure Python: a few hundred comparisons per question. The trees
ship as data (knowledge/gate.json); training them needs scikit-learn, a development extra.

    gate = Gate.from_json(data)
    gate.probability([0.82, 0.01, ...])   # one value per name in SIGNALS
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHIPPED = "gate.json"  # in the knowledge directory, as {"fingerprint": ..., "data": the gate}

# What the gate reads of the best candidate and its question, in this order.
SIGNALS = (
    "probability",  # the classifier's probability of the candidate (-1: no opinion)
    "none_probability",  # ... of "none of these"
    "best_probability",  # ... of its first choice among all entries
    "runner_up_probability",  # ... of the next candidate
    "no_opinion",  # 1 when the classifier gives none
    "score_lead",  # log of the candidate's score over the next candidate's (5 when alone)
    "coverage",  # share of the question's topic words the candidate holds
    "said",  # ... that what it says (title, keywords, answer) holds
    "example",  # closeness of its nearest example question
    "rival_example",  # ... of the nearest example of the candidates offered beside it
    "terms",  # how many topic words the question has
    "subjects",  # how many subjects it names
    "intent",  # 1 when it names an out-of-scope intent
    "agrees",  # 1 when the candidate names as many of the subjects as any close rival
    "ranked_first",  # 1 when the subject filter kept the ranking's own first choice
    "asking_sentence",  # 1 when only the sentence that asks is measured
    "candidates",  # how many entries may answer
    "aspects",  # how many aspects the question asks ("side effects", "how is it given")
    "log_score",  # log of the candidate's score
    "classifier_first",  # 1 when the classifier's first choice is the candidate
    "example_lead",  # example - rival_example
    "probability_lead",  # probability - runner_up_probability
    # what the classifier of the question's own words says (classifier.surface_features)
    "surface_probability",  # its probability of the candidate
    "surface_none",  # ... of "none of these"
    "surface_lead",  # the candidate's over the likeliest other entry's
    "surface_first",  # 1 when the candidate is its first choice
    # what the nearest labelled questions say (neighbours.py)
    "neighbour_share",  # the share of their nearness that names the candidate
    "neighbour_none",  # ... that names none
    "neighbour_own",  # the nearness of the nearest that names the candidate
    "neighbour_nearest",  # the nearness of the nearest
    "neighbour_is_own",  # 1 when the nearest names the candidate
    "hand_verdict",  # 1 when the hand-set checks would answer
)
HAND = SIGNALS.index("hand_verdict")


@dataclass(frozen=True)
class Gate:
    """Boosted trees: the log-odds are `base` plus `rate` times the sum of each tree's leaf.
    A tree is a list of nodes [signal, threshold, left, right, value]; a node whose `left` is
    -1 is a leaf holding `value`; else a value at or under `threshold` goes left."""

    base: float
    rate: float
    trees: tuple[tuple[tuple[int, float, int, int, float], ...], ...]
    keep_at: float  # the probability at which the hand-set checks' answer stands
    answer_at: float  # ... at which the gate answers whatever they say

    def probability(self, values: Sequence[float]) -> float:
        # The trees were grown on single-precision values: a value is compared as one, or a
        # value at a threshold could go the other way.
        values = array("f", values)
        total = self.base
        for tree in self.trees:
            node = tree[0]
            while node[2] >= 0:
                node = tree[node[2] if values[node[0]] <= node[1] else node[3]]
            total += self.rate * node[4]
        return 1.0 / (1.0 + math.exp(-total))

    def answers(self, values: Sequence[float]) -> bool:
        probability = self.probability(values)
        hand = values[HAND] > 0.5
        return probability >= self.answer_at or (hand and probability >= self.keep_at)

    def to_json(self) -> dict[str, Any]:
        return {
            "signals": list(SIGNALS),
            "base": self.base,
            "rate": self.rate,
            "keep_at": self.keep_at,
            "answer_at": self.answer_at,
            "trees": [[list(node) for node in tree] for tree in self.trees],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Gate | None:
        """The gate, or None when it was trained on other signals than these."""
        if data.get("signals") != list(SIGNALS):
            return None
        return cls(
            base=float(data["base"]),
            rate=float(data["rate"]),
            keep_at=float(data["keep_at"]),
            answer_at=float(data["answer_at"]),
            trees=tuple(
                tuple(
                    (int(node[0]), float(node[1]), int(node[2]), int(node[3]), float(node[4]))
                    for node in tree
                )
                for tree in data["trees"]
            ),
        )


def _shipped(directory: Path) -> dict[str, Any]:
    try:
        data = json.loads((directory / SHIPPED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def shipped_gate(directory: Path) -> Gate | None:
    """The gate shipped in a knowledge directory, or None (missing, unreadable, or of other
    signals)."""
    gate = _shipped(directory).get("data")
    return Gate.from_json(gate) if isinstance(gate, dict) else None


def shipped_stamp(directory: Path) -> str | None:
    """The fingerprint of the classifier the shipped gate was trained with."""
    stamp = _shipped(directory).get("fingerprint")
    return stamp if isinstance(stamp, str) else None
