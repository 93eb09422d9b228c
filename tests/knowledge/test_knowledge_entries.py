"""The curated knowledge is consistent with the source document and with itself."""

from __future__ import annotations

import re

import pytest

from assistant.knowledge import KnowledgeBase
from assistant.knowledge.source_document import SourceDocument, squeeze
from assistant.resources import SOURCE_DOCUMENT

KB = KnowledgeBase.default()
DOCUMENT = SourceDocument.load(SOURCE_DOCUMENT)
DOCUMENT_TEXT = squeeze(SOURCE_DOCUMENT.read_text(encoding="utf-8"))

# Intake facts whose "why we ask" the dialog links to an entry (published ids).
INTAKE_FACTS = [
    "sex",
    "age",
    "menopausal_status",
    "indication",
    "anastrozole_start",
    "prior_fragility_fracture",
    "family_history_osteoporosis",
    "smoker",
    "alcohol_units_per_week",
    "weight_bearing_exercise",
    "dietary_calcium_adequate",
    "calcium_supplement",
    "vitamin_d_supplement",
    "glucocorticoids",
    "bone_medication",
    "egfr",
    "dexa",
    "t_score",
    "z_score",
    "calcium",
    "vitamin_d",
    "pth",
    "p1np",
    "ctx",
    "bsap",
    "ntx",
]

# External facts SPEC section 6 relies on: each must be its own entry, marked external, cited.
EXTERNAL_IDS = [
    "vitamin_d_cutoffs",
    "calcium_range",
    "pth_range",
    "iscd_score_choice",
    "iscd_diagnostic_sites",
    "least_significant_change",
    "hadji_2017_thresholds",
    "risk_factors_frax",
    "no_ai_threshold_men",
    "bone_drug_renal_cautions",
    "ctx_fasting_morning",
    "calcium_vitamin_d_targets",
]

DOCUMENT_ENTRIES = [entry for entry in KB.entries if not entry.external]


@pytest.mark.parametrize("entry", DOCUMENT_ENTRIES, ids=lambda entry: entry.id)
def test_every_answer_sentence_is_verbatim_in_its_section(entry):
    assert entry.section in DOCUMENT.sections, f"{entry.id}: unknown section {entry.section!r}"
    for sentence in entry.answer:
        assert squeeze(sentence) in DOCUMENT_TEXT, f"{entry.id}: not in the document: {sentence}"
        assert DOCUMENT.contains(entry.section, sentence), (
            f"{entry.id}: not in section {entry.section!r}: {sentence}"
        )


def test_knowledge_check_finds_no_problem():
    assert [str(problem) for problem in KB.check()] == []


def test_ids_are_unique_and_related_ids_exist():
    ids = [entry.id for entry in KB.entries]
    assert len(ids) == len(set(ids))
    for entry in KB.entries:
        assert entry.questions, f"{entry.id} has no example questions"
        for other in entry.related:
            assert KB.entry(other) is not None, f"{entry.id} -> {other}"


@pytest.mark.parametrize("fact", INTAKE_FACTS)
def test_every_intake_question_has_a_why_entry(fact):
    entry = KB.why_we_ask(fact)
    assert entry is not None, f"no entry explains why we ask {fact}"


@pytest.mark.parametrize("entry_id", EXTERNAL_IDS)
def test_external_facts_are_separate_cited_entries(entry_id):
    entry = KB.entry(entry_id)
    assert entry is not None and entry.external and entry.citation
    assert entry.section is None
    assert entry.source == entry.citation


def test_every_content_section_of_the_document_has_an_entry():
    covered = {entry.section for entry in DOCUMENT_ENTRIES}
    # Part titles, the introductory "Intermediate"/"Academic" paragraphs, the references and
    # the closing reflection hold no facts a patient asks about.
    skipped = {
        "Fundamentals",
        "Intermediate",
        "Academic",
        "References",
        "Reflection",
        "Advanced Diagnostic Modalities and Biomarker Analysis",
        "Therapeutic Strategies and Pharmacogenomics",
    }
    missing = set(DOCUMENT.sections) - skipped - covered
    assert not missing


def test_external_texts_carry_the_spec_thresholds():
    text = KB.text
    assert re.search(r"below 20 ng/mL", text("vitamin_d_cutoffs") or "")
    assert "2024" in (text("vitamin_d_cutoffs") or "")
    assert "8.5 and 10.5 mg/dL" in (text("calcium_range") or "")
    assert "15 and 65 pg/mL" in (text("pth_range") or "")
    assert "2.77" in (text("least_significant_change") or "")
    assert "-2.0" in (text("hadji_2017_thresholds") or "")
    assert "fast" in (text("ctx_fasting_morning") or "")
    assert "1000 to 1200 mg" in (text("calcium_vitamin_d_targets") or "")
    assert "No aromatase-inhibitor-specific" in (text("no_ai_threshold_men") or "")
    assert "eGFR under 30" in (text("bone_drug_renal_cautions") or "")
