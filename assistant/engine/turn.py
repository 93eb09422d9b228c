"""The state of one turn: the document on the dialog's machine, the replies said so far, and the
moves every handler shares (ask, emit events, advance, jump, undo). What a message is and which
handler takes it is decided in `dispatch`; this module knows none of the handlers. The document
changes only through `emit`, which hands each event to `apply_event`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from assistant.engine.conversation_document import Document, Parts, apply_event
from assistant.engine.dialogs import DRAFT_SLOTS, FLOW_SLOTS, Dialog
from assistant.engine.document_values import Entry
from assistant.engine.events import (
    Answered,
    Event,
    Jumped,
    Restarted,
    Returned,
    StepStarted,
    Undone,
)
from assistant.engine.machine import TurnModel
from assistant.engine.render import ask_reply, pending_reply, plain, value_text
from assistant.engine.replies import Reply, ReplyKind
from assistant.engine.understand import Outcome, parse
from assistant.errors import RecordUnreadable
from assistant.understanding.outcomes import PartialDate

if TYPE_CHECKING:
    from assistant.engine.definition import StateDef
    from assistant.knowledge import KnowledgeBase
    from assistant.store.base import Store

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
        self._stepped = False  # this turn began an undoable step
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

    def emit(self, *events: Event) -> None:
        """Write what a handler says happened into the document (and its log)."""
        for event in events:
            try:
                apply_event(self.doc, event)
            except ValidationError as error:  # a log edited by hand, or damaged, when replayed
                detail = " ".join(str(error).split())[:80]
                raise RecordUnreadable.conversation(
                    self.ctx.conversation_id, self.doc.patient_id, f"its log is damaged: {detail}"
                ) from None

    def mark(self) -> None:
        """This turn is a step `undo` takes back, to where the conversation stands now: called
        before its first answer is stored (a turn that only asks or moves is no step)."""
        if not self._stepped:
            self._stepped = True
            self.emit(StepStarted(self.state))

    def undo(self) -> Parts | None:
        """Take back the last step, and return to the question it began at; the parts as they
        were before (None: there is nothing to take back)."""
        state = self.doc.undo_state()
        if state is None:
            return None
        # a shallow copy keeps the parts as they are: replay gives the document new ones
        before = self.doc.model_copy()
        self.emit(Undone())
        self.model.state = state
        return before

    def seal(self) -> dict[str, Any]:
        """The document to save."""
        return self.doc.to_dict()

    # -- moving on -----------------------------------------------------------------------------

    def advance(self, trigger: str = "next") -> None:
        """Leave the current question after an answer or a skip."""
        answered = self.here.slot
        self.emit(Answered(self.state))
        machine = self.dialog.machine
        if not machine.has_trigger(self.state, trigger):
            trigger = "next"
        machine.fire(self.model, trigger)
        # "yes, another scan" after `back` or `change` leads into the loop it opens; the
        # return to where the person was waits until that loop is done
        opened_loop = answered in FLOW_SLOTS and self.doc.flow.get(answered or "") is True
        self.settle(hold_resume=opened_loop)

    def settle(self, *, hold_resume: bool = False) -> None:
        """Pass over questions already answered and states without a question, then ask."""
        doc = self.doc
        for _ in range(SETTLE_LIMIT):
            state = self.here
            if doc.resume is not None and not doc.draft and doc.pending is None and not hold_resume:
                target = doc.resume
                self.emit(Returned())
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
        revisit = self.dialog.definition.revisit
        # a correction after the assessment goes back through the review: a new assessment
        reassess = resume and doc.assessment is not None and revisit is not None
        back_to = None
        if reassess:
            back_to = revisit
        elif resume and doc.resume is None and self.state != state:
            back_to = self.state
        self.emit(Jumped(back_to, reassess, correcting))
        self.dialog.enter(self.model, state)

    def restart(self) -> None:
        self.mark()
        self.emit(Restarted())
        self.say("cmd.restarted")
        self.dialog.enter(self.model, self.dialog.definition.initial)
        self.settle()
