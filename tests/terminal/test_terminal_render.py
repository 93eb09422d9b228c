"""The terminal's layouts: wrapping, the T-score chart, the assessment, degraded terminals."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assistant.channels.picking import picked
from assistant.channels.terminal.assessment_view import render_assessment
from assistant.channels.terminal.capabilities import Capabilities, detect, locale_is_utf8
from assistant.channels.terminal.chart import score, score_chart
from assistant.channels.terminal.replies_view import render_replies
from assistant.channels.terminal.styled import plain, to_plain, wrap
from assistant.engine.replies import Choice, Reply
from assistant.rules import Facts, assess
from assistant.rules.codec import check
from assistant.summary import Summary, summarise

TODAY = dt.date(2026, 11, 24)
SCANS = (
    {"date": "2023-01-10", "site": "lumbar_spine", "t_score": -1.2},
    {"date": "2024-02-20", "site": "lumbar_spine", "t_score": -1.8, "bmd": 0.95},
    {"date": "2025-03-01", "site": "lumbar_spine", "t_score": -2.6},
    {"date": "2025-03-01", "site": "total_hip", "t_score": -1.0},
)


def patient_facts() -> Facts:
    return check(
        Facts,
        {
            "sex": "female",
            "age": 63,
            "menopausal_status": "postmenopausal",
            "indication": "breast_cancer",
            "family_history_osteoporosis": True,
            "dexa": SCANS,
            "labs": ({"date": "2025-03-01", "test": "vitamin_d", "value": 45, "unit": "nmol/L"},),
        },
    )


def patient_summary(with_facts: bool = True) -> Summary:
    facts = patient_facts()
    return summarise(assess(facts, TODAY), facts if with_facts else None)


def test_wrap_respects_width_and_keeps_every_word() -> None:
    text = "Aim for 1000-1200 mg of calcium a day, from food first; a supplement may help."
    for width in (12, 20, 33, 80):
        lines = wrap([("", text)], width, indent="  ", first_indent="* ")
        assert all(len(plain(line)) <= width for line in lines)
        assert " ".join(plain(line)[2:] for line in lines).split() == text.split()


def test_wrap_cuts_a_word_longer_than_the_line() -> None:
    lines = wrap([("", "x" * 25)], 10)
    assert [plain(line) for line in lines] == ["x" * 10, "x" * 10, "x" * 5]


def test_dates_are_not_split_across_lines() -> None:
    lines = render_assessment(patient_summary(), Capabilities(width=40))
    text = to_plain(lines)
    assert "1 Mar\n" not in text and "Mar\n2025" not in text


@pytest.mark.parametrize(
    ("value", "shown"),
    [(-1.0, "-1.0"), (-2.45, "-2.45"), (-0.95, "-0.95"), (1.5, "1.5"), (-2.5, "-2.5")],
)
def test_scores_are_shown_as_given_never_rerounded(value: float, shown: str) -> None:
    assert score(value) == shown


def point_level(points: list[tuple[dt.date, float]], index: int, kind: str = "t_score") -> float:
    """The score level of the row where the `index`-th point (in time order) is drawn."""
    lines = score_chart("lumbar spine", points, Capabilities(width=60), kind)
    rows = [plain(line) for line in lines[1:] if plain(line)[5:6] in ("│", "┤", "┼")]
    top, step = float(rows[0][:5]), 0.25
    drawn = sorted(
        (match.start(), number)
        for number, row in enumerate(rows)
        for match in re.finditer("●", row)
    )
    return top - drawn[index][1] * step


def test_chart_draws_both_threshold_lines_and_every_point() -> None:
    points = [(dt.date(2023, 1, 10), -1.2), (dt.date(2025, 3, 1), -2.2)]
    lines = score_chart("lumbar spine", points, Capabilities(width=60))
    text = to_plain(lines)
    assert text.count("●") == 2
    threshold_rows = [plain(line) for line in lines if "┄┄┄┄" in plain(line)]
    assert [row[:5].strip() for row in threshold_rows] == ["-1.0", "-2.5"]
    assert "Jan 2023: -1.2" in text and "Mar 2025: -2.2" in text
    assert all(len(plain(line)) <= 60 for line in lines)


@pytest.mark.parametrize(
    ("value", "side"),
    [
        (-0.95, "above_osteopenia"),
        (-1.05, "between"),
        (-2.45, "between"),
        (-2.5, "osteoporosis"),
        (-1.0, "normal_line"),
        (-2.6, "osteoporosis"),
    ],
)
def test_chart_keeps_each_point_on_its_side_of_the_lines(value: float, side: str) -> None:
    points = [(dt.date(2023, 1, 1), -0.2), (dt.date(2025, 1, 1), value)]
    level = point_level(points, 1)
    if side == "above_osteopenia":
        assert level > -1.0
    elif side == "between":
        assert -2.5 < level < -1.0
    elif side == "normal_line":
        assert level >= -1.0
    else:
        assert level <= -2.5


def test_a_z_score_chart_draws_the_low_for_age_line_only() -> None:
    points = [(dt.date(2023, 1, 10), -1.2), (dt.date(2025, 3, 1), -2.2)]
    lines = score_chart("lumbar spine", points, Capabilities(width=60), "z_score")
    text = to_plain(lines)
    assert text.splitlines()[0] == "Z-score, lumbar spine"
    threshold_rows = [plain(line) for line in lines if "┄┄┄┄" in plain(line)]
    assert [row[:5].strip() for row in threshold_rows] == ["-2.0"]
    assert "at or below: low for age" in text and "osteoporosis" not in text


@pytest.mark.parametrize(("value", "low"), [(-1.95, False), (-2.0, True), (-2.05, True)])
def test_a_z_score_point_stays_on_its_side_of_the_line(value: float, low: bool) -> None:
    level = point_level([(dt.date(2023, 1, 1), -0.2), (dt.date(2025, 1, 1), value)], 1, "z_score")
    assert (level <= -2.0) is low


def test_the_summary_charts_the_score_the_assessment_used() -> None:
    scans = [
        {"date": "2024-01-10", "site": "lumbar_spine", "t_score": -1.1, "z_score": -1.6},
        {"date": "2025-02-01", "site": "lumbar_spine", "t_score": -1.7, "z_score": -2.2},
    ]
    young = check(Facts, {"sex": "male", "age": 44, "indication": "trt", "dexa": scans})
    assessment = assess(young, dt.date(2026, 1, 15))
    assert assessment.bone_density.basis == "z_score"
    text = to_plain(render_assessment(summarise(assessment, young), Capabilities(width=80)))
    assert "Z-score, lumbar spine" in text and "T-score, lumbar spine" not in text
    assert "low for age" in text and "-2.5" not in text


def test_chart_needs_two_scans() -> None:
    assert score_chart("total hip", [(dt.date(2025, 3, 1), -1.0)], Capabilities()) == []


def test_assessment_layout_names_category_table_sources_and_disclaimer() -> None:
    summary = patient_summary()
    text = to_plain(render_assessment(summary, Capabilities(width=100)))
    assert "OSTEOPOROSIS" in text
    assert "T-score, lumbar spine" in text  # three spine scans: a chart
    assert "T-score, total hip" not in text  # one hip scan: no chart
    for header in ("Test", "Status", "Last done", "Next due"):
        assert header in text
    assert "DEXA scan" in text and "1 Mar 2026" in text  # 12 months after the last scan
    assert "To discuss with your clinician" in text
    assert "Sources:" in text
    assert summary.disclaimer.split()[0] in text
    # the unit the person gave first, the converted value the rules used beside it
    assert "Vitamin D 45 nmol/L (18.03 ng/mL) deficient" in text
    without_facts = to_plain(render_assessment(patient_summary(False), Capabilities(width=100)))
    assert "Vitamin D 18.03 ng/mL deficient" in without_facts


def test_a_result_given_in_the_rules_unit_is_shown_once() -> None:
    calcium = {"date": "2025-03-01", "test": "calcium", "value": 9.4, "unit": "mg/dL"}
    facts = check(Facts, {"labs": [calcium]})
    text = to_plain(
        render_assessment(summarise(assess(facts, TODAY), facts), Capabilities(width=100))
    )
    assert "Calcium 9.4 mg/dL normal" in text and "(9.4" not in text


@pytest.mark.parametrize("width", [30, 40, 52, 61, 80, 120])
def test_assessment_fits_every_width(width: int) -> None:
    lines = render_assessment(patient_summary(), Capabilities(width=width))
    too_long = [plain(line) for line in lines if len(plain(line)) > width]
    assert too_long == []


def test_ascii_terminal_gets_no_box_drawing_or_symbols() -> None:
    caps = Capabilities(width=70, unicode=False)
    text = caps.text(to_plain(render_assessment(patient_summary(), caps)))
    assert text.isascii()
    assert "+----" in text or "+-+" in text  # the chart's axis, drawn in ASCII
    assert caps.text("µg/L ≥ 30, −2.1 — ok…") == "ug/L >= 30, -2.1 -- ok..."


def test_replies_show_source_choices_and_suggestions() -> None:
    replies = [
        Reply(
            "answer.t_score",
            "A T-score compares your bone density.",
            "answer",
            source="Bone Mineral Density Measurement",
        ),
        Reply(
            "ask.sex",
            "Which applies to you?",
            "ask",
            (Choice("female", "Female"), Choice("male", "Male")),
        ),
        Reply(
            "ask.smoker",
            "Do you smoke? (yes/no)",
            "ask",
            (Choice("yes", "yes"), Choice("no", "no")),
        ),
        Reply(
            "abstain",
            "I don't have an answer to that in my sources.",
            "abstain",
            (Choice("tell me about What is a T-score?", "What is a T-score?"),),
        ),
        Reply("error.implausible", "A T-score of +7 is not possible.", "error"),
    ]
    text = to_plain(render_replies(replies, Capabilities(width=60)))
    assert "Source: Bone Mineral Density Measurement" in text
    assert "Female / Male" in text
    assert "yes / no" not in text  # the question names its choices already
    assert "1. What is a T-score?" in text  # numbered: typing 1 asks for it
    assert "! A T-score of +7" in text
    assert picked("1", replies) == "tell me about What is a T-score?"
    assert picked("2", replies) == "2" and picked("62", replies) == "62"


@pytest.mark.parametrize(
    ("env", "utf8"),
    [
        ({"LANG": "C"}, False),
        ({"LANG": "C", "LC_CTYPE": "C.UTF-8"}, False),  # Python's own PEP 538 coercion
        ({"LANG": "POSIX"}, False),
        ({}, False),
        ({"LANG": "en_GB.UTF-8"}, True),
        ({"LANG": "C.UTF-8"}, True),
        ({"LC_ALL": "C", "LANG": "en_GB.UTF-8"}, False),
        ({"LC_ALL": "de_DE.utf8"}, True),
        ({"LANG": "C", "LC_CTYPE": "en_US.UTF-8"}, True),
    ],
)
def test_locale_detection(env: dict[str, str], utf8: bool) -> None:
    assert locale_is_utf8(env) is utf8


def test_no_color_and_pipes_turn_colour_off() -> None:
    utf8 = {"LANG": "en_GB.UTF-8"}
    assert detect(interactive=True, encoding="utf-8", env=utf8).colour
    assert not detect(interactive=True, encoding="utf-8", env={**utf8, "NO_COLOR": "1"}).colour
    assert not detect(interactive=False, encoding="utf-8", env=utf8).colour
    assert not detect(interactive=True, encoding="ascii", env=utf8).unicode


def test_a_new_section_is_announced_after_the_acknowledgement_before_the_question() -> None:
    replies = [
        Reply("ack", "Noted: eGFR 82.", "say"),
        Reply("ask.dexa_have", "Have you had a DEXA scan?", "ask"),
    ]
    text = to_plain(render_replies(replies, Capabilities(width=60), new_section="DEXA results"))
    assert text.index("Noted") < text.index("── DEXA results") < text.index("Have you had")
    ascii_text = to_plain(
        render_replies(replies, Capabilities(width=60, unicode=False), new_section="DEXA results")
    )
    assert "-- DEXA results --" in ascii_text


def test_list_items_wrap_under_their_own_text() -> None:
    reply = Reply(
        "summary",
        "So far I have:\n- steroid tablets for 3 months or more: no\n- age: 63",
        "summary",
    )
    lines = [plain(line) for line in render_replies([reply], Capabilities(width=30))]
    assert lines[:4] == [
        "So far I have:",
        "- steroid tablets for 3 months",
        "  or more: no",
        "- age: 63",
    ]


def test_monitoring_never_claims_a_test_was_never_done() -> None:
    facts = check(
        Facts,
        {
            "sex": "male",
            "age": 45,
            "indication": "trt",
            "labs": [{"test": "calcium", "value": 9.4, "unit": "mg/dL"}],  # undated
        },
    )
    text = to_plain(render_assessment(summarise(assess(facts, TODAY)), Capabilities(width=100)))
    assert "never" not in text
    assert "none recorded" in text  # vitamin D: no result at all
    assert "UNKNOWN" in text
