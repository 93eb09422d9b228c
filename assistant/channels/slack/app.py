"""The Bolt app: Bolt acknowledges (events itself, commands and buttons at the listener's first
`ack()`) and runs each listener on its listener executor; used by HTTP and Socket Mode alike.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.error import BoltError
from slack_bolt.kwargs_injection.args import Args
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.channels.slack.bot import SlackBot
from assistant.channels.slack.config import SlackConfig
from assistant.channels.slack.dedup import RecentIds
from assistant.channels.slack.logs import quiet_bodies
from assistant.channels.slack.poster import Poster
from assistant.channels.slack.render import (
    CHOICE_ACTION,
    OPEN_RECORD_ACTION,
    SHARE_ACTION,
    START_INTAKE_ACTION,
    SUGGEST_ACTION,
)
from assistant.channels.slack.services import Services
from assistant.channels.slack.webapi import web_client
from assistant.errors import ConfigError

log = logging.getLogger("boneguide.slack")

COMMAND = "/boneguide"
WORKERS = 16  # listeners running at once; each mostly waits on the Web API or the store


def build_app(
    config: SlackConfig,
    services: Services,
    clinicians: frozenset[str],
    *,
    client: WebClient | None = None,
    workers: int = WORKERS,
) -> App:
    """The Bolt app with every listener; calls `auth.test` once at `config.api_url`."""
    client = client or web_client(config)
    try:
        app = App(
            client=client,
            # Socket Mode frames are not signed; an empty secret is never used there.
            signing_secret=config.signing_secret or "",
            request_verification_enabled=config.mode == "http",
            token_verification_enabled=True,
            listener_executor=ThreadPoolExecutor(workers, thread_name_prefix="slack-listener"),
            logger=quiet_bodies(),
        )
    except BoltError as error:
        raise ConfigError(
            f"Slack refused the bot token at {config.api_url} ({error}); check SLACK_BOT_TOKEN"
        ) from None
    except (SlackApiError, OSError) as error:
        raise ConfigError(
            f"cannot reach the Slack Web API at {config.api_url} ({error}); "
            "check SLACK_API_URL and the network"
        ) from None
    bot = SlackBot(services, clinicians, Poster(client))
    events = RecentIds()

    @app.middleware
    def drop_repeats(
        body: dict[str, object], request: BoltRequest, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        # Slack resends an event it thinks we missed (X-Slack-Retry-Num) and now and then
        # delivers one twice, with the same event id. This memory answers repeats reaching
        # this replica before the acknowledgement, without touching the store (whose write
        # lock would hold the acknowledgement up); between replicas the claim in the store,
        # made by the listener, decides.
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not events.claim(event_id):
            _already_taken(event_id, request)
            return BoltResponse(status=200, body="")
        return next()

    def claimed(args: Args) -> bool:
        """Whether this replica is the one to answer (the first to claim the event id in the
        shared store); Slack has its 200 either way."""
        event_id = args.body.get("event_id")
        if isinstance(event_id, str) and not services.claim_event(event_id):
            _already_taken(event_id, args.req)
            return False
        return True

    def listener(work: Callable[[Args], None], *, ack: bool = False) -> Callable[[Args], None]:
        """A Bolt listener around `work`; commands and buttons acknowledge first (events are
        acknowledged by Bolt before the listener runs)."""

        def run(args: Args) -> None:
            if ack:
                args.ack()
            if claimed(args):
                work(args)

        return run

    def messages(args: Args) -> None:
        event, context = args.event or {}, args.context
        # Edits, joins and bot posts (our own included) arrive as subtypes or with a bot id;
        # only people's messages count. Channel messages count only as an answer to what the
        # bot asked in that thread: the rest of the channel's talk costs no store write.
        if event.get("subtype") or event.get("bot_id") or not context.user_id:
            return
        if event.get("channel_type") == "im":
            if claimed(args):
                bot.direct_message(event, context)
        elif bot.awaits(event, context) and claimed(args):
            bot.thread_reply(event, context)

    app.event("app_mention")(listener(lambda a: bot.mention(a.event or {}, a.context)))
    app.event("message")(messages)
    app.event("app_home_opened")(listener(lambda a: bot.home(a.event or {}, a.client)))
    app.command(COMMAND)(
        listener(lambda a: bot.command(a.command or {}, a.context, a.respond), ack=True)
    )
    actions: dict[str, Callable[[Args], None]] = {
        CHOICE_ACTION: lambda a: bot.choice(a.action or {}, a.body, a.context),
        SUGGEST_ACTION: lambda a: bot.suggestion(a.action or {}, a.body, a.context, a.respond),
        SHARE_ACTION: lambda a: bot.share(a.action or {}, a.context, a.respond),
        OPEN_RECORD_ACTION: lambda a: bot.open_record(a.action or {}, a.context),
        START_INTAKE_ACTION: lambda a: bot.start_from_home(a.context),
    }
    for prefix, work in actions.items():
        app.action(re.compile(rf"^{prefix}(:|$)"))(listener(work, ack=True))

    @app.error
    def on_error(error: Exception, context: BoltContext, body: dict[str, object]) -> None:
        # Runs on the listener's thread: the person hears about it where they asked.
        bot.failed(error, context, body)

    return app


def _already_taken(event_id: str, request: BoltRequest) -> None:
    retry = (request.headers.get("x-slack-retry-num") or ["0"])[0]
    log.info("event %s already taken (retry %s); acknowledged without a reply", event_id, retry)
