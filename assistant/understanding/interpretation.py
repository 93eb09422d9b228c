"""The quick interpretation of a pasted message ("58F on anastrozole for breast cancer, spine
T -2.7, vit D 45 nmol/L"): facts ready for `Facts.model_validate`, and what was read, asked or
refused. Every value is checked the way the dialog checks it."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.understanding import messages
from assistant.understanding.date_order import settle_date_order
from assistant.understanding.dates import find_dates
from assistant.understanding.dexa import read_scans
from assistant.understanding.history import NEGATIVE_ANSWER, clause_around, read_history
from assistant.understanding.labs import TEST_LABELS, find_tests, read_labs
from assistant.understanding.not_facts import Aside, asides
from assistant.understanding.note_patterns import (
    ALCOHOL,
    ANASTROZOLE,
    CLAUSE,
    DEMOGRAPHICS,
    DEXA_WORDS,
    EGFR,
    FLAG_WORDS,
    HEADER_DATE,
    LSC_SENTENCE,
    MENOPAUSE_AT,
    NEGATION,
    NO_ALCOHOL,
    NOT_TAKEN,
    NOT_TAKEN_AFTER,
    NOTE_AMBIGUOUS,
    RELATIVE_WITH_OSTEOPOROSIS,
    SENTENCE_END,
    SEX_WORDS,
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
from assistant.understanding.readings import Reading
from assistant.understanding.sites import SITE_LABELS, find_sites
from assistant.understanding.tables import rewrite_tables
from assistant.understanding.trends import spread_pairs
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


def _segments(norm: str) -> tuple[str, str, str]:
    """The text split into the parts about scans and the parts about labs; each part keeps its
    positions, the rest blanked. Text before the first site or test is returned as loose."""
    anchors = [(m.start, "dexa") for m in find_sites(norm)] + [
        (s, "labs") for s, _, _ in find_tests(norm)
    ]
    anchors += [(m.start(), "dexa") for m in DEXA_WORDS.finditer(norm)]
    anchors.sort()
    # "Mine was -1.8 at the spine": a clause that names its site after its value starts at the
    # value (a signed or decimal number; a date or a count is not one); "February spine -1.5":
    # a date just before the site is the site's
    clause_starts = [0] + [m.end() for m in SENTENCE_END.finditer(norm)]
    for i, (start, kind) in enumerate(anchors):
        previous = anchors[i - 1][0] if i else -1
        window = max(previous + 1, 0)
        dates = find_dates(norm[window:start], dt.date.max, bare_years=True)
        # (a date heading what follows, "2024-02-20: spine ..., vit D ...", is everyone's)
        if dates and not norm[window + dates[-1].end : start].strip(" ,-"):
            anchors[i] = (window + dates[-1].start, kind)
            continue
        clause = max(c for c in clause_starts if c <= start)
        if clause <= previous:
            continue
        between = norm[clause:start]
        for date in find_dates(between, dt.date.max, bare_years=True):
            between = blank(between, date.start, date.end)
        values = [n for n in find_numbers(between) if n.signed or n.decimals]
        if values:
            anchors[i] = (clause + values[0].start, kind)
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
        date = date_outcome.value if isinstance(date_outcome, Parsed) else None
        if isinstance(date_outcome, (Ambiguous, NoMatch)):
            # the value stands; only its date is asked
            message = (
                date_outcome.prompt if isinstance(date_outcome, Ambiguous) else date_outcome.message
            )
            if message not in result.questions:
                result.questions.append(message)
        elif isinstance(date_outcome, Implausible):
            if date_outcome.message not in result.refused:
                result.refused.append(date_outcome.message)
            continue
        elif isinstance(date, PartialDate) and date.precision == "year":
            # a scan or test dated by its year alone cannot be placed against the intervals
            message = messages.text("interpret.year_only", year=date.year)
            if message not in result.questions:
                result.questions.append(message)
            continue
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


def _header_dates(text: str, today: dt.date) -> tuple[str, dict[str, Outcome]]:
    """Dates that head a report ("Scan Date:", "Collected:"): the date of every value of that kind
    that gives no date of its own."""
    found: dict[str, Outcome] = {}
    for m in HEADER_DATE.finditer(text):
        kind = "dexa" if m["dexa"] else "labs" if m["labs"] else "none"
        dates = find_dates(text[m.end() : m.end() + 30], today, bare_years=True)
        if dates and dates[0].start <= 3:
            if kind != "none":
                found.setdefault(kind, dates[0].outcome)
            text = blank(text, m.start(), m.end() + dates[0].end)
    return text, found


def _dated(reading: Reading, default: Outcome | None) -> Reading:
    """Items without a date of their own take the report's header date."""
    if default is None:
        return reading
    dates = [*reading.dates, default]
    items: list[tuple[Outcome, int | None]] = [
        (o, len(dates) - 1 if i is None else i) for o, i in reading.items
    ]
    return Reading(items, dates, reading.problems)


