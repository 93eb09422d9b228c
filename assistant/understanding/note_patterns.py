"""The patterns of a clinician's pasted note: "58F", "non-smoker", "FHx osteoporosis", "eGFR 82",
"alcohol 4 units/week", "on anastrozole since March 2024"; negated forms come first."""

from __future__ import annotations

import re

SEX = r"(?P<sex>f|m|female|male|woman|man|lady|gentleman)"
YEARS = r"(?:\s*(?:y/?o|yrs?(?: old)?|years?(?: old)?|-?year-old|yo))?"
DEMOGRAPHICS = (
    re.compile(rf"(?<![\d.,-])\b(?P<age>\d{{1,3}}){YEARS}\s*[-/ ]?\s*{SEX}\b"),
    re.compile(rf"\b{SEX}\s*[/,]?\s*(?P<age>\d{{2,3}})\b(?!\s*(?:units|nmol|ng|mg|pg|%))"),
    re.compile(
        r"\b(?:age[d:]?|age\s*:)\s*(?P<age>\d{2,3})\b|\b(?P<age2>\d{2,3})\s*(?:y/?o|yrs?\.? old|"
        r"years? old|-year-old|year old|yo)\b"
    ),
    re.compile(r"\b(?P<sex>female|male|woman|man|lady|gentleman)\b"),
)
# (pattern, fact, value): negated forms first, so "non-smoker" is not read as "smoker"
FLAGS: tuple[tuple[str, str, object], ...] = (
    (r"\bno (?:known )?family history\b|\bno fhx\b", "family_history_osteoporosis", False),
    (
        r"\b(?:family history|fhx|fh)\b(?: of)?(?: osteoporosis| hip fracture)?|\b(?:mother"
        r"|father|mum|mom|dad|"
        r"parent|sister|brother)(?:'s)? (?:had |has |with )?(?:a )?(?:hip fracture|osteoporosis)",
        "family_history_osteoporosis",
        True,
    ),
    (
        r"\bno (?:prior |previous |fragility |history of )*(?:fractures?|fx)\b"
        r"|\bnever (?:had a |broken a )?(?:fracture|broken bone)s?\b|\bnever broken a bone\b",
        "prior_fragility_fracture",
        False,
    ),
    (
        r"\b(?:prior|previous|fragility|hip|wrist|vertebral|spinal|low[- ]trauma)(?: fragility)? "
        r"(?:fractures?|fx)\b|\bfractured?\b|\bfx\b",
        "prior_fragility_fracture",
        True,
    ),
    (
        r"\bnon[- ]?smoker\b|\bnever smoked\b|\bex[- ]?smoker\b|\bformer smoker\b|\b(?:quit"
        r"|stopped|gave up) "
        r"smoking\b|\bdoes(?:n't| not) smoke\b|\bnot? smok(?:ing|er)\b",
        "smoker",
        False,
    ),
    (r"\b(?:current )?smoker\b|\bsmokes\b|\bsmoking\b", "smoker", True),
    (r"\bno (?:oral )?(?:steroids|glucocorticoids|prednisolone)\b", "glucocorticoids", False),
    (
        r"\b(?:prednisolone|prednisone|steroids?|glucocorticoids?|dexamethasone|hydrocortisone)\b",
        "glucocorticoids",
        True,
    ),
    (r"\bno (?:calcium|ca) supplements?\b", "calcium_supplement", False),
    (
        r"\b(?:calcium|ca) (?:supplements?|tablets|tabs)\b|\badcal(?:-d3)?\b"
        r"|\bcalcichew(?:-d3)?\b|\bon calcium\b",
        "calcium_supplement",
        True,
    ),
    (r"\bno (?:vitamin d|vit d) supplements?\b", "vitamin_d_supplement", False),
    (
        r"\b(?:vitamin d|vit d|vit d3|vitamin d3|d3) (?:supplements?|tablets|tabs)\b|\b(?:chole"
        r"|cole)calciferol\b"
        r"|\bon (?:vitamin d|vit d)\b|\badcal-d3\b|\bcalcichew-d3\b",
        "vitamin_d_supplement",
        True,
    ),
    (
        r"\bsedentary\b|\bno (?:weight[- ]bearing )?exercise\b|\bdoes(?:n't| not) exercise\b",
        "weight_bearing_exercise",
        False,
    ),
    (
        r"\bweight[- ]bearing exercise\b|\bexercises\b|\bwalks\b|\bruns\b|\bactive\b",
        "weight_bearing_exercise",
        True,
    ),
    (
        r"\bno alcohol\b|\bteetotal\b|\bdoes(?:n't| not) drink\b|\bnon[- ]?drinker\b",
        "alcohol_units_per_week",
        0.0,
    ),
)
FLAG_PATTERNS = tuple((re.compile(p), fact, value) for p, fact, value in FLAGS)
ALCOHOL = re.compile(
    r"\b(?:alcohol|etoh)\s*:?\s*(?P<a>[\d.]+\s*(?:units?)?(?:\s*(?:/|a|per)\s*(?:wk|week|day|d))?)"
    r"|(?P<b>[\d.]+\s*units?(?:\s*(?:/|a|per)\s*(?:wk|week|day|d))?)(?:\s+(?:of\s+)?(?:alcohol|etoh))?"
)
EGFR = re.compile(
    r"\be?gfr\s*(?:of|:|=|was|is)?\s*(?P<v>(?:>=?|<=?|over|above)?\s*[\d.]+)"
    r"(?:\s*ml\s*/\s*min(?:\s*/\s*1[.,]73\s*m2)?)?"
)
ANASTROZOLE = re.compile(r"\b(?:anastrozole|anastrazole|arimidex|ai)\b")
START_WORDS = re.compile(r"\b(?:since|from|started|start|began|begun|commenced|initiated)\b")
# a clause ends at ";", "," or a full stop, but not inside "2.7" or "-2,1"
CLAUSE = re.compile(r"(?:[^;,.]|[.,](?=\d))+")
DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|micrograms?|ug|iu|units? of vitamin d)\b(?!\s*/)")
DEXA_WORDS = re.compile(r"\b(?:dexa|dxa|bmd|bone density|scan|[tz][- ]?scores?)\b")
FLAG_WORDS = {
    "family_history_osteoporosis": (
        "family history of osteoporosis",
        "no family history of osteoporosis",
    ),
    "prior_fragility_fracture": ("prior fragility fracture", "no prior fragility fracture"),
    "smoker": ("smoker", "non-smoker"),
    "glucocorticoids": ("on glucocorticoids", "no glucocorticoids"),
    "calcium_supplement": ("takes a calcium supplement", "no calcium supplement"),
    "vitamin_d_supplement": ("takes a vitamin D supplement", "no vitamin D supplement"),
    "weight_bearing_exercise": ("does weight-bearing exercise", "no weight-bearing exercise"),
}
