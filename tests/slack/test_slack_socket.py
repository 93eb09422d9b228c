"""Socket Mode through a local websocket: hello, an events_api envelope, the ack, the reply."""

from __future__ import annotations

import json
import queue
import threading
import time
from pathlib import Path

from slack_harness import OTHER, bot_settings
from websockets.sync.server import ServerConnection, serve

from assistant.channels.slack.app import build_app
from assistant.channels.slack.config import slack_config
from assistant.channels.slack.services import Services
from assistant.channels.slack.socket_mode import socket_handler
from assistant.channels.slack.standin import BOT_USER_ID, TEAM_ID, SlackStandIn


def envelope(envelope_id: str, event_id: str) -> str:
    event = {
        "type": "app_mention",
        "user": OTHER,
        "channel": "C0WARD001",
        "text": f"<@{BOT_USER_ID}> what is a T-score?",
        "ts": "1700000009.000100",
        "event_ts": "1700000009.000100",
    }
    payload = {
        "token": "legacy",
        "team_id": TEAM_ID,
        "api_app_id": "A0BONE",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": event,
    }
    return json.dumps(
        {
            "envelope_id": envelope_id,
            "type": "events_api",
            "payload": payload,
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
        }
    )


def test_socket_mode_acks_the_envelope_and_answers(tmp_path: Path, standin: SlackStandIn) -> None:
    acks: queue.Queue[dict[str, object]] = queue.Queue()

    def slack_side(connection: ServerConnection) -> None:
        connection.send(
            json.dumps(
                {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0BONE"}}
            )
        )
        connection.send(envelope("env-1", "EvS1"))
        # Slack redelivers an envelope it got no ack for; a second copy must not answer twice.
        connection.send(envelope("env-2", "EvS1"))
        for message in connection:
            acks.put(json.loads(message))

    with serve(slack_side, "127.0.0.1", 0) as websocket_server:
        threading.Thread(target=websocket_server.serve_forever, daemon=True).start()
        standin.socket_url = f"ws://127.0.0.1:{websocket_server.socket.getsockname()[1]}/"
        settings = bot_settings(
            tmp_path, standin.url, SLACK_APP_TOKEN="xapp-1-test", SLACK_SIGNING_SECRET=""
        )
        config = slack_config(settings, "socket")
        app = build_app(config, Services.from_settings(settings), settings.clinicians)
        assert config.app_token is not None
        handler = socket_handler(app, config.app_token)
        handler.connect()  # type: ignore[no-untyped-call]
        try:
            first, second = acks.get(timeout=30), acks.get(timeout=30)
            assert {first["envelope_id"], second["envelope_id"]} == {"env-1", "env-2"}
            replies = standin.wait_for(1, "chat.postMessage", timeout=30)
            time.sleep(0.3)
            assert len(standin.recorded("chat.postMessage")) == len(replies) == 1
            assert replies[0].params["thread_ts"] == "1700000009.000100"
            assert "Source" in json.dumps(replies[0].params)
            opened = standin.recorded("apps.connections.open")
            assert opened and opened[0].token == "xapp-1-test"
        finally:
            handler.close()  # type: ignore[no-untyped-call]
        websocket_server.shutdown()
