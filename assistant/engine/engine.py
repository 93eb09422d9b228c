"""The Engine, text in and replies out for every channel: each call is one store transaction that
reads the conversation, runs the turn and saves it before the replies are returned; the engine
keeps nothing between turns but the dialogs it loaded, so the store is the only memory."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.engine import dispatch
from assistant.engine.assessing import facts_of
from assistant.engine.callbacks import CALLBACKS
from assistant.engine.command_handlers import answer_question
from assistant.engine.conversation_document import Document, read_document, unreadable
from assistant.engine.dialogs import Dialog, load_dialogs
from assistant.engine.document_values import Pending
from assistant.engine.render import pending_reply, state_choices
from assistant.engine.replies import Choice, Progress, Reply
from assistant.engine.turn import TurnContext, TurnRunner
from assistant.engine.understand import detect_command, looks_like_question
from assistant.errors import (
    DefinitionError,
    RecordUnreadable,
    SchemaTooNew,
    StoreError,
    TurnNotSaved,
)
from assistant.knowledge import KnowledgeBase
from assistant.resources import DIALOGS_DIR
from assistant.rules.assessment import Assessment
from assistant.rules.codec import Invalid, check
from assistant.store import open_store
from assistant.store.base import ConversationRecord, Store, Turn

if TYPE_CHECKING:
    from assistant.engine.definition import StateDef
    from assistant.knowledge import KnowledgeBase
    from assistant.rules.assessment import Assessment
    from assistant.rules.facts import Facts
    from assistant.settings import Settings

DEFAULT_DIALOG = "intake"
# A turn whose write failed is tried again for this long (a dropped database connection, a
# write refused for a moment); then it is reported, never skipped. A lock wait already takes
# the store's own timeout (10 s), so it is not tried twice.
RETRY_SECONDS = 2.0
RETRY_PAUSE = 0.2


class Engine:
    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], dt.date],
        knowledge: KnowledgeBase | None = None,
        dialogs_dir: Path = DIALOGS_DIR,
        dialog: str = DEFAULT_DIALOG,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.store = store
        self.knowledge = knowledge
        self._today = today
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self.dialogs = load_dialogs(dialogs_dir, knowledge, CALLBACKS)
        if dialog not in self.dialogs:
            raise DefinitionError(str(dialogs_dir), None, f"no dialog named {dialog!r}")
        self.default_dialog = dialog

    @classmethod
    def from_settings(cls, settings: Settings) -> Engine:
        """The engine on the configured store, with the default knowledge base."""

        return cls(
            open_store(settings.store), today=settings.today, knowledge=KnowledgeBase.default()
        )

    # -- turns -----------------------------------------------------------------------------------

    def open(
        self, conversation_id: str, *, patient_id: str | None = None, channel: str = "terminal"
    ) -> list[Reply]:
        """Start a conversation (greeting and first question), or re-ask where it stands."""

        def run(turn: Turn) -> list[Reply]:
            if turn.record is not None:
                runner = self._runner(turn.record)
                runner.resume()
                return runner.replies
            runner = self._new_runner(conversation_id, patient_id, channel)
            runner.start()
            record = self._record(conversation_id, patient_id, channel, runner)
            turn.save(record, "", _logged(runner.replies))
            return runner.replies

        return self._in_turn(conversation_id, run, what="the start of the conversation")

    def handle(
        self,
        conversation_id: str,
        text: str,
        *,
        patient_id: str | None = None,
        channel: str = "terminal",
    ) -> list[Reply]:
        """One message in, the replies out; the new state is saved before they are returned.

        A conversation not seen before is opened first: the greeting and first question come
        back, after the answer to `text` when it was a question."""

        def run(turn: Turn) -> list[Reply]:
            if turn.record is None:
                runner = self._new_runner(conversation_id, patient_id, channel)
                runner.start()
                opening = runner.replies
                runner.replies = []
                if text.strip() and looks_like_question(text) and not detect_command(text):
                    answer_question(runner, text)
                runner.replies = [*opening[:1], *runner.replies, *opening[1:]]
                record = self._record(conversation_id, patient_id, channel, runner)
            else:
                runner = self._runner(turn.record)
                dispatch.handle(runner, text)
                old = turn.record
                record = self._record(old.conversation_id, old.patient_id, old.channel, runner)
                record.version, record.created_at = old.version, old.created_at
            turn.save(record, text, _logged(runner.replies))
            return runner.replies

        return self._in_turn(conversation_id, run, what="your answer")

    # -- queries ---------------------------------------------------------------------------------

    def fact_names(self) -> tuple[str, ...]:
        """The facts `change <fact>` may name, worded as the dialog words them (completion)."""
        messages = self.dialogs[self.default_dialog].definition.messages
        return tuple(text for key, text in messages.items() if key.startswith("fact."))

    def progress(self, conversation_id: str) -> Progress | None:
        record = self.store.get(conversation_id)
        if record is None:
            return None
        dialog = self._dialog(record.data)
        state = dialog.states.get(record.state)
        if state is None:
            return None
        document = read_document(record)
        steps = dialog.steps
        step = steps.index(state.name) + 1 if state.name in steps else len(steps)
        return Progress(
            conversation_id=conversation_id,
            state=state.name,
            section=dialog.definition.sections[state.section],
            step=step,
            total=len(steps),
            finished=record.finished,
            updated_at=record.updated_at.isoformat() if record.updated_at else "",
            choices=self._choices(dialog, state, document.pending if document else None),
        )

    def facts(self, conversation_id: str) -> Facts | None:
        record = self.store.get(conversation_id)
        document = None if record is None else read_document(record)
        if record is None or document is None:
            return None
        try:
            return facts_of(document)
        except Invalid as error:  # values are checked as collected: edited by hand
            raise unreadable(record, error) from None

    def assessment(self, conversation_id: str) -> Assessment | None:

        record = self.store.get(conversation_id)
        if record is None or record.data.get("assessment") is None:
            return None
        try:
            return check(Assessment, record.data["assessment"])
        except Invalid as error:
            raise unreadable(record, error) from None

    # -- inside ----------------------------------------------------------------------------------

    def _in_turn(
        self, conversation_id: str, run: Callable[[Turn], list[Reply]], *, what: str
    ) -> list[Reply]:
        """`run` inside one store turn, tried again for a moment when the store fails; then
        TurnNotSaved. A failed turn was rolled back whole, so running it again is safe, unless
        the conversation moved on between the attempts: then its question may have changed
        (another window answered it, or the failed commit did land), and nothing is rerun."""
        deadline = time.monotonic() + RETRY_SECONDS
        seen: int | None = None  # the version the first attempt found
        while True:
            try:
                with self.store.turn(conversation_id) as turn:
                    version = turn.record.version if turn.record is not None else 0
                    if seen is None:
                        seen = version
                    elif version != seen:
                        raise TurnNotSaved(
                            "the conversation changed while it was being retried, so it may "
                            "already hold it or be asking something else; see where it stands "
                            "before sending it again",
                            what=what,
                        )
                    return run(turn)
            except (TurnNotSaved, RecordUnreadable):
                raise  # final already: a damaged row stays damaged however often it is read
            except StoreError as error:
                if isinstance(error, SchemaTooNew) or time.monotonic() >= deadline:
                    raise TurnNotSaved(str(error), what=what) from error
            time.sleep(RETRY_PAUSE)

    @staticmethod
    def _choices(dialog: Dialog, state: StateDef, pending: Pending | None) -> tuple[Choice, ...]:
        """What the person may pick now: the pending confirmation's options, or the question's."""
        if pending is not None:
            return pending_reply(dialog, pending).choices
        return state_choices(dialog, state)

    def _dialog(self, data: Mapping[str, object]) -> Dialog:
        return self.dialogs.get(str(data.get("dialog")), self.dialogs[self.default_dialog])

    def _context(self, conversation_id: str, channel: str) -> TurnContext:
        return TurnContext(
            today=self._today(),
            now=self._now().isoformat(timespec="seconds"),
            conversation_id=conversation_id,
            channel=channel,
            knowledge=self.knowledge,
            store=self.store,
        )

    def _new_runner(self, conversation_id: str, patient_id: str | None, channel: str) -> TurnRunner:
        dialog = self.dialogs[self.default_dialog]
        doc = Document(dialog=dialog.name, patient_id=patient_id)
        return TurnRunner(
            dialog, doc, dialog.definition.initial, self._context(conversation_id, channel)
        )

    def _runner(self, record: ConversationRecord) -> TurnRunner:
        dialog = self._dialog(record.data)
        context = self._context(record.conversation_id, record.channel)
        document = read_document(record)
        if document is None:
            # a row written by another program (or an empty one): start it afresh, never guess
            fresh = Document(dialog=dialog.name, patient_id=record.patient_id)
            return TurnRunner(dialog, fresh, dialog.definition.initial, context)
        # a state renamed or removed since the conversation was saved: start from the beginning
        state = record.state if record.state in dialog.states else dialog.definition.initial
        return TurnRunner(dialog, document, state, context)

    @staticmethod
    def _record(
        conversation_id: str, patient_id: str | None, channel: str, runner: TurnRunner
    ) -> ConversationRecord:
        finished = runner.state == runner.dialog.definition.final
        return ConversationRecord(
            conversation_id, patient_id, channel, runner.state, runner.seal(), finished
        )


def _logged(replies: list[Reply]) -> list[dict[str, str]]:
    return [{"key": reply.key, "kind": reply.kind, "text": reply.text} for reply in replies]
