"""The conversation document changes only through events: no engine module but the one that
applies them writes to a document, each event does what its handler meant, and after every turn
of every scripted conversation the document is what replaying its log gives, so `undo` (a replay
without the last step) can be trusted."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
import yaml

import assistant.engine as engine_package
from assistant.bench.engine import SCRIPT
from assistant.engine import Engine
from assistant.engine.conversation_document import (
    FOLD,
    PART_NAMES,
    STEP_LIMIT,
    Document,
    Parts,
    apply_event,
    read_document,
    replay,
)
from assistant.engine.document_values import Entry, Pending
from assistant.engine.events import (
    Answered,
    DraftDated,
    DraftFiled,
    DraftSet,
    FactSet,
    FlowSet,
    Jumped,
    PendingCleared,
    PendingSet,
    Skipped,
    StepStarted,
    Undone,
)
from assistant.engine.memory_store import MemoryStore
from assistant.errors import RecordUnreadable

ENGINE = Path(engine_package.__file__).parent
APPLY_PATH = "conversation_document.py"  # `apply_event`: the one place that writes a document
DIALOG_SCRIPTS = sorted((Path(__file__).parents[1] / "dialogs").glob("*.yaml"))
MUTATING = frozenset(
    [
        "append",
        "extend",
        "insert",
        "remove",
        "pop",
        "popitem",
        "clear",
        "update",
        "setdefault",
        "sort",
        "reverse",
        "discard",
        "add",
    ]
)


def _is_document(node: ast.expr) -> bool:
    """Something called `doc` or `document`, or a part of it (`runner.doc.flow`)."""
    return any(
        isinstance(part, ast.Name | ast.Attribute)
        and (part.id if isinstance(part, ast.Name) else part.attr) in ("doc", "document")
        for part in ast.walk(node)
    )


def document_writes(source: str) -> list[int]:
    """Lines that assign to, delete from or call a mutating method on part of a document."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in MUTATING and _is_document(node.func.value):
                lines.append(node.lineno)
            continue
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in ("setattr", "delattr") and _is_document(node.args[0]):
                lines.append(node.lineno)
            continue
        for target in targets:
            parts = target.elts if isinstance(target, ast.Tuple) else [target]
            if any(
                isinstance(part, ast.Attribute | ast.Subscript) and _is_document(part.value)
                for part in parts
            ):
                lines.append(node.lineno)
    return sorted(set(lines))


def test_the_scan_finds_every_kind_of_write() -> None:
    source = (
        "runner.doc.pending = None\n"
        "doc.facts = {}\n"
        "runner.doc.flow['x'] = True\n"
        "doc.trail.append('age')\n"
        "del runner.doc.flow['review_ok']\n"
        "a, doc.draft = 1, []\n"
        "setattr(doc, 'editing', True)\n"
        "model.doc.skipped += ['age']\n"
        "document.facts.pop('age')\n"
        "docs = [doc.trail[-1]]\n"  # reads are no writes
        "self.doc = doc\n"  # nor is holding a document
    )
    assert document_writes(source) == list(range(1, 10))


@pytest.mark.parametrize("path", sorted(ENGINE.glob("*.py")), ids=lambda path: path.name)
def test_only_the_apply_path_writes_the_document(path: Path) -> None:
    if path.name == APPLY_PATH:
        return
    assert document_writes(path.read_text("utf-8")) == [], path.name


def test_the_apply_path_is_where_the_writes_are() -> None:
    source = (ENGINE / APPLY_PATH).read_text("utf-8")
    assert "def apply_event(doc: Document, event: Event)" in source
    assert document_writes(source)  # the log, written whole


# -- each event --------------------------------------------------------------------------------


def _entry(value: object) -> Entry:
    return Entry(value=value, text=str(value), parser="number", at="", confirmed=True)


def _document() -> Document:
    return Document(dialog="intake", patient_id="P-1")


def test_a_skip_event_leaves_the_fact_unknown_and_said_so() -> None:
    doc = _document()
    apply_event(doc, FactSet("age", _entry(70)))
    apply_event(doc, Skipped("age"))
    apply_event(doc, Skipped("age"))
    assert "age" not in doc.facts
    assert doc.skipped == ["age"]
    apply_event(doc, FactSet("age", _entry(71)))
    assert doc.skipped == [] and doc.facts["age"].value == 71


def test_clearing_the_pending_confirmation() -> None:
    doc = _document()
    held = Pending(kind="confirm", state="ask_weight", text="?", parser="p", candidates=[])
    apply_event(doc, PendingSet(held))
    assert doc.pending == held
    apply_event(doc, PendingCleared())
    assert doc.pending is None


def test_a_flow_answer() -> None:
    doc = _document()
    apply_event(doc, FlowSet("questions_done", True))
    assert doc.flow == {"questions_done": True}


