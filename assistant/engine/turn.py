"""The state of one turn: the document on the dialog's machine, the replies said so far, and the
moves every handler shares (ask, store a reading, advance, jump). What a message is and which
handler takes it is decided in `dispatch`; this module knows none of the handlers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.engine.conversation_document import (
    Document,
    Entry,
    change_between,
    remember,
)
from assistant.engine.dialogs import DRAFT_SLOTS, FLOW_SLOTS, Dialog
from assistant.engine.events import Event, apply_event
from assistant.engine.machine import TurnModel
from assistant.engine.render import ask_reply, pending_reply, plain, value_text
from assistant.engine.replies import Reply, ReplyKind
from assistant.engine.understand import Outcome, parse
from assistant.understanding.outcomes import PartialDate

if TYPE_CHECKING:
    from assistant.engine.definition import StateDef
    from assistant.knowledge import KnowledgeBase
    from assistant.store.base import Store

TRAIL_LIMIT = 60
SETTLE_LIMIT = 64  # transitions one message may cause; more means a loop in the dialog data


@dataclass(frozen=True)
class TurnContext:
    today: dt.date
    now: str  # ISO time of this turn, for provenance
    conversation_id: str
    channel: str
    knowledge: KnowledgeBase | None
    store: Store | None


class TurnRunner:
    def __init__(self, dialog: Dialog, doc: Document, state: str, ctx: TurnContext) -> None:
        self.dialog = dialog
        self.ctx = ctx
        self.model = TurnModel(doc, state, self)
        self.replies: list[Reply] = []
        self.finished = False
        self._before: tuple[str, dict[str, Any]] | None = None
        # readings of this turn's message; cleared when an answer is stored, since a stored
        # fact (an age) may change how the next question reads the same words
        self._read: dict[tuple[str, str], Outcome] = {}

    @property
    def doc(self) -> Document:
        return self.model.doc

    @property
    def state(self) -> str:
        return str(self.model.state)

    @property
    def here(self) -> StateDef:
        """The definition of the question the conversation stands at."""
        return self.dialog.states[self.state]

    # -- replies -------------------------------------------------------------------------------

    def say(self, key: str, kind: ReplyKind = "say", **fields: object) -> None:
        self.replies.append(Reply(key, self.dialog.message(key, **fields), kind))

    def ask(self) -> None:
        """Put the pending question (or confirmation) to the person once."""
        pending = self.doc.pending
        if pending is not None:
            self.replies.append(pending_reply(self.dialog, pending))
            return
        reply = ask_reply(self.dialog, self.here, self.doc)
        if reply is not None:
            self.replies.append(reply)

    def start(self) -> None:
        self.say("greeting")
        self.settle()

    def resume(self) -> None:
        self.say("resume")
        self.ask()

    # -- readings ------------------------------------------------------------------------------

    def read(self, state: StateDef, text: str) -> Outcome:
        """`text` read as the answer to `state`, once per turn: the same message is weighed
        as a command, a question, an answer and a carrier of other answers."""
        key = (state.name, text)
        if key not in self._read:
            self._read[key] = parse(self.dialog, state, text, self.doc, self.ctx.today)
        return self._read[key]

    def forget_readings(self) -> None:
        self._read.clear()

    def source(self, text: str, parser: str, confirmed: bool) -> Entry:
        return Entry(value=None, text=text, parser=parser, at=self.ctx.now, confirmed=confirmed)

    def label(self, slot: str, option: object) -> str:
        """How a reading reads back: a date as precise as it was said ("March 2024")."""
        if isinstance(option, PartialDate):
            return option.spoken()
        return self.describe(slot, plain(option))

    def describe(self, slot: str, value: object) -> str:
        return value_text(self.dialog, slot, value)

    # -- changing the document -----------------------------------------------------------------

    def apply(self, events: list[Event]) -> None:
        """Write what a handler says happened into the document."""
        for event in events:
            apply_event(self.doc, event)

    # -- moving on -----------------------------------------------------------------------------

    def snapshot(self) -> None:
        """Remember the document before this turn's first change, for `undo`."""
        if self._before is None:
            self._before = (self.state, self.doc.to_dict(with_history=False))

    def seal(self) -> dict[str, Any]:
        """The document to save, with what this turn changed added to its history."""
        after = self.doc.to_dict(with_history=False)
        if self._before is not None:
            state, before = self._before
            remember(self.doc, change_between(before, after, state))
            self._before = None
        after["history"] = list(self.doc.history)
        return after

    def advance(self, trigger: str = "next") -> None:
        """Leave the current question after an answer or a skip."""
        doc = self.doc
        answered = self.here.slot
        doc.trail.append(self.state)
        del doc.trail[:-TRAIL_LIMIT]
        doc.editing = False
        machine = self.dialog.machine
        if not machine.has_trigger(self.state, trigger):
            trigger = "next"
        machine.fire(self.model, trigger)
        # "yes, another scan" after `back` or `change` leads into the loop it opens; the
        # return to where the person was waits until that loop is done
        opened_loop = answered in FLOW_SLOTS and doc.flow.get(answered or "") is True
        self.settle(hold_resume=opened_loop)

    def settle(self, *, hold_resume: bool = False) -> None:
        """Pass over questions already answered and states without a question, then ask."""
        doc = self.doc
        for _ in range(SETTLE_LIMIT):
            state = self.here
            if doc.resume is not None and not doc.draft and doc.pending is None and not hold_resume:
                target, doc.resume = doc.resume, None
                if target != state.name:
                    self.dialog.enter(self.model, target)
                continue
            if self.finished or state.name == self.dialog.definition.final:
                break
            if (
                not state.ask
                or self._answered(state.slot, state.repeat)
                or (state.slot in DRAFT_SLOTS and not doc.draft)  # nothing left to date
            ):
                self.dialog.machine.fire(self.model, "next")
                continue
            break
        if not self.finished:
            self.ask()

    def _answered(self, slot: str | None, repeat: bool) -> bool:
        if slot is None or repeat:
            return False
        doc = self.doc
        return slot in doc.facts or slot in doc.skipped or slot in doc.flow

    def jump(self, state: str, *, resume: bool, correcting: bool = True) -> None:
        """Go to `state` to answer it again; with `resume`, come back here afterwards. Not
        `correcting`: a loop's question asked afresh, so a scan given there is a new one."""
        doc = self.doc
        doc.pending = None
        doc.draft = []
        revisit = self.dialog.definition.revisit
        if resume and doc.assessment is not None and revisit is not None:
            # a correction after the assessment goes back through the review: a new assessment
            doc.resume = revisit
            doc.flow.pop("review_ok", None)
        elif resume and doc.resume is None and self.state != state:
            doc.resume = self.state
        doc.editing = correcting
        self.dialog.enter(self.model, state)

    def restart(self) -> None:
        self.snapshot()
        doc = self.doc
        fresh = Document(dialog=doc.dialog, patient_id=doc.patient_id, history=doc.history)
        self.model.doc = fresh
        self.say("cmd.restarted")
        self.dialog.enter(self.model, self.dialog.definition.initial)
        self.settle()
