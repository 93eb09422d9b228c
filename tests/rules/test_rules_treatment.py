"""SPEC 6.4, 6.7, 6.8: risk factors, when to discuss treatment, options, cautions, lifestyle."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assistant.rules import Facts, assess
from assistant.rules.codec import check
from assistant.rules.sources import DOCUMENT_SECTIONS, EXTERNAL_SOURCES

TODAY = dt.date(2026, 1, 15)
POST_BC = {
    "sex": "female",
    "age": 60,
    "menopausal_status": "postmenopausal",
    "indication": "breast_cancer",
}


def make(**fields: Any) -> Facts:
    return check(Facts, fields)


def hip(t: float) -> list[dict[str, Any]]:
    return [{"date": "2025-06-01", "site": "total_hip", "t_score": t}]


@pytest.mark.parametrize(
    ("fields", "risks"),
    [
        ({"age": 65}, []),
        ({"age": 66}, ["age_over_65"]),
        ({"alcohol_units_per_week": 20.99}, []),
        ({"alcohol_units_per_week": 21}, ["excess_alcohol"]),
        ({"smoker": None, "glucocorticoids": None}, []),
        (
            {
                "age": 70,
                "prior_fragility_fracture": True,
                "family_history_osteoporosis": True,
                "smoker": True,
                "glucocorticoids": True,
                "alcohol_units_per_week": 30,
            },
            [
                "age_over_65",
                "prior_fragility_fracture",
                "family_history_osteoporosis",
                "smoker",
                "glucocorticoids",
                "excess_alcohol",
            ],
        ),
        ({"indication": "breast_cancer", "anastrozole_start": "2024-01-01"}, []),
    ],
)
def test_risk_factors(fields: dict[str, Any], risks: list[str]) -> None:
    assert list(assess(make(**fields), TODAY).risk_factors) == risks


@pytest.mark.parametrize(
    ("extra", "discuss"),
    [
        # Hadji 2017, strict: T < -2.0 alone; T < -1.5 with one risk factor; two risk factors
        ({"dexa": hip(-2.0)}, False),
        ({"dexa": hip(-2.01)}, True),
        ({"dexa": hip(-1.5), "smoker": True}, False),
        ({"dexa": hip(-1.51), "smoker": True}, True),
        ({"dexa": hip(-1.51)}, False),
        ({"smoker": True}, False),
        ({"smoker": True, "glucocorticoids": True}, True),  # without a scan
        ({"dexa": hip(0.5), "smoker": True, "age": 66}, True),
        # the general rules
        ({"dexa": hip(-2.5)}, True),
        ({"dexa": hip(-2.49)}, True),  # Hadji: below -2.0
        ({"prior_fragility_fracture": True}, True),
    ],
)
def test_discuss_treatment_postmenopausal_breast_cancer(
    extra: dict[str, Any], discuss: bool
) -> None:
    assert assess(make(**{**POST_BC, **extra}), TODAY).discuss_treatment is discuss


@pytest.mark.parametrize(
    "who",
    [
        {"sex": "male", "age": 60, "indication": "trt"},
        {"sex": "female", "age": 60, "menopausal_status": "postmenopausal", "indication": "other"},
        {
            "sex": "female",
            "age": 60,
            "menopausal_status": "perimenopausal",
            "indication": "breast_cancer",
        },
        {"sex": "female", "age": 60, "menopausal_status": None, "indication": "breast_cancer"},
    ],
)
@pytest.mark.parametrize(
    ("extra", "discuss"),
    [
        ({"dexa": hip(-2.49), "smoker": True, "glucocorticoids": True}, False),
        ({"dexa": hip(-2.5)}, True),
        ({"prior_fragility_fracture": True, "dexa": hip(0.0)}, True),
    ],
)
def test_hadji_rules_only_for_postmenopausal_breast_cancer(
    who: dict[str, Any], extra: dict[str, Any], discuss: bool
) -> None:
    assert assess(make(**who, **extra), TODAY).discuss_treatment is discuss


def test_severe_osteoporosis_alert() -> None:
    plain = assess(make(**POST_BC, dexa=hip(-2.5)), TODAY)
    severe = assess(make(**POST_BC, dexa=hip(-2.5), prior_fragility_fracture=True), TODAY)
    assert "severe_osteoporosis" not in [a.id for a in plain.alerts]
    assert "severe_osteoporosis" in [a.id for a in severe.alerts]


def ids(facts: Facts) -> list[str]:
    return [rec.id for rec in assess(facts, TODAY).recommendations]


@pytest.mark.parametrize(
    ("egfr", "cautions"),
    [
        (None, []),
        (35, []),
        (34.9, ["caution_bisphosphonate_renal"]),
        (30, ["caution_bisphosphonate_renal"]),
        (29.9, ["caution_bisphosphonate_renal", "caution_denosumab_renal"]),
    ],
)
def test_renal_cautions(egfr: float | None, cautions: list[str]) -> None:
    found = ids(make(**POST_BC, dexa=hip(-3.0), egfr=egfr))
    assert [i for i in found if i.startswith("caution_")] == cautions
    assert found[:3] == ["treatment_reason", "treatment_options", "treatment_considerations"]


def test_no_treatment_recommendations_without_discussion() -> None:
    found = ids(make(**POST_BC, dexa=hip(-0.5), egfr=20))
    assert not [i for i in found if i.startswith(("treatment_", "caution_"))]


def test_already_on_medication_reviews_instead_of_starting() -> None:
    result = assess(make(**POST_BC, dexa=hip(-3.0), bone_medication="denosumab"), TODAY)
    found = [rec.id for rec in result.recommendations]
    assert "treatment_review" in found and "treatment_options" not in found
    assert "denosumab" in result.recommendations[found.index("treatment_review")].text


def test_options_name_the_documents_medicines() -> None:
    result = assess(make(**POST_BC, dexa=hip(-3.0)), TODAY)
    text = " ".join(rec.text for rec in result.recommendations).lower()
    for word in (
        "bisphosphonates",
        "first-line",
        "denosumab",
        "teriparatide",
        "romosozumab",
        "fracture history",
        "renal function",
        "preference",
    ):
        assert word in text


def reasons(facts: Facts) -> list[str]:
    return [
        rec.text for rec in assess(facts, TODAY).recommendations if rec.id == "treatment_reason"
    ]


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"dexa": hip(-3.0)}, ["-3", "total hip", "osteoporosis", "-2.5"]),
        ({"dexa": hip(-0.5), "prior_fragility_fracture": True}, ["fragility fracture"]),
        ({"dexa": hip(-2.2)}, ["below -2.0", "-2.2", "total hip"]),
        ({"dexa": hip(-1.7), "smoker": True}, ["below -1.5", "-1.7", "with smoking"]),
        ({"smoker": True, "glucocorticoids": True}, ["2: smoking, glucocorticoid tablets"]),
        (
            {
                "dexa": [
                    {"date": "2024-06-01", "site": "lumbar_spine", "t_score": -1.0},
                    {"date": "2025-06-01", "site": "lumbar_spine", "t_score": -1.6},
                ]
            },
            ["lumbar spine", "0.6 in T-score", "1 Jun 2024", "1 Jun 2025", "significant"],
        ),
    ],
)
def test_the_reason_to_discuss_treatment_names_its_rule_and_numbers(
    fields: dict[str, Any], words: list[str]
) -> None:
    found = reasons(make(**POST_BC, **fields))
    assert len(found) == 1, found
    for word in words:
        assert word in found[0]


@pytest.mark.parametrize("t", [-1.9, -2.0, -1.0])
def test_no_reason_and_no_discussion_below_every_threshold(t: float) -> None:
    result = assess(make(**POST_BC, dexa=hip(t)), TODAY)
    assert not result.discuss_treatment
    assert reasons(make(**POST_BC, dexa=hip(t))) == []


def test_romosozumab_is_offered_only_for_osteoporosis() -> None:
    osteopenia = assess(make(**POST_BC, dexa=hip(-2.2)), TODAY)
    assert osteopenia.discuss_treatment
    assert "romosozumab" not in " ".join(rec.text for rec in osteopenia.recommendations).lower()
    osteoporosis = assess(make(**POST_BC, dexa=hip(-2.6)), TODAY)
    assert "treatment_romosozumab" in [rec.id for rec in osteoporosis.recommendations]


@pytest.mark.parametrize(
    ("fields", "absent"),
    [
        ({"smoker": False}, ["lifestyle_smoking"]),
        ({"alcohol_units_per_week": 0}, ["lifestyle_alcohol"]),
        (
            {"smoker": False, "alcohol_units_per_week": 0},
            ["lifestyle_smoking", "lifestyle_alcohol"],
        ),
        ({"alcohol_units_per_week": 4, "smoker": None}, []),
    ],
)
def test_advice_that_does_not_concern_the_person_is_left_out(
    fields: dict[str, Any], absent: list[str]
) -> None:
    found = [i for i in ids(make(**fields)) if i.startswith("lifestyle_")]
    assert sorted(found) == sorted(set(LIFESTYLE) - set(absent))


LIFESTYLE = [
    "lifestyle_calcium",
    "lifestyle_vitamin_d",
    "lifestyle_exercise",
    "lifestyle_smoking",
    "lifestyle_alcohol",
]


@pytest.mark.parametrize(
    ("fields", "first"),
    [
        ({}, LIFESTYLE),
        ({"smoker": True}, ["lifestyle_smoking"]),
        ({"alcohol_units_per_week": 21}, ["lifestyle_alcohol"]),
        ({"alcohol_units_per_week": 20}, LIFESTYLE),
        (
            {"weight_bearing_exercise": False, "smoker": True},
            ["lifestyle_smoking", "lifestyle_exercise"],
        ),
        ({"dietary_calcium_adequate": False}, ["lifestyle_calcium"]),
        ({"dietary_calcium_adequate": False, "calcium_supplement": True}, LIFESTYLE),
        ({"vitamin_d_supplement": False}, ["lifestyle_vitamin_d"]),
        ({"labs": [{"test": "vitamin_d", "value": 25, "unit": "ng/mL"}]}, ["lifestyle_vitamin_d"]),
        ({"weight_bearing_exercise": False}, ["lifestyle_exercise"]),
    ],
)
def test_lifestyle_order_puts_what_applies_first(fields: dict[str, Any], first: list[str]) -> None:
    found = [i for i in ids(make(**fields)) if i.startswith("lifestyle_")]
    assert sorted(found) == sorted(LIFESTYLE)
    assert found[: len(first)] == first
    assert ids(make(**fields))[-1] == "daily_targets"


def test_every_recommendation_and_alert_names_a_known_source() -> None:
    facts = make(
        **POST_BC,
        dexa=hip(-3.0),
        prior_fragility_fracture=True,
        egfr=20,
        labs=[
            {"test": "vitamin_d", "value": 10, "unit": "ng/mL"},
            {"test": "calcium", "value": 7, "unit": "mg/dL"},
        ],
    )
    result = assess(facts, TODAY)
    known = set(DOCUMENT_SECTIONS) | set(EXTERNAL_SOURCES)
    assert {rec.source for rec in result.recommendations} <= known
    assert all("(Source: " in a.text for a in result.alerts)
    assert set(result.sources) <= known
    assert result.disclaimer


def test_document_sections_are_headings_of_the_source_document() -> None:
    from assistant.resources import SOURCE_DOCUMENT

    lines = {line.strip() for line in SOURCE_DOCUMENT.read_text(encoding="utf-8").splitlines()}
    assert set(DOCUMENT_SECTIONS) <= lines
