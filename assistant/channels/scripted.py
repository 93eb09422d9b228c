"""Scripted conversations (tests/dialogs/*.yaml, format in tests/dialogs/README.md) run against
the real engine on a fresh SQLite file; a failing step reports the whole conversation so far."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.channels.picking import picked
from assistant.channels.script_files import Step, load_script
from assistant.engine.engine import Engine
from assistant.engine.replies import Reply
from assistant.json_types import JSON
from assistant.resources import DIALOGS_DIR
from assistant.rules.codec import dump
from assistant.store import open_store

if TYPE_CHECKING:
    from assistant.engine.engine import Engine
    from assistant.knowledge import KnowledgeBase

CONVERSATION_ID = "script"


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


def run_script(
    path: Path, *, knowledge: KnowledgeBase | None = None, dialogs_dir: Path = DIALOGS_DIR
) -> ScriptResult:
    loaded = load_script(path)
    script = loaded.script
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
                result.line = loaded.line(number)
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
    engine: Engine,
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


def _check(engine: Engine, step: Step, replies: list[Reply]) -> list[str]:
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
        data: JSON = dump(facts) if facts is not None else {}
        for path, expected in step.facts.items():
            if isinstance(expected, dt.date):  # YAML reads 2025-03-01 as a date
                expected = expected.isoformat()
            found, actual = _lookup(data, path)
            if not found or actual != expected:
                shown = repr(actual) if found else "missing"
                problems.append(f"fact {path} is {shown}, expected {expected!r}")
    return problems


def _lookup(data: JSON, path: str) -> tuple[bool, JSON]:
    node = data
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node
