"""The quick interpretation of a pasted message ("58F on anastrozole for breast cancer, spine
T -2.7, vit D 45 nmol/L", a clinic letter, a DEXA or lab report), in layers: the note's text made
ready once (note_text), what is no fact set aside (not_facts), the patient's own facts (here),
then the measurements (note_measurements) with the dialog's readers, each value checked as the
dialog checks it. `interpret(text, today)` is what `boneguide interpret` and Slack call."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.rules import Assessment, Facts, assess
from assistant.rules.codec import Invalid, check, dump
from assistant.understanding.dates import find_dates
from assistant.understanding.history import NEGATIVE_ANSWER, clause_around, read_history
from assistant.understanding.not_facts import Aside, asides
from assistant.understanding.note_measurements import read_measurements
from assistant.understanding.note_patterns import (
    ALCOHOL,
    ANASTROZOLE,
    CLAUSE,
    DEMOGRAPHICS,
    EGFR,
    FLAG_WORDS,
    MENOPAUSE_AT,
    NEGATION,
    NO_ALCOHOL,
    NOT_TAKEN,
    NOT_TAKEN_AFTER,
    NOTE_AMBIGUOUS,
    RELATIVE_WITH_OSTEOPOROSIS,
    SEX_WORDS,
    START_WORDS,
)
from assistant.understanding.note_text import prepare_note
from assistant.understanding.numbers import blank, format_number
from assistant.understanding.outcomes import (
    Ambiguous,
    Implausible,
    Outcome,
    ParseContext,
    Parsed,
    PartialDate,
)
from assistant.understanding.phrases import CHOICE_SYNONYMS
from assistant.understanding.values import AgeParser, AlcoholParser, EgfrParser


@dataclass
class Interpretation:
    facts: dict[str, Any] = field(default_factory=dict)  # keys and values of the Facts model
    understood: list[str] = field(default_factory=list)  # "age 58", "lumbar spine T-score -2.7"
    questions: list[str] = field(default_factory=list)  # ambiguities to ask back
    refused: list[str] = field(default_factory=list)  # implausible values, with the range

    @property
    def unplaced(self) -> list[str]:
        """What was read but not placed: questions to ask back, then refused values."""
        return self.questions + self.refused


def _phrase(facts_key: str, value: object) -> str:
    if isinstance(value, bool) and facts_key in FLAG_WORDS:
        return FLAG_WORDS[facts_key][0 if value else 1]
    if facts_key == "menopausal_status":
        return str(value)
    return f"{facts_key.replace('_', ' ')} {str(value).replace('_', ' ')}"


def _choices(norm: str, fact: str) -> tuple[str | None, str]:
    """The one choice of `fact` named in the text, and the text with it blanked."""
    found: list[str] = []
    for canonical, synonyms in CHOICE_SYNONYMS[fact].items():
        for synonym in sorted(synonyms, key=len, reverse=True):
            if (len(synonym) < 3 and synonym not in ("bc",)) or synonym in NOTE_AMBIGUOUS:
                continue  # "f", "pre", "post", "cancer" alone are too often something else
            pattern = rf"(?<![\w+-]){re.escape(synonym)}(?![\w+])"
            if re.search(pattern, norm):
                found.append(canonical)
                norm = re.sub(pattern, lambda m: " " * len(m[0]), norm)
    distinct = list(dict.fromkeys(found))
    return (distinct[0] if len(distinct) == 1 else None), norm


def _record(result: Interpretation, key: str, outcome: Outcome, label: str) -> None:
    if isinstance(outcome, Parsed):
        result.facts[key] = outcome.value
        value = outcome.value
        shown = (
            format_number(value)
            if isinstance(value, float)
            else value.spoken()
            if isinstance(value, PartialDate)
            else str(value)
        )
        line = label.format(shown) if "{}" in label else f"{label} {shown}"
        result.understood.append(
            line
            + (f" ({outcome.note}; please check)" if not outcome.certain and outcome.note else "")
        )
    elif isinstance(outcome, Ambiguous):
        result.questions.append(outcome.prompt)
    elif isinstance(outcome, Implausible):
        result.refused.append(outcome.message)


def _blanked(text: str, spans: list[Aside], keep: frozenset[str] = frozenset()) -> str:
    for aside in spans:
        if aside.kind not in keep:
            text = blank(text, aside.start, aside.end)
    return text


def _demographics(result: Interpretation, norm: str, ctx: ParseContext) -> str:
    for pattern in DEMOGRAPHICS:
        for m in pattern.finditer(norm):
            age = m.groupdict().get("age") or m.groupdict().get("age2")
            if age and "age" not in result.facts:
                _record(result, "age", AgeParser().parse(age, ctx), "age")
            sex = m.groupdict().get("sex")
            if sex and "sex" not in result.facts:
                value = SEX_WORDS.get(sex)
                if value:
                    result.facts["sex"] = value
                    result.understood.append(f"sex {value}")
            norm = blank(norm, m.start(), m.end())
    return norm


def _medication(result: Interpretation, norm: str) -> str:
    """The bone medication taken now: not one stopped, declined, planned or only discussed."""
    found: list[str] = []
    for canonical, synonyms in CHOICE_SYNONYMS["bone_medication"].items():
        if canonical == "none":
            continue
        for synonym in sorted(synonyms, key=len, reverse=True):
            for m in re.finditer(rf"(?<![\w-]){re.escape(synonym)}(?![\w])", norm):
                before, after = clause_around(norm, m.start(), m.end())
                if not (NOT_TAKEN.search(before) or NOT_TAKEN_AFTER.match(after)):
                    found.append(canonical)
                norm = blank(norm, m.start(), m.end())
    distinct = list(dict.fromkeys(found))
    if len(distinct) == 1:
        result.facts["bone_medication"] = distinct[0]
        result.understood.append(_phrase("bone_medication", distinct[0]))
    return norm


def _history(result: Interpretation, norm: str) -> str:
    for finding in read_history(norm):
        if finding.fact in result.facts:
            continue
        if finding.value is None:
            if finding.question:
                result.questions.append(finding.question)
        else:
            result.facts[finding.fact] = finding.value
            result.understood.append(
                _phrase(finding.fact, finding.value)
                if finding.fact in FLAG_WORDS
                else f"alcohol {format_number(float(finding.value))} units a week"
            )
        norm = blank(norm, finding.start, finding.end)
    return norm


def _start_outcome(outcome: Outcome, written: str) -> Outcome:
    """A treatment start is written as month and year: "since 3/24" is March 2024, not 24 March
    ("May 24" stays a question: a day is as likely)."""
    if isinstance(outcome, Ambiguous) and re.fullmatch(r"\d{1,2}/\d{2}", written.strip()):
        months = [o for o in outcome.options if isinstance(o, PartialDate) and o.day is None]
        if len(months) == 1:
            return Parsed(months[0])
    return outcome


def _anastrozole_start(result: Interpretation, norm: str, today: dt.date) -> str:
    """The start of anastrozole: a date in the clause that names it, after a start word
    ("since", "started") or written just after the drug ("AI 4/2024", "anastrozole 3/2021-")."""
    for drug in ANASTROZOLE.finditer(norm):
        clause = next(
            (c for c in CLAUSE.finditer(norm) if c.start() <= drug.start() < c.end()), None
        )
        if clause is None or "anastrozole_start" in result.facts:
            continue
        found = find_dates(clause[0], today, bare_years=True)
        cue = START_WORDS.search(clause[0])
        chosen = None
        for date in found:
            start = clause.start() + date.start
            between = norm[drug.end() : start]
            after = start > drug.start() and (cue is not None or len(between.strip()) <= 12)
            before = start < drug.start() and cue is not None and cue.start() < date.start
            if after or (before and chosen is None):
                chosen = date
                if after:
                    break
        if chosen is None:
            continue
        written = clause[0][chosen.start : chosen.end]
        outcome = _start_outcome(chosen.outcome, written)
        _record(result, "anastrozole_start", outcome, "anastrozole started {}")
        value = result.facts.get("anastrozole_start")
        if isinstance(value, PartialDate):
            result.facts["anastrozole_start"] = value.first_day()
        norm = blank(norm, clause.start() + chosen.start, clause.start() + chosen.end)
    return norm


def interpret(text: str, today: dt.date) -> Interpretation:
    """Everything a pasted message says, each value checked like the dialog checks it."""
    result = Interpretation()
    ctx = ParseContext(today)
    original = prepare_note(text, today)
    spans = asides(original)
    # relatives matter for family history alone; the start date of anastrozole is read before
    # other events' dates are set aside
    with_people = _blanked(original, spans, keep=frozenset({"person", "event_date"}))
    norm = _blanked(original, spans, keep=frozenset({"event_date"}))
    for finding in read_history(with_people):
        if finding.fact == "family_history_osteoporosis":
            result.facts[finding.fact] = finding.value
            result.understood.append(_phrase(finding.fact, finding.value))
            norm = blank(norm, finding.start, finding.end)
            break
    if "family_history_osteoporosis" not in result.facts and any(
        a.kind == "person"
        and (relative := RELATIVE_WITH_OSTEOPOROSIS.search(original[a.start : a.end]))
        and not NEGATION.search(relative[0])
        for a in spans
    ):  # "Her brother, 66, ... has osteoporosis": a parent's or a sibling's
        result.facts["family_history_osteoporosis"] = True
        result.understood.append(_phrase("family_history_osteoporosis", True))
    norm = _anastrozole_start(result, norm, today)
    norm = _blanked(norm, [a for a in spans if a.kind == "event_date"])
    norm = _demographics(result, norm, ctx)
    menopause = MENOPAUSE_AT.search(original)
    age = result.facts.get("age")
    if menopause and isinstance(age, int) and int(menopause["age"]) < age:
        result.facts["menopausal_status"] = "postmenopausal"
        result.understood.append(_phrase("menopausal_status", "postmenopausal"))
    for fact in ("menopausal_status", "indication"):
        value, norm = _choices(norm, fact)
        if value is not None and fact not in result.facts:
            result.facts[fact] = value
            result.understood.append(_phrase(fact, value))
    norm = _medication(result, norm)
    for m in EGFR.finditer(norm):
        _record(result, "egfr", EgfrParser().parse(m["v"], ctx), "eGFR")
        norm = blank(norm, m.start(), m.end())
    for m in ALCOHOL.finditer(norm):
        if NEGATIVE_ANSWER.match(re.sub(r"^[^.;\n:]{0,30}(?=:)", "", norm[m.end() :])):
            pass  # "Alcohol 3 or more units/day: No": a screening question, no amount
        elif "alcohol_units_per_week" not in result.facts:
            _record(
                result,
                "alcohol_units_per_week",
                AlcoholParser().parse(m["a"] or m["b"], ctx),
                "alcohol {} units a week",
            )
        norm = blank(norm, m.start(), m.end())
    for m in NO_ALCOHOL.finditer(norm):
        if "alcohol_units_per_week" not in result.facts:
            result.facts["alcohol_units_per_week"] = 0.0
            result.understood.append("alcohol 0 units a week")
        norm = blank(norm, m.start(), m.end())
    norm = _history(result, norm)
    if "vitamin_d_supplement" not in result.facts and any(
        a.kind == "dose"
        and re.search(r"\biu\b|units? of (?:vitamin|vit)", original[a.start : a.end])
        for a in spans
    ):  # an amount in IU is vitamin D: a dose of it is a supplement taken
        result.facts["vitamin_d_supplement"] = True
        result.understood.append(_phrase("vitamin_d_supplement", True))
    read_measurements(result, norm, today)
    return result


def assessed(reading: Interpretation, today: dt.date) -> tuple[Facts, Assessment] | None:
    """The facts read and their assessment; None when the facts cannot be assessed."""
    try:
        facts = check(Facts, reading.facts)
    except Invalid:
        return None
    return facts, assess(facts, today)


def reading_as_json(reading: Interpretation, today: dt.date) -> dict[str, Any]:
    """SPEC section 3's `{facts, understood, questions, assessment}`: the facts in the form of
    section 4 (unknown left out), refusals among the questions, the assessment of what was read
    (None when the facts cannot be assessed)."""
    made = assessed(reading, today)
    if made is None:
        facts: Any = json.loads(json.dumps(reading.facts, default=str))
        assessment = None
    else:
        facts = dump(made[0], exclude_none=True)
        assessment = dump(made[1])
    return {
        "facts": facts,
        "understood": reading.understood,
        "questions": reading.unplaced,
        "assessment": assessment,
    }
