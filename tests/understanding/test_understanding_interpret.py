"""The quick interpretation of a pasted message, as the Slack bot uses it."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.rules.codec import check
from assistant.rules.facts import Facts
from assistant.understanding.interpretation import interpret

TODAY = dt.date(2026, 11, 25)


def test_breast_cancer_example() -> None:
    result = interpret(
        "58F on anastrozole for breast cancer, spine T -2.7, hip -1.9, vit D 45 nmol/L", TODAY
    )
    assert result.facts == {
        "age": 58,
        "sex": "female",
        "indication": "breast_cancer",
        "dexa": [
            {"site": "lumbar_spine", "t_score": -2.7, "date": None},
            {"site": "total_hip", "t_score": -1.9, "date": None},
        ],
        "labs": [{"test": "vitamin_d", "value": 45.0, "unit": "nmol/L", "date": None}],
    }
    assert "age 58" in result.understood and "sex female" in result.understood
    assert "lumbar spine T-score -2.7" in result.understood
    assert result.questions == [] and result.refused == []
    check(Facts, result.facts)


def test_trt_example() -> None:
    result = interpret(
        "62M TRT, DEXA 2025-03 LS -1.6 TH -1.1, 25-OH D 18 ng/mL, Ca 2.35 mmol/L", TODAY
    )
    march = dt.date(2025, 3, 1)
    assert result.facts == {
        "age": 62,
        "sex": "male",
        "indication": "trt",
        "dexa": [
            {"site": "lumbar_spine", "t_score": -1.6, "date": march},
            {"site": "total_hip", "t_score": -1.1, "date": march},
        ],
        "labs": [
            {"test": "vitamin_d", "value": 18.0, "unit": "ng/mL", "date": None},
            {"test": "calcium", "value": 2.35, "unit": "mmol/L", "date": None},
        ],
    }
    assert result.questions == [] and result.refused == []
    check(Facts, result.facts)


@pytest.mark.parametrize(
    "text, key, value",
    [
        ("58 F", "sex", "female"),
        ("58yo female", "sex", "female"),
        ("58 year old woman", "age", 58),
        ("F 58", "age", 58),
        ("age 71", "age", 71),
        ("male", "sex", "male"),
        ("postmenopausal", "menopausal_status", "postmenopausal"),
        ("post-menopausal woman", "menopausal_status", "postmenopausal"),
        ("premenopausal", "menopausal_status", "premenopausal"),
        ("breast ca", "indication", "breast_cancer"),
        ("on testosterone", "indication", "trt"),
        ("on Prolia", "bone_medication", "denosumab"),
        ("alendronate weekly", "bone_medication", "bisphosphonate"),
        ("smoker", "smoker", True),
        ("non-smoker", "smoker", False),
        ("ex-smoker", "smoker", False),
        ("prior fragility fracture of the wrist", "prior_fragility_fracture", True),
        ("wrist fracture after a fall from standing height", "prior_fragility_fracture", True),
        ("broke her wrist skiing in 2019", "prior_fragility_fracture", False),
        ("Fracture: none", "prior_fragility_fracture", False),
        ("denies steroid use", "glucocorticoids", False),
        ("Steroids: no", "glucocorticoids", False),
        ("no steroids or fractures", "prior_fragility_fracture", False),
        ("Mrs P 66, spine T -1.2", "age", 66),
        ("Mrs P 66, spine T -1.2", "sex", "female"),
        ("no fractures", "prior_fragility_fracture", False),
        ("FHx osteoporosis", "family_history_osteoporosis", True),
        ("mother had a hip fracture", "family_history_osteoporosis", True),
        ("on prednisolone", "glucocorticoids", True),
        ("no steroids", "glucocorticoids", False),
        ("eGFR 82", "egfr", 82.0),
        ("eGFR 45 mL/min/1.73m2", "egfr", 45.0),
        ("alcohol 4 units/week", "alcohol_units_per_week", 4.0),
        ("teetotal", "alcohol_units_per_week", 0.0),
        ("calcium supplements", "calcium_supplement", True),
        ("on vit D supplement", "vitamin_d_supplement", True),
        ("walks daily", "weight_bearing_exercise", True),
        ("on anastrozole since March 2024", "anastrozole_start", dt.date(2024, 3, 1)),
        ("started anastrozole 2 years ago", "anastrozole_start", dt.date(2024, 11, 1)),
    ],
)
def test_single_facts(text: str, key: str, value: object) -> None:
    result = interpret(text, TODAY)
    assert result.facts.get(key) == value, result
    check(Facts, result.facts)


def test_negations_are_read_as_such() -> None:
    result = interpret("never smoked, never broken a bone, no steroids, no family history", TODAY)
    assert result.facts == {
        "smoker": False,
        "prior_fragility_fracture": False,
        "glucocorticoids": False,
        "family_history_osteoporosis": False,
    }
    assert "non-smoker" in result.understood


def test_supplement_is_not_a_lab_value() -> None:
    result = interpret("on vit D supplement, vit D 45 nmol/L", TODAY)
    assert result.facts["vitamin_d_supplement"] is True
    assert result.facts["labs"] == [
        {"test": "vitamin_d", "value": 45.0, "unit": "nmol/L", "date": None}
    ]


def test_ambiguous_and_implausible_values_stay_out_of_facts() -> None:
    result = interpret("vit D 30, T-score +7 at the hip, calcium 40 mg/dL, spine -2.1", TODAY)
    assert result.facts == {"dexa": [{"site": "lumbar_spine", "t_score": -2.1, "date": None}]}
    assert any("ng/mL or nmol/L" in q for q in result.questions)
    assert any("T-score of 7" in r for r in result.refused)
    assert any("calcium 40 mg/dL" in r for r in result.refused)


def test_ambiguous_date_is_asked_and_its_values_kept_undated() -> None:
    result = interpret("spine -2.7 on 03/04/2024, vit D 45 nmol/L", TODAY)
    assert result.facts["dexa"] == [{"site": "lumbar_spine", "t_score": -2.7, "date": None}]
    assert any("03/04/2024" in q for q in result.questions)


@pytest.mark.parametrize(
    "text, date",
    [
        ("started 15/04/2025. spine -2.7 on 02/05/2025", dt.date(2025, 5, 2)),  # day first
        ("seen 11/20/2026. spine -2.7 on 02/05/2025", dt.date(2025, 2, 5)),  # month first
        ("spine -2.7 on 02/05/2025 (dd/mm/yyyy)", dt.date(2025, 5, 2)),
        ("spine -2.7 on 02/05/2025 (2 May 2025)", dt.date(2025, 5, 2)),
    ],
)
def test_the_note_settles_its_day_month_order(text: str, date: dt.date) -> None:
    assert interpret(text, TODAY).facts["dexa"][0]["date"] == date


def test_a_result_dated_by_its_year_alone_is_asked() -> None:
    result = interpret("spine -2.2 (DXA 2024)", TODAY)
    assert "dexa" not in result.facts
    assert any("2024" in q for q in result.questions)


def test_uncertain_values_say_so() -> None:
    result = interpret("Ca 2.3", TODAY)
    assert result.facts["labs"][0]["unit"] == "mmol/L"
    assert "please check" in result.understood[0]


def test_a_date_written_first_applies_to_everything() -> None:
    result = interpret("2024-02-20: spine -2.7, vit d 45 nmol/l", TODAY)
    assert result.facts["dexa"][0]["date"] == dt.date(2024, 2, 20)
    assert result.facts["labs"][0]["date"] == dt.date(2024, 2, 20)


def test_clinic_note() -> None:
    result = interpret(
        "71F, post-menopausal, on Arimidex since 2022 for ER+ breast cancer. DXA Jan 2025: L1-L4 T"
        " -2.6, FN T -2.2, TH -1.8. Vit D 62 nmol/L, adj Ca 2.38, eGFR 58. Ex-smoker, on AdCal-D3.",
        TODAY,
    )
    january = dt.date(2025, 1, 1)
    assert result.facts["anastrozole_start"] == dt.date(2022, 1, 1)
    assert result.facts["dexa"] == [
        {"site": "lumbar_spine", "t_score": -2.6, "date": january},
        {"site": "femoral_neck", "t_score": -2.2, "date": january},
        {"site": "total_hip", "t_score": -1.8, "date": january},
    ]
    assert result.facts["calcium_supplement"] is True and result.facts["smoker"] is False
    assert result.facts["egfr"] == 58.0 and len(result.facts["labs"]) == 2
    assert result.questions == [] and result.refused == []
    check(Facts, result.facts)


def test_doses_are_not_results() -> None:
    result = interpret("PTH 70 pg/ml, prednisolone 5mg, vit D supplement 1000 IU", TODAY)
    assert result.facts["labs"] == [{"test": "pth", "value": 70.0, "unit": "pg/mL", "date": None}]
    assert result.questions == []


def test_a_date_in_the_middle_is_not_the_scan_date() -> None:
    result = interpret("66 yo woman, alendronate since 2023, BMD spine 0.812 g/cm2 T -2.8", TODAY)
    assert result.facts["dexa"] == [
        {"site": "lumbar_spine", "bmd": 0.812, "t_score": -2.8, "date": None}
    ]


def test_a_bare_fracture_is_asked_how_it_happened() -> None:
    result = interpret("prior wrist fracture", TODAY)
    assert "prior_fragility_fracture" not in result.facts
    assert any("How did the fracture happen" in q for q in result.questions)


def test_implausible_age_is_refused() -> None:
    result = interpret("7F, spine -1.0", TODAY)
    assert "age" not in result.facts and result.refused


def test_unplaced_number_is_asked() -> None:
    result = interpret("smoker, 42 and hip -1.0", TODAY)
    assert result.facts == {
        "smoker": True,
        "dexa": [{"site": "total_hip", "t_score": -1.0, "date": None}],
    }
    assert result.questions == ["I could not tell what 42 is."]


def test_sex_then_age() -> None:
    assert interpret("female 42", TODAY).facts == {"age": 42, "sex": "female"}


@pytest.mark.parametrize("text", ["", "hello there", "what is a T-score?", "thanks!", "12345"])
def test_nothing_to_read(text: str) -> None:
    result = interpret(text, TODAY)
    check(Facts, result.facts)
    assert "dexa" not in result.facts and "labs" not in result.facts
