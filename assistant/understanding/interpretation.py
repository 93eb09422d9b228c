"""The quick interpretation of a pasted message ("58F on anastrozole for breast cancer, spine
T -2.7, vit D 45 nmol/L"): facts ready for `Facts.model_validate`, and what was read, asked or
refused. Every value is checked the way the dialog checks it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.understanding import messages
from assistant.understanding.dates import find_dates
from assistant.understanding.dexa import read_scans
from assistant.understanding.labs import TEST_LABELS, find_tests, read_labs
from assistant.understanding.note_patterns import (
    ALCOHOL,
    ANASTROZOLE,
    CLAUSE,
    DEMOGRAPHICS,
    DEXA_WORDS,
    DOSE,
    EGFR,
    FLAG_PATTERNS,
    FLAG_WORDS,
    START_WORDS,
)
from assistant.understanding.numbers import blank, find_numbers, format_number, normalize
from assistant.understanding.outcomes import (
    Ambiguous,
    Implausible,
    NoMatch,
    Outcome,
    ParseContext,
    Parsed,
    PartialDate,
)
from assistant.understanding.phrases import CHOICE_SYNONYMS
from assistant.understanding.readings import Reading, take_dates
from assistant.understanding.sites import SITE_LABELS, find_sites
from assistant.understanding.values import AgeParser, AlcoholParser, EgfrParser


@dataclass
class Interpretation:
    facts: dict[str, Any] = field(default_factory=dict)  # keys and values of the Facts model
    understood: list[str] = field(default_factory=list)  # "age 58", "lumbar spine T-score -2.7"
    questions: list[str] = field(default_factory=list)  # ambiguities to ask back
    refused: list[str] = field(default_factory=list)  # implausible values, with the range


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
            if len(synonym) < 3 and synonym not in ("bc",):
                continue  # "f", "pre", "no" alone are too easily something else in a pasted note
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


def _segments(norm: str) -> tuple[str, str, str]:
    """The text split into the parts about scans and the parts about labs; each part keeps its
    positions, the rest blanked. Text before the first site or test is returned as loose."""
    anchors = [(m.start, "dexa") for m in find_sites(norm)] + [
        (s, "labs") for s, _, _ in find_tests(norm)
    ]
    anchors += [(m.start(), "dexa") for m in DEXA_WORDS.finditer(norm)]
    anchors.sort()
    kinds = ["loose"] * len(norm)
    for i, (start, kind) in enumerate(anchors):
        end = anchors[i + 1][0] if i + 1 < len(anchors) else len(norm)
        kinds[start:end] = [kind] * (end - start)

    def only(kind: str) -> str:
        return "".join(c if k == kind else " " for c, k in zip(norm, kinds, strict=True))

    return only("dexa"), only("labs"), only("loose")


def _items(result: Interpretation, reading: Reading, key: str, describe: Any) -> None:
    for outcome, index in reading.items:
        date_outcome = reading.dates[index] if index is not None else None
        if isinstance(date_outcome, (Ambiguous, NoMatch)):
            message = (
                date_outcome.prompt if isinstance(date_outcome, Ambiguous) else date_outcome.message
            )
            if message not in result.questions:
                result.questions.append(message)
            continue
        if isinstance(date_outcome, Implausible):
            if date_outcome.message not in result.refused:
                result.refused.append(date_outcome.message)
            continue
        date = date_outcome.value if isinstance(date_outcome, Parsed) else None
        if isinstance(outcome, Parsed) and isinstance(outcome.value, dict):
            item = {
                **outcome.value,
                "date": date.first_day() if isinstance(date, PartialDate) else None,
            }
            result.facts.setdefault(key, []).append(item)
            line = describe(item) + (f" ({date.spoken()})" if isinstance(date, PartialDate) else "")
            result.understood.append(
                line
                + (
                    f" ({outcome.note}; please check)"
                    if not outcome.certain and outcome.note
                    else ""
                )
            )
        elif isinstance(outcome, Ambiguous):
            result.questions.append(outcome.prompt)
        elif isinstance(outcome, Implausible):
            result.refused.append(outcome.message)
        elif isinstance(outcome, NoMatch):
            result.questions.append(outcome.message)
    for problem in reading.problems:
        if isinstance(problem, NoMatch):
            result.questions.append(problem.message)


def _scan_line(scan: dict[str, Any]) -> str:
    site = SITE_LABELS.get(scan["site"], scan["site"])
    parts = [
        f"{name} {format_number(scan[k])}"
        for k, name in (("t_score", "T-score"), ("z_score", "Z-score"), ("bmd", "BMD"))
        if k in scan
    ]
    return (
        f"{site} " + ", ".join(parts) + (" g/cm²" if parts and parts[-1].startswith("BMD") else "")
    )


def _lab_line(lab: dict[str, Any]) -> str:
    return (
        f"{TEST_LABELS.get(lab['test'], lab['test'])} {format_number(lab['value'])} {lab['unit']}"
    )


def interpret(text: str, today: dt.date) -> Interpretation:
    """Everything a pasted message says, each value checked like the dialog checks it."""
    result = Interpretation()
    ctx = ParseContext(today)
    norm = original = normalize(text)[:2000]
    for pattern in DEMOGRAPHICS:
        for m in pattern.finditer(norm):
            age = m.groupdict().get("age") or m.groupdict().get("age2")
            if age and "age" not in result.facts:
                _record(result, "age", AgeParser().parse(age, ctx), "age")
            sex = m.groupdict().get("sex")
            if sex and "sex" not in result.facts:
                value, _ = (
                    _choices(sex, "sex")
                    if len(sex) > 1
                    else ("female" if sex == "f" else "male", "")
                )
                if value:
                    result.facts["sex"] = value
                    result.understood.append(f"sex {value}")
            norm = blank(norm, m.start(), m.end())
    for fact in ("menopausal_status", "indication", "bone_medication"):
        value, norm = _choices(norm, fact)
        if value is not None:
            stored = None if value == "none" else value
            result.facts[fact] = stored
            result.understood.append(_phrase(fact, value))
    for pattern, fact, flag in FLAG_PATTERNS:
        for m in pattern.finditer(norm):
            if fact not in result.facts:
                result.facts[fact] = flag
                result.understood.append(
                    _phrase(fact, flag)
                    if isinstance(flag, bool)
                    else f"alcohol {format_number(float(str(flag)))} units a week"
                )
            norm = blank(norm, m.start(), m.end())
    for m in EGFR.finditer(norm):
        _record(result, "egfr", EgfrParser().parse(m["v"], ctx), "eGFR")
        norm = blank(norm, m.start(), m.end())
    for m in ALCOHOL.finditer(norm):
        if "alcohol_units_per_week" not in result.facts:
            _record(
                result,
                "alcohol_units_per_week",
                AlcoholParser().parse(m["a"] or m["b"], ctx),
                "alcohol {} units a week",
            )
        norm = blank(norm, m.start(), m.end())
    for clause in CLAUSE.finditer(norm):
        if ANASTROZOLE.search(clause[0]) and START_WORDS.search(clause[0]):
            _, dates = take_dates(clause[0], today, bare_years=True)
            if len(dates) == 1:
                _record(result, "anastrozole_start", dates[0][1], "anastrozole started {}")
                value = result.facts.get("anastrozole_start")
                if isinstance(value, PartialDate):
                    result.facts["anastrozole_start"] = value.first_day()
                norm = blank(norm, clause.start(), clause.end())
    for m in DOSE.finditer(norm):  # "prednisolone 5mg", "vit D 1000 IU": doses, not results
        norm = blank(norm, m.start(), m.end())
    dexa_text, labs_text, loose = _segments(norm)
    leading = [" "] * len(loose)
    for found in find_dates(loose, today, bare_years=False):
        loose = blank(loose, found.start, found.end)
        before, after = original[: found.start], original[found.end :]
        # "2024-02-20: spine -2.7, vit D 45": a date written first is the date of every value
        if not before.strip(" ,;:-") or after.lstrip().startswith(":"):
            leading[found.start : found.end] = norm[found.start : found.end]
        else:
            shown = norm[found.start : found.end].strip()
            result.questions.append(messages.text("interpret.date_unplaced", date=shown))
    dates_first = "".join(leading)
    dexa_text = "".join(c if c != " " else d for c, d in zip(dexa_text, dates_first, strict=True))
    labs_text = "".join(c if c != " " else d for c, d in zip(labs_text, dates_first, strict=True))
    _items(result, read_scans(dexa_text, ctx), "dexa", _scan_line)
    _items(result, read_labs(labs_text, ctx), "labs", _lab_line)
    for number in find_numbers(loose):
        result.questions.append(
            messages.text("interpret.number_unplaced", value=format_number(number.value))
        )
    return result
