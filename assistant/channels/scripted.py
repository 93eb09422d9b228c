"""Scripted conversations (tests/dialogs/*.yaml, format in tests/dialogs/README.md) run against
the real engine on a fresh SQLite file; a failing step reports the whole conversation so far."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

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

    def report(self) -> str:
        if self.passed:
            return f"PASS {self.path} ({self.steps} steps)"
        lines = [f"FAIL {self.path}: {self.failure}", "  conversation so far:"]
        lines.extend(f"    {line}" for line in self.transcript)
        return "\n".join(lines)


def load_script(path: Path) -> Script:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Script.model_validate(data)
    except (OSError, yaml.YAMLError) as error:
        raise DefinitionError(str(path), None, f"cannot read script: {error}") from None
    except ValidationError as error:
        issue = error.errors()[0]
        where = ".".join(str(p) for p in issue["loc"])
        raise DefinitionError(str(path), None, f"{where}: {issue['msg']}") from None


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

    script = load_script(path)
    result = ScriptResult(path, True, 0)
    with tempfile.TemporaryDirectory(prefix="boneguide-script-") as tmp:
        store = open_store(str(Path(tmp) / "script.db"))
        try:
            engine = Engine(
                store, today=lambda: script.today, knowledge=knowledge, dialogs_dir=dialogs_dir
            )
            steps = list(script.steps)
            if steps and steps[0].user is None:
                first = steps.pop(0)
                replies = engine.open(CONVERSATION_ID, patient_id=script.patient_id, channel="test")
                if not _step(engine, result, 0, first, None, replies):
                    return result
            else:
                replies = engine.open(CONVERSATION_ID, patient_id=script.patient_id, channel="test")
                _transcribe(result, None, replies)
            for number, step in enumerate(steps, start=1):
                if step.user is None:
                    result.passed, result.failure = False, f"step {number}: `user` is missing"
                    return result
                replies = engine.handle(CONVERSATION_ID, step.user)
                if not _step(engine, result, number, step, step.user, replies):
                    return result
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
