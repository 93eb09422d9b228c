"""One turn of a conversation: commands, pending confirmations, questions, then the typed answer,
moved through the dialog's machine by a `TurnRunner` that collects the replies."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.engine import slot_filling
from assistant.engine.carried import (
    also_answers,
    carries_on,
    date_with_more,
    event_elsewhere,
    yes_and_pass_on,
)
from assistant.engine.confirmations import ask_to_confirm, pending_reply, resolve
from assistant.engine.conversation_document import (
    Document,
    Entry,
    Pending,
    change_between,
    remember,
)
from assistant.engine.definition import FOLLOW_UP
from assistant.engine.dialogs import DRAFT_SLOTS, FACT_SLOTS, FLOW_SLOTS, Dialog
from assistant.engine.machine import TurnModel
from assistant.engine.render import ask_reply, fact_text, plain
from assistant.engine.replies import Reply
from assistant.engine.understand import (
    Ambiguous,
    Implausible,
    NoMatch,
    Outcome,
    Parsed,
    asks_what_it_means,
    bare,
    detect_command,
    looks_like_question,
    names_event,
    parse,
    parse_yes_no,
    split_question,
    without_choices,
)

if TYPE_CHECKING:
    from assistant.engine.definition import StateDef
    from assistant.knowledge import KnowledgeBase
    from assistant.store.base import Store

# a number that is not a year: a score or a result ("no, not since 2019" stays a no)
_VALUE = re.compile(r"(?<![\d.,])(?!(?:19|20)\d\d(?![\d.,]))\d+(?:[.,]\d+)?")
TRAIL_LIMIT = 60
MAX_MESSAGE = 2000  # characters; longer messages are refused, not read
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

    # -- replies -------------------------------------------------------------------------------

    def say(self, key: str, kind: Any = "say", **fields: object) -> None:
        self.replies.append(Reply(key, self.dialog.message(key, **fields), kind))

    def ask(self) -> None:
        """Put the pending question (or confirmation) to the person once."""
        pending = self.doc.pending
        if pending is not None:
            self.replies.append(pending_reply(self.dialog, pending))
            return
        reply = ask_reply(self.dialog, self.dialog.states[self.state], self.doc)
        if reply is not None:
            self.replies.append(reply)

    # -- entry points --------------------------------------------------------------------------

    def start(self) -> None:
        self.say("greeting")
        self.settle()

    def resume(self) -> None:
        self.say("resume")
        self.ask()

    def handle(self, text: str) -> None:
        text = text.strip()
        if len(text) > MAX_MESSAGE:
            # a pasted letter is not an answer: reading it would hold the conversation for long
            self.say("error.too_long", "error", limit=MAX_MESSAGE)
            self.ask()
            return
        state = self.dialog.states[self.state]
        command = detect_command(text) if text else None
        if command is not None:
            self._command(command.name, command.target, command.argument or "")
            return
        pending = self.doc.pending
        if pending is not None and looks_like_question(text):
            self.question(text)  # the confirmation stays open and is asked again
            self.ask()
            return
        if pending is not None and resolve(self, pending, text):
            return
        if not text:
            self.say("error.no_match", "error", hint="")
            self.ask()
            return
        if state.free_questions:
            self._free_question(text)
            return
        if state.parser is None or state.slot is None:
            if looks_like_question(text):
                self.question(text)
            else:
                self.say("error.no_question", "error")
            self.ask()
            return
        if self._mixed(text):
            return
        if looks_like_question(text) and (
            "?" in text or not isinstance(self.read(state, text), Parsed)
        ):
            # "is -2.5 bad?" is a question; "do some walking" read as an answer is an answer
            self.question(text)
            self.ask()
            return
        asked_at = self.state
        self.answer(text)
        event_elsewhere(self, asked_at, text)

    def _mixed(self, text: str) -> bool:
        """An answer and a question in one message ("62, why do you ask?"): the question is
        answered, then the answer taken, so the next question is asked once, after both."""
        parts = split_question(text)
        if parts is None:
            return False
        answer, question = parts
        state = self.dialog.states[self.state]
        if asks_what_it_means(question):
            # "not sure, what does that mean?": the question itself is unclear; explain it and
            # ask again rather than take an answer given without understanding it
            self._why()
            self.ask()
            return True
        outcome = self.read(state, answer)
        if isinstance(outcome, NoMatch) and not (state.skippable and self._unknown(answer)):
            return False
        command = detect_command(question)
        if command is not None and command.name == "why":
            self._why()
        elif command is None:
            self.question(question)
        else:
            return False  # "62, quit": a command is not a question; read the message as before
        self.answer(answer)
        return True

    # -- answers -------------------------------------------------------------------------------

    def read(self, state: StateDef, text: str) -> Outcome:
        """`text` read as the answer to `state`, once per turn: the same message is weighed
        as a command, a question, an answer and a carrier of other answers."""
        key = (state.name, text)
        if key not in self._read:
            self._read[key] = parse(self.dialog, state, text, self.doc, self.ctx.today)
        return self._read[key]

    def source(self, text: str, parser: str, confirmed: bool) -> Entry:
        return Entry(None, text, parser, self.ctx.now, confirmed)

    def answer(self, text: str) -> None:
        """Read `text` as the answer to the current question."""
        state = self.dialog.states[self.state]
        assert state.parser is not None and state.slot is not None
        if state.slot == "draft_date" and date_with_more(self, text):
            return
        if self._follow_up(text):
            return
        outcome = self.read(state, text)
        if (
            state.pass_on
            and isinstance(outcome, Parsed)
            and outcome.value is False
            and _VALUE.search(text)
        ):
            # "spine -2.1 no -2.3" to "Have you had a scan?": values given with a "no" in them
            # are no answer of no; dropping them would lose what the person typed
            outcome = NoMatch(self.dialog.message(state.unclear or "yes_no.mixed"))
        onward = carries_on(self, state.pass_on, text)
        if onward is not None and (
            isinstance(outcome, NoMatch) or (isinstance(outcome, Parsed) and outcome.value is True)
        ):
            yes_and_pass_on(self, onward, text)
            return
        if (
            isinstance(outcome, NoMatch)
            and state.skippable
            and state.parser != "yes_no"
            and self._unknown(text)
        ):
            # "don't know" / "no" to a question asking for a number or a date: a skip
            from assistant.engine.command_handlers import run_command

            run_command(self, "skip", None, text)
            return
        if isinstance(outcome, NoMatch):
            self.replies.append(
                Reply(
                    "error.no_match",
                    self.dialog.message("error.no_match", hint=outcome.message).strip(),
                    "error",
                )
            )
            self.ask()
        elif isinstance(outcome, Implausible):
            self.replies.append(
                Reply(
                    "error.implausible",
                    self.dialog.message("error.implausible", detail=outcome.message),
                    "error",
                )
            )
            self.ask()
        elif isinstance(outcome, Ambiguous):
            candidates = [
                {"label": self._label(state.slot, option), "values": plain(option)}
                for option in outcome.options
            ]
            self.doc.pending = Pending(
                "ambiguous", self.state, outcome.prompt, state.parser, candidates
            )
            self.ask()
        elif isinstance(outcome, Parsed):
            value = plain(outcome.value)
            if not outcome.certain:
                shown = self._label(state.slot, outcome.value)
                ask_to_confirm(self, state.slot, value, text, state.parser, shown=shown)
                return
            spoken = getattr(outcome.value, "spoken", None)  # a date as precise as it was said
            self.store_value(
                value,
                self.source(text, state.parser, False),
                also_text=text,
                note=outcome.note,
                shown=str(spoken()) if callable(spoken) else None,
            )

    def _follow_up(self, text: str) -> bool:
        """A break named in the person's own words ("broke my wrist skiing"): how it happened
        decides the answer, so the follow-up question (the `follow_up` transition) reads the same
        message, or is asked. A plain yes or no answers the question as it was put."""
        machine = self.dialog.machine
        if bare(text) or not machine.has_trigger(self.state, FOLLOW_UP):
            return False  # a plain yes or no answers the question as it was put
        state = self.dialog.states[self.state]
        follow = self.dialog.states[self.dialog.follow_up(self.state) or ""]
        said = self.read(state, without_choices(follow, text))
        if isinstance(said, Parsed) and said.value is False:
            return False  # "no, I fell once but nothing broke"
        how = self.read(follow, text)
        told = isinstance(how, Parsed) and how.certain
        if not told and not names_event(state, text):
            return False
        self.snapshot()  # `undo` goes back to the question the person answered
        self.doc.trail.append(self.state)
        machine.fire(self.model, FOLLOW_UP)
        if isinstance(how, Parsed) and told:
            chosen = next(
                c.label for c in follow.choices if c.value == ("yes" if how.value else "no")
            )
            self.store_value(
                how.value, self.source(text, follow.parser or "", False), note=chosen.lower()
            )
        else:
            self.ask()
        return True

    def _unknown(self, text: str) -> bool:
        """ "Don't know", "no": nothing to give. A message with numbers gives something, and a
        "no" in it ("spine -2.1 no -2.3") is no reason to drop them."""
        if any(char.isdigit() for char in text):
            return False
        outcome = parse_yes_no(text, self.ctx.today)
        return isinstance(outcome, Parsed) and outcome.value is not True

    def _label(self, slot: str, option: object) -> str:
        spoken = getattr(option, "spoken", None)  # a date reads better as "3 April 2024"
        return str(spoken()) if callable(spoken) else self.describe(slot, plain(option))

    def describe(self, slot: str, value: Any) -> str:
        from assistant.engine.render import value_text

        return value_text(self.dialog, slot, value)

    def store_value(
        self,
        value: Any,
        source: Entry,
        *,
        also_text: str | None = None,
        note: str | None = None,
        shown: str | None = None,
    ) -> None:
        """Store the answer to the current question and move on (or ask to confirm first).
        `shown` is how to read the value back when it is loose ("March 2024", not a day)."""
        state = self.dialog.states[self.state]
        assert state.slot is not None
        invalid = slot_filling.problem(state.slot, value)
        if invalid is not None:
            self.say("error.invalid", "error", detail=invalid)
            self.ask()
            return
        old = slot_filling.overwrites(self.doc, state.slot, value)
        if old is not None and not self.doc.editing and not source.confirmed:
            ask_to_confirm(self, state.slot, value, source.text, source.parser, old)
            return
        self.snapshot()
        self._read.clear()
        changed = slot_filling.apply(self.doc, state.slot, value, source)
        if also_text is not None:
            changed += also_answers(self, state.also, also_text)
        if value is None and state.slot in FACT_SLOTS:  # "no idea": unknown, said so
            self.say("ack.skipped", fact=self.dialog.message(f"fact.{state.slot}"))
        if changed:
            facts = ", ".join(
                f"{self.dialog.message(f'fact.{slot}')} {shown}"
                if shown and slot == state.slot
                else fact_text(self.dialog, slot, self.doc.facts[slot].value)
                for slot in changed
            )
            if note:  # how a loose answer was read ("2 years ago": about November 2024)
                self.say("ack.note", facts=facts, note=note)
            else:
                self.say("ack", facts=facts)
        self.advance()

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
        answered = self.dialog.states[self.state].slot
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
            state = self.dialog.states[self.state]
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
        fresh = Document(doc.dialog, doc.patient_id, history=doc.history)
        self.model.doc = fresh
        self.say("cmd.restarted")
        self.dialog.enter(self.model, self.dialog.definition.initial)
        self.settle()

    # -- commands and questions live in their own module, to keep this one about answers -----

    def _command(self, name: str, target: str | None, text: str) -> None:
        from assistant.engine.command_handlers import run_command

        run_command(self, name, target, text)

    def _why(self) -> None:
        from assistant.engine.command_handlers import why_reply

        why_reply(self)

    def question(self, text: str) -> None:
        from assistant.engine.command_handlers import answer_question

        answer_question(self, text)

    def _free_question(self, text: str) -> None:
        from assistant.engine.command_handlers import free_question

        free_question(self, text)
