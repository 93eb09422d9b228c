"""The Bolt app: acknowledge first, then do the work on a thread pool.

With `process_before_response=True` Bolt runs each listener on the request's own thread and answers
Slack when it returns; our listeners only ack and hand the body to the pool, so the answer leaves
at once. The same app serves HTTP mode (`server.py`) and Socket Mode (`socket_mode.py`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, App, BoltRequest, BoltResponse
from slack_bolt.error import BoltError
from slack_bolt.middleware.authorization import SingleTeamAuthorization
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.channels.slack.bot import SlackBot
from assistant.channels.slack.config import SlackConfig
from assistant.channels.slack.dedup import RecentIds
from assistant.channels.slack.poster import Poster
from assistant.channels.slack.render import CHOICE_ACTION, SUGGEST_ACTION
from assistant.channels.slack.services import Services
from assistant.channels.slack.webapi import web_client
from assistant.errors import ConfigError

log = logging.getLogger("boneguide.slack")

COMMAND = "/boneguide"
WORKERS = 16  # lazy listeners running at once; each mostly waits on the Web API


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
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="slack-work")
    try:
        app = App(
            client=client,
            # Socket Mode frames are not signed; an empty secret is never used there.
            signing_secret=config.signing_secret or "",
            request_verification_enabled=config.mode == "http",
            process_before_response=True,
            token_verification_enabled=True,
            listener_executor=pool,
            logger=log,
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
    bot = SlackBot(services, clinicians, _bot_user_id(app))
    poster = Poster(client)
    events = RecentIds()

    @app.middleware
    def drop_repeats(
        body: dict[str, Any], request: Any, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        # Slack resends an event it thinks we missed (X-Slack-Retry-Num) and now and then
        # delivers one twice; the event id is the same each time, so one claim answers once.
        # The in-process memory answers repeats to this replica cheaply, before the ack; the
        # claim in the shared store, which decides between replicas, waits for the work pool
        # (`handoff`): a store write here queues for SQLite's write lock behind the turns and
        # held the acknowledgement up (p99 in the hundreds of ms flat out, and the busy timeout
        # allows 10 s, past Slack's 3).
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not events.claim(event_id):
            _already_taken(event_id, request)
            return BoltResponse(status=200, body="")
        return next()

    def handoff(
        work: Callable[[dict[str, Any], Poster, Any], None],
    ) -> Callable[[Ack, dict[str, Any], BoltRequest, Any], None]:
        # The listener acknowledges and hands the body to the work pool: Bolt answers Slack as
        # soon as the listener returns. (Bolt's lazy listeners do the same but deep-copy the
        # request first, which costs more than the rest of the acknowledgement.)
        def run(body: dict[str, Any], request: BoltRequest, respond: Any) -> None:
            try:
                # Slack has its 200 either way: a retry another replica took gets no reply.
                event_id = body.get("event_id")
                if isinstance(event_id, str) and not services.claim_event(event_id):
                    _already_taken(event_id, request)
                    return
                work(body, poster, respond)
            except Exception as error:  # the person hears about it; the log has the trace
                bot.failed(body, poster, error)

        def listener(ack: Ack, body: dict[str, Any], request: BoltRequest, respond: Any) -> None:
            ack()
            pool.submit(run, body, request, respond)

        return listener

    app.event("app_mention")(handoff(lambda body, poster, _: bot.mention(body, poster)))
    app.event("message")(handoff(lambda body, poster, _: _dm(bot, body, poster)))
    app.action(re.compile(rf"^{CHOICE_ACTION}:"))(
        handoff(lambda body, poster, _: bot.choice(body, poster))
    )
    app.action(re.compile(rf"^{SUGGEST_ACTION}:"))(
        handoff(lambda body, poster, _: bot.suggestion(body, poster))
    )
    app.command(COMMAND)(handoff(bot.command))

    @app.error
    def on_error(error: Exception) -> None:
        log.error("Bolt could not handle a request: %s", error, exc_info=error)

    return app


def _already_taken(event_id: str, request: BoltRequest) -> None:
    retry = (request.headers.get("x-slack-retry-num") or ["0"])[0]
    log.info("event %s already taken (retry %s); acknowledged without a reply", event_id, retry)


def _dm(bot: SlackBot, body: dict[str, Any], poster: Poster) -> None:
    # The app subscribes to message.im only, but a workspace may add more; channel chatter
    # without a mention is not for the bot.
    if (body.get("event") or {}).get("channel_type") == "im":
        bot.direct_message(body, poster)


def _bot_user_id(app: App) -> str:
    """The bot's own user id, from the auth.test Bolt made at start-up (no second call)."""
    for middleware in app._middleware_list:
        if isinstance(middleware, SingleTeamAuthorization) and middleware.auth_test_result:
            return str(middleware.auth_test_result.get("user_id") or "")
    return ""
