"""The evaluation sets against the quality bars, beside the paragraph baseline. The figures are
printed by `boneguide bench knowledge`, not here: the suite only holds floors."""

from __future__ import annotations

import pytest
import yaml

from assistant.bench.knowledge import BLIND, EVAL_DIR, SETS, compare
from assistant.knowledge import KnowledgeBase
from assistant.knowledge.evaluation import (
    LabelledQuestion,
    ReplyUnderTest,
    evaluate,
    freeze_blind,
    load_questions,
    merged,
    passage_entries,
)
from assistant.knowledge.training import HELD_OUT

BAR = 0.95


@pytest.fixture(scope="module")
def results():
    return {name: (ours, baseline) for name, ours, baseline in compare(KnowledgeBase.default())}


def test_evaluation_sets_are_large_enough():
    files = ("tune.yaml", "tuning01.yaml")
    questions = [q for file in files for q in load_questions(EVAL_DIR / file)]
    assert len(questions) >= 200
    assert sum(q.out_of_scope for q in questions) >= 50
    kb = KnowledgeBase.default()
    for file in SETS.values():
        for question in load_questions(EVAL_DIR / file):
            for entry_id in question.entries:
                assert kb.entry(entry_id) is not None, (file, question.question, entry_id)


def test_blind_sets_are_large_and_hold_near_misses():
    questions = [q for file in BLIND.values() for q in load_questions(EVAL_DIR / file)]
    assert len(questions) >= 300
    assert sum(q.out_of_scope for q in questions) >= len(questions) / 4


def test_better_than_the_baseline_everywhere(results):
    # Net of wrong answers: the baseline answers almost everything, rightly or not.
    for name, (ours, baseline) in results.items():
        net, baseline_net = (
            ours.accuracy - ours.wrong_share,
            baseline.accuracy - baseline.wrong_share,
        )
        assert net > baseline_net, name


@pytest.mark.parametrize("name", ["tune", "shared dev"])
def test_quality_bars(results, name):
    ours, _ = results[name]
    failures = "\n".join(f"{q}: {what}" for q, what in ours.failures)
    assert ours.accuracy >= BAR, failures
    assert ours.abstention >= BAR, failures


TUNING = [f"tuning {n}" for n in range(1, 24)]


@pytest.mark.parametrize("name", TUNING)
def test_tuning_sets_hold_their_floor(results, name):
    # These sets were fixed against: a floor catches a regression, it proves nothing new. When
    # unsure the knowledge base offers entries instead of answering, so the floors are on what is
    # answered or offered correctly and on what is answered wrongly; long, rambling messages
    # (tuning 18) are mostly offered.
    ours, _ = results[name]
    assert ours.answered_or_offered >= 0.85 and ours.wrong_share <= 0.08
    assert ours.accuracy >= 0.6 and ours.abstention >= 0.9
    assert set(SETS) == {"tune", "shared dev", *TUNING, *BLIND}


@pytest.mark.parametrize("name", list(BLIND))
def test_blind_sets_do_not_regress(results, name):
    # Measured once blind (first figures in each file's header), then fixed against: regression
    # sets now. The bars of SPEC section 11 are not met yet, so these floors sit just below
    # today's figures; a wrong answer is worse than none, so the wrong ceilings are tight.
    ours, _ = results[name]
    floors = {
        # Each set's first run is in its file's header. The classifier, the neighbours and the
        # answer gate are trained on every set but those of training.HELD_OUT (each after its
        # first run), so the other floors guard against regressions only.
        "blind a": (0.60, 0.87, 0.02, 0.93),
        "blind b": (0.74, 0.94, 0.02, 0.99),
        "blind c": (0.69, 0.90, 0.04, 0.97),
        "blind d": (0.56, 0.87, 0.04, 0.95),
        "blind e": (0.75, 0.91, 0.02, 0.93),
        "blind f": (0.64, 0.92, 0.02, 0.95),
        "blind g": (0.56, 0.85, 0.04, 0.93),
        "blind h": (0.76, 0.91, 0.05, 0.93),
        "blind i": (0.66, 0.91, 0.04, 0.94),
        "blind j": (0.71, 0.93, 0.03, 0.91),
        "blind k": (0.70, 0.90, 0.05, 0.96),
        "blind l": (0.63, 0.87, 0.05, 0.94),
        "blind m": (0.70, 0.94, 0.04, 0.94),
        "blind n": (0.71, 0.89, 0.05, 0.94),
        "blind o": (0.66, 0.89, 0.05, 0.93),
        "blind p": (0.77, 0.90, 0.05, 0.95),
        "blind q": (0.71, 0.93, 0.04, 0.93),
        "blind r": (0.80, 0.95, 0.02, 0.95),
        "blind s": (0.81, 0.99, 0.01, 0.97),
        "blind t": (0.80, 0.96, 0.01, 0.98),
        "blind u": (0.62, 0.85, 0.06, 0.83),
        "blind v": (0.58, 0.90, 0.05, 0.93),
        "blind w": (0.62, 0.91, 0.01, 0.93),
        "blind x": (0.78, 0.95, 0.02, 0.91),
        "blind y": (0.64, 0.92, 0.03, 0.99),
        "blind z": (0.57, 0.87, 0.04, 0.97),
        "blind aa": (0.64, 0.91, 0.05, 0.97),
        "blind ab": (0.57, 0.89, 0.06, 0.92),
        "blind ac": (0.45, 0.85, 0.04, 0.94),
        "blind ad": (0.62, 0.91, 0.03, 0.99),
        "blind ae": (0.56, 0.89, 0.04, 0.94),
    }
    correct, offered, wrong, abstained = floors[name]
    assert ours.accuracy >= correct and ours.answered_or_offered >= offered
    assert ours.wrong_share <= wrong and ours.abstention >= abstained


