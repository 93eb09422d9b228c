"""Answering: lay words, brand names, abbreviations and typos find their entry; else abstain."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assistant import wording
from assistant.knowledge import KnowledgeAnswer, KnowledgeBase

KB = KnowledgeBase.default()


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("what is a t-score", "t_score"),
        ("anastrazole and osteoperosis", ("osteoporosis", "why_bone_loss")),
        ("how often is vitamine d checked", "vitamin_d_monitoring"),
        ("dexa scann", "dexa"),
        ("DXA", "dexa"),
        ("bone scan", "dexa"),
        ("what is Fosamax", "bisphosphonates"),
        ("Prolia", "denosumab"),
        ("Forteo", "teriparatide"),
        ("Evenity", "romosozumab"),
        ("Reclast", "bisphosphonates"),
        ("brittle bones", "osteoporosis"),
        ("thinning bones", "osteoporosis"),
        ("25-OH vitamin D", "vitamin_d_monitoring"),
        ("PTH", "pth_monitoring"),
        ("BTM", "bone_turnover_markers"),
        ("how much calcium should I take a day", "calcium_vitamin_d_targets"),
        ("high E2 symptoms", "estrogen_side_effects_men"),
        ("wich scan measures bone density", "dexa"),
        ("why is calcuim checked", ("calcium_monitoring", "blood_tests")),
        ("bone density scan when starting arimidex", "baseline_dexa"),
    ],
)
def test_answers_from_the_right_entry(question, entry_id):
    answer = KB.ask(question)
    assert answer.answered, KB.explain(question)
    wanted = entry_id if isinstance(entry_id, tuple) else (entry_id,)
    assert answer.entry_id in wanted, KB.explain(question)
    assert answer.source and answer.answer and answer.title
    assert answer.suggestions == ()


@pytest.mark.parametrize(
    "question",
    [
        "hi there, what is CTX please",
        "thanks, and what is a Z-score?",
        "perfect thank you, is -2.1 bad",
        "lovely, how often is dexa repeated",
        "sorry, one more question: what is PTH",
    ],
)
def test_courtesy_around_a_question_changes_nothing(question):
    bare = question.split(",", 1)[1].split(":")[-1].replace("please", "")
    answer, plain = KB.ask(question), KB.ask(bare)
    assert plain.answered and answer.entry_id == plain.entry_id, (answer, plain)


@pytest.mark.parametrize(
    "question",
    [
        "How much anastrozole should I take on TRT?",
        "what dose of arimidex",
        "Is tamoxifen better than anastrozole?",
        "letrozole vs anastrozole",
        "will anastrozole cause hair loss",
        "hot flashes on anastrozole",
        "how much does a dexa scan cost",
        "where can I buy arimidex",
        "what's the weather tomorrow",
        "hello there",
        "does anastrozole interact with ibuprofen",
        "how do I manage type 2 diabetes",
        "finasteride and bones",
        # what causes a finding, and where a medicine is kept: the document says neither
        "what else can cause a low z-score",
        "where should I keep my anastrozole",
        "",
        "???",
    ],
)
def test_abstains_on_what_the_document_does_not_cover(question):
    answer = KB.ask(question)
    assert not answer.answered, (answer.entry_id, KB.explain(question))
    assert answer.entry_id is None and answer.source is None
    # an offer says so ("I'm not sure which of these you mean:"), never "no answer"
    plain = wording.text("knowledge.offer" if answer.suggestions else "knowledge.no_answer")
    assert answer.answer == plain or answer.answer.startswith("The document describes")
    assert len(answer.suggestions) <= 3


def test_a_question_two_entries_answer_alike_offers_both_first():
    answer = KB.ask("What does Arimidex do to my bones?")
    offered = [suggestion.entry_id for suggestion in answer.suggestions]
    if answer.answered:
        assert answer.entry_id in {"why_bone_loss", "anastrozole_women"}
    else:
        assert set(offered[:2]) == {"why_bone_loss", "anastrozole_women"}


def test_a_corrected_word_finds_its_entry_answered_or_first_offered():
    # "which blood tests are done" is held back by the gate today: the labelled questions
    # nearest to it were answered by several entries, so it is offered with its entry first
    answer = KB.ask("wich blood tests are done")
    assert KB.explain(answer.question)["corrections"] == (("wich", "which"),)
    offered = [suggestion.entry_id for suggestion in answer.suggestions]
    assert answer.entry_id == "blood_tests" or offered[0] == "blood_tests", offered


def test_did_you_mean_offers_entries_that_share_the_subject():
    answer = KB.ask("scan or bloods on arimidex")
    assert not answer.answered and answer.outcome == "offer", KB.explain(answer.question)
    assert 1 <= len(answer.suggestions) <= 3
    by_id = {entry.id: entry for entry in KB.entries}
    for suggestion in answer.suggestions:
        entry = by_id[suggestion.entry_id]
        assert (suggestion.title, suggestion.source) == (entry.title, entry.source)
        assert suggestion.answer == KB.text(entry.id)


def test_an_offer_also_holds_entries_whose_answer_names_the_subject():
    # few entries are asked about smoking; the risk factors' answer names it
    answer = KB.ask("does smoking count as a risk factor for fractures")
    assert not answer.answered, answer.entry_id
    offered = [suggestion.entry_id for suggestion in answer.suggestions]
    assert offered[0] == "smoking_alcohol" and "risk_factors_frax" in offered, offered


def test_an_offer_always_holds_the_first_choice_last():
    # the subject filter decides what is answered, not what may be picked: bone remodelling
    # ranks first but does not name estrogen, the subject asked
    answer = KB.ask("which hormones control bone besides estrogen")
    assert not answer.answered, answer.entry_id
    offered = [suggestion.entry_id for suggestion in answer.suggestions]
    assert KB.explain(answer.question)["top"][0][0] == "bone_remodeling"
    assert len(offered) == 3 and offered[-1] == "bone_remodeling", offered
    assert offered.count("bone_remodeling") == 1


def test_a_picked_suggestion_answers_that_entry():
    offered = KB.ask("bone density scan when starting arimidex").suggestions
    for suggestion in offered:
        picked = KB.ask(suggestion.question)
        assert picked.answered and picked.entry_id == suggestion.entry_id


@pytest.mark.parametrize(
    ("question", "subject", "aspect"),
    [
        ("how is teriparatide given", "teriparatide", "how it is taken or given"),
        ("how much does prolia cost", "denosumab", "what it costs"),
        ("what dose of anastrozole do women take", "anastrozole", "how much of it is taken"),
        # the aspect wraps what it asks about in more words than three
        ("how is the prolia injection actually given", "denosumab", "how it is taken or given"),
        # no example question claims an aspect its answer does not give
        ("can osteopenia be reversed", "osteopenia", "whether it can be reversed"),
        # near misses on a bone medicine: how it is used, how soon it works, who it is for,
        # dental work, how often it is given
        ("how should I use my forteo pen", "teriparatide", "how it is taken or given"),
        ("how fast does prolia work", "denosumab", "how soon it works"),
        ("who should avoid romosozumab", "romosozumab", "who should or should not take it"),
        (
            "I need a tooth pulled, I am on fosamax",
            "bisphosphonate",
            "what to do about dental work",
        ),
        ("how often will I have my zometa", "bisphosphonate", "how often it is given or repeated"),
    ],
)
def test_subject_known_aspect_missing_is_said_plainly(question, subject, aspect):
    answer = KB.ask(question)
    assert not answer.answered
    assert answer.answer.startswith(f"The document describes {subject} as "), answer.answer
    assert f"but not {aspect}" in answer.answer


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("what are the side effects of anastrozole", "drug_rare_risks"),
        ("which supplements should a woman of 60 take", "iscd_score_choice"),
        ("do bisphosphonates stop breast cancer spreading", "anastrozole_uses"),
    ],
)
def test_an_answer_shares_the_question_subject(question, wrong):
    answer = KB.ask(question)
    assert answer.entry_id != wrong, KB.explain(question)
    if answer.answered:
        asked = KB.subjects_of(KB.explain(question)["terms"])
        assert asked & KB.entry_subjects(answer.entry_id), (asked, answer.entry_id)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        # words only the entry's example questions hold ("severe osteoporosis") do not answer
        ("what z-score counts as severe osteoporosis", "romosozumab"),
    ],
)
def test_an_answer_needs_its_own_words_and_agreeing_signals(question, wrong):
    answer = KB.ask(question)
    assert not answer.answered, (answer.entry_id, KB.explain(question))
    assert wrong in [suggestion.entry_id for suggestion in answer.suggestions]


def test_a_comparison_of_two_medicines_is_answered_by_one_of_them_or_offered():
    # the risks of bone medicines name both, but answer neither what they are nor how they differ
    question = "what is the difference between alendronate and prolia"
    answer = KB.ask(question)
    shown = [answer.entry_id] if answer.answered else [s.entry_id for s in answer.suggestions]
    assert shown and set(shown) <= {"bisphosphonates", "denosumab", "drug_rare_risks"}
    assert shown[0] in {"bisphosphonates", "denosumab"}, KB.explain(question)


@pytest.mark.parametrize(
    ("question", "wrong", "named"),
    [
        # the kidneys and a bone medicine: the entry on one of them does not answer both; how
        # the medicine is chosen (by renal function, among others) names both
        (
            "kidney function and zoledronic acid",
            "bisphosphonates",
            ("bone_drug_renal_cautions", "drug_choice"),
        ),
        (
            "can I have zoledronic acid with kidney disease",
            "bisphosphonates",
            "bone_drug_renal_cautions",
        ),
        # two medicines compared: how the medicine is chosen names only one of them, while
        # each medicine's own entry names one as well
        (
            "What is the Difference Between Bisphosphonates and Denosumab",
            "drug_choice",
            ("denosumab", "bisphosphonates"),
        ),
    ],
)
def test_an_answer_names_as_many_subjects_asked_as_any_rival(question, wrong, named):
    answer = KB.ask(question)
    assert answer.entry_id != wrong, KB.explain(question)
    offered = [suggestion.entry_id for suggestion in answer.suggestions]
    named = named if isinstance(named, tuple) else (named,)
    assert answer.entry_id in named or set(named) & set(offered), (answer.entry_id, offered)


@pytest.mark.parametrize(
    "spellings",
    [
        ("long-term effects", "long term effects", "longterm effects"),
        ("weight-bearing exercise", "weight bearing exercise"),
        ("first-line treatment", "first line treatment"),
    ],
)
def test_a_compound_the_document_hyphenates_is_one_term_however_typed(spellings):
    terms = [KB.analyzer.analyse(text).terms for text in spellings]
    assert all(found == terms[0] for found in terms), terms
    assert len(terms[0]) == 2, terms[0]  # the compound as one term, and the word after it


def test_a_compound_holding_a_lexicon_term_keeps_it():
    # "bone-specific", "anastrozole-induced": the lexicon's own term is not hidden in a compound
    assert "bone" in KB.analyzer.analyse("bone specific alkaline").terms
    assert "anastrozol" in KB.analyzer.analyse("anastrozole-induced bone loss").terms


def test_a_question_on_men_is_answered_only_by_an_entry_on_men():
    question = "What are the recommended monitoring frequencies for bone density in men on AIs?"
    assert "men" in KB.subjects_of(KB.explain(question)["terms"])
    answer = KB.ask(question)
    if answer.answered:
        assert "men" in KB.entry_subjects(answer.entry_id), answer.entry_id


def test_the_story_around_the_asking_sentence_still_ranks():
    # the sentence that asks says only "bad for my bones"; the story says who and on what
    question = (
        "I inject testosterone and my clinic added arimidex last month. Is the arimidex bad for "
        "my bones? I thought estrogen only mattered for women."
    )
    answer = KB.ask(question)
    assert answer.entry_id != "smoking_alcohol", KB.explain(question)
    offered = [suggestion.entry_id for suggestion in answer.suggestions]
    assert "estrogen_bone_men" in [answer.entry_id, *offered], (answer.entry_id, offered)


def test_a_brand_spelled_in_two_terms_weighs_as_the_one_word_typed():
    # the lexicon spells "reclast" as zoledronic acid and bisphosphonate: the kidneys still
    # decide what comes first, not the medicine's own entry (answered or offered first)
    answer = KB.ask("reclast with ckd")
    first = answer.entry_id or answer.suggestions[0].entry_id
    assert first == "bone_drug_renal_cautions", KB.explain("reclast with ckd")


def test_a_brand_name_does_not_outweigh_what_is_asked_about_it():
    # "fosamax" is alendronate and bisphosphonate to the lexicon: two terms, one word typed
    answer = KB.ask("fosamax and kidney problems")
    assert answer.entry_id == "bone_drug_renal_cautions", KB.explain("fosamax and kidney problems")


def test_an_entry_whose_own_words_hold_the_question_answers_with_a_smaller_lead():
    # nearly every topic word is in what the entry says, and an example question is alike
    question = "bone density fell 4% since the previous scan, is that a real change"
    answer = KB.ask(question)
    assert answer.entry_id == "least_significant_change", KB.explain(question)


def test_document_answer_names_its_section_and_external_its_citation():
    document = KB.ask("what is a z-score")
    assert document.source == "Bone Mineral Density Measurement" and not document.external
    external = KB.ask("what vitamin d level is deficient")
    assert external.external and external.entry_id == "vitamin_d_cutoffs"
    assert "Endocrine Society" in (external.source or "")


def test_table_rows_and_list_markers_read_as_text():
    answer = KB.ask("monitoring schedule")
    assert answer.entry_id == "monitoring_schedule"
    row = "DEXA Scan (Baseline Assessment: Yes; Ongoing Frequency: Every 1-2 years"
    assert row in answer.answer
    assert "|" not in answer.answer and "∞" not in answer.answer


def test_to_json_has_exactly_the_spec_fields():
    payload = KB.ask("what is osteopenia").to_json()
    assert list(payload) == [
        "question",
        "answered",
        "entry_id",
        "title",
        "answer",
        "source",
        "score",
        "suggestions",
    ]
    assert payload["answered"] is True and isinstance(payload["suggestions"], list)


def test_answer_is_frozen_and_deterministic():
    first, second = KB.ask("why check vitamin d"), KB.ask("why check vitamin d")
    assert first == second
    assert isinstance(first, KnowledgeAnswer)
    with pytest.raises(AttributeError):
        first.answered = False  # type: ignore[misc]


def test_entry_lookup():
    entry = KB.entry("t_score")
    assert entry is not None and entry.section == "Bone Mineral Density Measurement"
    assert KB.entry("no_such_entry") is None


def test_knowledge_package_imports_no_channel_library():
    package = Path(__file__).resolve().parents[2] / "assistant" / "knowledge"
    forbidden = ("prompt_toolkit", "slack_bolt", "slack_sdk", "assistant.channels")
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(forbidden), f"{path.name} imports {name}"
