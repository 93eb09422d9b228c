"""The patterns of a clinician's pasted note: "58F", "Mrs P 66", "eGFR 82", "alcohol 4 units/week",
"on anastrozole since March 2024", "Scan Date:", "Collected:", a drug stopped or only planned."""

from __future__ import annotations

from assistant.patterns import compiled

SEX = r"(?<!')(?P<sex>f|m|female|male|woman|man|lady|gentleman)"
YEARS = r"(?:\s*(?:y/?o|yrs?(?: old)?|years?(?: old)?|-?year-old|yo|y\b))?"
DEMOGRAPHICS = (
    # "Mrs P 66", "Mr J.K., 71": the title gives the sex, the number after the initials the age
    compiled(
        r"(?<![/\w])(?P<sex>mrs|ms|miss|mr)\.?\s+(?:[a-z]{1,2}\.?\s*){0,3}(?:[a-z]+\s*)?,?\s*"
        r"(?:\(?\s*(?P<age>\d{2,3})\s*(?:y/?o|yrs?|years?)?\s*\)?(?!\d|\.\d))?"
    ),
    compiled(rf"(?<![\d.,-])\b(?P<age>\d{{1,3}}){YEARS}\s*[-/ ]?\s*{SEX}\b"),
    compiled(rf"\b{SEX}\s*[/,]?\s*(?P<age>\d{{2,3}})\b(?!\s*(?:units|nmol|ng|mg|pg|%))"),
    compiled(
        r"\b(?:age[d:]?|age\s*:)\s*(?P<age>\d{2,3})\b|\b(?P<age2>\d{2,3})\s*(?:y/?o|yrs?\.? old|"
        r"years? old|-year-old|year old|yo|y)\b"
    ),
    compiled(r"\bsex\s*[:=]\s*(?P<sex>f|m|female|male)\b"),
    # "I'm 61", "she is 57": a two-digit number said of her, not a value with a unit
    compiled(r"\b(?:i'?m|i am|she is|he is|she's|he's)\s+(?P<age>\d{2})\b(?![.,]\d|\s*[a-z%/])"),
    compiled(r"\b(?P<sex>female|male|woman|man|lady|gentleman)\b"),
)
# choice words that in a note mostly mean something else: "post-op", "prostate cancer"
NOTE_AMBIGUOUS = frozenset(
    {
        "cancer",
        "tumour",
        "tumor",
        "oncology",
        "breast",
        "post",
        "pre",
        "peri",
        "not yet",
        "other",
        "something else",
        "menopausal",
        "er+",
        "hr+",
    }
)
SEX_WORDS = {
    "f": "female",
    "female": "female",
    "woman": "female",
    "lady": "female",
    "mrs": "female",
    "ms": "female",
    "miss": "female",
    "m": "male",
    "male": "male",
    "man": "male",
    "gentleman": "male",
    "mr": "male",
}
ALCOHOL = compiled(
    r"\b(?:alcohol|etoh)\s*:?\s*(?P<a>[\d.]+\s*(?:units?)?(?:\s*(?:/|a|per)\s*(?:wk|week|day|d))?)"
    r"|(?P<b>[\d.]+\s*units?(?:\s*(?:/|a|per)\s*(?:wk|week|day|d))?)(?:\s+(?:of\s+)?(?:alcohol|etoh))?"
)
EGFR = compiled(
    r"\be?gfr\s*(?:of|:|=|was|is)?\s*(?P<v>(?:>=?|<=?|over|above)?\s*[\d.]+)"
    r"(?:\s*ml\s*/\s*min(?:\s*/\s*1[.,]73\s*m2)?)?"
)
NO_ALCOHOL = compiled(
    r"\bno alcohol\b|\bteetotal\b|\bdoes(?:n't| not) drink\b|\bnon[- ]?drinker\b"
    r"|\b(?:alcohol|etoh)\s*[:=-]?\s*(?:none|nil|no|0|never)\b"
)
# a drug mentioned but not taken now: "stopped alendronate", "declined Prolia", "consider Aclasta"
NOT_TAKEN = compiled(
    r"\b(?:no|not|never|nil|stopped|discontinued|declined|refused|previously|prior|former|formerly"
    r"|ex|off|consider(?:ing|ed)?|discuss(?:ed|ing)?|plan(?:ned|ning)?|would|recommend(?:ed)?"
    r"|suggest(?:ed)?|if|start|to start|candidate|options?|offer(?:ed)?|intoleran\w*|denies)\b"
)
NOT_TAKEN_AFTER = compiled(
    r"^\s*[:=-]?\s*(?:no|none|nil|never|stopped|discontinued|declined|refused|was stopped"
    r"|not tolerated|recommended|suggested|considered|discussed|planned|to be|will|would|may"
    r"|could|is being|being considered|if)\b"
)
HEADER_DATE = compiled(
    r"\b(?:(?P<dexa>(?:scan|exam(?:ination)?|study|dexa|dxa|acquisition|measured|measurement)"
    r"(?: date| on| done)?\s*:|date of (?:scan|exam(?:ination)?|study|dexa|dxa)\s*:?|measured)"
    r"|(?P<labs>(?:collected|collection date|collection|sample date|specimen collected|drawn"
    r"|date collected|date of collection|date of sample|sampled|bloods|blood tests?|labs"
    r"|investigations)\s*(?:on|from|taken)?\s*:?)"
    r"|(?P<none>(?:reported|report date|printed|received|authori[sz]ed|verified|date of report"
    r"|seen|clinic date|letter date|dictated|typed)\s*(?:on)?\s*:?))"
)
# "menopause at 51" in a woman older than that: she is postmenopausal
MENOPAUSE_AT = compiled(r"\bmenopause (?:at|aged?) (?:age )?(?P<age>\d{2})\b")
RELATIVE_WITH_OSTEOPOROSIS = compiled(
    r"\b(?:mother|mum|mom|father|dad|parents?|sister|brother)\b.*\b(?:osteoporo\w*|hip fracture"
    r"|hip #|fractured (?:her |his )?hip|broke (?:her |his )?hip)"
)
NEGATION = compiled(r"\b(?:no|not|never|without|negative|nil|none)\b")
SENTENCE_END = compiled(r"[.;\n](?!\d)")
LSC_SENTENCE = compiled(r"\b(?:least significant change|lsc)\b(?:[^.\n]|\.(?=\d))*")
ANASTROZOLE = compiled(r"\b(?:anastrozole|anastrazole|arimidex|ai|aromatase inhibitor)\b")
START_WORDS = compiled(
    r"\b(?:since|from|started|start|began|begun|commenced|initiated|switched|changed)\b"
)
# a clause ends at ";", "," or a full stop, but not inside "2.7" or "-2,1", or at a line's end
CLAUSE = compiled(r"(?:[^;,.\n]|[.,](?=\d))+")
DEXA_WORDS = compiled(
    r"\b(?:dexa|dxa|bmd|bone density|scan|[tz][- ]?scores?|lsc|least significant change)\b"
    r"|\b[tz](?=\s*[:=]?\s*[-+]?\d)"
)
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
