"""The labelled questions nearest a new one: found by cosine over idf-weighted features, read
back from their file unchanged, and kept in step with the classifier they come from."""

from __future__ import annotations

import math

from assistant.cache_files import load_cached
from assistant.knowledge import KnowledgeBase
from assistant.knowledge.classifier import NONE, Sample
from assistant.knowledge.knowledge_base import classifier_code
from assistant.knowledge.neighbours import Neighbours
from assistant.knowledge.training import SHIPPED_NEIGHBOURS, stamp_of

CLASSES = ["dexa_frequency", "dexa", "denosumab", NONE]
TOY = [
    Sample(("dexa", "often", "dexa|often"), ("dexa_frequency",)),
    Sample(("dexa", "what", "cue:definition"), ("dexa",)),
    Sample(("denosumab", "what", "cue:definition"), ("denosumab",)),
    Sample(("denosumab", "side", "effect", "side|effect"), ()),  # out of scope: none
    Sample(("side", "effect"), (), prior=False),  # not a whole question: not remembered
]


def test_the_same_question_is_its_own_nearest_at_cosine_one():
    nearest = Neighbours.build(TOY, CLASSES)
    (number, similarity), *rest = nearest.near(["dexa", "often", "dexa|often"])
    assert number == 0 and math.isclose(similarity, 1.0, abs_tol=1e-6)
    assert [n for n, _ in rest] == [1]  # shares "dexa" only; nothing else shares a feature
    assert 0 < rest[0][1] < 1


def test_a_sample_that_is_no_whole_question_is_left_out():
    nearest = Neighbours.build(TOY, CLASSES)
    assert len(nearest.labels) == 4
    assert nearest.near(["unheard"]) == []


def test_signals_say_what_the_nearest_questions_were_answered_with():
    nearest = Neighbours.build(TOY, CLASSES)
    asked = ["denosumab", "side", "effect", "side|effect"]
    share, none, own, top, top_is_own = nearest.signals(asked, "denosumab")
    assert none > share > 0  # the near miss labelled none is nearer than the definition
    assert top_is_own == 0.0 and top > own > 0
    share, none, own, top, top_is_own = nearest.signals(["dexa", "often"], "dexa_frequency")
    assert share > 0.5 and none == 0.0 and top_is_own == 1.0 and own == top
    assert nearest.signals(["unheard"], "dexa") == [0.0] * 5


def test_ties_go_to_the_earlier_question():
    twins = [Sample(("pth",), ("dexa",)), Sample(("pth",), ("denosumab",))]
    nearest = Neighbours.build(twins, CLASSES)
    assert [n for n, _ in nearest.near(["pth"])] == [0, 1]


def test_neighbours_read_back_from_their_file_are_those_built():
    built = Neighbours.build(TOY, CLASSES)
    read = Neighbours.from_json(built.to_json())
    for asked in (["dexa", "what"], ["denosumab", "side"], ["dexa", "often", "side"]):
        assert read.near(asked) == built.near(asked)


def test_the_shipped_neighbours_are_those_of_the_current_sources():
    kb = KnowledgeBase.default()
    shipped = load_cached(kb.directory / SHIPPED_NEIGHBOURS, stamp_of(kb, classifier_code()))
    assert isinstance(shipped, dict), (
        "knowledge/neighbours.json is stale: run `python -m assistant.knowledge.training`"
    )
    assert Neighbours.from_json(shipped).classes == [entry.id for entry in kb.entries] + [NONE]
