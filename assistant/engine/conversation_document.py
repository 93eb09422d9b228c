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

The models are pydantic's, built on first use (`defer_build`) so that importing the engine
builds no schema. A document of another version is read only through `read_document`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import RecordUnreadable

if TYPE_CHECKING:
    from assistant.store.base import ConversationRecord

DOCUMENT_VERSION: Literal[1] = 1
HISTORY_LIMIT = 20  # undo depth; bounds the stored size of a conversation

# "confirm" (a value), "ambiguous" (pick one reading), "conflict" (two results for one scan),
# "restart" (start again?)
PendingKind = Literal["confirm", "ambiguous", "conflict", "restart"]
# what `undo` needs to go back one turn: the state, and the earlier value of each part changed
Change = dict[str, Any]


class _Part(BaseModel):
    # assigned freely during a turn and checked when read back from the store; built on first
    # use, not at import
    model_config = ConfigDict(defer_build=True, extra="ignore")


class Entry(_Part):
    """One collected value with its provenance."""

    value: Any
    text: str = ""
    parser: str = ""
    at: str = ""
    confirmed: bool = False


class Pending(_Part):
    """Something the next message answers before the dialog moves on."""

    kind: PendingKind
    state: str
    text: str = ""
    parser: str = ""
    # each {"label", "values"}; a confirmation adds the "source" text and its "parser"
    candidates: list[dict[str, Any]] = Field(default_factory=list)


class Document(_Part):
    version: Literal[1] = DOCUMENT_VERSION
    dialog: str
    patient_id: str | None = None
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
    history: list[Change] = Field(default_factory=list)

    def to_dict(self, *, with_history: bool = True) -> dict[str, Any]:
        """The stored JSON form (a deep copy: later changes to the document do not reach it).
        Values are JSON data already (the parsers' values pass through `plain`), so pydantic's
        python mode, faster than its JSON mode, gives the same dict."""
        return self.model_dump(exclude=None if with_history else {"history"})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls.model_validate(data)

    def revert(self, change: Change) -> None:
        """Undo one change recorded by `change_between` (the facts and parts it names)."""
        for name, before in change.get("facts", {}).items():
            if before is None:
                self.facts.pop(name, None)
            else:
                self.facts[name] = Entry.model_validate(before)
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
            reverted = Document.model_validate({**data, "history": self.history})
            for name in Document.model_fields:
                setattr(self, name, getattr(reverted, name))

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
        return Document.model_validate(data)
    except ValidationError as error:
        raise unreadable(record, error) from None


def unreadable(record: ConversationRecord, error: Exception) -> RecordUnreadable:
    detail = " ".join(str(error).split())[:80]
    problem = f"its data is not in the shape BoneGuide writes: {type(error).__name__} {detail}"
    return RecordUnreadable.conversation(record.conversation_id, record.patient_id, problem.strip())


def _without_note(value: object) -> object:
    return {k: v for k, v in value.items() if k != "note"} if isinstance(value, dict) else value


def change_between(before: dict[str, Any], after: dict[str, Any], state: str) -> Change:
    """What `undo` needs to go from `after` back to `before`: only the facts and parts that
    differ, so the history stays small (a conversation is stored whole on every turn)."""
    change: Change = {"state": state}
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


def remember(doc: Document, change: Change) -> None:
    doc.history.append(change)
    del doc.history[:-HISTORY_LIMIT]
