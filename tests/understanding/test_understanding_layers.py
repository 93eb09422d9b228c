"""The layers of the reader, each with a corpus of what it must read and a negative corpus of what
it must leave alone: normalising (spelling, decimal commas), the day/month order of a note, what
is no fact, report tables, value pairs under two dates, the yes/no history."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.understanding.canonical_spelling import correct_spelling
from assistant.understanding.date_order import settle_date_order
from assistant.understanding.history import read_history
from assistant.understanding.interpretation import interpret
from assistant.understanding.not_facts import asides, set_aside
from assistant.understanding.numbers import normalize
from assistant.understanding.tables import rewrite_tables
from assistant.understanding.trends import spread_pairs

TODAY = dt.date(2026, 12, 5)


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("spien", "spine"),
        ("sipne", "spine"),
        ("spne", "spine"),
        ("calcuim", "calcium"),
        ("calicum", "calcium"),
        ("alendronte", "alendronate"),
        ("ocotber", "october"),
        ("femral neck", "femoral neck"),
    ],
)
def test_one_spelling_pass_puts_canonical_words_right(typed: str, meant: str) -> None:
    assert correct_spelling(typed) == meant


@pytest.mark.parametrize("word", ["mother", "smoked", "spin", "sine", "beast", "total", "waking"])
def test_other_words_keep_their_spelling(word: str) -> None:
    assert correct_spelling(word) == word


@pytest.mark.parametrize(
    "typed, read",
    [
        ("T -2,1", "t -2.1"),
        ("2,38 mmol/l", "2.38 mmol/l"),
        ("bmd 0,812", "bmd 0.812"),
        ("19,4 ng/ml (30-100)", "19.4 ng/ml (30-100)"),
        ("1,200", "1,200"),  # thousands or a decimal: left for the reader to ask
    ],
)
def test_decimal_commas_become_points_once(typed: str, read: str) -> None:
    assert normalize(typed) == read


@pytest.mark.parametrize(
    "text, settled",
    [
        ("15/04/2025 and 02/05/2025", "15/04/2025 and 2025-05-02"),
        ("11/20/2026 and 02/05/2025", "11/20/2026 and 2025-02-05"),
        ("02/05/2025 (dd/mm/yyyy)", "2025-05-02 (dd/mm/yyyy)"),
        ("12/11/2026 (12 november 2026)", "2026-11-12 (12 november 2026)"),
        ("05.11.2026", "2026-11-05"),  # dots are day first
    ],
)
def test_a_note_settles_its_own_date_order(text: str, settled: str) -> None:
    assert settle_date_order(text) == settled


@pytest.mark.parametrize(
    "text",
    ["02/05/2025", "15/04/2025 and 11/20/2026 and 02/05/2025", "8.5-10.5", "1.6-6.9"],
)
def test_no_order_is_guessed(text: str) -> None:
    assert settle_date_order(text) == text


@pytest.mark.parametrize(
    "text, kind, span",
    [
        ("e2 12 pg/ml", "other_test", "e2 12 pg/ml"),
        ("oestradiol <37 pmol/l", "other_test", "oestradiol <37 pmol/l"),
        ("total t 32 nmol/l", "other_test", "total t 32 nmol/l"),
        ("calcium carbonate 1.25 g daily", "dose", "1.25 g"),
        ("vit d 1000 iu", "dose", "1000 iu"),
        ("aim vit d > 75 nmol/l", "target", "aim vit d > 75 nmol/l"),
        ("spine -2.0 (-5.1% vs previous)", "percent", "-5.1%"),
        ("osteoporosis <= -2.5", "threshold", "<= -2.5"),
        ("dob: 14/03/1961", "birth", "dob: 14/03/1961"),
        ("diagnosed at 52", "event_age", "at 52"),
        ("surgery 03/2021", "event_date", "03/2021"),
        ("repeat in 2 years", "interval", "repeat in 2 years"),
        ("smoker 10/day", "interval", "10/day"),
        ("my friend's t-score was -3.1", "person", "my friend's t-score was -3.1"),
        ("spine -2.4 (was -1.9 in 2023)", "previous", "(was -1.9 in 2023)"),
        ("but l2 alone -3.4", "vertebra", "l2 alone -3.4"),
        ("l. radius ud bmd 0.371 t -2.0", "subregion", "radius ud bmd 0.371 t -2.0"),
    ],
)
def test_what_is_no_fact_is_set_aside(text: str, kind: str, span: str) -> None:
    found = [(a.kind, text[a.start : a.end].strip()) for a in asides(text)]
    assert (kind, span) in found, found


@pytest.mark.parametrize(
    "text",
    [
        "spine t -2.1",
        "vit d 45 nmol/l",
        "calcium 2.38 mmol/l (2.20-2.60)",
        "alcohol 4 units/week",
        "egfr 82",
        "femoral neck bmd 0.702 g/cm2",
        "1/3 radius t -2.9",
    ],
)
def test_facts_are_not_set_aside(text: str) -> None:
    assert set_aside(text) == text


HOLOGIC = """Scan Date: October 14, 2026
Region   Area (cm²)  BMC (g)  BMD (g/cm²)  T-score  PR (%)  Z-score  AM (%)
L1       13.44       10.12    0.753        -2.4     75      -0.9     88
L4       17.90       15.38    0.859        -2.8     73      -1.2     85
Total    61.16       50.78    0.830        -2.6     75      -1.0     87"""
LUNAR = """Densitometry Reference Data: DualFemur
Region       BMD (g/cm²)  Young-Adult (%)  T-Score  Age-Matched (%)  Z-Score
Neck Left    0.802        80               -1.6     94               -0.4
Neck Mean    0.792        79               -1.7     93               -0.5
Total Right  0.851        83               -1.4     95                0.4"""
TREND = """Trend: L1-L4 Total
Scan Date     Age    BMD (g/cm²)   T-score   BMD Change vs Baseline
10/21/2026    63     0.861         -2.0      -6.9%*
10/20/2022    59     0.925         -1.5"""
FOREARM = """Region        BMD (g/cm²)  T-Score  Z-Score
Radius UD     0.322        -2.6     -1.2
Radius 33%    0.631        -2.4     -0.9
Radius Total  0.494        -2.6     -1.1"""
CUMULATIVE = """Cumulative report          18/06/2026    15/11/2026    Units     Ref
Calcium                    2.29          2.44          mmol/L    2.20-2.60"""


@pytest.mark.parametrize(
    "table, lines",
    [
        (HOLOGIC, ["lumbar spine bmd 0.830 t -2.6 z -1.0"]),
        (LUNAR, ["neck bmd 0.802 t -1.6 z -0.4", "total hip bmd 0.851 t -1.4 z +0.4"]),
        (TREND, ["l1-l4 bmd 0.861 t -2.0 (10/21/2026)", "l1-l4 bmd 0.925 t -1.5 (10/20/2022)"]),
        (FOREARM, ["forearm bmd 0.631 t -2.4 z -0.9"]),
        (
            CUMULATIVE,
            [
                "calcium 2.29          mmol/l    2.20-2.60 (18/06/2026)",
                "calcium 2.44          mmol/l    2.20-2.60 (15/11/2026)",
            ],
        ),
    ],
)
def test_tables_are_read_by_their_columns(table: str, lines: list[str]) -> None:
    rewritten = [line for line in rewrite_tables(normalize(table), TODAY).split("\n") if line]
    assert [line for line in rewritten if line in lines] == lines, rewritten
    assert not any(line.startswith(("l1 ", "l4 ")) for line in rewritten)  # one vertebra


@pytest.mark.parametrize(
    "text",
    [
        "she is 65 and postmenopausal.\nher dxa scan showed a t-score of -2.3",
        "collected: 18.11.2026    received: 19.11.2026\ncalcium 2.41 mmol/l",
        "t-score and z-score were reviewed\nspine -2.1",
    ],
)
def test_prose_is_no_table(text: str) -> None:
    assert rewrite_tables(text, TODAY).split("\n")[1] == text.split("\n")[1]


def test_pairs_under_two_dates_are_spread() -> None:
    text = normalize("Bloods Jun 2026 vs Nov 2026: vit D 38 -> 71 nmol/L; Ca 2.30 -> 2.38 mmol/L.")
    spread = spread_pairs(text, TODAY)
    assert "vit d 38 nmol/l (jun 2026);  vit d 71 nmol/l (nov 2026)" in spread
    assert "ca 2.30 mmol/l (jun 2026);  ca 2.38 mmol/l (nov 2026)" in spread


def test_an_arrow_without_two_dates_is_left_alone() -> None:
    assert spread_pairs("vit d 38 -> 71 nmol/l", TODAY) == "vit d 38 -> 71 nmol/l"


@pytest.mark.parametrize(
    "text, fact, value",
    [
        ("steroids: no", "glucocorticoids", False),
        ("denies steroid use", "glucocorticoids", False),
        ("inhaled steroids", "glucocorticoids", None),
        ("prednisolone for 2 weeks", "glucocorticoids", False),
        ("prednisolone 5mg daily for 6 months", "glucocorticoids", True),
        ("fracture: none", "prior_fragility_fracture", False),
        ("no steroids or fractures", "prior_fragility_fracture", False),
        ("broke her wrist skiing", "prior_fragility_fracture", False),
        ("wrist fracture, fall from standing height", "prior_fragility_fracture", True),
        ("ex-smoker", "smoker", False),
        ("smoking: never", "smoker", False),
        ("smokes 10 a day", "smoker", True),
        ("fhx: nil", "family_history_osteoporosis", False),
        ("family history of breast cancer", "family_history_osteoporosis", None),
        ("mother had a hip fracture", "family_history_osteoporosis", True),
        ("takes no supplements", "calcium_supplement", False),
        ("calcium 2.38 mmol/l", "calcium_supplement", None),
        (
            "dietary calcium about 500 mg/day, which is not enough",
            "dietary_calcium_adequate",
            False,
        ),
        ("sedentary", "weight_bearing_exercise", False),
    ],
)
def test_the_history_reads_its_polarity(text: str, fact: str, value: bool | None) -> None:
    found = {f.fact: f.value for f in read_history(text)}
    assert found.get(fact) == value, found


def test_a_bare_fracture_is_asked_how_it_happened() -> None:
    (finding,) = read_history("prior wrist fracture")
    assert finding.value is None and finding.question


@pytest.mark.parametrize(
    "text, facts",
    [
        (
            "45M on TRT + anastrozole 0.5mg eod, spine Z -2.3, E2 12 pg/mL",
            {
                "age": 45,
                "sex": "male",
                "indication": "trt",
                "dexa": [{"site": "lumbar_spine", "z_score": -2.3, "date": None}],
            },
        ),
        (
            "Region BMD T-score Z-score %change\nL1-L4 0.812 -2.6 -0.9 -4.1",
            {
                "dexa": [
                    {"site": "lumbar_spine", "bmd": 0.812, "t_score": -2.6, "z_score": -0.9}
                    | {"date": None}
                ]
            },
        ),
        (
            "my friend's T-score was -3.1; husband on alendronate. calcium carbonate 1.25 g",
            {"calcium_supplement": True},
        ),
    ],
)
def test_the_examples_of_the_measurement_read_right(text: str, facts: dict[str, object]) -> None:
    assert interpret(text, TODAY).facts == facts
