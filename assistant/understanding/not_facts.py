"""What a note holds that is no fact of the patient's bones, found before any value is read:
other tests (estradiol, testosterone, PTH-rP, ionised or urine calcium), doses and targets,
percentages, thresholds and reference legends, identifiers, times, dates of birth, and what
another person has or takes ("my friend's T-score", "husband's alendronate")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.patterns import compiled

_NUM = r"[<>≤≥]?=?\s*[-+]?\d+(?:[.,]\d+)?"
_RANGE = rf"(?:\s*[(\[]\s*(?:ref(?:erence)?\s*(?:range)?:?\s*)?{_NUM}\s*(?:-|to)\s*{_NUM}\s*[)\]])?"
_UNIT = r"(?:\s*(?:[a-zµ%]+(?:\s*/\s*[a-z0-9.]+)*))?"
_FLAG = r"(?:\s*\b[hl]\b|\s*\*)?"
# Tests that are not asked about: their value, unit, range and flag go with them
_HORMONES = (
    r"(?:o?estradiol|\be2\b|(?:total |free |bioavailable )?testosterone|\btotal t\b|\bfree t\b"
    r"|\btt\b|\bft\b|\bshbg\b|\blh\b|\bfsh\b"
    r"|\bpsa\b|ha?ematocrit|\bhct\b|\bhb\b|ha?emoglobin|hba1c|\btsh\b|\bft4\b|\bcr\b"
    r"|(?<!mmol )(?<!/)creatinine"
    r"|\balp\b(?! *bone)|alk(?:aline)? phos(?:phatase)?|phosphate|\bpo4\b|magnesium"
    r"|albumin|\balb\b|ferritin|\bb12\b|sodium|potassium|\burea\b|\balt\b|\bast\b|\bggt\b"
    r"|\bcrp\b|\bwbc\b|platelets|cholesterol|\bldl\b|\bhdl\b|triglycerides|glucose)"
)
_RESULT = rf"(?:\s*(?:level|result|was|is|of|:|=)\s*)*\s*{_NUM}{_UNIT}{_RANGE}{_FLAG}"
# (tests named like the bone ones, "PTH-rP", "ionised calcium", are the lab reader's to leave out)
_OTHER_TEST = compiled(rf"{_HORMONES}{_RESULT}")
# Doses: an amount of a drug ("anastrozole 1 mg", "1000 IU", "calcium carbonate 1.25 g")
_DOSE = compiled(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|micrograms?|[uµ]g|iu|milligrams?|grams?|g|tabs?|tablets?"
    r"|caps(?:ules)?|puffs?|ml)\b(?!\s*/|\s*per\b)"
    r"|\b\d{1,3}(?:,\d{3})+\s*(?:iu|units)\b|\b\d+\s*units?\s+(?:of\s+)?(?:vitamin d|vit d|d3)\b"
)
# A target or goal is not a result: "aim vit D > 75 nmol/L", "target above 50"
_TARGET = compiled(
    r"\b(?:target|aim(?:ing)?(?: for)?|goal|keep(?: it)?|optimal|ideal(?:ly)?)\b"
    rf"[^.;\n]{{0,25}}?{_NUM}{_UNIT}"
)
_PERCENT = compiled(
    r"(?<![\d.,])[-+]?\d+(?:[.,]\d+)?\s*%(?!\s*(?:radius|rad\b))"
    r"|\b(?:change|changed|decrease|decreased|increase|increased|loss|gain|fell|rose|dropped)"
    r"(?:\s+(?:of|by|in bmd|since \w+))*\s*:?\s*[-+]?\d+(?:[.,]\d+)?(?:\s*g/cm2)?"
)
# Thresholds and legends: "osteoporosis <= -2.5", "normal > -1.0", "between -1 and -2.5"
_THRESHOLD = compiled(
    r"(?:[<>≤≥]=?|\b(?:below|above|under|over|less than|greater than|at or below)\b)"
    r"\s*[-+]?\d+(?:[.,]\d+)?"
    r"|\bbetween\s+[-+]?\d+(?:[.,]\d+)?\s+and\s+[-+]?\d+(?:[.,]\d+)?"
    r"|(?<![\d.])[-+]?\d+(?:[.,]\d+)?\s+to\s+[-+]?\d+(?:[.,]\d+)?(?=(?:[^.;\n]|\.(?=\d))*\b(?:osteop|normal|who\b))"
    r"|\b(?:normal|osteopenia|osteoporosis|low bone mass)\s*[:=(]\s*[^;\n)]{0,20}\)?"
    r"|\b(?:normal|osteopenia|osteoporosis|low bone mass)\s+(?:t[- ]?score\s*)?[-+]?\d+(?:[.,]\d+)?"
    r"\s*(?:to|-)\s*[-+]?\d+(?:[.,]\d+)?"
)
_IDENTIFIER = compiled(
    r"\b(?:version|ver)\.?\s*\d+(?:\.\d+)+|\b(?:acf|bcf|th|cv|bmi)\s*[=:]\s*[\d.]+%?"
    r"|\b(?:mrn|nhs(?: no\.?| number)?|hospital (?:no|number)|id|ur|accession|patient (?:no|id)"
    r"|page|tel|phone|fax|room|bed|ward)\b\.?\s*[:#]?\s*[\w/-]*\d[\w/-]*(?:\s+of\s+\d+)?"
)
# How often or how long, not a value: "repeat in 1 year", "10-year probability", "10k steps",
# "smoker 10/day"
_INTERVAL = compiled(
    r"\b(?:repeat|recheck|re-?scan|follow[- ]?up|review|again|every|interval)\b[^.;\n\d]{0,15}"
    r"\d+(?:\.\d+)?\s*(?:-\s*\d+\s*)?(?:years?|yrs?|months?|mths?|weeks?|wks?)\b"
    r"|\b\d+[- ](?:year|yr|month|week|day)\b(?!s?[- ](?:ago|old))"
    r"|\b\d+(?:\.\d+)?\s*k?\s*(?:steps|cigarettes|cigs|pack[- ]?years?|py|drinks|glasses|times"
    r"|sessions|mins?|minutes|hours?|hrs?|km|miles|portions?|servings?)\b"
    r"|\b\d+(?:\.\d+)?\s*(?:/\s*|\s(?:per|a|an|each)\s)(?:day|d|wk|week|night|month)\b"
)
# Parts of a site that are no site of the facts: "Radius UD", "Troch", "Ward's"; other regions
# ("Total Body", body composition); body measures ("61.4 kg")
_SUBREGION = compiled(
    r"\b(?:radius|forearm|ulna|both)\s+(?:ud|ultra[- ]?distal|mid\w*|total)\b[^\n;]*"
    r"|\b(?:total body|whole body|subtotal|body composition)\b[^\n;]*"
    r"|\b\d+(?:\.\d+)?\s*(?:kg|cm|lbs?|kg/m2)\b"
    r"|\b(?:troch\w*|intertroch\w*|ward'?s)\b[^,;\n]*"
)
# An earlier value given in brackets beside the current one: "spine -2.4 (was -1.9 in 2023)"
_PREVIOUS = compiled(r"\((?:was|previously|prev\.?|prior|previous|from|last)\b[^)]*\)")
_TIME = compiled(r"\b\d{1,2}:\d\d(?:\s*(?:am|pm))?\b|\b\d{1,2}(?:\.\d\d)?\s*(?:am|pm)\b")
_BIRTH = compiled(
    r"\b(?:dob|d\.o\.b\.?|date of birth|born(?: on| in)?|birth ?date)\s*[:=]?\s*"
    r"[\w/.\-, ]{0,25}?(?:19|20)\d\d\b"
)
# Another person: the clause that speaks of them, up to the end of the clause or sentence
_PERSON = (
    r"friend|husband|wife|partner|sister|brother|mother|mum|mom|father|dad|daughter|son"
    r"|neighbou?r|colleague|aunt|uncle|cousin|grandmother|grandfather|gran|grandma|grandpa"
    r"|niece|nephew|relative|spouse|boyfriend|girlfriend|yours|your patient|other patient"
)
# ... up to the end of its clause ("Mum had a hip #, no personal fx": the fracture is the
# patient's), through an apposition ("her brother, 66, is on TRT") or brackets; a person named in
# brackets takes the brackets
_CLAUSE = (
    r"(?:[^.;,\n()]|[.,](?=\d)|,(?=\s*(?:\d|(?:who|which|aged?|is|was|has|had|on|with|and)\b))"
    r"|\([^()]*\))*"
)
_OTHER_PERSON = compiled(
    rf"\([^()]*\b(?:{_PERSON})\b[^()]*\)"
    rf"|\b(?:my|her|his|their|pt'?s|patient'?s|the)\s+(?:\w+\s+)?(?:{_PERSON})(?:'s|s')?\b{_CLAUSE}"
    rf"|\b(?:{_PERSON})(?:'s|s')\s{_CLAUSE}|(?:^|(?<=[.;,\n]))\s*(?:{_PERSON})\b{_CLAUSE}"
)
# "T-score -2.5? No wait, that was my mum's.": the sentence before was another person's
_TAKEN_BACK = compiled(
    rf"(?:^|(?<=[.;!?\n]))(?:[^.;!?\n]|\.(?=\d))*[.;!?]\s*(?:no,?\s*)?(?:wait,?\s*)?(?:sorry,?\s*)?(?:that|those|this)\s+"
    rf"(?:was|were|is|are|'s)\s+(?:my|her|his|their)\s+(?:\w+\s+)?(?:{_PERSON})(?:'s|s')[^.;!?\n]*"
)
# one vertebra is no site of the facts: "but L2 alone -3.4"
_VERTEBRA = compiled(
    r"\bl[1-5]\b(?!\s*[-–]\s*l?[1-5])(?:\s+(?:alone|only|level|vertebra))?\s*[:=]?\s*[-+]?\d+(?:\.\d+)?"
)
# An age that is not today's: "diagnosed at 52", "menopause at 51", "age at diagnosis 49"
_EVENT_AGE = compiled(
    r"\b(?:at|since|from|by)\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?[1-9]\d\b(?![.,/-]\d|\s*(?:[a-zµ]+/|nmol|mmol"
    r"|pmol|ng|pg|mg|units?|%|y(?:ea)?rs? ago))"
    r"|\bage (?:at|of) (?:diagnosis|dx|menopause|onset|surgery)\s*:?\s*\d{2}\b"
    r"|\bwhen (?:she|he|i) was \d{2}\b"
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_TOKEN = (
    rf"(?:\d{{1,2}}[/.-]\d{{4}}\b|\d{{1,4}}[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?\b"
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}"
    rf"(?:(?:\s+|-)(?:19|20)?\d\d\b)?|(?:19|20)\d\d\b)"
)
# The date of another event is not the date of a result: "diagnosed 2019", "surgery 03/2021",
# "In 2023 she tripped and fractured her hip"
_EVENT_BEFORE = compiled(
    rf"\b(?:in|since)\s+(?P<date>{_DATE_TOKEN})[^.;\d]{{0,40}}?\b(?:tripped|fell|fractured|broke"
    r"|diagnosed|surgery|operation)\b"
)
_EVENT_DATE = compiled(
    r"\b(?:diagnos\w*|dx|surgery|mastectomy|lumpectomy|wle|chemo\w*|radiotherapy|rtx|menopause|lmp"
    r"|hysterectomy|oophorectomy|operation|op|started|commenced|began|begun|since|stopped|quit"
    r"|gave up"
    r"|discontinued|fractured?|broke|fell|compar\w*|seen|reviewed|saw|visit|clinic)\b[^.;:\d]{0,40}?"
    + f"(?P<date>{_DATE_TOKEN})"
)


@dataclass(frozen=True)
class Aside:
    """A span of normalized text that holds no fact, and why."""

    start: int
    end: int
    kind: str  # "other_test", "dose", "target", "percent", "threshold", "identifier", "time",
    # "birth", "event_age", "event_date", "person"


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("birth", _BIRTH),
    ("identifier", _IDENTIFIER),
    ("other_test", _OTHER_TEST),
    ("target", _TARGET),
    ("dose", _DOSE),
    ("percent", _PERCENT),
    ("threshold", _THRESHOLD),
    ("time", _TIME),
    ("interval", _INTERVAL),
    ("previous", _PREVIOUS),
    ("vertebra", _VERTEBRA),
    ("subregion", _SUBREGION),
    ("event_age", _EVENT_AGE),
    ("event_date", _EVENT_DATE),
    ("event_date", _EVENT_BEFORE),
    ("person", _TAKEN_BACK),
    ("person", _OTHER_PERSON),
)


_TOTAL_VITAMIN_D = compiled(
    r"\btotal\s+(?:25[- ]?\(?oh\)?[- ]?)?(?:vitamin|vit)\.?\s*d\b"
    r"|\b(?:vitamin|vit)\.?\s*d,?\s*(?:25[- ]?\(?oh\)?,?\s*)?total\b"
)
_VITAMIN_D_PART = compiled(r"(?:\b25[- ]?\(?oh\)?[- ]?)?(?:vitamin|vit)\.?\s*d[23]\b[^\n;,]*")


def _parts_of_a_total(text: str) -> list[Aside]:
    """Vitamin D2 and D3 printed under the total are parts of it, not results of their own."""
    if not _TOTAL_VITAMIN_D.search(text):
        return []
    return [Aside(m.start(), m.end(), "part") for m in _VITAMIN_D_PART.finditer(text)]


def asides(text: str) -> list[Aside]:
    """Every span of `text` that is no fact; each pattern reads the text with the spans found
    before it blanked ("diagnosed at 52 in 2019": the age goes first, then the date)."""
    found: list[Aside] = _parts_of_a_total(text)
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span("date") if "date" in pattern.groupindex else m.span()
            if end > start:  # of another event, only its date is set aside
                found.append(Aside(start, end, kind))
        for aside in found:
            text = text[: aside.start] + " " * (aside.end - aside.start) + text[aside.end :]
    return sorted(found, key=lambda a: a.start)


def set_aside(text: str, kinds: frozenset[str] | None = None) -> str:
    """`text` with the spans that are no facts blanked (only those of `kinds`, when given)."""
    for aside in asides(text):
        if kinds is None or aside.kind in kinds:
            text = text[: aside.start] + " " * (aside.end - aside.start) + text[aside.end :]
    return text
