"""Training the answer gate (gate.py) on the labelled sets, and reading the shipped one.

Each set the classifier trains on (training.TRAINING_SETS: the blind sets one by one, the
curated sets in five groups) is read with a classifier trained without it, so that its
questions look to the gate as new questions look to the knowledge base: leave one group out.
Every question with a candidate, and an opinion of the classifier, gives one row: the signals of
its best candidate, and whether that candidate answers it (an out-of-scope question's never
does). The held-out blind sets
(training.HELD_OUT) are never read.

The two thresholds are chosen the same way: each group's rows are judged by trees trained on
the other groups, and of every pair (`keep_at`, `answer_at`) on a grid, the one kept answers the
most questions rightly while answering no more wrongly, and no more out-of-scope questions, than
the hand-set checks do on the same rows, nor more than WRONG_CEILING of the answerable rows
wrongly and OUTSIDE_CEILING of the out-of-scope rows at all. The ceilings hold the line when
the hand-set checks grow bolder (a heavier classifier in the ranking widens the leads they
read).

    python -m assistant.knowledge.gate_training     # a few minutes; needs scikit-learn (dev)

The trees ship as knowledge/gate.json, keyed by the fingerprint the shipped classifier has: a
test fails when the classifier has been trained again since and the gate has not.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.cache_files import keep_cached
from assistant.knowledge import training
from assistant.knowledge.evaluation import load_questions
from assistant.knowledge.gate import HAND, SHIPPED, SIGNALS, Gate
from assistant.knowledge.training import stamp_of

if TYPE_CHECKING:
    from assistant.knowledge.knowledge_base import KnowledgeBase

TREES = 150
DEPTH = 3
RATE = 0.05
SUBSAMPLE = 0.8
KEEP_AT = tuple(round(0.5 + step * 0.02, 2) for step in range(21))  # 0.50 ... 0.90
ANSWER_AT = tuple(round(0.8 + step * 0.02, 2) for step in range(11))  # 0.80 ... 1.00
NO_OPINION = SIGNALS.index("no_opinion")
# the most the gate may get wrong, as shares of the left-out answerable rows (answered wrongly)
# and out-of-scope rows (answered at all): about the rates of the gate shipped before the
# classifier's weight in the ranking rose (71 and 75 of 3,688 rows)
WRONG_CEILING = 0.024
OUTSIDE_CEILING = 0.10


@dataclass(frozen=True)
class Row:
    set_name: str
    signals: list[float]
    right: bool  # the candidate answers the question
    answerable: bool


def groups() -> list[tuple[str, ...]]:
    """The training sets, grouped to be left out together: each blind set alone, the curated
    sets (tuning, shared development) in five groups."""
    blind = [name for name in training.TRAINING_SETS if name.startswith("blind")]
    curated = [name for name in training.TRAINING_SETS if not name.startswith("blind")]
    return [(name,) for name in blind] + [tuple(curated[n::5]) for n in range(5)]


def rows(kb: KnowledgeBase, progress: Any = None) -> list[Row]:
    """Leave one group out: each group's questions read by a classifier trained without it."""
    eval_dir = kb.directory / "eval"
    out: list[Row] = []
    saved = {name: kb.__dict__.get(name) for name in training.Learnt._fields}
    try:
        for group in groups():
            name = " ".join(group)
            if progress:
                progress(f"reading {name} with a classifier trained without it")
            files = [eval_dir / other for other in training.TRAINING_SETS if other not in group]
            kb.__dict__.update(training.learnt(kb, files)._asdict())
            for question in (q for file in group for q in load_questions(eval_dir / file)):
                seen = kb.gate_signals(question.question)
                if seen is None:
                    continue
                entry_id, signals = seen
                if signals[NO_OPINION]:
                    continue  # the hand-set checks decide these (KnowledgeBase._answers)
                text = (kb.text(entry_id) or "").lower()
                right = entry_id in question.entries or any(
                    phrase in text for phrase in question.must_contain_any
                )
                out.append(Row(name, signals, right, not question.out_of_scope))
    finally:
        for name, value in saved.items():
            if value is None:
                kb.__dict__.pop(name, None)
            else:
                kb.__dict__[name] = value
    return out


