"""What the bot does with each Slack request once it has been acknowledged.

Channels get knowledge answers and quick interpretations in the thread; patient data (intakes,
records, the due list) only in a clinician's DM with the bot, every record access audited.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.channels.slack import render
from assistant.channels.slack.conversations import KeyedLocks, conversation_id
from assistant.channels.slack.dedup import RecentIds
from assistant.channels.slack.poster import Poster
from assistant.channels.slack.services import Services
from assistant.channels.slack.text import Block, blocks_text, context, escape, section
from assistant.channels.slack.wording import say
from assistant.errors import BoneGuideError

if TYPE_CHECKING:
    from assistant.engine.replies import Reply

log = logging.getLogger("boneguide.slack")

MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
# Requests that show patient data; anywhere but an authorised DM they are refused.
RECORD_REQUESTS = ("patient", "due", "start")
# A message that only greets gets the help text instead of a search of the knowledge base.
GREETINGS = frozenset({"", "hi", "hello", "hey", "hallo", "help"})

Respond = Callable[..., Any]


def incoming(text: str) -> str:
    """Slack sends `&`, `<`, `>` typed by people as entities; the core reads the characters."""
    return (
        MENTION.sub(" ", text)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .strip()
    )


def _words(text: str) -> tuple[str, str]:
    head, _, rest = text.strip().partition(" ")
    return head.lower(), rest.strip()


class SlackBot:
    def __init__(self, services: Services, clinicians: frozenset[str], bot_user_id: str) -> None:
        self.services = services
        self.clinicians = clinicians
        self.bot_user_id = bot_user_id
        self.locks = KeyedLocks()
        self.clicks = RecentIds(ttl=3600)  # one answer per question message, however many clicks
        self._dm_channels: OrderedDict[str, str] = OrderedDict()

    # -- entry points: each takes the raw request body --------------------------------------

    def mention(self, body: dict[str, Any], poster: Poster) -> None:
        event = body["event"]
        user, channel = event.get("user", ""), event["channel"]
        thread = event.get("thread_ts") or event["ts"]
        text = incoming(event.get("text", ""))
        if _words(text)[0] in RECORD_REQUESTS:
            poster.ephemeral(channel, user, self._outside_dm(text))
            return
        cid = conversation_id(self._team(body), channel, thread, user)
        with self.locks.hold(cid):
            poster.post(channel, self.respond_to_text(text), thread_ts=thread)

    def direct_message(self, body: dict[str, Any], poster: Poster) -> None:
        event = body["event"]
        # Edits, joins and the bot's own posts arrive as subtypes; only people's messages count.
        if event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return
        user, channel, thread = event["user"], event["channel"], event.get("thread_ts")
        text = incoming(event.get("text", ""))
        if user not in self.clinicians:
            refused = _words(text)[0] in RECORD_REQUESTS
            blocks = (
                section(say("refuse_not_clinician", user=escape(user)))
                if refused
                else self.respond_to_text(text)
            )
            poster.post(channel, blocks, thread_ts=thread)
            return
        cid = conversation_id(self._team(body), channel, thread, user)
        with self.locks.hold(cid):
            replies = self._turn(cid, text)
            poster.post(channel, render.reply_blocks(replies), thread_ts=thread)

    def command(self, body: dict[str, Any], poster: Poster, respond: Respond | None = None) -> None:
        user, channel = body["user_id"], body["channel_id"]
        text = incoming(body.get("text", ""))
        sub, rest = _words(text)
        if sub in ("", "help"):
            self._private(poster, respond, channel, user, say("help"))
        elif sub in RECORD_REQUESTS:
            if user not in self.clinicians:
                self._private(
                    poster, respond, channel, user, say("refuse_not_clinician", user=escape(user))
                )
            elif not self._is_bot_dm(user, channel, poster):
                self._private(poster, respond, channel, user, self._outside_dm(text))
            elif sub == "patient":
                self._patient(user, channel, rest, poster)
            elif sub == "due":
                self._due(user, channel, poster)
            else:
                self._start(self._team(body), user, channel, rest or None, poster)
        else:
            question = rest if sub == "ask" else text
            blocks = section(say("you_asked", user=user, question=escape(question)))
            if poster.post(channel, blocks + self.respond_to_text(question)) is None:
                # The bot is not in that channel: answer the person privately instead.
                self._private(
                    poster, respond, channel, user, blocks_text(self.respond_to_text(question))
                )

    def choice(self, body: dict[str, Any], poster: Poster) -> None:
        """A button under a dialog question: answer with its value, then show what was chosen."""
        action, message = body["actions"][0], body.get("message") or {}
        user, channel = body["user"]["id"], body["channel"]["id"]
        ts = message.get("ts") or body["container"]["message_ts"]
        thread = message.get("thread_ts")
        if user not in self.clinicians or not channel.startswith("D"):
            poster.ephemeral(channel, user, say("refuse_not_clinician", user=escape(user)))
            return
        if not self.clicks.claim(f"{channel}:{ts}"):
            return  # a second click on an answered question
        label = action.get("text", {}).get("text") or action.get("value", "")
        chosen = [b for b in message.get("blocks", []) if b.get("type") != "actions"]
        poster.update(channel, ts, chosen + context(say("chosen", user=user, label=escape(label))))
        cid = conversation_id(self._team(body), channel, thread, user)
        with self.locks.hold(cid):
            replies = self._turn(cid, str(action["value"]))
            poster.post(channel, render.reply_blocks(replies), thread_ts=thread)

    def suggestion(self, body: dict[str, Any], poster: Poster) -> None:
        """A "perhaps one of these" button: ask that entry, in the same thread."""
        action, message = body["actions"][0], body.get("message") or {}
        user, channel = body["user"]["id"], body["channel"]["id"]
        title = str(action.get("value", ""))
        in_dialog = message.get("thread_ts")
        cid = conversation_id(self._team(body), channel, in_dialog, user)
        if (
            channel.startswith("D")
            and user in self.clinicians
            and self.services.engine.progress(cid) is not None
        ):
            with self.locks.hold(cid):
                replies = self._turn(cid, title)
                poster.post(channel, render.reply_blocks(replies), thread_ts=in_dialog)
            return
        thread = message.get("thread_ts") or message.get("ts")
        blocks = section(say("you_asked", user=user, question=escape(title)))
        poster.post(channel, blocks + self.respond_to_text(title), thread_ts=thread)

    def failed(self, body: dict[str, Any], poster: Poster, error: Exception) -> None:
        """Tell the person their request failed (the error tree's message, or a reference the
        administrator finds in the log), where they made it."""
        if isinstance(error, BoneGuideError):
            text = escape(str(error))
        else:
            reference = uuid.uuid4().hex[:8]
            log.error("Slack request failed (reference %s)", reference, exc_info=error)
            text = say("error", reference=reference)
        event = body.get("event") or {}
        channel = (
            event.get("channel") or body.get("channel_id") or (body.get("channel") or {}).get("id")
        )
        user = event.get("user") or body.get("user_id") or (body.get("user") or {}).get("id")
        if channel and user:
            poster.ephemeral(channel, user, text)

    # -- what is said ----------------------------------------------------------------------

    def respond_to_text(self, text: str) -> list[Block]:
        """Values get a quick interpretation; anything else is a question for the knowledge base."""
        if _words(text)[0] in GREETINGS and len(text) < 20:
            return section(say("help"))
        reading = self.services.read(text)
        found = len(reading.understood) + len(reading.questions) + len(reading.refused)
        # "Is a vitamin D of 45 nmol/L low?" is a question that happens to hold one value.
        if found >= 2 or (found == 1 and not text.rstrip().endswith("?")):
            return render.interpretation_blocks(
                reading.understood, reading.questions, reading.refused, reading.assessment
            )
        answer = self.services.ask(text)
        return render.answer_blocks(
            answer.answered,
            answer.answer,
            answer.source,
            bool(getattr(answer, "external", False)),
            [suggestion.title for suggestion in answer.suggestions],
        )

    def _turn(self, cid: str, text: str) -> list[Reply]:
        # The engine opens an unknown conversation itself: greeting and first question, after
        # the answer when the first message was a question.
        return self.services.turn(cid, text)

    def _patient(self, user: str, channel: str, patient_id: str, poster: Poster) -> None:
        if not patient_id:
            poster.post(channel, section(say("patient_missing")))
            return
        summary = self.services.patient(patient_id)
        if summary is None:
            poster.post(channel, section(say("patient_unknown", patient=escape(patient_id))))
            return
        self.services.store.audit(user, patient_id, "slack: patient record viewed")
        # Recomputed for today: what is due changes with the calendar, not only with new facts.
        assessment = (
            self.services.assess(summary.facts) if summary.facts else None
        ) or summary.assessment
        poster.post(
            channel,
            render.patient_blocks(
                escape(patient_id), summary.updated_at.date().isoformat(), assessment
            ),
        )

    def _due(self, user: str, channel: str, poster: Poster) -> None:
        rows = self.services.due()
        for row in rows:
            self.services.store.audit(user, row.patient_id, "slack: listed as due")
        poster.post(
            channel,
            render.due_blocks(
                self.services.today().isoformat(), [(r.patient_id, r.items) for r in rows]
            ),
        )

    def _start(
        self, team: str, user: str, channel: str, patient_id: str | None, poster: Poster
    ) -> None:
        opening = (
            say("intake_started", patient=escape(patient_id), user=user)
            if patient_id
            else say("intake_started_anonymous", user=user)
        )
        root = poster.post(channel, section(opening))
        if not root:
            return
        if patient_id:
            self.services.store.audit(user, patient_id, "slack: intake started")
        cid = conversation_id(team, channel, root, user)
        with self.locks.hold(cid):
            replies = self.services.open(cid, patient_id)
            poster.post(channel, render.reply_blocks(replies), thread_ts=root)

    # -- where ---------------------------------------------------------------------------

    def _outside_dm(self, text: str) -> str:
        return say("refuse_outside_dm", bot=self.bot_user_id, request=escape(text.strip()))

    def _private(
        self, poster: Poster, respond: Respond | None, channel: str, user: str, text: str
    ) -> None:
        if not poster.ephemeral(channel, user, text) and respond is not None:
            respond(text=text, response_type="ephemeral")

    def _is_bot_dm(self, user: str, channel: str, poster: Poster) -> bool:
        """Whether `channel` is this user's DM with the bot (not a DM between two people)."""
        if not channel.startswith("D"):
            return False
        dm = self._dm_channels.get(user)
        if dm is None:
            response = poster.client.conversations_open(users=user)
            dm = str(response["channel"]["id"])
            self._dm_channels[user] = dm
            if len(self._dm_channels) > 10_000:
                self._dm_channels.popitem(last=False)
        return dm == channel

    @staticmethod
    def _team(body: dict[str, Any]) -> str:
        team = body.get("team_id") or (body.get("team") or {}).get("id")
        return str(team or (body.get("event") or {}).get("team") or "T")
