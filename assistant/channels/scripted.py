"""Scripted conversations (tests/dialogs/*.yaml, format in tests/dialogs/README.md) run against
the real engine on a fresh SQLite file; a failing step reports the whole conversation so far."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from assistant.channels.picking import picked
from assistant.engine.definition import did_you_mean
from assistant.engine.located_yaml import line_of, load_located
from assistant.engine.replies import Reply
from assistant.errors import DefinitionError
from assistant.resources import DIALOGS_DIR

if TYPE_CHECKING:
    from assistant.knowledge import KnowledgeBase

CONVERSATION_ID = "script"


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    user: str | None = None
    state: str | None = None
    facts: dict[str, Any] = {}
    reply_contains: tuple[str, ...] = ()
    reply_lacks: tuple[str, ...] = ()
    reply_keys: tuple[str, ...] = ()
    reply_kinds: tuple[str, ...] = ()

    _lists = field_validator(
        "reply_contains", "reply_lacks", "reply_keys", "reply_kinds", mode="before"
    )(_as_list)

    @field_validator("user", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        # YAML reads `user: no` as false and `user: 62` as a number; a person typed text
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value if value is None else str(value)


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = ""
    today: dt.date
    patient_id: str | None = None
    steps: tuple[Step, ...]


@dataclass
class ScriptResult:
    path: Path
    passed: bool
    steps: int
    failure: str = ""
    transcript: list[str] = field(default_factory=list)
    line: int | None = None  # where the failing step starts in the file

    def report(self) -> str:
        if self.passed:
            return f"PASS {self.path} ({self.steps} steps)"
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        lines = [f"FAIL {where}: {self.failure}", "  conversation so far:"]
        lines.extend(f"    {line}" for line in self.transcript)
        return "\n".join(lines)


def load_script(path: Path) -> tuple[Script, list[int | None]]:
    """The script and the line where each of its steps starts (a failure points there)."""
    try:
        data = load_located(path)
    except OSError as error:
        raise DefinitionError(str(path), None, f"cannot read script: {error}") from None
    try:
        script = Script.model_validate(data)
    except ValidationError as error:
        issue = error.errors()[0]
        loc = issue["loc"]
        raise DefinitionError(str(path), line_of(data, loc), _problem(loc, issue)) from None
    raw_steps = data.get("steps") if isinstance(data, dict) else None
    lines = [line_of(data, ("steps", n)) for n in range(len(raw_steps or []))]
    return script, lines


def check_scripts(paths: Iterable[Path], states: Collection[str]) -> list[DefinitionError]:
    """Every problem of the scripted tests that shows without running them: a malformed file,
    or a step expecting a state the dialogs do not have."""
    problems: list[DefinitionError] = []
    for path in paths:
        try:
            script, lines = load_script(path)
        except DefinitionError as error:
            problems.append(error)
            continue
        for number, step in enumerate(script.steps, start=1):
            if step.state is not None and step.state not in states:
                line = lines[number - 1] if number <= len(lines) else None
                hint = did_you_mean(step.state, states)
                problems.append(
                    DefinitionError(
                        str(path), line, f"step {number}: unknown state {step.state!r}{hint}"
                    )
                )
    return problems


def _problem(loc: tuple[int | str, ...], issue: Any) -> str:
    """A validation error as a person reads it: "step 3: unknown key 'reply_contain'"."""
    parts = list(loc)
    where = ""
    if len(parts) >= 2 and parts[0] == "steps" and isinstance(parts[1], int):
        where = f"step {parts[1] + 1}: "
        parts = parts[2:]
    if issue["type"] == "extra_forbidden":
        known = ", ".join(Step.model_fields if where else Script.model_fields)
        return f"{where}unknown key {parts[-1]!r} (known: {known})"
    if issue["type"] == "missing":
        return f"{where}{parts[-1]!r} is missing"
    field_name = ".".join(str(part) for part in parts) or "the file"
    return f"{where}{field_name}: {issue['msg']}"


def script_paths(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return found


def run_script(
    path: Path, *, knowledge: KnowledgeBase | None = None, dialogs_dir: Path = DIALOGS_DIR
) -> ScriptResult:
    from assistant.engine.engine import Engine
    from assistant.store import open_store

    script, lines = load_script(path)
    result = ScriptResult(path, True, 0)
    with tempfile.TemporaryDirectory(prefix="boneguide-script-") as tmp:
        store = open_store(str(Path(tmp) / "script.db"))
        try:
            engine = Engine(
                store, today=lambda: script.today, knowledge=knowledge, dialogs_dir=dialogs_dir
            )
            # Steps are numbered as they stand in the file, from 1; a first step without
            # `user` checks the opening.
            replies = engine.open(CONVERSATION_ID, patient_id=script.patient_id, channel="test")
            for number, step in enumerate(script.steps, start=1):
                result.line = lines[number - 1] if number <= len(lines) else None
                if step.user is None and number > 1:
                    result.passed, result.failure = False, f"step {number}: `user` is missing"
                    return result
                if step.user is not None:
                    if number == 1:
                        _transcribe(result, None, replies)
                    # Typed as at a terminal: a number just after "did you mean" may pick.
                    replies = engine.handle(CONVERSATION_ID, picked(step.user, replies))
                if not _step(engine, result, number, step, step.user, replies):
                    return result
            result.line = None
        finally:
            store.close()
    return result


def _transcribe(result: ScriptResult, user: str | None, replies: list[Reply]) -> None:
    if user is not None:
        result.transcript.append(f"user: {user}")
    for reply in replies:
        text = reply.text.replace("\n", "\n" + " " * 6)
        result.transcript.append(f"  [{reply.kind} {reply.key}] {text}")


def _step(
    engine: Any,
    result: ScriptResult,
    number: int,
    step: Step,
    user: str | None,
    replies: list[Reply],
) -> bool:
    _transcribe(result, user, replies)
    result.steps = number
    problems = _check(engine, step, replies)
    if problems:
        result.passed = False
        said = f" ({user!r})" if user is not None else " (opening)"
        result.failure = f"step {number}{said}: " + "; ".join(problems)
    return not problems


def _check(engine: Any, step: Step, replies: list[Reply]) -> list[str]:
    problems: list[str] = []
    text = "\n".join(reply.text for reply in replies).lower()
    for fragment in step.reply_contains:
        if fragment.lower() not in text:
            problems.append(f"the replies lack {fragment!r}")
    for fragment in step.reply_lacks:
        if fragment.lower() in text:
            problems.append(f"the replies contain {fragment!r}")
    keys = [reply.key for reply in replies]
    for key in step.reply_keys:
        if key not in keys:
            problems.append(f"no reply with key {key!r} (got {keys})")
    kinds = [reply.kind for reply in replies]
    for kind in step.reply_kinds:
        if kind not in kinds:
            problems.append(f"no reply of kind {kind!r} (got {kinds})")
    if step.state is not None or step.facts:
        progress = engine.progress(CONVERSATION_ID)
        state = progress.state if progress is not None else None
        if step.state is not None and state != step.state:
            problems.append(f"state is {state!r}, expected {step.state!r}")
    if step.facts:
        facts = engine.facts(CONVERSATION_ID)
        data = facts.model_dump(mode="json") if facts is not None else {}
        for path, expected in step.facts.items():
            if isinstance(expected, dt.date):  # YAML reads 2025-03-01 as a date
                expected = expected.isoformat()
            found, actual = _lookup(data, path)
            if not found or actual != expected:
                shown = repr(actual) if found else "missing"
                problems.append(f"fact {path} is {shown}, expected {expected!r}")
    return problems


def _lookup(data: Any, path: str) -> tuple[bool, Any]:
    node = data
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list | tuple) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node
