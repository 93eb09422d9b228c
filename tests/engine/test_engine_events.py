"""Handlers change the conversation document only through events that `TurnRunner.apply`
writes: the modules moved to events hold no assignment to the document, and an event applied
to a document gives what the handler's change gave."""

from __future__ import annotations

import ast
from pathlib import Path

import assistant.engine as engine_package
from assistant.engine.conversation_document import Document, Entry, Pending
from assistant.engine.events import FlowSet, PendingCleared, PendingSet, Skipped, apply_event

ENGINE = Path(engine_package.__file__).parent
THROUGH_EVENTS = (
    "skipping.py",
    "dispatch.py",
    "answering.py",
    "command_handlers.py",
    "confirmations.py",
    "storing.py",
)


def document_writes(source: str) -> list[int]:
    """Lines assigning to a part of something called `doc` (or `runner.doc`)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute | ast.Subscript) and "doc" in ast.unparse(
                target.value
            ):
                lines.append(node.lineno)
    return lines


def test_the_scan_finds_a_write() -> None:
    source = "runner.doc.pending = None\ndoc.facts = {}\nrunner.doc.flow['x'] = True\n"
    assert document_writes(source) == [1, 2, 3]


def test_handlers_moved_to_events_do_not_write_the_document() -> None:
    for name in THROUGH_EVENTS:
        assert document_writes((ENGINE / name).read_text("utf-8")) == [], name


def test_a_skip_event_leaves_the_fact_unknown_and_said_so() -> None:
    doc = Document(dialog="intake", patient_id="P-1")
    doc.facts["age"] = _entry(70)
    apply_event(doc, Skipped("age"))
    apply_event(doc, Skipped("age"))
    assert "age" not in doc.facts
    assert doc.skipped == ["age"]


def _entry(value: object) -> Entry:
    return Entry(value=value, text=str(value), parser="number", at="", confirmed=True)


def test_clearing_the_pending_confirmation() -> None:
    doc = Document(dialog="intake", patient_id="P-1")
    held = Pending(kind="confirm", state="ask_weight", text="?", parser="p", candidates=[])
    apply_event(doc, PendingSet(held))
    assert doc.pending == held
    apply_event(doc, PendingCleared())
    assert doc.pending is None


def test_a_flow_answer() -> None:
    doc = Document(dialog="intake", patient_id="P-1")
    apply_event(doc, FlowSet("questions_done", True))
    assert doc.flow == {"questions_done": True}
