"""Sends blocks to Slack: split into messages of at most 50 blocks, failures logged with the reply.

Transient failures (429 with Retry-After, 5xx, dropped connections) are retried by the client's
retry handlers; what still fails is logged with the full text, so no reply disappears unseen.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.channels.slack.text import (
    BLOCKS_PER_MESSAGE,
    Block,
    blocks_text,
    chunk_blocks,
    fallback_text,
    split_text,
)

log = logging.getLogger("boneguide.slack")


class Poster:
    def __init__(self, client: WebClient) -> None:
        self.client = client

    def post(
        self, channel: str, blocks: Sequence[Block], *, thread_ts: str | None = None
    ) -> str | None:
        """Post `blocks` in order; return the ts of the first message (None if none was sent)."""
        first: str | None = None
        for chunk in chunk_blocks(blocks):
            args: dict[str, Any] = {
                "channel": channel,
                "blocks": chunk,
                "text": fallback_text(chunk),
            }
            if thread_ts:
                args["thread_ts"] = thread_ts
            ts = self._call("chat_postMessage", args)
            first = first or ts
        return first

    def post_text(self, channel: str, text: str, *, thread_ts: str | None = None) -> None:
        for piece in split_text(text, 3000):
            args: dict[str, Any] = {"channel": channel, "text": piece}
            if thread_ts:
                args["thread_ts"] = thread_ts
            self._call("chat_postMessage", args)

    def ephemeral(self, channel: str, user: str, text: str) -> bool:
        """Only `user` sees it; False when Slack refused (e.g. the bot is not in the channel)."""
        ok = True
        for piece in split_text(text, 3000):
            ok = (
                self._call("chat_postEphemeral", {"channel": channel, "user": user, "text": piece})
                is not None
                and ok
            )
        return ok

    def update(self, channel: str, ts: str, blocks: Sequence[Block]) -> None:
        shown = list(blocks)
        if len(shown) > BLOCKS_PER_MESSAGE:
            # An update replaces one message; what does not fit is said in the log, not dropped
            # unseen (our own messages stay under the limit, so this is a programming error).
            log.warning(
                "chat.update of %s in %s: %d blocks, only %d shown; rest: %s",
                ts,
                channel,
                len(shown),
                BLOCKS_PER_MESSAGE,
                blocks_text(shown[BLOCKS_PER_MESSAGE:]),
            )
            shown = shown[:BLOCKS_PER_MESSAGE]
        self._call(
            "chat_update",
            {"channel": channel, "ts": ts, "blocks": shown, "text": fallback_text(shown)},
        )

    def _call(self, method: str, args: dict[str, Any]) -> str | None:
        try:
            response = getattr(self.client, method)(**args)
        except SlackApiError as error:
            log.error(
                "Slack %s to %s failed (%s); undelivered: %s",
                method,
                args.get("channel"),
                error.response.get("error"),
                _content(args),
            )
            return None
        except OSError as error:
            log.error(
                "Slack %s to %s unreachable (%s); undelivered: %s",
                method,
                args.get("channel"),
                error,
                _content(args),
            )
            return None
        ts = response.get("ts") or response.get("message_ts")
        return str(ts) if ts else ""


def _content(args: dict[str, Any]) -> str:
    blocks = args.get("blocks")
    return blocks_text(blocks) if isinstance(blocks, list) else str(args.get("text"))
