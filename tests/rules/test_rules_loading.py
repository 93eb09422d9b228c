"""`load_facts`: one clear FactsError naming the field and the problem; missing is not an error."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assistant.errors import FactsError
from assistant.rules import load_facts
from assistant.rules.codec import dump

TODAY = dt.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("document", "field", "fragment"),
    [
        ("{", "", "not valid JSON"),
        ('{"age": 58, // comment\n}', "", "no comments"),
        ("[1, 2]", "", "one JSON object"),
        ('{"dexa": [{"site": "lumbar_spine", "t_score": 9}]}', "dexa[0].t_score", "T-score"),
        ('{"dexa": [{"site": "lumbar_spine", "z_score": -7.5}]}', "dexa[0].z_score", "-7 to 5"),
        ('{"dexa": [{"site": "hip"}]}', "dexa[0].site", "total_hip"),
        ('{"dexa": [{"t_score": -1}]}', "dexa[0].site", "required"),
        (
            '{"labs": [{"test": "vitD", "value": 3, "unit": "ng/mL"}]}',
            "labs[0].test",
            "unknown test",
        ),
        (
            '{"labs": [{"test": "vitamin_d", "value": 30, "unit": "mg"}]}',
            "labs[0].unit",
            "ng/mL or nmol/L",
        ),
        (
            '{"labs": [{"test": "calcium", "value": -1, "unit": "mg/dL"}]}',
            "labs[0].value",
            "4 to 16 mg/dL",
        ),
        (
            '{"labs": [{"test": "calcium", "value": 40, "unit": "mg/dL"}]}',
            "labs[0].value",
            "plausible",
        ),
        (
            '{"labs": [{"test": "vitamin_d", "value": 2000, "unit": "ng/mL"}]}',
            "labs[0].value",
            "1 to 400",
        ),
        (
            '{"labs": [{"test": "calcium", "value": 9, "unit": "mg/dL",'
            ' "reference_low": 10, "reference_high": 9}]}',
            "labs[0].reference_low",
            "below reference_high",
        ),
        (
            '{"labs": [{"test": "calcium", "value": NaN, "unit": "mg/dL"}]}',
            "labs[0].value",
            "not a number",
        ),
        (
            '{"dexa": [{"site": "lumbar_spine", "date": "2026-01-16"}]}',
            "dexa[0].date",
            "after today",
        ),
        (
            '{"labs": [{"test": "pth", "value": 40, "unit": "pg/mL", "date": "2027-01-01"}]}',
            "labs[0].date",
            "after today",
        ),
        (
            '{"dexa": [{"site": "lumbar_spine", "date": "2024-02-30"}]}',
            "dexa[0].date",
            "YYYY-MM-DD",
        ),
        ('{"age": "58"}', "age", "whole number"),
        ('{"age": 58.5}', "age", "whole number"),
        ('{"age": 200}', "age", "age in years"),
        ('{"smoker": "yes"}', "smoker", "true, false or null"),
        ('{"sex": "m"}', "sex", "'female' or 'male'"),
        (
            '{"sex": "male", "menopausal_status": "postmenopausal"}',
            "menopausal_status",
            "women only",
        ),
        ('{"egfr": 0}', "egfr", "eGFR"),
        ('{"ageing": 3}', "ageing", "not a known field"),
    ],
)
def test_bad_documents_name_the_field(document: str, field: str, fragment: str) -> None:
    with pytest.raises(FactsError) as caught:
        load_facts(document, today=TODAY)
    assert caught.value.field == field
    assert fragment in caught.value.problem
    assert "\n" not in str(caught.value)


def test_missing_facts_are_not_errors() -> None:
    facts = load_facts("{}", today=TODAY)
    assert facts.age is None and facts.dexa == () and facts.labs == ()


def test_today_is_allowed_and_future_start_is_a_plan() -> None:
    document = {
        "anastrozole_start": "2026-03-01",
        "dexa": [{"site": "lumbar_spine", "date": "2026-01-15", "t_score": -1.0}],
    }
    facts = load_facts(json.dumps(document), today=TODAY)
    assert facts.dexa[0].date == TODAY


def test_spec_example_loads() -> None:
    document = {
        "patient_id": "P-0042",
        "sex": "female",
        "age": 58,
        "menopausal_status": "postmenopausal",
        "indication": "breast_cancer",
        "anastrozole_start": "2024-03-01",
        "prior_fragility_fracture": False,
        "family_history_osteoporosis": True,
        "smoker": False,
        "alcohol_units_per_week": 4,
        "weight_bearing_exercise": True,
        "dietary_calcium_adequate": False,
        "calcium_supplement": False,
        "vitamin_d_supplement": True,
        "glucocorticoids": False,
        "bone_medication": None,
        "egfr": 82,
        "dexa": [
            {
                "date": "2024-02-20",
                "site": "lumbar_spine",
                "t_score": -1.8,
                "z_score": -0.9,
                "bmd": 0.948,
            },
            {"date": "2024-02-20", "site": "total_hip", "t_score": -1.2},
        ],
        "labs": [
            {"date": "2024-02-20", "test": "vitamin_d", "value": 45, "unit": "nmol/L"},
            {"date": "2024-02-20", "test": "calcium", "value": 9.4, "unit": "mg/dl"},
        ],
    }
    facts = load_facts(json.dumps(document), today=dt.date(2026, 11, 24))
    assert facts.labs[1].unit == "mg/dL"
    assert dump(facts)["dexa"][0]["t_score"] == -1.8