def test_blind_passages_map_to_the_entries_that_hold_them():
    kb = KnowledgeBase.default()
    texts = {entry.id: entry.answer for entry in kb.entries if not entry.external}
    external = {entry.id: entry.answer for entry in kb.entries if entry.external}
    passage = "A T-score of -1.0 or above is considered normal."
    assert "t_score" in passage_entries(passage, texts)
    assert passage_entries("Nothing like this is in the document.", texts) == ()
    items = yaml.safe_load(
        """
        - question: q1
          kind: answerable
          passages: ["A T-score of -1.0 or above is considered normal."]
        - {question: q2, kind: out_of_scope, note: not covered}
        - {question: q3, kind: answerable, passages: ["Nothing like this."]}
        - question: q4
          kind: answerable
          passages: ["eGFR under 30 denosumab carries a risk of severe hypocalcaemia"]
        """
    )
    frozen, by_words, unmapped = freeze_blind(items, texts, external)
    assert [item["question"] for item in frozen] == ["q1", "q2", "q4"]
    assert "t_score" in frozen[0]["entries"] and frozen[1]["entries"] == []
    assert frozen[2]["entries"] == ["bone_drug_renal_cautions"] and len(by_words) == 1
    assert unmapped == [("q3", "Nothing like this.")]


def test_failures_are_counted_by_class_with_the_first_choice():
    def asked(text: str, entries: tuple[str, ...] = ("t_score",)) -> LabelledQuestion:
        return LabelledQuestion(text, entries, ())

    questions = [
        asked("answered right"),
        asked("answered wrongly, ranked right"),
        asked("held back, offered"),
        asked("held back, ranked wrong"),
        asked("out of scope", ()),
    ]
    replies = {
        "answered right": ReplyUnderTest(True, "", "t_score"),
        "answered wrongly, ranked right": ReplyUnderTest(True, "", "z_score"),
        "held back, offered": ReplyUnderTest(False, "", None, ("z_score", "t_score")),
        "held back, ranked wrong": ReplyUnderTest(False, "", None, ("dexa",)),
        "out of scope": ReplyUnderTest(True, "", "dexa"),
    }
    firsts = {
        "answered right": "t_score",
        "answered wrongly, ranked right": "t_score",
        "held back, offered": "t_score",
        "held back, ranked wrong": "dexa",
        "out of scope": "dexa",
    }
    result = evaluate("set", replies.__getitem__, questions, {}, first=firsts.get)
    assert (result.ranked, result.first_right) == (4, 3)
    assert result.first_choice == 0.75 and "first choice right  75.0%" in result.line()
    assert result.causes == {
        "answered wrongly, first choice right": 1,
        "not answered, first choice right, right entry offered": 1,
        "not answered, first choice wrong, not offered": 1,
        "out of scope, answered": 1,
    }
    # Without a first choice nothing is ranked, and the line says nothing of it.
    plain = evaluate("set", replies.__getitem__, questions, {})
    assert plain.ranked == 0 and "first choice" not in plain.line()
    assert plain.causes["answered wrongly, first choice unknown"] == 1


def test_the_held_out_sets_are_also_counted_as_one(results):
    parts = [results[name][0] for name in BLIND if SETS[name] in HELD_OUT]
    assert len(parts) == len(HELD_OUT)
    together = merged("held out", parts)
    for counted in ("answerable", "correct", "offered", "wrong", "out_of_scope", "abstained"):
        assert getattr(together, counted) == sum(getattr(part, counted) for part in parts)
    assert together.accuracy == sum(p.correct for p in parts) / sum(p.answerable for p in parts)
    assert len(together.failures) == sum(len(part.failures) for part in parts)
