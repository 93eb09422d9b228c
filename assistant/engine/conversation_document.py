"""The conversation document: everything the engine remembers, stored as JSON by the store, and
`apply_event`, the one place that changes it.

Shape of `ConversationRecord.data` (version 2), read by export:

    {"version": 2, "dialog": "intake", "patient_id": "P-1" | null,
     "facts": {"age": {"value": 62, "text": "I'm 62", "parser": "age",
                       "at": "2026-11-25T12:00:00+00:00", "confirmed": true}, ...},
     "dexa":  [{"value": {"site": "lumbar_spine", "t_score": -2.7, "date": "2025-03-01"},
                "text": "...", "parser": "dexa", "at": "...", "confirmed": true}, ...],
     "labs":  [{"value": {"test": "vitamin_d", "value": 45, "unit": "nmol/L", "date": "..."}, ...}],
     "skipped": ["egfr"],            # questions the person chose to skip (the fact stays null)
     "flow": {"consent": true, ...}, # answers that steer the dialog but are not facts
     "draft": [...], "pending": {...} | null, "trail": [...], "resume": null, "editing": false,
     "assessment": {...} | null,     # SPEC section 5, once produced
     "log": {"base": {...},          # the parts above as they were before the first step kept
             "steps": [{"state": "age", "changes": [{"kind": "fact_set", ...}, ...]}, ...]}}

The parts are always what replaying the log's steps on its base gives: `undo` replays all steps
but the last (events.py names the changes). The log is kept in its stored form and read only
when it is replayed: a turn that does not undo pays nothing to read it. Version 1 kept, instead
of the log, a `history` of the earlier values of what each turn changed; `document_migration`
turns it into a log on reading.

Every value under `facts`, `dexa` and `labs` is one the person gave or confirmed: "confirmed" is
true when they said yes to "Did you mean ...?", false when the parser was certain on its own.

The models are pydantic's, built on first use (`defer_build`) so that importing the engine
builds no schema. A document of another version is read only through `read_document`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, TypeAdapter

from assistant.engine import filing
from assistant.engine.document_migration import v2_from_v1
from assistant.engine.document_values import Entry, Part, Pending
from assistant.engine.events import (
    Answered,
    Assessed,
    Change,
    DraftDated,
    DraftFiled,
    DraftSet,
    Event,
    FactSet,
    FlowCleared,
    FlowSet,
    Jumped,
    PendingCleared,
    PendingSet,
    Replaced,
    Restarted,
    Returned,
    ScanDropped,
    Skipped,
    StepStarted,
    StoredChange,
    Undone,
    WentBack,
)
from assistant.errors import RecordUnreadable

if TYPE_CHECKING:
    from assistant.store.base import ConversationRecord

DOCUMENT_VERSION: Literal[2] = 2
STEP_LIMIT = 20  # undo depth kept at least; bounds the stored size of a conversation
FOLD = 10  # steps folded into the base at once: reading and writing it back costs a turn ~50 µs
TRAIL_LIMIT = 60  # questions `back` can walk back through


class Parts(Part):
    """What the events change: the collected values and where the dialog stands with them."""

    facts: dict[str, Entry] = Field(default_factory=dict)
    dexa: list[Entry] = Field(default_factory=list)
    labs: list[Entry] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    flow: dict[str, bool] = Field(default_factory=dict)
    draft: list[dict[str, Any]] = Field(default_factory=list)  # scans or labs being completed
    draft_source: Entry | None = None  # provenance shared by the draft items
    pending: Pending | None = None
    trail: list[str] = Field(default_factory=list)  # states answered, for `back`
    resume: str | None = None  # where to return after `change <fact>`
    editing: bool = False  # the current question is being answered again
    assessment: dict[str, Any] | None = None


PART_NAMES = tuple(Parts.model_fields)


class LogStep(Part):
    """One undoable step of the log, as it is read back to be replayed: the state it began at,
    and what it changed, in order."""

    state: str
    changes: list[StoredChange] = Field(default_factory=list)


# The log in its stored form: {"base": <the parts before the first step kept>, "steps":
# [{"state": ..., "changes": [...]}, ...]}. It is read (as `LogStep`s, on `Parts`) only when it is
# replayed, so a turn that does not undo pays nothing to read it; it is never changed in place,
# so a document read from a record shares no changes with it.
StoredLog = dict[str, Any]
_LOG = {"log"}


class Document(Parts):
    version: Literal[2] = DOCUMENT_VERSION
    dialog: str
    patient_id: str | None = None
    log: StoredLog = Field(default_factory=lambda: {"base": {}, "steps": []})

    def to_dict(self) -> dict[str, Any]:
        """The stored JSON form: later changes to the document do not reach it. Values are JSON
        data already (the parsers' values pass through `plain`), so pydantic's python mode,
        faster than its JSON mode, gives the same dict. The log is never changed in place (each
        change writes a new one), so it is handed on as it is rather than copied each turn."""
        return {**self.model_dump(exclude=_LOG), "log": self.log}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls.model_validate(data)

    def undo_state(self) -> str | None:
        """Where `undo` returns to: the state the last step kept began at (None: no step)."""
        steps = _steps(self.log)
        return str(steps[-1]["state"]) if steps else None

    def fact_values(self) -> dict[str, Any]:
        """The values only, in the shape of SPEC section 4 (without None entries)."""
        values: dict[str, Any] = {name: entry.value for name, entry in self.facts.items()}
        # a note kept beside a scan or result ("unit not known") is for people, not the rules
        values["dexa"] = [_without_note(entry.value) for entry in self.dexa]
        values["labs"] = [_without_note(entry.value) for entry in self.labs]
        if self.patient_id is not None:
            values["patient_id"] = self.patient_id
        return values


def apply_event(doc: Document, event: Event) -> None:
    """Change `doc` as `event` says, and keep the change in its log (ValidationError when a
    damaged log is replayed)."""
    base, steps = _base(doc.log), _steps(doc.log)
    if isinstance(event, StepStarted):
        steps = [*steps, {"state": event.state, "changes": []}]
        if len(steps) > STEP_LIMIT + FOLD:
            base, steps = replay(base, steps[:FOLD]).model_dump(), steps[FOLD:]
    elif isinstance(event, Undone):
        steps = steps[:-1]
        _set_parts(doc, replay(base, steps))
    else:
        _change(doc, event)
        stored = _changes().dump_python([event])
        if steps:
            last = steps[-1]
            steps = [*steps[:-1], {**last, "changes": [*last["changes"], *stored]}]
        else:  # before the first step kept: part of what every replay starts from
            base = replay(base, [{"state": "", "changes": stored}]).model_dump()
    doc.log = {"base": base, "steps": steps}


def replay(base: dict[str, Any], steps: list[dict[str, Any]]) -> Parts:
    """The parts that stored `steps` make of the stored `base` (ValidationError when either
    is damaged)."""
    parts = Parts.model_validate(base)
    for step in _read_steps().validate_python(steps):
        for change in step.changes:
            _change(parts, change)
    return parts


def _base(log: StoredLog) -> dict[str, Any]:
    base: dict[str, Any] = log.get("base", {})
    return base


def _steps(log: StoredLog) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = log.get("steps", [])
    return steps


def _check_log(log: StoredLog) -> None:
    """The stored log in its outline (what each turn reads of it); its contents are checked
    when they are replayed."""
    steps = log.get("steps", [])
    if not isinstance(log.get("base", {}), dict) or not isinstance(steps, list):
        raise ValueError("its log is not a base and a list of steps")
    for step in steps:
        if not (
            isinstance(step, dict)
            and isinstance(step.get("state"), str)
            and isinstance(step.get("changes"), list)
        ):
            raise ValueError(f"a step of its log is not a state and its changes: {step!r}"[:120])


@cache
def _changes() -> TypeAdapter[list[Change]]:
    # built on first use, like the models
    return TypeAdapter(list[StoredChange])


@cache
def _read_steps() -> TypeAdapter[list[LogStep]]:
    return TypeAdapter(list[LogStep])


def _change(parts: Parts, change: Change) -> None:
    match change:
        case FactSet(slot=slot, entry=entry):
            parts.facts[slot] = entry
            if slot in parts.skipped:
                parts.skipped.remove(slot)
        case Skipped(slot=slot):
            parts.facts.pop(slot, None)
            if slot not in parts.skipped:
                parts.skipped.append(slot)
        case FlowSet(slot=slot, value=value):
            parts.flow[slot] = value
        case FlowCleared(slot=slot):
            parts.flow.pop(slot, None)
        case DraftSet(items=items, source=source):
            parts.draft = [dict(item) for item in items]
            parts.draft_source = source
        case DraftDated(date=date):
            parts.draft = [
                item if "date" in item else {**item, "date": date} for item in parts.draft
            ]
        case DraftFiled():
            parts.dexa, parts.labs, _ = filing.filed(
                parts.draft, parts.draft_source, parts.dexa, parts.labs
            )
            parts.draft, parts.draft_source = [], None
        case ScanDropped(value=value):
            parts.dexa = [entry for entry in parts.dexa if entry.value != value]
        case Assessed(assessment=assessment):
            parts.assessment = assessment
        case PendingSet(pending=pending):
            parts.pending = pending
        case PendingCleared():
            parts.pending = None
        case Answered(state=state):
            parts.trail = [*parts.trail, state][-TRAIL_LIMIT:]
            parts.editing = False
        case WentBack():
            parts.trail = parts.trail[:-1]
        case Jumped(resume=resume, reassess=reassess, editing=editing):
            parts.pending, parts.draft = None, []
            if resume is not None:
                parts.resume = resume
            if reassess:
                parts.flow.pop("review_ok", None)
            parts.editing = editing
        case Returned():
            parts.resume = None
        case Restarted():
            _set_parts(parts, Parts())
        case Replaced(parts=named):
            _set_parts(parts, Parts.model_validate({**parts.model_dump(), **named}))


def _set_parts(parts: Parts, source: Parts) -> None:
    for name in PART_NAMES:
        setattr(parts, name, getattr(source, name))


def read_document(record: ConversationRecord) -> Document | None:
    """The stored document (one of version 1 given a log); None for a row another program
    wrote (another version, or the empty placeholder); RecordUnreadable naming the conversation
    when it claims to be ours but is not in our shape (edited by hand, or damaged)."""
    data = record.data
    version = data.get("version")
    if version not in (1, DOCUMENT_VERSION):
        return None
    try:
        if version == 1:
            # the parts first, so a damaged one is named as in any document
            Parts.model_validate(data)
            data = v2_from_v1(data)
        document = Document.model_validate(data)
        _check_log(document.log)
        return document
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise unreadable(record, error) from None


def unreadable(record: ConversationRecord, error: Exception) -> RecordUnreadable:
    detail = " ".join(str(error).split())[:80]
    problem = f"its data is not in the shape BoneGuide writes: {type(error).__name__} {detail}"
    return RecordUnreadable.conversation(record.conversation_id, record.patient_id, problem.strip())


def _without_note(value: object) -> object:
    return {k: v for k, v in value.items() if k != "note"} if isinstance(value, dict) else value
