"""Several bot replicas sharing one store: a retry Slack routes to another replica gets no reply."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_harness import OTHER, SECRET, Bot, bot_settings

from assistant.channels.slack.app import build_app
from assistant.channels.slack.config import slack_config
from assistant.channels.slack.server import serve
from assistant.channels.slack.services import Services
from assistant.channels.slack.standin import BOT_USER_ID, SlackStandIn


def mention(text: str) -> dict[str, object]:
    ts = "1700000009.000100"
    return {
        "type": "app_mention",
        "user": OTHER,
        "channel": "C0WARD001",
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "event_ts": ts,
    }


@pytest.fixture
def replicas(tmp_path: Path, standin: SlackStandIn) -> Iterator[list[Bot]]:
    settings = bot_settings(tmp_path, standin.url)  # one BONEGUIDE_STORE for both
    bots = []
    for _ in range(2):
        app = build_app(
            slack_config(settings, "http"), Services.from_settings(settings), settings.clinicians
        )
        server = serve(app, SECRET, "127.0.0.1", 0)
        server.start()
        bots.append(Bot(server, standin, settings))
    standin.clear()
    yield bots
    for bot in bots:
        bot.server.shutdown()
        bot.server.server_close()


def test_a_retry_reaching_another_replica_is_not_answered_twice(replicas: list[Bot]) -> None:
    first, second = replicas
    event = mention("what is a T-score?")
    assert first.event(event, event_id="EvR001")[0] == 200
    assert (
        second.event(
            event,
            event_id="EvR001",
            headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
        )[0]
        == 200
    )
    first.api.wait_for(1, "chat.postMessage")
    time.sleep(0.5)  # give a wrongly accepted retry the time to post
    assert len(first.api.recorded("chat.postMessage")) == 1


def test_different_events_are_each_answered_by_whichever_replica_gets_them(
    replicas: list[Bot],
) -> None:
    first, second = replicas
    assert first.event(mention("what is a T-score?"), event_id="EvR002")[0] == 200
    assert second.event(mention("what is a Z-score?"), event_id="EvR003")[0] == 200
    calls = first.api.wait_for(2, "chat.postMessage")
    assert len(calls) == 2
