"""The evaluation sets against the quality bars, beside the paragraph baseline (figures printed)."""

from __future__ import annotations

import pytest

from assistant.bench.knowledge import EVAL_DIR, SETS, compare
from assistant.knowledge import KnowledgeBase
from assistant.knowledge.evaluation import load_questions

BAR = 0.95


@pytest.fixture(scope="module")
def results():
    return {name: (ours, baseline) for name, ours, baseline in compare(KnowledgeBase.default())}


def test_evaluation_sets_are_large_enough():
    files = ("tune.yaml", "heldout.yaml")
    questions = [q for file in files for q in load_questions(EVAL_DIR / file)]
    assert len(questions) >= 200
    assert sum(q.out_of_scope for q in questions) >= 50
    kb = KnowledgeBase.default()
    for question in questions:
        for entry_id in question.entries:
            assert kb.entry(entry_id) is not None, (question.question, entry_id)


def test_figures_against_the_baseline(results, capsys):
    with capsys.disabled():
        print()
        for ours, baseline in results.values():
            print(ours.line())
            print(baseline.line())
    for ours, baseline in results.values():
        assert ours.accuracy > baseline.accuracy


@pytest.mark.parametrize("name", ["tune", "shared dev"])
def test_quality_bars(results, name):
    ours, _ = results[name]
    failures = "\n".join(f"{q}: {what}" for q, what in ours.failures)
    assert ours.accuracy >= BAR, failures
    assert ours.abstention >= BAR, failures


HELD_OUT = [f"held-out {n}" for n in range(2, 24)] + ["held-out"]
# Held-out 18 is mostly long, rambling messages and 22 has many carers asking for a relative:
# the known weak spots; lower floors, still floors.
FLOORS = {"held-out 18": 0.70, "held-out 22": 0.75}


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_is_reported(results, capsys, name):
    # Held-out figures are reported, not tuned for; a looser floor still catches a regression.
    ours, _ = results[name]
    with capsys.disabled():
        print(
            f"\n{name}: {ours.accuracy:.1%} answerable correct, "
            f"{ours.abstention:.1%} out-of-scope abstained"
        )
    floor = FLOORS.get(name, 0.85)
    assert ours.accuracy >= floor and ours.abstention >= 0.85
    assert set(SETS) == {"tune", "shared dev", *HELD_OUT}