def fit(train: Sequence[Row], keep_at: float = 0.5, answer_at: float = 0.5) -> Gate:
    from sklearn.ensemble import (  # type: ignore[import-untyped]  # lazy: a development extra
        GradientBoostingClassifier,
    )

    model = GradientBoostingClassifier(
        n_estimators=TREES, max_depth=DEPTH, learning_rate=RATE, subsample=SUBSAMPLE, random_state=0
    )
    model.fit([row.signals for row in train], [int(row.right) for row in train])
    base = float(model.init_.class_prior_[1])
    trees = []
    for (estimator,) in model.estimators_:
        tree = estimator.tree_
        trees.append(
            tuple(
                (
                    int(tree.feature[n]) if tree.children_left[n] >= 0 else 0,
                    float(tree.threshold[n]),
                    int(tree.children_left[n]),
                    int(tree.children_right[n]),
                    float(tree.value[n][0][0]),
                )
                for n in range(tree.node_count)
            )
        )
    return Gate(
        base=math.log(base / (1 - base)),
        rate=RATE,
        trees=tuple(trees),
        keep_at=keep_at,
        answer_at=answer_at,
    )


def tally(rows_: Sequence[Row], answered: Sequence[bool]) -> tuple[int, int, int]:
    """(answered rightly, answered wrongly, out of scope answered)."""
    right = sum(1 for row, yes in zip(rows_, answered, strict=True) if yes and row.right)
    wrong = sum(
        1
        for row, yes in zip(rows_, answered, strict=True)
        if yes and row.answerable and not row.right
    )
    outside = sum(1 for row, yes in zip(rows_, answered, strict=True) if yes and not row.answerable)
    return right, wrong, outside


def choose_thresholds(
    all_rows: Sequence[Row], progress: Any = None
) -> tuple[tuple[float, float], dict[str, Any]]:
    """(keep_at, answer_at): see the module's text."""
    probabilities: dict[int, float] = {}
    for name in dict.fromkeys(row.set_name for row in all_rows):
        if progress:
            progress(f"judging {name} with trees trained without it")
        gate = fit([row for row in all_rows if row.set_name != name])
        for index, row in enumerate(all_rows):
            if row.set_name == name:
                probabilities[index] = gate.probability(row.signals)
    hands = [row.signals[HAND] > 0.5 for row in all_rows]
    hand = tally(all_rows, hands)
    answerable = sum(1 for row in all_rows if row.answerable)
    wrong_at_most = min(hand[1], int(WRONG_CEILING * answerable))
    outside_at_most = min(hand[2], int(OUTSIDE_CEILING * (len(all_rows) - answerable)))
    pairs = [((0.0, 1.0), hand)]  # the hand-set checks alone, first: they win a tie
    for keep_at in KEEP_AT:
        for answer_at in ANSWER_AT:
            answered = [
                probabilities[n] >= answer_at or (hands[n] and probabilities[n] >= keep_at)
                for n in range(len(all_rows))
            ]
            pairs.append(((keep_at, answer_at), tally(all_rows, answered)))
    allowed = [
        pair for pair in pairs if pair[1][1] <= wrong_at_most and pair[1][2] <= outside_at_most
    ]
    best, found = (
        max(allowed, key=lambda pair: pair[1][0])
        if allowed
        else min(pairs, key=lambda pair: pair[1][1] + pair[1][2])  # none: the most cautious
    )
    return best, {"hand": hand, "ceilings": (wrong_at_most, outside_at_most), "chosen": found}


def write_shipped(kb: KnowledgeBase, code: Sequence[Path]) -> tuple[Path, dict[str, Any]]:
    """Train the gate afresh and write it where it ships, keyed as the classifier is (`code`:
    see training.stamp_of)."""

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    all_rows = rows(kb, say)
    (keep_at, answer_at), report = choose_thresholds(all_rows, say)
    gate = fit(all_rows, keep_at, answer_at)
    path = kb.directory / SHIPPED
    keep_cached(path, stamp_of(kb, code), gate.to_json())
    return path, {"rows": len(all_rows), "keep_at": keep_at, "answer_at": answer_at, **report}


if __name__ == "__main__":
    from assistant.knowledge.knowledge_base import KnowledgeBase, classifier_code

    where, figures = write_shipped(KnowledgeBase.default(), classifier_code())
    print(f"wrote {where}: {figures}")
