"""The scripted tests' files (tests/dialogs/*.yaml, format in tests/dialogs/README.md): their
model, read with the line where each step starts, and every mistake in them named by file and
line in words, never as a bare pydantic path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from assistant.engine.definition import did_you_mean
from assistant.engine.located_yaml import LocatedDict, line_of, load_located
from assistant.engine.replies import ReplyKind
from assistant.errors import DefinitionError

FORMAT = "a script is a mapping with `today` and `steps` (see tests/dialogs/README.md)"


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    user: str | None = None
    state: str | None = None
    facts: dict[str, object] = {}
    reply_contains: tuple[str, ...] = ()
    reply_lacks: tuple[str, ...] = ()
    reply_keys: tuple[str, ...] = ()
    reply_kinds: tuple[ReplyKind, ...] = ()

    _lists = field_validator(
        "reply_contains", "reply_lacks", "reply_keys", "reply_kinds", mode="before"
    )(_as_list)

    @field_validator("user", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        # YAML reads `user: no` as false and `user: 62` as a number; a person typed text.
        # A mapping or a list is left to fail as not text.
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value) if isinstance(value, int | float | dt.date) else value


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = ""
    today: dt.date
    patient_id: str | None = None
    steps: tuple[Step, ...] = Field(min_length=1)


@dataclass(frozen=True)
class ScriptFile:
    path: Path
    script: Script
    raw: LocatedDict  # the file as read, to point at lines

    def line(self, number: int, *key: str) -> int | None:
        """The line of step `number` (counted from 1 as the steps stand in the file), or of
        one of its keys."""
        return line_of(self.raw, ("steps", number - 1, *key))


def script_paths(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return found


def load_script(path: Path) -> ScriptFile:
    """The script and its step lines; the first problem in it raises DefinitionError."""
    loaded = _read(path)
    if isinstance(loaded, ScriptFile):
        return loaded
    raise loaded[0]


def check_scripts(paths: Iterable[Path], states: Collection[str]) -> list[DefinitionError]:
    """Every problem of the scripted tests that shows without running them: a malformed file,
    or a step expecting a state the dialogs do not have."""
    problems: list[DefinitionError] = []
    for path in paths:
        try:
            loaded = _read(path)
        except DefinitionError as error:  # not YAML, or not readable
            problems.append(error)
            continue
        if not isinstance(loaded, ScriptFile):
            problems.extend(loaded)
            continue
        for number, step in enumerate(loaded.script.steps, start=1):
            if step.state is not None and step.state not in states:
                hint = did_you_mean(step.state, states)
                problems.append(
                    DefinitionError(
                        str(path),
                        loaded.line(number, "state"),
                        f"step {number}: unknown state {step.state!r}{hint}",
                    )
                )
    return problems


def _read(path: Path) -> ScriptFile | list[DefinitionError]:
    data = load_located(path)
    if not isinstance(data, LocatedDict):
        shown = "the file is empty" if data is None else f"the file holds {_shown(data)}"
        return [DefinitionError(str(path), 1 if data is not None else None, f"{shown}: {FORMAT}")]
    try:
        script = Script.model_validate(data)
    except ValidationError as error:
        return _problems(path, data, error.errors())
    loaded = ScriptFile(path, script, data)
    missing = [
        DefinitionError(
            str(path),
            loaded.line(number),
            f"step {number}: `user` is missing (only the first step may go without, "
            "to check the opening)",
        )
        for number, step in enumerate(script.steps, start=1)
        if number > 1 and step.user is None
    ]
    return missing or loaded


def _problems(path: Path, data: LocatedDict, issues: list[ErrorDetails]) -> list[DefinitionError]:
    # pydantic counts only the valid steps: a bad one in a list of one also reads "too short"
    issues = [i for i in issues if not (i["type"] == "too_short" and i["input"])]
    described = [(line_of(data, issue["loc"]), *_describe(issue)) for issue in issues]
    # `step:` for `steps:` is one mistake, not also a missing `steps`
    suggested = {hint for _, _, hint in described if hint}
    return [
        DefinitionError(str(path), line, text)
        for line, text, _ in described
        if not any(text.endswith(f"{name!r} is missing") for name in suggested)
    ]


_EXPECTED = {
    "string_type": "text",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "tuple_type": "a list",
    "list_type": "a list",
}


def _describe(issue: ErrorDetails) -> tuple[str, str | None]:
    """A validation error as a person reads it ("step 3: unknown key 'reply_contain' (did you
    mean 'reply_contains'?)"), with the key it suggests, if any."""
    parts = list(issue["loc"])
    where = ""
    if len(parts) >= 2 and parts[0] == "steps" and isinstance(parts[1], int):
        where = f"step {parts[1] + 1}: "
        parts = parts[2:]
    name = ", ".join(f"item {part + 1}" if isinstance(part, int) else part for part in parts)
    kind = issue["type"]
    if kind == "extra_forbidden":
        known = list(Step.model_fields if where else Script.model_fields)
        key = str(parts[-1])
        hint = did_you_mean(key, known)
        close = hint.split("'")[1] if hint else None
        return f"{where}unknown key {key!r}{hint or ' (known: ' + ', '.join(known) + ')'}", close
    if kind == "missing":
        return f"{where}{name!r} is missing", None
    if kind == "too_short":
        return f"{where}{name} is empty", None
    if kind == "literal_error":  # only reply_kinds holds a closed vocabulary
        kinds = get_args(ReplyKind)
        value = str(issue["input"])
        hint = did_you_mean(value, kinds) or f" (kinds: {', '.join(kinds)})"
        return f"{where}{name}: unknown kind {value!r}{hint}", None
    subject = name or "a step"
    expected = _EXPECTED.get(kind, "a date (YYYY-MM-DD)" if kind.startswith("date") else "")
    if expected:
        return f"{where}{subject} should be {expected}, not {_shown(issue['input'])}", None
    return f"{where}{subject}: {issue['msg']}", None


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
