"""What the bot does with each Slack request once Bolt has acknowledged it: answers and quick
interpretations in threads; intakes and records only in a clinician's DM; slash replies private.
"""

from __future__ import annotations

import logging
import uuid
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from assistant import wording
from assistant.channels.slack import render
from assistant.channels.slack.clarify import Clarifications, PendingClarification, answered
from assistant.channels.slack.conversations import conversation_id
from assistant.channels.slack.dedup import RecentIds
from assistant.channels.slack.logs import failure
from assistant.channels.slack.poster import Poster
from assistant.channels.slack.records import Records, valid_patient_id
from assistant.channels.slack.requests import RecordRequest, plain, subcommand
from assistant.channels.slack.services import PastedReading, Services
from assistant.channels.slack.text import Block, escape, incoming, section
from assistant.channels.slack.text import context as context_block
from assistant.errors import BoneGuideError, RecordUnreadable, StoreError, TurnNotSaved

if TYPE_CHECKING:
    from slack_bolt import BoltContext
    from slack_bolt.context.respond import Respond
    from slack_sdk import WebClient

    from assistant.engine.replies import Reply as EngineReply

log = logging.getLogger("boneguide.slack")

# A message that only greets gets the help text instead of a search of the knowledge base.
GREETINGS = frozenset({"", "hi", "hello", "hey", "hallo", "help"})
# Subcommands that answer a question or read values; anything else unknown gets the help.
KNOWLEDGE_SUBCOMMANDS = frozenset({"ask", "interpret"})

Responder = Callable[[list[Block]], object]  # shows blocks where the request came from


def _ts(value: object) -> str | None:
    """A message timestamp from a payload (Slack sends text, "1700000000.000100")."""
    return value if isinstance(value, str) else None


def _part(payload: Mapping[str, object], key: str) -> dict[str, object]:
    """A nested object of a payload ("message", "container"), or an empty one."""
    value = payload.get(key)
    return value if isinstance(value, dict) else {}


def _words(text: str) -> tuple[str, str]:
    head, _, rest = text.strip().partition(" ")
    return head.lower(), rest.strip()


