"""The two ways `assistant.rules.codec` checks data agree: whatever the quick reader builds,
pydantic builds the same (types included), and the quick reader builds valid documents itself."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from assistant.rules import Facts, assess
from assistant.rules.assessment import Assessment
from assistant.rules.codec import Invalid, check, check_json, dump, read_quickly
from assistant.rules.facts import DexaScan, LabResult
from tests.rules.test_rules_properties import TODAY, facts_documents

# Values a hand-edited or damaged document might hold instead of the right one.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "58", "yes", "2024-02-30", "2024-2-3", "20240203", "female", "ug/l"]),
    st.sampled_from(["total_hip", "calcium", "t_score", "-1.8", "1e400", "NaN"]),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["site", "test", "value"]), st.integers(), max_size=2),
)


def _text(value: object) -> str:
    return json.dumps(dump(value))


@st.composite
def damaged(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document with one value replaced, one field added, or one removed, anywhere."""
    document: dict[str, Any] = draw(facts_documents())
    targets: list[dict[str, Any]] = [document, *document["dexa"], *document["labs"]]
    target = draw(st.sampled_from(targets))
    how = draw(st.sampled_from(["replace", "add", "remove"]))
    if how == "add":
        target[draw(st.sampled_from(["unknown", "t_scor", "Age"]))] = draw(ODD_VALUES)
    elif target and how == "remove":
        del target[draw(st.sampled_from(sorted(target)))]
    elif target:
        target[draw(st.sampled_from(sorted(target)))] = draw(ODD_VALUES)
    return document


def _agrees(data: object) -> None:
    quick = read_quickly(Facts, data)
    try:
        lax = TypeAdapter(Facts).validate_python(data)
    except Exception:
        lax = None
    if quick is not None:
        assert lax == quick
        assert _text(lax) == _text(quick)  # 1 is not 1.0
    try:
        text = json.dumps(data, allow_nan=True)
    except (TypeError, ValueError):
        return
    quick = read_quickly(Facts, json.loads(text))
    if quick is not None:
        strict = TypeAdapter(Facts).validate_json(text, strict=True)
        assert _text(strict) == _text(quick)


@settings(max_examples=150, deadline=None)
@given(facts_documents())
def test_valid_documents_are_built_by_the_quick_reader_as_pydantic_builds_them(
    document: dict[str, Any],
) -> None:
    assert read_quickly(Facts, document) is not None
    _agrees(document)


@settings(max_examples=100, deadline=None)
@given(facts_documents())
def test_dump_writes_what_pydantic_writes(document: dict[str, Any]) -> None:
    facts = check(Facts, document)
    assessment = assess(facts, TODAY)
    for value, kind in ((facts, Facts), (assessment, Assessment)):
        assert dump(value) == TypeAdapter(kind).dump_python(value, mode="json")
    assert dump(facts, exclude_none=True) == TypeAdapter(Facts).dump_python(
        facts, mode="json", exclude_none=True
    )


@settings(max_examples=400, deadline=None)
@given(damaged())
def test_damaged_documents_are_never_built_otherwise_than_pydantic_would(
    document: dict[str, Any],
) -> None:
    _agrees(document)


@pytest.mark.parametrize(
    ("data", "field", "kind"),
    [
        ({"age": "58"}, "age", "int_type"),
        ({"age": 58.0}, "age", "int_type"),
        ({"age": 500}, "age", "less_than_equal"),
        ({"smoker": "yes"}, "smoker", "bool_type"),
        ({"dexa": [{"site": "hip"}]}, "site", "enum"),
        ({"dexa": [{"site": "total_hip", "t_score": -9}]}, "t_score", "greater_than_equal"),
        ({"dexa": [{"site": "total_hip", "bogus": 1}]}, "bogus", "unexpected_keyword_argument"),
        ({"labs": [{"test": "calcium", "value": 40, "unit": "mg/dL"}]}, 0, "value_error"),
    ],
)
def test_refusals_are_pydantics_errors(data: dict[str, Any], field: object, kind: str) -> None:
    text = json.dumps(data)
    with pytest.raises(Invalid) as refused:
        check_json(Facts, text, json.loads(text))
    first = refused.value.errors()[0]
    assert (first["loc"][-1], first["type"]) == (field, kind)


def test_a_lab_unit_is_spelled_as_accepted_on_both_paths() -> None:
    data = {"test": "p1np", "value": 40, "unit": "ug/l"}
    assert check(LabResult, data).unit == "µg/L"
    assert TypeAdapter(LabResult).validate_python(data).unit == "µg/L"


def test_an_assessment_reads_back_from_its_json() -> None:
    facts = check(
        Facts,
        {
            "sex": "female",
            "age": 66,
            "dexa": [{"date": "2025-01-02", "site": "total_hip", "t_score": -2.7}],
            "labs": [{"date": "2025-01-02", "test": "vitamin_d", "value": 12, "unit": "ng/mL"}],
        },
    )
    assessment = assess(facts, TODAY)
    assert check(Assessment, json.loads(_text(assessment))) == assessment
    assert check(DexaScan, dump(facts.dexa[0])) == facts.dexa[0]


def test_assessing_a_valid_file_does_not_import_pydantic(tmp_path: Any) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"sex": "male", "age": 50, "dexa": []}), encoding="utf-8")
    probe = (
        "import sys; from assistant.cli import main; main(['assess', sys.argv[1]]); "
        "print('pydantic' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(facts)], capture_output=True, text=True, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr
