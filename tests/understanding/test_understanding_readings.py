"""Several facts in one message: DEXA scans and lab results, with units, dates and questions
back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assistant.rules.codec import check
from assistant.rules.facts import Facts
from assistant.understanding import (
    PARSERS,
    Ambiguous,
    Implausible,
    LabValue,
    NoMatch,
    ParseContext,
    Parsed,
)
from assistant.understanding.outcomes import PartialDate

TODAY = dt.date(2026, 11, 25)
CTX = ParseContext(TODAY)
MARCH_2025 = dt.date(2025, 3, 1)


def scans(text: str, ctx: ParseContext = CTX) -> Any:
    return PARSERS["dexa"].parse(text, ctx)


def labs(text: str, ctx: ParseContext = CTX) -> Any:
    return PARSERS["labs"].parse(text, ctx)


def scan(site: str, date: dt.date | None = None, **values: float) -> dict[str, Any]:
    return {"site": site, **values, "date": date}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "spine -2.7 and hip -1.9 in March 2025",
            [
                scan("lumbar_spine", MARCH_2025, t_score=-2.7),
                scan("total_hip", MARCH_2025, t_score=-1.9),
            ],
        ),
        (
            "lumbar spine T -1.8 Z -0.9, femoral neck -1.2",
            [scan("lumbar_spine", t_score=-1.8, z_score=-0.9), scan("femoral_neck", t_score=-1.2)],
        ),
        (
            "DEXA 2025-03 LS -1.6 TH -1.1",
            [
                scan("lumbar_spine", MARCH_2025, t_score=-1.6),
                scan("total_hip", MARCH_2025, t_score=-1.1),
            ],
        ),
        (
            "-2.7 at the spine and -1.9 at the hip",
            [scan("lumbar_spine", t_score=-2.7), scan("total_hip", t_score=-1.9)],
        ),
        (
            "T-scores: spine -2.7, hip -1.9",
            [scan("lumbar_spine", t_score=-2.7), scan("total_hip", t_score=-1.9)],
        ),
        (
            "Z scores spine -1.1 hip -0.5",
            [scan("lumbar_spine", z_score=-1.1), scan("total_hip", z_score=-0.5)],
        ),
        ("spine 0.948 g/cm2 T -1.8", [scan("lumbar_spine", bmd=0.948, t_score=-1.8)]),
        (
            "L1-L4 -2.3, neck -1.1",
            [scan("lumbar_spine", t_score=-2.3), scan("femoral_neck", t_score=-1.1)],
        ),
        ("1/3 radius -1.0", [scan("forearm", t_score=-1.0)]),
        ("spine minus two point seven", [scan("lumbar_spine", t_score=-2.7)]),
        (
            "spine −2,7; hip −1,9",
            [scan("lumbar_spine", t_score=-2.7), scan("total_hip", t_score=-1.9)],
        ),
        (
            "2023: spine -2.1; 2025: spine -2.5",
            [
                scan("lumbar_spine", dt.date(2023, 1, 1), t_score=-2.1),
                scan("lumbar_spine", dt.date(2025, 1, 1), t_score=-2.5),
            ],
        ),
        (
            "spine -2.1 in 2023, spine -2.5 in 2025",
            [
                scan("lumbar_spine", dt.date(2023, 1, 1), t_score=-2.1),
                scan("lumbar_spine", dt.date(2025, 1, 1), t_score=-2.5),
            ],
        ),
        ("hip T-score -2.0 on 2024-02-20", [scan("total_hip", dt.date(2024, 2, 20), t_score=-2.0)]),
        ("femoral neck t score of -2.6", [scan("femoral_neck", t_score=-2.6)]),
        (
            "my lower back was -1.5 and my left hip -0.8 last year",
            [
                scan("lumbar_spine", dt.date(2025, 1, 1), t_score=-1.5),
                scan("total_hip", dt.date(2025, 1, 1), t_score=-0.8),
            ],
        ),
        ("total hip BMD 0.812, T -1.4", [scan("total_hip", bmd=0.812, t_score=-1.4)]),
        ("forearm +0.5", [scan("forearm", t_score=0.5)]),
        ("spine 0, hip -0.3", [scan("lumbar_spine", t_score=0.0), scan("total_hip", t_score=-0.3)]),
        (
            "Spine: -2.7, Hip: -1.9",
            [scan("lumbar_spine", t_score=-2.7), scan("total_hip", t_score=-1.9)],
        ),
        (
            "LS -2.7 / TH -1.9 / FN -2.2",
            [
                scan("lumbar_spine", t_score=-2.7),
                scan("total_hip", t_score=-1.9),
                scan("femoral_neck", t_score=-2.2),
            ],
        ),
        (
            "spine T-score −2.7, Z-score −1.5; total hip T −1.9",
            [scan("lumbar_spine", t_score=-2.7, z_score=-1.5), scan("total_hip", t_score=-1.9)],
        ),
        ("spine 0.850 g/cm² (T -2.4)", [scan("lumbar_spine", bmd=0.85, t_score=-2.4)]),
        ("forearm -3.0 on 12 Jan 2024", [scan("forearm", dt.date(2024, 1, 12), t_score=-3.0)]),
        # words after a score never eat into it; "two scans" is a count, not a score
        (
            "hip -1.2 scan date: 12 Sep 2025",
            [scan("total_hip", dt.date(2025, 9, 12), t_score=-1.2)],
        ),
        ("hip -1.2 results from 2024", [scan("total_hip", dt.date(2024, 1, 1), t_score=-1.2)]),
        (
            "Two scans: 2023 spine -1.8; 2025 spine -2.3",
            [
                scan("lumbar_spine", dt.date(2023, 1, 1), t_score=-1.8),
                scan("lumbar_spine", dt.date(2025, 1, 1), t_score=-2.3),
            ],
        ),
        (
            "Left Femur Total  BMD 0.812  T-score -1.2\nScan date: 12 Sep 2025",
            [scan("total_hip", dt.date(2025, 9, 12), bmd=0.812, t_score=-1.2)],
        ),
    ],
)
def test_scans(text: str, expected: list[dict[str, Any]]) -> None:
    outcome = scans(text)
    assert isinstance(outcome, Parsed), outcome
    assert outcome.value == expected
    check(Facts, {"dexa": outcome.value})  # ready for the facts model as it stands


def test_unlabelled_score_after_z_scores_is_confirmed() -> None:
    outcome = scans("spine Z -1.1 hip -0.5")
    assert isinstance(outcome, Parsed) and not outcome.certain and "T-score" in (outcome.note or "")


def test_z_score_hint_from_the_question() -> None:
    outcome = scans("spine -1.1", ParseContext(TODAY, unit_hint="z_score"))
    assert isinstance(outcome, Parsed) and outcome.value == [scan("lumbar_spine", z_score=-1.1)]


def test_bmd_without_unit_is_confirmed() -> None:
    outcome = scans("hip 0.812")
    assert (
        isinstance(outcome, Parsed)
        and outcome.value == [scan("total_hip", bmd=0.812)]
        and not outcome.certain
    )


def test_score_without_site_asks_which_site() -> None:
    outcome = scans("-2.1")
    assert isinstance(outcome, Ambiguous) and outcome.prompt_key == "ambiguous.site"
    assert [option[0]["site"] for option in outcome.options] == [  # type: ignore[index]
        "lumbar_spine",
        "total_hip",
        "femoral_neck",
        "forearm",
    ]


def test_missing_minus_is_asked_with_whole_options() -> None:
    outcome = scans("spine 1.2, hip -0.4")
    assert isinstance(outcome, Ambiguous) and outcome.prompt_key == "ambiguous.sign"
    assert outcome.options == (
        [scan("lumbar_spine", t_score=1.2), scan("total_hip", t_score=-0.4)],
        [scan("lumbar_spine", t_score=-1.2), scan("total_hip", t_score=-0.4)],
    )


def test_ambiguous_scan_date_is_asked() -> None:
    outcome = scans("spine -2.7 hip -1.9 on 03/04/2024")
    assert isinstance(outcome, Ambiguous) and outcome.prompt_key == "ambiguous.date_order"
    dates = {option[0]["date"] for option in outcome.options}  # type: ignore[index]
    assert dates == {dt.date(2024, 4, 3), dt.date(2024, 3, 4)}


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("spine +7", -7.0, 5.0),
        ("hip -9.5", -7.0, 5.0),
        ("spine Z -8", -7.0, 5.0),
        ("hip BMD 3.2", 0.2, 2.0),
        ("spine -2.7, hip +7", -7.0, 5.0),
    ],
)
def test_implausible_scores_are_refused(text: str, low: float, high: float) -> None:
    outcome = scans(text)
    assert isinstance(outcome, Implausible) and (outcome.low, outcome.high) == (low, high)


@pytest.mark.parametrize("text", ["spine -2.7 -2.5", "", "normal", "spine -2.7 in 2030"])
def test_scan_problems(text: str) -> None:
    assert isinstance(scans(text), (NoMatch, Implausible))


def test_two_open_questions_are_listed_not_guessed() -> None:
    outcome = scans("spine 1.2 hip 1.5")
    assert isinstance(outcome, NoMatch) and "1.2" in outcome.message and "1.5" in outcome.message


def lab(test: str, value: float, unit: str, date: dt.date | None = None) -> dict[str, Any]:
    return {"test": test, "value": value, "unit": unit, "date": date}


FEB_20 = dt.date(2024, 2, 20)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "vit D 45 nmol/L, calcium 9.4 mg/dL, PTH 50 pg/mL on 2024-02-20",
            [
                lab("vitamin_d", 45, "nmol/L", FEB_20),
                lab("calcium", 9.4, "mg/dL", FEB_20),
                lab("pth", 50, "pg/mL", FEB_20),
            ],
        ),
        (
            "25-OH D 18 ng/mL, Ca 2.35 mmol/L",
            [lab("vitamin_d", 18, "ng/mL"), lab("calcium", 2.35, "mmol/L")],
        ),
        ("vitamin D 45 nmol/l", [lab("vitamin_d", 45, "nmol/L")]),
        ("Vitamin D: 45 nmol per litre", [lab("vitamin_d", 45, "nmol/L")]),
        ("vit d 24 ng/ml", [lab("vitamin_d", 24, "ng/mL")]),
        ("25(OH)D 60 nmol/L", [lab("vitamin_d", 60, "nmol/L")]),
        ("calcium 9.4 mg/dl", [lab("calcium", 9.4, "mg/dL")]),
        ("adjusted calcium 2,41 mmol/L", [lab("calcium", 2.41, "mmol/L")]),
        ("PTH 5.2 pmol/L", [lab("pth", 5.2, "pmol/L")]),
        ("PTH 48 ng/L", [lab("pth", 48, "ng/L")]),
        ("P1NP 45 ug/L", [lab("p1np", 45, "µg/L")]),
        ("P1NP 45 μg/L", [lab("p1np", 45, "µg/L")]),
        ("P1NP 45", [lab("p1np", 45, "ng/mL")]),
        ("CTX 350 pg/mL", [lab("ctx", 350, "pg/mL")]),
        ("ctx 0.35 ng/ml", [lab("ctx", 0.35, "ng/mL")]),
        ("BSAP 14 U/L", [lab("bsap", 14, "U/L")]),
        ("NTX 40", [lab("ntx", 40, "nmol BCE/mmol creatinine")]),
        ("vitamin D forty five nmol/L", [lab("vitamin_d", 45, "nmol/L")]),
        ("vit D 45 nmol/L in March 2025", [lab("vitamin_d", 45, "nmol/L", MARCH_2025)]),
        ("25 OH vitamin D 52 nmol/L", [lab("vitamin_d", 52, "nmol/L")]),
        ("Vit D3 level 72 nmol/L", [lab("vitamin_d", 72, "nmol/L")]),
        (
            "calcium 2.4 mmol/L, PTH 6.1 pmol/L",
            [lab("calcium", 2.4, "mmol/L"), lab("pth", 6.1, "pmol/L")],
        ),
    ],
)
def test_labs(text: str, expected: list[dict[str, Any]]) -> None:
    outcome = labs(text)
    assert isinstance(outcome, Parsed) and outcome.certain, outcome
    assert outcome.value == expected
    check(Facts, {"labs": outcome.value})


@pytest.mark.parametrize(
    "text, test, value, unit, low, high",
    [
        ("vitamin D 45 nmol/L (ref 50-125)", "vitamin_d", 45, "nmol/L", 50.0, 125.0),
        # a range in brackets as reports print it, with a dash that is no date separator
        ("calcium 10.2 mg/dL (8.5–10.5)", "calcium", 10.2, "mg/dL", 8.5, 10.5),
        ("PTH 5.8 pmol/L (1.6-6.9)", "pth", 5.8, "pmol/L", 1.6, 6.9),
        ("P1NP 40 ug/L (15 to 74)", "p1np", 40, "µg/L", 15.0, 74.0),
    ],
)
def test_lab_reference_range_is_kept(
    text: str, test: str, value: float, unit: str, low: float, high: float
) -> None:
    outcome = labs(text)
    assert isinstance(outcome, Parsed)
    expected = {**lab(test, value, unit), "reference_low": low, "reference_high": high}
    assert outcome.value == [expected]
    check(Facts, {"labs": outcome.value})


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("vitamin D 44 nmol/L (ref >50)", 50.0, None),
        ("CTX 0.48 ng/mL (ref <0.57)", None, 0.57),
        ("PTH 5.8 pmol/L (1.6 - 6.9)", 1.6, 6.9),  # a range's dash, spaced, is no minus
    ],
)
def test_lab_ranges_on_one_side_or_spaced(text: str, low: float | None, high: float | None) -> None:
    outcome = labs(text)
    assert isinstance(outcome, Parsed), outcome
    [result] = outcome.value
    assert (result["reference_low"], result["reference_high"]) == (low, high)


@pytest.mark.parametrize(
    "text",
    [
        "urine calcium 6.1 mmol/24h",
        "1,25-dihydroxy vitamin D 45 pg/mL",
        "ionised calcium 1.15 mmol/L",
    ],
)
def test_other_tests_are_never_stored_as_the_ones_asked(text: str) -> None:
    outcome = labs(text)
    assert isinstance(outcome, NoMatch) and "another test" in outcome.message, outcome


@pytest.mark.parametrize(
    "text, test, unit",
    [
        ("Vit D 70 nanomoles per litre", "vitamin_d", "nmol/L"),
        ("calcium 9.4 milligrams per decilitre", "calcium", "mg/dL"),
        ("PTH 40 picograms per millilitre", "pth", "pg/mL"),
        ("calcium 2.4 millimoles per liter", "calcium", "mmol/L"),
    ],
)
def test_units_spelt_out(text: str, test: str, unit: str) -> None:
    outcome = labs(text)
    assert isinstance(outcome, Parsed) and outcome.certain, outcome
    assert [(r["test"], r["unit"]) for r in outcome.value] == [(test, unit)]


@pytest.mark.parametrize(
    "text, unit",
    [
        ("calcium 2.3", "mmol/L"),
        ("calcium 9.4", "mg/dL"),
        ("vit D 500", "nmol/L"),
        ("ctx 0.35", "ng/mL"),
        ("Ca 2.35", "mmol/L"),
    ],
)
def test_unit_inferred_only_when_one_unit_fits_and_then_confirmed(text: str, unit: str) -> None:
    outcome = labs(text)
    assert isinstance(outcome, Parsed) and not outcome.certain
    value: Any = outcome.value
    assert value[0]["unit"] == unit


@pytest.mark.parametrize(
    "text, units",
    [
        ("vit D 30", {"ng/mL", "nmol/L"}),
        ("vitamin D 45", {"ng/mL", "nmol/L"}),
        ("PTH 50", {"pg/mL", "pmol/L"}),
        ("BSAP 14", {"µg/L", "U/L"}),
    ],
)
def test_unit_asked_when_several_fit(text: str, units: set[str]) -> None:
    outcome = labs(text)
    assert isinstance(outcome, Ambiguous) and outcome.prompt_key == "ambiguous.unit"
    assert {option[0]["unit"] for option in outcome.options} == units  # type: ignore[index]


@pytest.mark.parametrize(
    "text",
    [
        "calcium 40 mg/dL",
        "calcium 40",
        "vitamin D 2000 ng/mL",
        "calcium 9.4 mmol/L",
        "PTH 0.01 pg/mL",
    ],
)
def test_implausible_labs_are_refused_with_range(text: str) -> None:
    outcome = labs(text)
    assert (
        isinstance(outcome, Implausible) and "between" in outcome.message
    ) or "any unit" in outcome.message


@pytest.mark.parametrize(
    "text", ["vit D 45 mg/dL", "calcium 9.4 ng/mL", "45", "vit d 45 50", "", "my bloods were fine"]
)
def test_lab_problems(text: str) -> None:
    assert isinstance(labs(text), NoMatch)


LAB_CTX = ParseContext(TODAY, test="vitamin_d")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("45 nmol/L", LabValue("vitamin_d", 45, "nmol/L")),
        ("about 60 nmol", LabValue("vitamin_d", 60, "nmol/L")),
        ("18 ng/mL on 2024-02-20", LabValue("vitamin_d", 18, "ng/mL", PartialDate(2024, 2, 20))),
        ("vit D 45 nmol/L", LabValue("vitamin_d", 45, "nmol/L")),
    ],
)
def test_single_lab(text: str, expected: LabValue) -> None:
    assert PARSERS["lab"].parse(text, LAB_CTX) == Parsed(expected)


def test_single_lab_asks_the_unit_and_uses_the_hint() -> None:
    outcome = PARSERS["lab"].parse("30", LAB_CTX)
    assert isinstance(outcome, Ambiguous)
    assert {o.unit for o in outcome.options if isinstance(o, LabValue)} == {"ng/mL", "nmol/L"}
    hinted = PARSERS["lab"].parse("30", ParseContext(TODAY, test="vitamin_d", unit_hint="nmol/L"))
    assert hinted == Parsed(LabValue("vitamin_d", 30, "nmol/L"))
    assert LabValue("vitamin_d", 30, "nmol/L").as_fact() == lab("vitamin_d", 30, "nmol/L")


def test_single_lab_without_test() -> None:
    assert isinstance(PARSERS["lab"].parse("45 nmol/L", CTX), NoMatch)
