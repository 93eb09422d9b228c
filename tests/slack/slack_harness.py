"""Shared pieces of the Slack bot tests: the Web API stand-in, the real bot served over HTTP, and
requests signed the way Slack signs them."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from assistant.channels.slack.app import build_app
from assistant.channels.slack.config import slack_config
from assistant.channels.slack.server import SlackHTTPServer, serve
from assistant.channels.slack.services import Services
from assistant.channels.slack.standin import TEAM_ID, SlackStandIn
from assistant.settings import Settings

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CLINICIAN = "UCLINIC01"
OTHER = "UOTHER001"


def sign(body: str, timestamp: int, secret: str = SECRET) -> str:
    return str(SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body))


@dataclass
class Bot:
    server: SlackHTTPServer
    api: SlackStandIn
    settings: Settings

    def post(
        self,
        body: str,
        content_type: str,
        *,
        signed: bool = True,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        stamp = int(time.time()) if timestamp is None else timestamp
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if signed:
            all_headers["X-Slack-Request-Timestamp"] = str(stamp)
            all_headers["X-Slack-Signature"] = sign(body, stamp)
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            connection.request("POST", "/slack/events", body=body.encode(), headers=all_headers)
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()

    def event(self, event: dict[str, Any], *, event_id: str, **kwargs: Any) -> tuple[int, str]:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": TEAM_ID,
                "api_app_id": "A0BONE",
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                "event": event,
            }
        )
        return self.post(body, "application/json", **kwargs)

    def command(self, text: str, *, user: str, channel: str, **kwargs: Any) -> tuple[int, str]:
        body = urlencode(
            {
                "token": "legacy",
                "team_id": TEAM_ID,
                "team_domain": "clinic",
                "channel_id": channel,
                "channel_name": "x",
                "user_id": user,
                "user_name": "someone",
                "command": "/boneguide",
                "text": text,
                "api_app_id": "A0BONE",
                "trigger_id": "1.2.3",
                "response_url": self.api.url + "response",
            }
        )
        return self.post(body, "application/x-www-form-urlencoded", **kwargs)

    def click(
        self, message: dict[str, Any], button: dict[str, Any], *, user: str, channel: str
    ) -> tuple[int, str]:
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "clinic"},
            "user": {"id": user},
            "api_app_id": "A0BONE",
            "trigger_id": "1.2.3",
            "channel": {"id": channel, "name": "directmessage"},
            "container": {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": channel,
                "is_ephemeral": False,
            },
            "message": message,
            "response_url": self.api.url + "response",
            "actions": [{**button, "block_id": "b1", "action_ts": str(time.time())}],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded")

    def click_in_home(self, button: dict[str, Any], *, user: str) -> tuple[int, str]:
        """A button on the user's Home tab (no channel, no response_url)."""
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "clinic"},
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": "A0BONE",
            "trigger_id": "1.2.3",
            "container": {"type": "view", "view_id": "VHOME"},
            "view": {"id": "VHOME", "type": "home", "blocks": []},
            "actions": [{**button, "block_id": "b1", "action_ts": str(time.time())}],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded")

    def click_ephemeral(
        self, button: dict[str, Any], *, user: str, channel: str
    ) -> tuple[int, str]:
        """A button under a message only `user` sees (a slash command's reply)."""
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "clinic"},
            "user": {"id": user},
            "api_app_id": "A0BONE",
            "trigger_id": "1.2.3",
            "channel": {"id": channel, "name": "ward"},
            "container": {
                "type": "message",
                "message_ts": "1700000000.000001",
                "channel_id": channel,
                "is_ephemeral": True,
            },
            "response_url": self.api.url + "response",
            "actions": [{**button, "block_id": "b1", "action_ts": str(time.time())}],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded")


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    api = SlackStandIn().start()
    yield api
    api.stop()


def bot_settings(tmp_path: Path, api_url: str, **extra: str) -> Settings:
    env = {
        "BONEGUIDE_STORE": str(tmp_path / "bot.db"),
        "BONEGUIDE_TODAY": "2026-11-24",
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "BONEGUIDE_CLINICIANS": CLINICIAN,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        **extra,
    }
    return Settings.from_env(env)


@pytest.fixture
def bot(tmp_path: Path, standin: SlackStandIn) -> Iterator[Bot]:
    settings = bot_settings(tmp_path, standin.url)
    app = build_app(
        slack_config(settings, "http"), Services.from_settings(settings), settings.clinicians
    )
    server = serve(app, SECRET, "127.0.0.1", 0)
    server.start()
    standin.clear()  # forget auth.test: each test counts only its own calls
    yield Bot(server, standin, settings)
    server.shutdown()
    server.server_close()
