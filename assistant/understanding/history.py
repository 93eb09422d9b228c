"""The yes/no history of a note, each with its polarity: "non-smoker", "denies steroid use",
"Steroids: no", "Fracture: none", "no steroids or fractures" are negatives, never yes. How a
fracture happened decides whether it is a fragility fracture; a bare "fracture" is asked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import wording
from assistant.patterns import compiled
from assistant.understanding.dates import duration_months

# The concept each yes/no fact is about, as a note names it
CONCEPTS: dict[str, str] = {
    "smoker": r"smok(?:er|es|ing|ed|e)|cigarettes?|cigs|tobacco|vap(?:es|ing)",
    "glucocorticoids": (
        r"(?:oral |systemic )?(?:cortico)?steroids?|glucocorticoids?|prednis(?:o)?lone|prednisone"
        r"|\bpred\b|dexamethasone|hydrocortisone|methylprednisolone"
    ),
    "prior_fragility_fracture": (
        r"(?:fragility |low[- ]trauma |osteoporotic |vertebral |compression |insufficiency )*"
        r"(?:fractures?|fractured|\bfx\b|broken (?:bones?|\w+)|broke (?:her |his |my )?\w+|#\s?\w+)"
    ),
    "family_history_osteoporosis": (
        r"family history(?: of)?(?: osteoporosis| hip fracture| fractures?)?|\bfhx\b|\bfh\b"
        r"|\bfam hx\b|osteoporosis in the family|family (?:members? )?with osteoporosis"
        r"|(?:mother|mum|mom|father|dad|parents?|sister|brother)(?:'s)?\s+(?:had |has |with "
        r"|diagnosed with |\W+)?(?:a |an )?(?:osteoporosis|(?:hip |osteoporotic )(?:fracture|#)"
        r"|#\s?nof)|(?:mother|mum|mom|father|dad|parents?)\s+(?:fractured|broke)\s+(?:(?:her|his"
        r"|their|a)\s+)?hip"
    ),
    "calcium_supplement": (
        r"calcium(?: carbonate| citrate)?(?: supplements?| tablets?| tabs| pills)?"
        r"|\bca supplements?|adcal|calcichew|caltrate|sandocal|cacit"
    ),
    "vitamin_d_supplement": (
        r"(?:vitamin d3?|vit\.? ?d3?|\bd3)(?: supplements?| tablets?| tabs| pills)?"
        r"|c?holecalciferol|colecalciferol|ergocalciferol|fultium|invita|adcal-d3|calcichew[- ]d3"
    ),
    "weight_bearing_exercise": (
        r"weight[- ]bearing(?: exercise)?|exercis(?:e|es)|walks|runs|jogs|gym|hikes"
        r"|resistance training|sedentary|inactive"
    ),
    "supplements": r"(?<!calcium )(?<!vitamin d )(?<!vit d )(?<!d3 )supplements",
    "dietary_calcium_adequate": (
        r"dietary calcium|calcium intake|dairy(?: intake)?|diet(?: calcium)?"
    ),
}
_NEGATIVE_BEFORE = compiled(
    r"\b(?:no|nil|not|never|denies|denied|denying|without|negative for|free of|nor|non|none"
    r"|doesn't|does not|don't|do not|hasn't|has not|isn't|is not|zero|stopped|quit|gave up"
    r"|given up|ex|former|formerly|previous(?:ly)?|no longer|off|avoids|low|poor|inadequate"
    r"|minimal|little|limited)\b[\w\s/-]*$"
)
NEGATIVE_ANSWER = compiled(r"^\s*[:=-]\s*(?:no|none|nil|never|n|0)\b")
_NEGATIVE_AFTER = compiled(
    r"^\s*(?:use|history|hx|intake)?\s*[:=-]?\s*(?:no|none|nil|neg(?:ative)?|never|denies|denied"
    r"|n|0|absent|not (?:taking|on)|ex|former|stopped|quit|low|poor|inadequate)\b"
)
_POSITIVE_AFTER = compiled(
    r"^\s*(?:use|history|hx|intake)?\s*[:=-]\s*(?:yes|y|positive|current|present|adequate|good)\b"
)
_EXCEPT = compiled(r"\b(?:but|however|although|though|yet|except)\b")
_CLAUSE_END = compiled(r"[.;\n:]|,(?![^.;\n]*\b(?:or|nor)\b)")
_TRAUMA = compiled(
    r"\b(?:mva|mvc|rta|rtc|road traffic|car (?:crash|accident)|motor ?(?:bike|cycle)|accident"
    r"|ski\w*|snowboard\w*|sport\w*|rugby|football|soccer|hockey|horse\w*|cycling|bike|biking"
    r"|trampolin\w*|ladder|roof|height|high[- ](?:energy|impact)|trauma(?:tic)?|assault|crush"
    r"|kick\w*|punch\w*|climbing)\b"
)
_FRAGILITY = compiled(
    r"\b(?:fragility|low[- ]trauma|minimal trauma|osteoporotic|insufficiency|compression"
    r"|standing height|from standing|no (?:injury|trauma)|without (?:injury|trauma)|spontaneous"
    r"|fall from standing|simple fall)\b"
)
_LOW_FALL = compiled(r"\b(?:tripped|trip|slipped|fell|fall|vertebral)\b")
_ROUTE = compiled(r"\b(?:inhaled|inhaler|topical|cream|nasal|injection|intra-?articular|eye)\b")
_NOT_THE_SUPPLEMENT = compiled(r"^\s*(?:level|[:=]?\s*\d)")
_BARE_NUTRIENT = compiled(r"calcium|vitamin d3?|vit\.? ?d3?")
_TAKES = compiled(r"\b(?:on|takes?|taking)\b")
_QUIT = compiled(r"\b(?:quit|stopped|gave up|former|ex)\b")
_TOO_LITTLE = compiled(r"\bnot (?:enough|adequate|sufficient)|\binadequate|\blow\b|\bpoor\b")
_ENOUGH = compiled(r"\b(?:adequate|good|sufficient|plenty|\d+ portions?)\b")
_OTHER_DISEASE = compiled(r"cancer|diabetes|heart|stroke|dementia")
_BONE_DISEASE = compiled(r"osteopor|fracture|\bop\b|#")
_SENTENCE_END = compiled(r"[.;\n](?!\d)")


@dataclass(frozen=True)
class Finding:
    """A yes/no fact read from a note (value None: mentioned, but to be asked), and its span."""

    fact: str
    value: bool | None
    start: int
    end: int
    question: str | None = None


def clause_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of the clause before and after a span."""
    before = text[:start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    after = text[end:]
    stop = _CLAUSE_END.search(after)
    return before[cut:], after[: stop.start() if stop else len(after)]


def _polarity(before: str, text_after: str) -> bool:
    if _POSITIVE_AFTER.match(text_after):
        return True
    if _NEGATIVE_AFTER.match(text_after):
        return False
    cue = _NEGATIVE_BEFORE.search(before)
    # "no steroids or fractures": negated; "no fractures but smokes": the "but" ends it
    return cue is None or bool(_EXCEPT.search(before[cue.start() :]))


@dataclass(frozen=True)
class _Mention:
    """A concept named in the text, with its clause and the polarity read around it."""

    word: str
    before: str
    clause: str
    rest: str  # the text after the mention
    sentence: str  # from the mention to the end of its sentence
    value: bool


def _smoker(m: _Mention) -> bool | None:
    if m.word.startswith(("non", "ex")) or _QUIT.search(m.clause):
        return False  # an ex-smoker is not a smoker now (FRAX: current smoking)
    return m.value


def _supplement(m: _Mention) -> bool | None:
    if not m.value:
        return m.value
    if _NOT_THE_SUPPLEMENT.match(m.rest) and "supplement" not in m.word:
        return None  # "calcium 2.38", "vit D level": a result, not a supplement
    if _BARE_NUTRIENT.fullmatch(m.word) and not _TAKES.search(m.before):
        return None  # "calcium" alone is the test or the diet
    return True


def _diet(m: _Mention) -> bool | None:
    if _TOO_LITTLE.search(m.sentence):
        return False
    return True if m.value and _ENOUGH.search(m.sentence) else None


def _exercise(m: _Mention) -> bool | None:
    if re.match(r"sedentary|inactive", m.word):
        return False if m.value else None
    return m.value


def _glucocorticoids(m: _Mention) -> bool | None:
    if not m.value:
        return m.value
    if _ROUTE.search(m.clause):
        return None  # inhaled, topical or injected: not oral glucocorticoids
    months = duration_months(m.clause)
    return m.value if months is None else months >= 3


def _family(m: _Mention) -> bool | None:
    if m.value and _OTHER_DISEASE.search(m.clause) and not _BONE_DISEASE.search(m.sentence):
        return None  # "family history of breast cancer"
    return m.value


_JUDGES = {
    "smoker": _smoker,
    "calcium_supplement": _supplement,
    "vitamin_d_supplement": _supplement,
    "dietary_calcium_adequate": _diet,
    "weight_bearing_exercise": _exercise,
    "glucocorticoids": _glucocorticoids,
    "family_history_osteoporosis": _family,
}


def read_history(text: str) -> list[Finding]:
    """Each yes/no fact the text speaks of, at its first mention that gives a value."""
    findings: list[Finding] = []
    for fact, pattern in CONCEPTS.items():
        for match in re.finditer(rf"(?<![\w-])(?:non[- ]?|ex[- ]?)?(?:{pattern})(?![\w])", text):
            before, after = clause_around(text, match.start(), match.end())
            rest = text[match.end() :]
            mention = _Mention(
                match[0],
                before,
                before + match[0] + after,
                rest,
                _SENTENCE_END.split(text[match.start() :], maxsplit=1)[0],
                _polarity(before, rest),
            )
            if fact == "prior_fragility_fracture" and mention.value:
                # how it happened is often told in the next clause: "wrist fracture, fall from
                # standing height"
                how = mention.before + mention.sentence
                finding = _fracture_finding(how, match.start(), match.end())
                findings.append(finding)
                if finding.value is not None:
                    break
                continue
            judge = _JUDGES.get(fact)
            value = judge(mention) if judge else mention.value
            if value is None:
                continue
            if fact == "supplements":  # "takes no supplements": neither calcium nor vitamin D
                if value is False:
                    findings += [
                        Finding(each, False, match.start(), match.end())
                        for each in ("calcium_supplement", "vitamin_d_supplement")
                    ]
                break
            findings.append(Finding(fact, value, match.start(), match.end()))
            break
    return findings


def _fracture_finding(clause: str, start: int, end: int) -> Finding:
    if _FRAGILITY.search(clause):
        return Finding("prior_fragility_fracture", True, start, end)
    if _TRAUMA.search(clause):
        return Finding("prior_fragility_fracture", False, start, end)
    if _LOW_FALL.search(clause):
        return Finding("prior_fragility_fracture", True, start, end)
    return Finding(
        "prior_fragility_fracture",
        None,
        start,
        end,
        question=wording.text("interpret.fracture_how"),
    )
