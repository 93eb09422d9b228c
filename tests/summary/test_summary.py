"""The summary a person sees (SPEC section 5 through `assistant.summary`): one view built from
the typed assessment, formatted by the plain report, the terminal and Slack alike. Each test
holds one promise of the summary, checked in what the channels show."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from assistant.channels.slack.render import assessment_blocks
from assistant.channels.terminal.assessment_view import render_assessment
from assistant.channels.terminal.capabilities import Capabilities
from assistant.channels.terminal.styled import to_plain
from assistant.report import format_report
from assistant.rules import Facts, assess
from assistant.rules.codec import check
from assistant.rules.facts import LabTest, Site
from assistant.rules.labels import (
    CATEGORIES,
    LAB_STATUSES,
    MONITORING_STATUSES,
    RISK_FACTORS,
    SITES,
    TESTS,
    capitalised,
)
from assistant.summary import Summary, summarise

TODAY = dt.date(2026, 1, 15)
POSTMENOPAUSAL = {
    "sex": "female",
    "age": 60,
    "menopausal_status": "postmenopausal",
    "indication": "breast_cancer",
}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SHOWN_DATE = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b")


def summary_of(**fields: Any) -> Summary:
    facts = check(Facts, {**POSTMENOPAUSAL, **fields})
    return summarise(assess(facts, TODAY), facts)


def hip(t: float, date: str = "2025-06-01") -> list[dict[str, Any]]:
    return [{"date": date, "site": "total_hip", "t_score": t}]


def terminal(summary: Summary, width: int = 100) -> str:
    return " ".join(to_plain(render_assessment(summary, Capabilities(width=width))).split())


def slack(summary: Summary) -> str:
    return json.dumps(assessment_blocks(summary), ensure_ascii=False)


def shown_everywhere(summary: Summary) -> list[str]:
    """The summary as each channel shows it: plain report, terminal, Slack."""
    return [format_report(summary), terminal(summary), slack(summary)]


# Advice that applies -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "absent", "present"),
    [
        ({"smoker": False, "alcohol_units_per_week": 0}, ["Avoid smoking", "Keep alcohol low"], []),
        ({"smoker": True, "alcohol_units_per_week": 0}, ["Keep alcohol low"], ["Avoid smoking"]),
        ({"smoker": False, "alcohol_units_per_week": 25}, ["Avoid smoking"], ["Keep alcohol low"]),
        ({}, [], ["Avoid smoking", "Keep alcohol low"]),  # not known: the advice stays
    ],
)
def test_the_summary_gives_only_the_advice_that_applies(
    fields: dict[str, Any], absent: list[str], present: list[str]
) -> None:
    for text in shown_everywhere(summary_of(dexa=hip(-0.5), **fields)):
        for advice in absent:
            assert advice not in text
        for advice in present:
            assert advice in text


def test_advice_that_applies_comes_first() -> None:
    summary = summary_of(dexa=hip(-0.5), smoker=True, alcohol_units_per_week=0)
    assert summary.advice[0].text.startswith("Avoid smoking")


# A medicine only where the document offers it -----------------------------------------------
def test_romosozumab_is_in_the_summary_for_osteoporosis_only() -> None:
    osteopenia = summary_of(dexa=hip(-2.2))  # treatment is discussed (Hadji 2017: T < -2.0)
    assert osteopenia.discuss_treatment and osteopenia.density.category == "osteopenia"
    assert all("omosozumab" not in text for text in shown_everywhere(osteopenia))
    osteoporosis = summary_of(dexa=hip(-2.6))
    assert all("Romosozumab" in text for text in shown_everywhere(osteoporosis))


# Why treatment is to be discussed, with the numbers ------------------------------------------
@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"dexa": hip(-2.2)}, ["T-score below -2.0", "-2.2 at the total hip"]),
        ({"dexa": hip(-2.7)}, ["-2.7 at the total hip", "osteoporosis range (-2.5 or lower)"]),
        ({"dexa": hip(-1.7), "smoker": True}, ["below -1.5", "is -1.7, with smoking"]),
        (
            {"dexa": hip(-1.0, "2024-06-01") + hip(-1.6)},
            ["fell by 0.6 in T-score between 1 Jun 2024 and 1 Jun 2025"],
        ),
    ],
)
def test_the_summary_says_which_rule_fired_with_its_numbers(
    fields: dict[str, Any], words: list[str]
) -> None:
    summary = summary_of(**fields)
    reasons = [advice for advice in summary.advice if advice.text.startswith("Why:")]
    assert summary.discuss_treatment and reasons
    assert all(advice.treatment for advice in reasons)  # they stand out with the options
    for text in shown_everywhere(summary):
        for word in words:
            assert word in " ".join(text.split())


def test_no_reason_is_given_when_treatment_is_not_discussed() -> None:
    summary = summary_of(dexa=hip(-1.9))
    assert not summary.discuss_treatment
    assert all("Why:" not in text for text in shown_everywhere(summary))


# The Z-score chart ---------------------------------------------------------------------------
def test_a_z_score_summary_charts_z_scores_with_the_minus_two_line() -> None:
    scans = [
        {"date": "2024-01-10", "site": "lumbar_spine", "t_score": -1.1, "z_score": -1.6},
        {"date": "2025-02-01", "site": "lumbar_spine", "t_score": -1.7, "z_score": -2.2},
    ]
    young = check(Facts, {"sex": "male", "age": 44, "indication": "trt", "dexa": scans})
    summary = summarise(assess(young, TODAY), young)
    [series] = summary.charts
    assert series.kind == "z_score" and [value for _, value in series.points] == [-1.6, -2.2]
    lines = to_plain(render_assessment(summary, Capabilities(width=80))).splitlines()
    lines_drawn = [line.strip()[:4] for line in lines if "┄┄┄┄" in line]
    assert lines_drawn == ["-2.0"]  # the low-for-age line, no T-score bands
    assert any("Z-score, lumbar spine" in line for line in lines)
    older = summary_of(dexa=[{**scan, "site": "total_hip"} for scan in scans])
    assert [series.kind for series in older.charts] == ["t_score"]


# The unit typed ------------------------------------------------------------------------------
def test_a_result_is_shown_in_the_unit_typed_with_the_converted_one_beside_it() -> None:
    labs = [
        {"date": "2025-03-01", "test": "vitamin_d", "value": 45, "unit": "nmol/L"},
        {"date": "2025-03-01", "test": "calcium", "value": 9.4, "unit": "mg/dL"},
    ]
    summary = summary_of(labs=labs)
    shown = {lab.test: lab.value for lab in summary.labs}
    assert shown == {"vitamin_d": "45 nmol/L (18.03 ng/mL)", "calcium": "9.4 mg/dL"}
    for text in shown_everywhere(summary):
        assert "45 nmol/L (18.03 ng/mL)" in text
        assert "(9.4 mg/dL)" not in text
    assessed_alone = summarise(assess(check(Facts, {"labs": labs}), TODAY))
    # without the facts: the value the rules used
    assert "18.03 ng/mL" in [lab.value for lab in assessed_alone.labs]


# Dates in one format; the disclaimer once ----------------------------------------------------
def test_every_date_of_the_summary_is_in_the_one_format() -> None:
    summary = summary_of(
        dexa=hip(-1.0, "2024-06-01") + hip(-1.6) + hip(-1.9),  # two scans on one day disagree
        labs=[{"date": "2025-06-01", "test": "vitamin_d", "value": 18, "unit": "ng/mL"}],
    )
    text = terminal(summary)
    assert ISO_DATE.findall(text) == []
    assert {"1 Jun 2024", "1 Jun 2025", "15 Jan 2026", "1 Jun 2026"} <= set(
        SHOWN_DATE.findall(text)
    )
    alerts = " ".join(summary.alerts)
    assert "on 1 Jun 2025 disagree" in alerts  # the rules' own sentences too


def test_the_summary_says_the_disclaimer_once() -> None:
    summary = summary_of(dexa=hip(-2.6))
    first_words = summary.disclaimer.split(",")[0]
    for text in shown_everywhere(summary):
        assert " ".join(text.split()).count(first_words) == 1


# One catalogue of labels ---------------------------------------------------------------------
def test_the_channels_name_things_as_the_catalogue_does() -> None:
    summary = summary_of(
        dexa=hip(-2.2),
        family_history_osteoporosis=True,
        labs=[{"date": "2025-06-01", "test": "vitamin_d", "value": 18, "unit": "ng/mL"}],
    )
    words = [
        CATEGORIES["osteopenia"],
        SITES[Site.TOTAL_HIP],
        capitalised(TESTS[LabTest.VITAMIN_D]),
        LAB_STATUSES["deficient"],
        MONITORING_STATUSES["indicated"],
    ]
    for text in shown_everywhere(summary):
        for word in words:
            assert word.lower() in " ".join(text.split()).lower(), word  # the terminal shouts
    risk = RISK_FACTORS["family_history_osteoporosis"]
    assert risk in format_report(summary) and risk in terminal(summary)
    assert "indicated" not in terminal(summary).lower()  # "recommended", as the catalogue says
