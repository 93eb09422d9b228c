"""The conversation document: everything the engine remembers, stored as JSON by the store.

Shape of `ConversationRecord.data` (version 1), read by export:

    {"version": 1, "dialog": "intake", "patient_id": "P-1" | null,
     "facts": {"age": {"value": 62, "text": "I'm 62", "parser": "age",
                       "at": "2026-11-25T12:00:00+00:00", "confirmed": true}, ...},
     "dexa":  [{"value": {"site": "lumbar_spine", "t_score": -2.7, "date": "2025-03-01"},
                "text": "...", "parser": "dexa", "at": "...", "confirmed": true}, ...],
     "labs":  [{"value": {"test": "vitamin_d", "value": 45, "unit": "nmol/L", "date": "..."}, ...}],
     "skipped": ["egfr"],            # questions the person chose to skip (the fact stays null)
     "flow": {"consent": true, ...}, # answers that steer the dialog but are not facts
     "draft": [...], "pending": {...} | null, "trail": [...], "resume": null, "editing": false,
     "assessment": {...} | null,     # SPEC section 5, once produced
     "history": [...]}               # for undo: per turn, the state and the earlier value of
                                     # each fact or part that the turn changed

Every value under `facts`, `dexa` and `labs` is one the person gave or confirmed: "confirmed" is
true when they said yes to "Did you mean ...?", false when the parser was certain on its own.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from assistant.errors import RecordUnreadable

if TYPE_CHECKING:
    from assistant.store.base import ConversationRecord

DOCUMENT_VERSION = 1
HISTORY_LIMIT = 20  # undo depth; bounds the stored size of a conversation


@dataclass
class Entry:
    """One collected value with its provenance."""

    value: Any
    text: str
    parser: str
    at: str
    confirmed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "text": self.text,
            "parser": self.parser,
            "at": self.at,
            "confirmed": self.confirmed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(
            data["value"],
            data.get("text", ""),
            data.get("parser", ""),
            data.get("at", ""),
            bool(data.get("confirmed", False)),
        )


@dataclass
class Pending:
    """Something the next message answers before the dialog moves on."""

    kind: str  # "confirm" (a value), "ambiguous" (pick one), "restart"
    state: str
    text: str = ""
    parser: str = ""
    candidates: list[dict[str, Any]] = field(default_factory=list)  # each {"label", "values"}

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "state": self.state,
            "text": self.text,
            "parser": self.parser,
            "candidates": self.candidates,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pending:
        return cls(
            data["kind"],
            data["state"],
            data.get("text", ""),
            data.get("parser", ""),
            list(data.get("candidates", [])),
        )


@dataclass
class Document:
    dialog: str
    patient_id: str | None = None
    facts: dict[str, Entry] = field(default_factory=dict)
    dexa: list[Entry] = field(default_factory=list)
    labs: list[Entry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    flow: dict[str, Any] = field(default_factory=dict)
    draft: list[dict[str, Any]] = field(default_factory=list)  # scans or labs being completed
    draft_source: Entry | None = None  # provenance shared by the draft items
    pending: Pending | None = None
    trail: list[str] = field(default_factory=list)  # states answered, for `back`
    resume: str | None = None  # where to return after `change <fact>`
    editing: bool = False  # the current question is being answered again
    assessment: dict[str, Any] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self, *, with_history: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": DOCUMENT_VERSION,
            "dialog": self.dialog,
            "patient_id": self.patient_id,
            "facts": {name: entry.to_dict() for name, entry in self.facts.items()},
            "dexa": [entry.to_dict() for entry in self.dexa],
            "labs": [entry.to_dict() for entry in self.labs],
            "skipped": list(self.skipped),
            "flow": dict(self.flow),
            "draft": copy.deepcopy(self.draft),
            "draft_source": self.draft_source.to_dict() if self.draft_source else None,
            "pending": self.pending.to_dict() if self.pending else None,
            "trail": list(self.trail),
            "resume": self.resume,
            "editing": self.editing,
            "assessment": self.assessment,
        }
        if with_history:
            data["history"] = list(self.history)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        source = data.get("draft_source")
        pending = data.get("pending")
        return cls(
            dialog=data["dialog"],
            patient_id=data.get("patient_id"),
            facts={name: Entry.from_dict(item) for name, item in data.get("facts", {}).items()},
            dexa=[Entry.from_dict(item) for item in data.get("dexa", [])],
            labs=[Entry.from_dict(item) for item in data.get("labs", [])],
            skipped=list(data.get("skipped", [])),
            flow=dict(data.get("flow", {})),
            draft=copy.deepcopy(data.get("draft", [])),
            draft_source=Entry.from_dict(source) if source else None,
            pending=Pending.from_dict(pending) if pending else None,
            trail=list(data.get("trail", [])),
            resume=data.get("resume"),
            editing=bool(data.get("editing", False)),
            assessment=data.get("assessment"),
            history=list(data.get("history", [])),
        )

    def revert(self, change: dict[str, Any]) -> None:
        """Undo one change recorded by `change_between` (the facts and parts it names)."""
        for name, before in change.get("facts", {}).items():
            if before is None:
                self.facts.pop(name, None)
            else:
                self.facts[name] = Entry.from_dict(before)
        if "trail_len" in change:
            del self.trail[change["trail_len"] :]
        parts = {
            key: value
            for key, value in change.items()
            if key not in ("facts", "state", "trail_len")
        }
        if parts:
            data = self.to_dict(with_history=False)
            data.update(parts)
            reverted = Document.from_dict({**data, "history": self.history})
            for part in fields(self):
                setattr(self, part.name, getattr(reverted, part.name))

    def fact_values(self) -> dict[str, Any]:
        """The values only, in the shape of SPEC section 4 (without None entries)."""
        values: dict[str, Any] = {name: entry.value for name, entry in self.facts.items()}
        # a note kept beside a scan or result ("unit not known") is for people, not the rules
        values["dexa"] = [_without_note(entry.value) for entry in self.dexa]
        values["labs"] = [_without_note(entry.value) for entry in self.labs]
        if self.patient_id is not None:
            values["patient_id"] = self.patient_id
        return values


def read_document(record: ConversationRecord) -> Document | None:
    """The stored document; None for a row another program wrote (another version, or the
    empty placeholder); RecordUnreadable naming the conversation when it claims to be ours
    but is not in our shape (edited by hand, or damaged)."""
    data = record.data
    if data.get("version") != DOCUMENT_VERSION:
        return None
    try:
        return Document.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise unreadable(record, error) from None


def unreadable(record: ConversationRecord, error: Exception) -> RecordUnreadable:
    detail = " ".join(str(error).split())[:80]
    problem = f"its data is not in the shape BoneGuide writes: {type(error).__name__} {detail}"
    return RecordUnreadable.conversation(record.conversation_id, record.patient_id, problem.strip())


def _without_note(value: Any) -> Any:
    return {k: v for k, v in value.items() if k != "note"} if isinstance(value, dict) else value


def change_between(before: dict[str, Any], after: dict[str, Any], state: str) -> dict[str, Any]:
    """What `undo` needs to go from `after` back to `before`: only the facts and parts that
    differ, so the history stays small (a conversation is stored whole on every turn)."""
    change: dict[str, Any] = {"state": state}
    facts_before, facts_after = before.get("facts", {}), after.get("facts", {})
    facts = {
        name: facts_before.get(name)
        for name in facts_before.keys() | facts_after.keys()
        if facts_before.get(name) != facts_after.get(name)
    }
    if facts:
        change["facts"] = facts
    for key, value in before.items():
        if key not in ("facts", "history", "version") and after.get(key) != value:
            change[key] = value
    trail_before, trail_after = before.get("trail", []), after.get("trail", [])
    if "trail" in change and trail_after[: len(trail_before)] == trail_before:
        # the trail usually only grew by the question just answered: keep its old length
        del change["trail"]
        change["trail_len"] = len(trail_before)
    return change


def remember(doc: Document, change: dict[str, Any]) -> None:
    doc.history.append(change)
    del doc.history[:-HISTORY_LIMIT]
