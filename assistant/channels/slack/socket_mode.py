"""Socket Mode: the bot dials out to Slack over a websocket, so a clinic needs no public URL.

Uses slack_sdk's built-in websocket client (no extra dependency); `apps.connections.open` is called
through the app's own Web API client, so SLACK_API_URL applies here too.
"""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler


def socket_handler(app: App, app_token: str, *, concurrency: int = 16) -> SocketModeHandler:
    """A handler ready to `connect()` (returns at once) or `start()` (blocks until stopped)."""
    return SocketModeHandler(app, app_token, concurrency=concurrency, ping_interval=10)
