"""The answer gate: boosted trees read in pure Python exactly as scikit-learn reads them, the
shipped trees those of the shipped classifier, and `ask` deciding by the gate."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from sklearn.ensemble import GradientBoostingClassifier

from assistant.knowledge import KnowledgeBase, gate_training
from assistant.knowledge.gate import HAND, SIGNALS, Gate, shipped_gate, shipped_stamp
from assistant.knowledge.gate_training import Row, choose_thresholds, fit, tally
from assistant.knowledge.knowledge_base import classifier_code
from assistant.knowledge.training import stamp_of

KB = KnowledgeBase.default()


def _rows(count: int, seed: int) -> list[Row]:
    """Drawn signals whose rightness depends on two of them, not linearly."""
    draw = random.Random(seed)
    out = []
    for n in range(count):
        signals = [round(draw.uniform(-1, 1), 3) for _ in SIGNALS]
        right = (signals[0] > 0.2) != (signals[6] < -0.5)
        out.append(Row(f"set {n % 4}", signals, right, answerable=draw.random() < 0.7 or right))
    return out


def test_the_trees_read_as_scikit_learn_reads_them():
    rows = _rows(400, 1)
    gate = fit(rows)
    model = GradientBoostingClassifier(
        n_estimators=len(gate.trees),
        max_depth=3,
        learning_rate=gate.rate,
        subsample=0.8,
        random_state=0,
    ).fit([row.signals for row in rows], [int(row.right) for row in rows])
    for row in _rows(200, 2):
        expected = model.predict_proba([row.signals])[0][1]
        assert gate.probability(row.signals) == pytest.approx(expected, abs=1e-9)


def test_the_trees_learn_what_no_single_threshold_holds():
    gate = fit(_rows(400, 1), keep_at=0.5, answer_at=0.5)
    test = _rows(200, 3)
    hits = sum(gate.answers(row.signals) == row.right for row in test)
    assert hits >= 0.9 * len(test)


def test_the_thresholds_answer_no_worse_than_the_hand_set_checks(monkeypatch):
    rows = _rows(400, 1)
    for row in rows:  # hand-set checks that answer what is right, and some that is not
        row.signals[HAND] = 1.0 if row.right or row.signals[1] > 0.8 else 0.0
    monkeypatch.setattr(gate_training, "WRONG_CEILING", 1.0)
    monkeypatch.setattr(gate_training, "OUTSIDE_CEILING", 1.0)
    (keep_at, answer_at), report = choose_thresholds(rows)
    hand, chosen = report["hand"], report["chosen"]
    assert report["ceilings"] == hand[1:]
    assert chosen[1] <= hand[1] and chosen[2] <= hand[2]
    assert chosen[0] >= hand[0]
    gate = fit(rows, keep_at, answer_at)
    assert (gate.keep_at, gate.answer_at) == (keep_at, answer_at)
    assert tally(rows, [True] * len(rows))[0] == sum(row.right for row in rows)


def test_the_ceilings_hold_when_the_hand_set_checks_answer_boldly():
    rows = _rows(400, 1)
    for row in rows:  # hand-set checks that answer everything
        row.signals[HAND] = 1.0
    _, report = choose_thresholds(rows)
    hand, (wrong_at_most, outside_at_most), chosen = (
        report["hand"],
        report["ceilings"],
        report["chosen"],
    )
    answerable = sum(row.answerable for row in rows)
    assert wrong_at_most == int(gate_training.WRONG_CEILING * answerable) < hand[1]
    assert outside_at_most == int(gate_training.OUTSIDE_CEILING * (len(rows) - answerable))
    assert chosen[1] <= wrong_at_most and chosen[2] <= outside_at_most
    assert chosen[0] > 0


def test_the_hand_set_answer_stands_from_keep_at_and_the_gate_answers_alone_from_answer_at():
    gate = fit(_rows(400, 1))
    row = next(row for row in _rows(200, 2) if gate.probability(row.signals) < 0.99)
    chance = gate.probability(row.signals)
    hand, alone = list(row.signals), list(row.signals)
    hand[HAND], alone[HAND] = 1.0, 0.0
    for keep_at, answer_at, with_hand, without in (
        (chance, 1.0, True, False),
        (chance + 0.01, 1.0, False, False),
        (1.0, chance, True, True),
    ):
        gate = replace(gate, keep_at=keep_at, answer_at=answer_at)
        assert gate.answers(hand) == with_hand and gate.answers(alone) == without


def test_a_gate_of_other_signals_is_not_read():
    data = fit(_rows(100, 1)).to_json()
    assert Gate.from_json(data) is not None
    assert Gate.from_json({**data, "signals": list(SIGNALS[:-1])}) is None


def test_the_shipped_gate_is_that_of_the_shipped_classifier():
    assert shipped_gate(KB.directory) is not None
    assert shipped_stamp(KB.directory) == stamp_of(KB, classifier_code()), (
        "knowledge/gate.json is stale: run `python -m assistant.knowledge.gate_training`"
    )


def test_the_shipped_gate_reads_the_second_view():
    gate = KB.gate
    assert gate is not None
    split_on = {node[0] for tree in gate.trees for node in tree if node[2] >= 0}
    second = {n for n, name in enumerate(SIGNALS) if name.startswith("surface_")}
    assert len(second) == 4 and split_on & second


def test_ask_answers_by_the_gate(monkeypatch):
    question = "what is a t-score"
    gate = KB.gate
    assert gate is not None and KB.ask(question).entry_id == "t_score"
    never = replace(gate, keep_at=1.01, answer_at=1.01)
    monkeypatch.setitem(KB.__dict__, "gate", never)
    refused = KB.ask(question)
    assert not refused.answered and refused.suggestions[0].entry_id == "t_score"
    monkeypatch.setitem(KB.__dict__, "gate", None)  # none ships: the hand-set checks decide
    assert KB.ask(question).entry_id == "t_score"


def test_the_gate_reads_the_best_candidate():
    entry_id, signals = KB.gate_signals("how often should I have a dexa scan on anastrozole") or (
        None,
        [],
    )
    assert entry_id is not None and len(signals) == len(SIGNALS)
    assert KB.gate_signals("tell me a joke") is None