def test_a_draft_is_dated_then_filed_replacing_the_scan_it_corrects() -> None:
    doc = _document()
    spine = {"site": "lumbar_spine", "t_score": -2.0, "date": "2025-03-01"}
    apply_event(doc, DraftSet([spine], _entry(None)))
    apply_event(doc, DraftFiled())
    items = [{"site": "lumbar_spine", "t_score": -2.4}, {"site": "total_hip", "t_score": -1.0}]
    apply_event(doc, DraftSet(items, _entry(None)))
    apply_event(doc, DraftDated("2025-03-01"))
    assert items[0] == {"site": "lumbar_spine", "t_score": -2.4}  # the event is not changed
    apply_event(doc, DraftFiled())
    assert [entry.value["t_score"] for entry in doc.dexa] == [-2.4, -1.0]
    assert doc.draft == [] and doc.draft_source is None


def test_a_jump_drops_what_was_held_and_keeps_where_to_return() -> None:
    doc = _document()
    apply_event(doc, Answered("age"))
    apply_event(doc, PendingSet(Pending(kind="restart", state="age")))
    apply_event(doc, Jumped("menopause", reassess=False, editing=True))
    assert (doc.pending, doc.resume, doc.editing, doc.trail) == (None, "menopause", True, ["age"])
    apply_event(doc, Jumped(None, reassess=False, editing=False))
    assert doc.resume == "menopause"  # a second jump keeps the first place to return to


def test_undo_replays_the_log_without_its_last_step() -> None:
    doc = _document()
    apply_event(doc, FlowSet("consent", True))  # before any step: part of the base
    apply_event(doc, StepStarted("age"))
    apply_event(doc, FactSet("age", _entry(62)))
    apply_event(doc, StepStarted("menopause"))
    apply_event(doc, Skipped("menopausal_status"))
    apply_event(doc, Undone())
    assert doc.skipped == [] and doc.facts["age"].value == 62
    apply_event(doc, Undone())
    assert doc.facts == {} and doc.flow == {"consent": True}
    assert doc.log["steps"] == []


def test_the_log_keeps_the_last_steps_on_a_base_that_holds_the_rest() -> None:
    doc = _document()
    for age in range(STEP_LIMIT + FOLD + 1):
        apply_event(doc, StepStarted("age"))
        apply_event(doc, FactSet("age", _entry(age)))
    assert len(doc.log["steps"]) == STEP_LIMIT + 1
    assert doc.log["base"]["facts"]["age"]["value"] == FOLD - 1
    _same_parts(replay(doc.log["base"], doc.log["steps"]), doc)


def _same_parts(replayed: Parts, doc: Document) -> None:
    for name in PART_NAMES:
        assert getattr(replayed, name) == getattr(doc, name), name


# -- every conversation is its log -------------------------------------------------------------


def _messages(path: Path) -> tuple[dt.date, list[str]]:
    script = yaml.safe_load(path.read_text("utf-8"))
    return script["today"], [str(step["user"]) for step in script["steps"] if "user" in step]


def _run_checking_the_log(today: dt.date, messages: list[str]) -> Document:
    store = MemoryStore()
    engine = Engine(store, today=lambda: today)
    engine.open("c1", patient_id="P-1")
    doc = None
    for text in messages:
        engine.handle("c1", text)
        record = store.get("c1")
        assert record is not None
        doc = read_document(record)
        assert doc is not None
        _same_parts(replay(doc.log["base"], doc.log["steps"]), doc)
    assert doc is not None
    return doc


@pytest.mark.parametrize("path", DIALOG_SCRIPTS, ids=lambda path: path.stem)
def test_after_every_turn_the_document_is_its_log_replayed(path: Path) -> None:
    _run_checking_the_log(*_messages(path))


def test_a_long_conversation_folds_its_oldest_steps_and_undoes_the_last_ones() -> None:
    corrections = [text for age in range(60, 66) for text in ("change my age", str(age))]
    messages = [*SCRIPT[:-2], *corrections, *["undo"] * (STEP_LIMIT + FOLD + 5)]
    doc = _run_checking_the_log(dt.date(2026, 11, 25), messages)
    assert doc.log["steps"] == []
    assert doc.facts and doc.facts == replay(doc.log["base"], []).facts  # older than the log


def test_undo_takes_back_a_restart() -> None:
    today = dt.date(2026, 11, 25)
    doc = _run_checking_the_log(today, ["yes", "female", "58", "restart", "yes", "undo"])
    assert doc.facts["age"].value == 58 and doc.facts["sex"].value == "female"


def test_a_damaged_log_is_refused_by_name_when_it_is_read_or_replayed() -> None:
    store = MemoryStore()
    engine = Engine(store, today=lambda: dt.date(2026, 11, 25))
    engine.open("c1", patient_id="P-1")
    for text in ("yes", "female"):
        engine.handle("c1", text)
    record = store.get("c1")
    assert record is not None
    record.data["log"]["steps"][0]["changes"] = [{"kind": "no_such_change"}]
    with store.turn("c1") as turn:
        turn.save(record, "", [])
    with pytest.raises(RecordUnreadable, match=r"c1.*log is damaged"):
        engine.handle("c1", "undo")
    record.data["log"]["steps"] = [{"state": 5}]
    with store.turn("c1") as turn:
        turn.save(record, "", [])
    with pytest.raises(RecordUnreadable, match=r"c1.*a step of its log"):
        engine.handle("c1", "58")
