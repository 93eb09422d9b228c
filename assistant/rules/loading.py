"""`load_facts`: a facts JSON document (SPEC section 4) to `Facts`, or one `FactsError` that names
the field (`dexa[0].t_score`) and the problem. Missing facts are not errors; impossible ones are.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from assistant.errors import FactsError
from assistant.rules.facts import FIELD_RANGES, Facts, LabTest

# Custom error types raised by LabResult's model check, and the field they are about.
_MODEL_ERROR_FIELD = {"lab_value": "value", "lab_reference": "reference_low"}


def field_path(loc: Sequence[int | str]) -> str:
    """('dexa', 0, 't_score') -> 'dexa[0].t_score'."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def _problem(error: ErrorDetails) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    last = error["loc"][-1] if error["loc"] else ""
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field; check its spelling against `boneguide schema facts`"
    if last == "test" and kind == "enum":
        tests = ", ".join(test.value for test in LabTest)
        return f"unknown test {value!r}; use one of {tests}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if isinstance(last, str) and last in FIELD_RANGES:
            what, (low, high) = FIELD_RANGES[last]
            return f"{value!r} is not possible for {what}; expected {low:g} to {high:g}"
        limit = next(iter(ctx.values()), None)
        return f"{value!r} is out of range ({kind.replace('_', ' ')} {limit})"
    if kind.startswith("date"):
        return f"{value!r} is not a date; use YYYY-MM-DD"
    if kind.startswith("bool"):
        return f"{value!r} is not true, false or null"
    if kind in ("literal_error", "enum"):
        return f"{value!r} is not allowed; {error['msg'][0].lower()}{error['msg'][1:]}"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return f"{value!r} is not a whole number"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return f"{value!r} is not a number"
    return str(error["msg"])


def _first_error(error: ValidationError) -> FactsError:
    details = error.errors(include_url=False)
    first = details[0]
    loc = list(first["loc"])
    if first["type"] in _MODEL_ERROR_FIELD:
        loc.append(_MODEL_ERROR_FIELD[first["type"]])
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


def load_facts(text: str, *, today: dt.date | None = None) -> Facts:
    """Parse and check a facts document; with `today`, results dated later are refused too."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        hint = "; JSON allows no comments" if "//" in text or "/*" in text else ""
        raise FactsError(
            "",
            f"the facts file is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}{hint}",
        ) from None
    if not isinstance(data, dict):
        raise FactsError("", "the facts file must hold one JSON object ({...})")
    if data.get("sex") == "male" and data.get("menopausal_status") is not None:
        raise FactsError("menopausal_status", "applies to women only; use null for men")
    try:
        # Strict: "58" is not an age and "yes" is not true; nothing is coerced by guesswork.
        facts = Facts.model_validate_json(text, strict=True)
    except ValidationError as error:
        raise _first_error(error) from None
    if today is not None:
        check_dates(facts, today)
    return facts
