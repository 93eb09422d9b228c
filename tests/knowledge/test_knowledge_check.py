"""`KnowledgeBase.check` names file and line for each kind of mistake in knowledge/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import DefinitionError
from assistant.knowledge import KnowledgeBase
from assistant.resources import KNOWLEDGE_DIR


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target, ignore=shutil.ignore_patterns("index.json", "eval"))
    return target


BROKEN = """\
- id: broken_one
  title: A broken entry
  section: Bone Mineral Density Measurement
  answer:
    - "A T-score of -1.0 or above is considered excellent."
  questions: [what is broken]
  keywords: [broken]
  related: [no_such_entry]
  colour: blue

- id: t_score
  title: A second t_score
  section: No Such Heading
  answer: ["A T-score of -1.0 or above is considered normal."]
"""


def test_check_reports_each_problem_with_file_and_line(knowledge: Path):
    (knowledge / "entries" / "zz_broken.yaml").write_text(BROKEN, encoding="utf-8")
    problems = KnowledgeBase.load(knowledge).check()
    messages = [str(problem) for problem in problems]
    where = "knowledge/entries/zz_broken.yaml"
    assert any(m.startswith(f"{where}:9:") and "unknown key 'colour'" in m for m in messages)
    assert any(m.startswith(f"{where}:5:") and "answer sentence not found" in m for m in messages)
    assert any(
        m.startswith(f"{where}:1:") and "'no_such_entry' does not exist" in m for m in messages
    )
    assert any(m.startswith(f"{where}:11:") and "duplicate id 't_score'" in m for m in messages)
    assert any(m.startswith(f"{where}:11:") and "'No Such Heading'" in m for m in messages)
    assert all(isinstance(problem, DefinitionError) for problem in problems)


def test_invalid_yaml_raises_with_line(knowledge: Path):
    (knowledge / "entries" / "zz_bad.yaml").write_text(
        "- id: x\n  title: [unclosed\n", encoding="utf-8"
    )
    with pytest.raises(DefinitionError) as caught:
        KnowledgeBase.load(knowledge)
    assert "knowledge/entries/zz_bad.yaml:" in str(caught.value)


def test_unquoted_yes_in_lexicon_is_refused(knowledge: Path):
    lexicon = knowledge / "lexicon.yaml"
    lexicon.write_text(
        lexicon.read_text(encoding="utf-8").replace('"yes"', "yes"), encoding="utf-8"
    )
    with pytest.raises(DefinitionError, match="quote it"):
        KnowledgeBase.load(knowledge)


def test_index_is_rebuilt_when_a_source_changes(knowledge: Path):
    from assistant.knowledge.knowledge_base import index_path

    first = KnowledgeBase.load(knowledge)
    assert index_path(knowledge.resolve()).exists()  # in the cache, never beside the sources
    assert not (knowledge / "index.json").exists()
    assert first.ask("what is a bone density thingamajig").answered is False
    entries = knowledge / "entries" / "assessment.yaml"
    entries.write_text(
        entries.read_text(encoding="utf-8").replace(
            "  keywords: [dexa, dxa,", "  keywords: [thingamajig, dexa, dxa,"
        ),
        encoding="utf-8",
    )
    from assistant.knowledge.knowledge_base import _load

    _load.cache_clear()  # a new process would start here
    second = KnowledgeBase.load(knowledge)
    assert second is not first
    assert second.ask("what is a thingamajig").entry_id == "dexa"


def test_load_is_cached_per_directory():
    assert KnowledgeBase.load(KNOWLEDGE_DIR) is KnowledgeBase.default()


def test_check_rejects_duplicate_and_conflicting_data(knowledge: Path):
    lexicon = knowledge / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    text = text.replace("  denosumab: [prolia, xgeva]", "  denosumab: [prolia, xgeva, forteo]")
    text = text.replace("ignore: [a, about,", "ignore: [a, about, a, prolia,")
    lexicon.write_text(text, encoding="utf-8")
    scope = knowledge / "out_of_scope.yaml"
    text = scope.read_text(encoding="utf-8")
    scope.write_text(text.replace("[cost, costs,", "[cost, costs, tamoxifen,"), encoding="utf-8")
    messages = [str(problem) for problem in KnowledgeBase.load(knowledge).check()]
    assert any("synonym 'forteo' of 'teriparatide' also maps to 'denosumab'" in m for m in messages)
    assert any(
        m.startswith("knowledge/lexicon.yaml:") and "'a' listed twice" in m for m in messages
    )
    assert any("ignored word 'prolia' is also a synonym of 'denosumab'" in m for m in messages)
    assert any(
        m.startswith("knowledge/out_of_scope.yaml:") and "'tamoxifen' (other_medicines)" in m
        for m in messages
    ), messages


def test_the_shipped_data_has_no_duplicates():
    from assistant.knowledge.validation import check_data

    assert check_data(KNOWLEDGE_DIR) == []
