"""The Slack Web API client: our base URL, and retries with backoff for 429, 5xx and dropped links.

slack_sdk's own retry handlers do the waiting (honouring Retry-After); the subclasses here only log
each retry, so an operator sees a rate limit instead of a silent pause.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from assistant.channels.slack.config import SlackConfig

log = logging.getLogger("boneguide.slack")

# A reply must outlast a burst of rate limiting (Slack allows about one message a second per
# channel), so rate limits get more attempts than server errors.
RATE_LIMIT_RETRIES = 6
SERVER_ERROR_RETRIES = 3
CONNECTION_RETRIES = 3


def _log_retry(
    kind: str,
    state: RetryState,
    request: HttpRequest,
    response: HttpResponse | None,
    error: Exception | None,
) -> None:
    status = response.status_code if response is not None else type(error).__name__
    log.warning(
        "Slack Web API %s (%s) on %s; retry %d",
        kind,
        status,
        request.url.rsplit("/", 1)[-1],
        state.current_attempt + 1,
    )


class LoggingRateLimitRetry(RateLimitErrorRetryHandler):
    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        _log_retry("rate limited", state, request, response, error)
        super().prepare_for_next_attempt(
            state=state, request=request, response=response, error=error
        )


class LoggingServerErrorRetry(ServerErrorRetryHandler):
    # slack_sdk retries only 500 and 503; a proxy in front of Slack also answers 502 and 504.
    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code <= 599

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        _log_retry("server error", state, request, response, error)
        super().prepare_for_next_attempt(
            state=state, request=request, response=response, error=error
        )


class LoggingConnectionRetry(ConnectionErrorRetryHandler):
    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        _log_retry("connection error", state, request, response, error)
        super().prepare_for_next_attempt(
            state=state, request=request, response=response, error=error
        )


def retry_handlers() -> list[RetryHandler]:
    return [
        LoggingRateLimitRetry(max_retry_count=RATE_LIMIT_RETRIES),
        LoggingServerErrorRetry(max_retry_count=SERVER_ERROR_RETRIES),
        LoggingConnectionRetry(max_retry_count=CONNECTION_RETRIES),
    ]


def web_client(config: SlackConfig, *, timeout: int = 10) -> WebClient:
    """A client bound to `config.api_url` (Slack, a proxy or a local stand-in)."""
    return WebClient(
        token=config.bot_token,
        base_url=config.api_url,
        timeout=timeout,
        # Its own logger, held at INFO (logs.py): slack_sdk's DEBUG lines quote every message.
        logger=logging.getLogger(f"{log.name}.webapi"),
        retry_handlers=retry_handlers(),
    )