def _unwrapped(text: str) -> str:
    """A letter's soft line breaks joined: a long line of prose that ends without punctuation
    goes on in the next line of prose ("...she tripped on a pavement kerb / while walking").
    A table's lines, with their wide gaps, stay as they are."""
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        last = out[-1]
        prose = "  " not in last.strip() and "  " not in line.strip() and "\t" not in last + line
        if prose and len(last) >= 50 and last.rstrip()[-1:].isalpha() and line[:1].isalpha():
            out[-1] = f"{last} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def _merged(scans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scans of one site and date read in several places (a table row, a trend row, the centre's
    least significant change) as one scan, when no value contradicts another."""
    kept: list[dict[str, Any]] = []
    for scan in scans:
        same = next(
            (
                k
                for k in kept
                if k["site"] == scan["site"]
                and k["date"] == scan["date"]
                and all(k.get(f, v) == v for f, v in scan.items())
            ),
            None,
        )
        if same is None:
            kept.append(dict(scan))
        else:
            same.update(scan)
    return kept


def _least_significant_change(norm: str) -> str:
    """ "Least significant change (95%): spine 0.028 g/cm², total hip 0.025 g/cm²": each value
    labelled as the site's LSC, so the g/cm² does not make it a BMD."""

    def label(sentence: re.Match[str]) -> str:
        return re.sub(
            r"(\d*\.\d+)\s*g\s*/\s*cm\s*\^?2",
            lambda m: f"lsc {m[1]}",
            sentence[0],
        )

    return LSC_SENTENCE.sub(label, norm)


def interpret(text: str, today: dt.date) -> Interpretation:
    """Everything a pasted message says, each value checked like the dialog checks it."""
    result = Interpretation()
    ctx = ParseContext(today)
    text = _unwrapped(text[:4000])
    original = rewrite_tables(settle_date_order(normalize(text)), today)
    original = spread_pairs(original, today)
    original = _least_significant_change(original)
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
    norm, headers = _header_dates(norm, today)
    dexa_text, labs_text, loose = _segments(norm)
    dexa_text = _blanked(dexa_text, [a for a in asides(dexa_text) if a.kind == "threshold"])
    leading = [" "] * len(loose)
    for found in find_dates(loose, today, bare_years=False):
        loose = blank(loose, found.start, found.end)
        before, after = norm[: found.start], norm[found.end :]
        # "2024-02-20: spine -2.7, vit D 45": a date written first is the date of every value
        if not before.strip(" ,;:-\n") or after.lstrip().startswith(":"):
            leading[found.start : found.end] = norm[found.start : found.end]
        else:
            shown = norm[found.start : found.end].strip()
            result.questions.append(messages.text("interpret.date_unplaced", date=shown))
    dates_first = "".join(leading)
    dexa_text = "".join(c if c != " " else d for c, d in zip(dexa_text, dates_first, strict=True))
    labs_text = "".join(c if c != " " else d for c, d in zip(labs_text, dates_first, strict=True))
    # a year in a scan's part is a date, as in the dialog: no score has four digits
    scans = read_scans(dexa_text, ctx, bare_years=True)
    _items(result, _dated(scans, headers.get("dexa")), "dexa", _scan_line)
    _items(result, _dated(read_labs(labs_text, ctx), headers.get("labs")), "labs", _lab_line)
    if "dexa" in result.facts:
        result.facts["dexa"] = _merged(result.facts["dexa"])
    for number in find_numbers(loose):
        result.questions.append(
            messages.text("interpret.number_unplaced", value=format_number(number.value))
        )
    return result


def reading_as_json(reading: Interpretation, today: dt.date) -> dict[str, Any]:
    """SPEC section 3's `{facts, understood, questions, assessment}`: the facts in the form of
    section 4 (unknown left out), refusals among the questions, the assessment of what was read
    (None when the facts cannot be assessed)."""
    from pydantic import ValidationError

    from assistant.rules import Facts, assess

    try:
        facts = Facts.model_validate(reading.facts)
    except ValidationError:
        plain = json.loads(json.dumps(reading.facts, default=str))
        return {
            "facts": plain,
            "understood": reading.understood,
            "questions": reading.questions + reading.refused,
            "assessment": None,
        }
    return {
        "facts": facts.model_dump(mode="json", exclude_none=True),
        "understood": reading.understood,
        "questions": reading.questions + reading.refused,
        "assessment": assess(facts, today).model_dump(mode="json"),
    }
