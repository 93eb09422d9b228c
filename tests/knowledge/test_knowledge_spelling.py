"""Typo correction only for words that are not words, and a gate that measures the question."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.english import english
from assistant.knowledge import KnowledgeBase
from assistant.knowledge.asking import asking_sentence, refers_back
from assistant.knowledge.spelling import Corrector

KB = KnowledgeBase.default()


@pytest.mark.parametrize("word", ["job", "pack", "case", "mode", "quit", "cold", "dose", "bond"])
def test_a_common_english_word_is_never_rewritten(word):
    assert word in english()
    assert KB.analyzer.correct(word) == word


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("wich", "which"),
        ("anastrazole", "anastrozole"),
        ("osteoperosis", "osteoporosis"),
        ("scann", "scan"),
        ("efect", "effect"),
        ("calcuim", "calcium"),
        ("teriparatid", "teriparatide"),
        ("postmeno", "postmenopause"),  # shorthand, read before typos ("postmen")
        ("bisphos", "bisphosphonate"),
    ],
)
def test_real_misspellings_are_fixed(typed, meant):
    assert KB.analyzer.correct(typed) == meant


def test_a_missing_letter_beats_a_wrong_one_and_the_knowledge_base_comes_first():
    corrector = Corrector({"dexa", "which", "with"})
    assert corrector.correct("wich") == "which"  # not "with", one wrong letter
    assert corrector.correct("dexs") == "dexa"
    assert corrector.correct("zzzzqx") == "zzzzqx"  # nothing near: left alone


def test_the_word_list_is_read_only_for_a_word_the_knowledge_base_does_not_know():
    code = (
        "from assistant.knowledge import KnowledgeBase\n"
        "from assistant.english import english\n"
        "kb = KnowledgeBase.default()\n"
        "kb.ask('what is a t-score')\n"
        "print(english.cache_info().currsize)\n"
        "kb.ask('which backpack can I carry on arimidex')\n"
        "print(english.cache_info().currsize)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0", "1"]


def test_an_unknown_word_does_not_weigh_like_the_rarest():
    # "pack" and "pts" are in no entry: they must not sink the coverage of the entry asked about.
    for question in (
        "how often should I repeat the dexa scan, pack of questions",
        "how often should the dexa scan be repeated in pts",
    ):
        explained = KB.explain(question)
        assert explained["unknown"], explained
        entry, _score, coverage = explained["top"][0]
        assert entry == "dexa_frequency" and coverage >= 0.7, explained
    index = KB.index
    assert index.common_idf < index.unknown_idf


def test_the_sentence_that_asks_is_measured_not_the_story_around_it():
    story = (
        "I was diagnosed two years ago and my sister drove me to every appointment. "
        "The hospital car park was always full. How often is the DEXA scan repeated?"
    )
    assert asking_sentence(story) == "How often is the DEXA scan repeated?"
    assert KB.ask(story).entry_id == KB.ask("How often is the DEXA scan repeated?").entry_id
    assert KB.ask(story).answered


def test_a_question_that_points_back_keeps_its_context():
    assert refers_back("does that really make a difference?")
    assert not refers_back("how often is the scan repeated?")
    message = "I still smoke about 10 a day. Does that make a difference to my bones?"
    answer = KB.ask(message)
    wanted = {"smoking_alcohol", "lifestyle"}
    assert answer.entry_id in wanted or {s.entry_id for s in answer.suggestions} & wanted


@pytest.mark.parametrize(
    "question",
    ["ribociclib and bone density", "is kisqali bad for my bones", "cabergoline and osteoporosis"],
)
def test_a_name_no_one_knows_is_not_answered(question):
    # Neither the knowledge base's nor an English word, nor a typo of one: another medicine.
    answer = KB.ask(question)
    assert not answer.answered, KB.explain(question)
