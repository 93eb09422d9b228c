"""`load_facts`: a facts JSON document (SPEC section 4) to `Facts`, or one `FactsError` that names
the field (`dexa[0].t_score`) and the problem. Missing facts are not errors; impossible ones are.
Any text at all gives one or the other: size, nesting and number length are bounded first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.errors import FactsError
from assistant.json_types import JSON
from assistant.rules.codec import Invalid, check_json
from assistant.rules.facts import FIELD_RANGES, Facts, LabFieldError, LabTest

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

# A facts document is a few kilobytes three levels deep (object, list of scans, scan); these
# bounds are far above any real one and far below what exhausts the parsers (Python's JSON
# parser recurses once a level, and refuses integers of more than 4,300 digits by raising).
MAX_FACTS_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_DIGITS = 30
# Brackets outside strings; a string is skipped whole, escapes included.
_BRACKET_OR_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_SHOWN_CHARS = 40  # of a value or a field name quoted in a message


def field_path(loc: Sequence[int | str]) -> str:
    """('dexa', 0, 't_score') -> 'dexa[0].t_score'."""
    path = ""
    for part in loc:
        if isinstance(part, str) and len(part) > _SHOWN_CHARS:
            part = part[:_SHOWN_CHARS] + "..."
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def _shown(value: object) -> str:
    """`repr(value)`, cut short: a message quotes what was wrong, not all of it."""
    text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "..."


def _lab_error(error: ErrorDetails) -> LabFieldError | None:
    """The lab result's own check that refused it, if that is what this error is."""
    refused = (error.get("ctx") or {}).get("error")
    return refused if isinstance(refused, LabFieldError) else None


def _problem(error: ErrorDetails) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    last = error["loc"][-1] if error["loc"] else ""
    lab = _lab_error(error)
    if lab is not None:
        return lab.message
    if kind == "missing":
        return "is required"
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return "is not a known field; check its spelling against `boneguide schema facts`"
    if last == "test" and kind == "enum":
        tests = ", ".join(test.value for test in LabTest)
        return f"unknown test {_shown(value)}; use one of {tests}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if isinstance(last, str) and last in FIELD_RANGES:
            what, (low, high) = FIELD_RANGES[last]
            return f"{_shown(value)} is not possible for {what}; expected {low:g} to {high:g}"
        limit = next(iter(ctx.values()), None)
        return f"{_shown(value)} is out of range ({kind.replace('_', ' ')} {limit})"
    if kind.startswith("date"):
        return f"{_shown(value)} is not a date; use YYYY-MM-DD"
    if kind.startswith("bool"):
        return f"{_shown(value)} is not true, false or null"
    if kind in ("literal_error", "enum"):
        return f"{_shown(value)} is not allowed; {error['msg'][0].lower()}{error['msg'][1:]}"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return f"{_shown(value)} is not a whole number"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return f"{_shown(value)} is not a number"
    return str(error["msg"])


def _first_error(error: Invalid) -> FactsError:
    details = error.errors()
    first = details[0]
    loc = list(first["loc"])
    lab = _lab_error(first)
    if lab is not None:
        loc.append(lab.field)
    more = f" (and {len(details) - 1} more problems)" if len(details) > 1 else ""
    return FactsError(field_path(loc) or "facts", _problem(first) + more)


def check_dates(facts: Facts, today: dt.date) -> None:
    """Refuse results dated after `today`. A future anastrozole start is a plan, so it stays."""
    dated = [(f"dexa[{i}].date", scan.date) for i, scan in enumerate(facts.dexa)]
    dated += [(f"labs[{i}].date", lab.date) for i, lab in enumerate(facts.labs)]
    for field, day in dated:
        if day is not None and day > today:
            raise FactsError(
                field, f"{day.isoformat()} is after today ({today.isoformat()}); check the date"
            )


def _depth(text: str) -> int:
    """How deeply arrays and objects nest, counted without recursing."""
    depth = deepest = 0
    for match in _BRACKET_OR_STRING.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _whole_number(digits: str) -> int:
    # Called by the JSON parser for each integer, before int() could refuse a long one.
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise FactsError(
            "",
            f"a number in the facts file has {len(digits.lstrip('-'))} digits; no fact needs "
            f"more than {MAX_DIGITS}",
        )
    return int(digits)


def too_large() -> FactsError:
    return FactsError(
        "",
        f"the facts file is larger than {MAX_FACTS_BYTES:,} bytes; one patient's facts take "
        "a few thousand",
    )


def _parse(text: str) -> JSON:
    if len(text) > MAX_FACTS_BYTES:  # characters: at least as many bytes
        raise too_large()
    if _depth(text) > MAX_DEPTH:
        raise FactsError(
            "",
            f"the facts file nests arrays or objects more than {MAX_DEPTH} levels deep; "
            "facts nest three (the object, the list of scans or labs, one scan or lab)",
        )
    try:
        parsed: JSON = json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as error:
        hint = "; JSON allows no comments" if "//" in text or "/*" in text else ""
        raise FactsError(
            "",
            f"the facts file is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}{hint}",
        ) from None
    except (RecursionError, ValueError) as error:
        # Not reachable within the bounds above; kept so no text can end in a traceback.
        raise FactsError(
            "", f"the facts file cannot be read as JSON ({error.__class__.__name__})"
        ) from None
    return parsed


def load_facts(text: str, *, today: dt.date | None = None) -> Facts:
    """Parse and check a facts document; with `today`, results dated later are refused too."""
    data = _parse(text)
    if not isinstance(data, dict):
        raise FactsError("", "the facts file must hold one JSON object ({...})")
    if data.get("sex") == "male" and data.get("menopausal_status") is not None:
        raise FactsError("menopausal_status", "applies to women only; use null for men")
    try:
        # Strict: "58" is not an age and "yes" is not true; nothing is coerced by guesswork.
        facts = check_json(Facts, text, data)
    except Invalid as error:
        raise _first_error(error) from None
    except (RecursionError, ValueError) as error:  # as for json.loads above
        raise FactsError(
            "", f"the facts file cannot be checked ({error.__class__.__name__})"
        ) from None
    if today is not None:
        check_dates(facts, today)
    return facts