class SlackBot:
    def __init__(self, services: Services, clinicians: frozenset[str], poster: Poster) -> None:
        self.services = services
        self.clinicians = clinicians
        self.poster = poster
        self.clicks = RecentIds(ttl=3600)  # one answer per question message, however many clicks
        self.pending = Clarifications()
        self.records = Records(services, clinicians)
        self._dm_channels: OrderedDict[str, str] = OrderedDict()

    # -- channels ----------------------------------------------------------------------------

    def mention(self, event: dict[str, object], context: BoltContext) -> None:
        user, channel = str(context.user_id), str(context.channel_id)
        thread = str(event.get("thread_ts") or event["ts"])
        text = incoming(str(event.get("text", "")))
        if self._record_request(text) is not None:
            self.poster.ephemeral(channel, user, self._outside_dm(context))
            return
        pending = self.pending.take(channel, thread, user)
        if pending is not None:  # the answer to the bot's question, with a mention after all
            self._clarified(channel, thread, user, pending, text)
            return
        blocks, _, reading = self.respond_to_text(text)
        # Waiting before it is asked: the answer may come the moment the question is seen.
        if reading is not None and reading.questions:
            self.pending.put(channel, thread, user, PendingClarification.of(reading))
        self.poster.post(channel, blocks, thread_ts=thread)

    def awaits(self, event: dict[str, object], context: BoltContext) -> bool:
        """Whether a channel message answers what the bot asked this person in this thread
        (a mention is answered as a mention)."""
        thread, user, channel = event.get("thread_ts"), context.user_id, context.channel_id
        if not (thread and user and channel):
            return False
        if f"<@{context.bot_user_id}>" in str(event.get("text", "")):
            return False
        return self.pending.waiting(str(channel), str(thread), str(user))

    def thread_reply(self, event: dict[str, object], context: BoltContext) -> None:
        """A message in a channel thread without a mention, answering the bot's question."""
        thread, user, channel = (
            str(event["thread_ts"]),
            str(context.user_id),
            str(context.channel_id),
        )
        pending = self.pending.take(channel, thread, user)
        if pending is not None:
            self._clarified(channel, thread, user, pending, incoming(str(event.get("text", ""))))

    def _clarified(
        self, channel: str, thread: str, user: str, pending: PendingClarification, text: str
    ) -> None:
        combined = answered(pending, text, self.services)
        if combined.questions:
            self.pending.put(channel, thread, user, PendingClarification.of(combined))
        self.poster.post(channel, _interpretation(combined), thread_ts=thread)

    # -- direct messages -------------------------------------------------------------------

    def direct_message(self, event: dict[str, object], context: BoltContext) -> None:
        user, channel = str(context.user_id), str(context.channel_id)
        thread = _ts(event.get("thread_ts"))
        text = incoming(str(event.get("text", "")))
        request = plain(text)
        in_dm: Responder = lambda blocks: self.poster.post(channel, blocks, thread_ts=thread)  # noqa: E731
        if user not in self.clinicians:
            if request is not None:
                in_dm(section(wording.text("slack.refuse_not_clinician", user=escape(user))))
            else:
                in_dm(self.respond_to_text(text)[0])
            return
        if request is not None:
            self._record(request, user, channel, context, in_dm)
            return
        cid = conversation_id(_team(context), channel, thread, user)
        self._dialog(cid, lambda: self.services.turn(cid, text), channel, thread)

    def command(self, command: dict[str, object], context: BoltContext, respond: Respond) -> None:
        user, channel = str(context.user_id), str(context.channel_id)
        sub, rest = _words(incoming(str(command.get("text", ""))))
        private: Responder = lambda blocks: self.poster.respond(respond, blocks)  # noqa: E731
        request = subcommand(sub, rest)
        if sub in ("", "help") or (sub in KNOWLEDGE_SUBCOMMANDS and not rest):
            private(section(wording.text("slack.help")))
        elif sub in KNOWLEDGE_SUBCOMMANDS:
            blocks, shareable, _ = self.respond_to_text(rest)
            private(blocks + (render.share_button(rest) if shareable else []))
        elif request is None:
            # Nothing of what was typed is repeated: it may be a mistyped patient request.
            private(section(wording.text("slack.unknown_command")))
        elif user not in self.clinicians:
            private(section(wording.text("slack.refuse_not_clinician", user=escape(user))))
        elif not self._is_bot_dm(user, channel):
            private(section(self._outside_dm(context)))
        else:
            self._record(request, user, channel, context, private)

    # -- buttons ---------------------------------------------------------------------------

    def choice(
        self, action: dict[str, object], body: dict[str, object], context: BoltContext
    ) -> None:
        """A button under a dialog question: answer with its value, then show what was chosen."""
        user, channel = str(context.user_id), str(context.channel_id)
        message = _part(body, "message")
        ts = str(message.get("ts") or _part(body, "container").get("message_ts"))
        thread = _ts(message.get("thread_ts"))
        if user not in self.clinicians or not channel.startswith("D"):
            self.poster.ephemeral(
                channel, user, wording.text("slack.refuse_not_clinician", user=escape(user))
            )
            return
        if not self.clicks.claim(f"{channel}:{ts}"):
            return  # a second click on an answered question
        cid = conversation_id(_team(context), channel, thread, user)
        value = str(action.get("value", ""))
        # Not saved: the click is forgotten and the buttons stay, to click again.
        forget = lambda: self.clicks.forget(f"{channel}:{ts}")  # noqa: E731
        if not self._dialog(cid, lambda: self.services.turn(cid, value), channel, thread, forget):
            return
        label = str(_part(action, "text").get("text") or value)
        shown = message.get("blocks")
        chosen = [
            b
            for b in (shown if isinstance(shown, list) else [])
            if isinstance(b, dict) and b.get("type") != "actions"
        ]
        self.poster.update(
            channel,
            ts,
            chosen + context_block(wording.text("slack.chosen", user=user, label=escape(label))),
        )

    def suggestion(
        self,
        action: dict[str, object],
        body: dict[str, object],
        context: BoltContext,
        respond: Respond,
    ) -> None:
        """A "perhaps one of these" button: ask that entry, where the button was."""
        user, channel = str(context.user_id), str(context.channel_id)
        message = _part(body, "message")
        title = str(action.get("value", ""))
        in_dialog = _ts(message.get("thread_ts"))
        cid = conversation_id(_team(context), channel, in_dialog, user)
        if (
            channel.startswith("D")
            and user in self.clinicians
            and self.services.engine.progress(cid) is not None
        ):
            self._dialog(cid, lambda: self.services.turn(cid, title), channel, in_dialog)
            return
        blocks, shareable, _ = self.respond_to_text(title)
        if _part(body, "container").get("is_ephemeral"):
            self.poster.respond(respond, blocks + (render.share_button(title) if shareable else []))
            return
        thread = _ts(message.get("thread_ts") or message.get("ts"))
        asked = section(wording.text("slack.you_asked", user=user, question=escape(title)))
        self.poster.post(channel, asked + blocks, thread_ts=thread)

    def share(self, action: dict[str, object], context: BoltContext, respond: Respond) -> None:
        """ "Share in channel" under a private answer: the question and answer, for everyone."""
        question = str(action.get("value", ""))
        blocks, _, _ = self.respond_to_text(question)
        shared = section(
            wording.text("slack.shared", user=context.user_id, question=escape(question))
        )
        if self.poster.respond(respond, shared + blocks, response_type="in_channel"):
            self.poster.respond(respond, [], delete_original=True)

    def open_record(self, action: dict[str, object], context: BoltContext) -> None:
        """ "Open record" on the Home tab or under the due list: the record in the user's DM."""
        user = str(context.user_id)
        if user not in self.clinicians:
            return  # only clinicians are shown the button; a forged click gets nothing
        dm = self._dm_of(user)
        request = RecordRequest("patient", str(action.get("value", "")))
        self._record(request, user, dm, context, lambda blocks: self.poster.post(dm, blocks))

    def start_from_home(self, context: BoltContext) -> None:
        user = str(context.user_id)
        if user in self.clinicians:
            self._start(
                context,
                user,
                self._dm_of(user),
                None,
                wording.text("slack.intake_started_home", user=user),
            )

    def home(self, event: dict[str, object], client: WebClient) -> None:
        """`app_home_opened`: publish the Home tab for this user."""
        user = str(event.get("user", ""))
        if event.get("tab", "home") != "home" or not user:
            return
        self.poster.publish(client, user, self.records.home(user))

    # -- failures --------------------------------------------------------------------------

    def failed(self, error: Exception, context: BoltContext, body: dict[str, object]) -> None:
        """Tell the person their request failed, where they made it: a message that could not
        be saved is to be sent again; anything else gets the error tree's message, or a
        reference the administrator finds in the log (which never holds what was typed)."""
        if isinstance(error, StoreError):
            text = _unsaved(error, context.channel_id)
        elif isinstance(error, BoneGuideError):
            text = escape(str(error))
        else:
            reference = uuid.uuid4().hex[:8]
            log.error("Slack request failed (reference %s): %s", reference, failure(error))
            text = wording.text("slack.error", reference=reference)
        channel, user = context.channel_id, context.user_id
        event = body.get("event")
        thread = event.get("thread_ts") if isinstance(event, dict) else None
        if channel and user:
            if channel.startswith("D"):
                self.poster.post(channel, section(text), thread_ts=thread)
            else:
                self.poster.ephemeral(channel, user, text)

    # -- what is said ----------------------------------------------------------------------

    def respond_to_text(self, text: str) -> tuple[list[Block], bool, PastedReading | None]:
        """Values get a quick interpretation; anything else is a question for the knowledge base.
        Returns the blocks, whether they are a knowledge answer (fit to share), and the reading
        when values were read."""
        if _words(text)[0] in GREETINGS and len(text) < 20:
            return section(wording.text("slack.help")), False, None
        reading = self.services.read(text)
        found = len(reading.understood) + len(reading.questions) + len(reading.refused)
        # "Is a vitamin D of 45 nmol/L low?" is a question that happens to hold one value.
        if found >= 2 or (found == 1 and not text.rstrip().endswith("?")):
            return _interpretation(reading), False, reading
        answer = self.services.ask(text)
        blocks = render.answer_blocks(
            answer.answered,
            answer.answer,
            answer.source,
            bool(getattr(answer, "external", False)),
            [suggestion.title for suggestion in answer.suggestions],
        )
        return blocks, answer.answered, None

    def _dialog(
        self,
        cid: str,
        turn: Callable[[], list[EngineReply]],
        channel: str,
        thread: str | None,
        unsaved: Callable[[], None] = lambda: None,
    ) -> bool:
        """One dialog turn, its replies posted in the thread with the intake's progress; a turn
        the store could not save is said to be unsaved, so the person sends it again."""
        try:
            replies = turn()
        except StoreError as error:
            unsaved()  # before the person hears of it, so that trying again at once works
            self.poster.post(channel, section(_unsaved(error, channel)), thread_ts=thread)
            return False
        engine = self.services.engine
        # The summary shows each result in the unit it was given in, as at a terminal.
        assessed = any(reply.kind == "assessment" for reply in replies)
        facts = engine.facts(cid) if assessed else None
        blocks = render.reply_blocks(replies, engine.progress(cid), facts)
        self.poster.post(channel, blocks, thread_ts=thread)
        return True

    def _record(
        self,
        request: RecordRequest,
        user: str,
        channel: str,
        context: BoltContext,
        reply: Responder,
    ) -> None:
        """A record request from an authorised clinician in their DM with the bot."""
        typed = request.patient_id
        patient_id = valid_patient_id(typed) if typed else None
        if typed and patient_id is None:
            reply(section(wording.text("slack.patient_id_invalid")))
        elif request.kind == "patient":
            reply(self.records.patient(user, patient_id))
        elif request.kind in ("due", "overdue"):
            reply(self.records.due(user, overdue=request.kind == "overdue"))
        else:
            opening = (
                wording.text("slack.intake_started", patient=escape(patient_id), user=user)
                if patient_id
                else wording.text("slack.intake_started_anonymous", user=user)
            )
            self._start(context, user, channel, patient_id, opening)

    def _start(
        self,
        context: BoltContext,
        user: str,
        channel: str,
        patient_id: str | None,
        opening: str,
    ) -> None:
        root = self.poster.post(channel, section(opening))
        if not root:
            return
        if patient_id:
            self.services.store.audit(user, patient_id, "slack: intake started")
        cid = conversation_id(_team(context), channel, root, user)
        self._dialog(cid, lambda: self.services.open(cid, patient_id), channel, root)

    # -- where ---------------------------------------------------------------------------

    def _record_request(self, text: str) -> RecordRequest | None:
        head, rest = _words(text)
        return subcommand(head, rest) or plain(text)

    def _outside_dm(self, context: BoltContext) -> str:
        return wording.text("slack.refuse_outside_dm", bot=context.bot_user_id)

    def _dm_of(self, user: str) -> str:
        """The user's DM with the bot (conversations.open, remembered)."""
        dm = self._dm_channels.get(user)
        if dm is None:
            response = self.poster.client.conversations_open(users=user)
            dm = str(response["channel"]["id"])
            self._dm_channels[user] = dm
            if len(self._dm_channels) > 10_000:
                self._dm_channels.popitem(last=False)
        return dm

    def _is_bot_dm(self, user: str, channel: str) -> bool:
        """Whether `channel` is this user's DM with the bot (not a DM between two people)."""
        return channel.startswith("D") and self._dm_of(user) == channel


def _unsaved(error: StoreError, channel: str | None) -> str:
    """What to tell the person when the store failed them, and one log line without patient
    ids (a damaged row's message names the patient: it goes to the clinician, not the log)."""
    reason = error.reason if isinstance(error, TurnNotSaved) else type(error).__name__
    log.warning("a Slack message in %s was not saved: %s", channel, reason)
    return (
        escape(str(error))
        if isinstance(error, RecordUnreadable)
        else wording.text("slack.not_saved")
    )


def _interpretation(reading: PastedReading) -> list[Block]:
    return render.interpretation_blocks(
        reading.understood, reading.questions, reading.refused, reading.summary
    )


def _team(context: BoltContext) -> str:
    return str(context.team_id or context.enterprise_id or "T")
