"""Sends blocks to Slack in messages of at most 50 blocks (the client retries 429, 5xx and dropped
links); a failure is logged by where and how much, never by what it said.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.channels.slack.text import (
    BLOCKS_PER_MESSAGE,
    Block,
    chunk_blocks,
    fallback_text,
    split_text,
)

if TYPE_CHECKING:
    from slack_bolt.context.respond import Respond

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
            args: dict[str, object] = {
                "channel": channel,
                "blocks": chunk,
                "text": fallback_text(chunk),
            }
            if thread_ts:
                args["thread_ts"] = thread_ts
            ts = self._call("chat_postMessage", args)
            first = first or ts
        return first

    def ephemeral(self, channel: str, user: str, text: str) -> bool:
        """Only `user` sees it; False when Slack refused (e.g. the bot is not in the channel)."""
        ok = True
        for piece in split_text(text, 3000):
            args = {"channel": channel, "user": user, "text": piece}
            ok = self._call("chat_postEphemeral", args) is not None and ok
        return ok

    def respond(
        self,
        respond: Respond,
        blocks: Sequence[Block],
        *,
        response_type: str = "ephemeral",
        delete_original: bool | None = None,
    ) -> bool:
        """Answer through the request's response_url (Bolt's `respond`): works wherever the
        command was typed, the bot a member of the channel or not; ephemeral unless shared."""
        chunks = list(chunk_blocks(blocks)) or [[]]
        for chunk in chunks:
            try:
                # None leaves a field out of the request, as Bolt builds it
                response = respond(
                    response_type=response_type,
                    blocks=chunk or None,
                    text=fallback_text(chunk) if chunk else "",
                    delete_original=delete_original,
                )
            except (SlackApiError, OSError) as error:
                _undelivered("respond", "response_url", type(error).__name__, chunk)
                return False
            if response.status_code != 200:
                _undelivered("respond", "response_url", f"HTTP {response.status_code}", chunk)
                return False
        return True

    def publish(self, client: WebClient, user: str, view: dict[str, object]) -> None:
        """The user's Home tab."""
        self._call("views_publish", {"user_id": user, "view": view}, client=client)

    def update(self, channel: str, ts: str, blocks: Sequence[Block]) -> None:
        # An update replaces one message; our own updates stay under the limit.
        shown = list(blocks)[:BLOCKS_PER_MESSAGE]
        self._call(
            "chat_update",
            {"channel": channel, "ts": ts, "blocks": shown, "text": fallback_text(shown)},
        )

    def _call(
        self, method: str, args: Mapping[str, object], *, client: WebClient | None = None
    ) -> str | None:
        where = str(args.get("channel") or args.get("user_id") or "")
        try:
            response = getattr(client or self.client, method)(**args)
        except SlackApiError as error:
            _undelivered(method, where, str(error.response.get("error")), args.get("blocks"))
            return None
        except OSError as error:
            _undelivered(method, where, f"unreachable: {type(error).__name__}", args.get("blocks"))
            return None
        ts = response.get("ts") or response.get("message_ts")
        return str(ts) if ts else ""


def _undelivered(method: str, where: str, why: str, blocks: object) -> None:
    # The size says how much was lost; the text stays out of the log.
    size = f"{len(blocks)} blocks" if isinstance(blocks, list) else "a text"
    log.error("Slack %s to %s failed (%s); %s not delivered", method, where, why, size)
