"""Start-up checks: bad tokens give one clear line and exit 2; the Web API base URL is ours."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.channels.slack.config import slack_config
from assistant.channels.slack.standin import Failure, SlackStandIn
from assistant.channels.slack.webapi import web_client
from assistant.errors import ConfigError
from assistant.settings import Settings


def settings(**env: str) -> Settings:
    return Settings.from_env({"BONEGUIDE_STORE": "/nonexistent/x.db", **env})


@pytest.mark.parametrize(
    ("mode", "env", "names"),
    [
        ("socket", {}, "SLACK_BOT_TOKEN"),
        ("socket", {"SLACK_BOT_TOKEN": "xoxp-user"}, "xoxb-"),
        ("socket", {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
        ("socket", {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "xapp-"),
        ("http", {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        (
            "http",
            {
                "SLACK_BOT_TOKEN": "xoxb-1",
                "SLACK_SIGNING_SECRET": "s",
                "SLACK_API_URL": "slack.com/api",
            },
            "SLACK_API_URL",
        ),
    ],
)
def test_missing_or_malformed_tokens_are_refused(
    mode: str, env: dict[str, str], names: str
) -> None:
    with pytest.raises(ConfigError, match=names):
        slack_config(settings(**env), mode)  # type: ignore[arg-type]


def test_good_tokens_pass() -> None:
    config = slack_config(
        settings(
            SLACK_BOT_TOKEN="xoxb-1",
            SLACK_APP_TOKEN="xapp-1",
            SLACK_API_URL="http://127.0.0.1:9/api",
        ),
        "socket",
    )
    assert config.api_url == "http://127.0.0.1:9/api/" and config.signing_secret is None


def test_command_exits_2_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(BONEGUIDE_STORE=str(tmp_path / "x.db"), SLACK_BOT_TOKEN="xoxp-wrong")
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "slack", "--http"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "xoxb-" in result.stderr


def test_rate_limit_is_waited_out_and_the_message_delivered(standin: SlackStandIn) -> None:
    config = slack_config(
        settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s", SLACK_API_URL=standin.url),
        "http",
    )
    standin.fail_next(
        "chat.postMessage",
        Failure(429, {"Retry-After": "1"}),
        Failure(503, {}, {"ok": False, "error": "service_unavailable"}),
    )
    response = web_client(config).chat_postMessage(channel="C1", text="hello")
    assert response["ok"]
    calls = standin.recorded("chat.postMessage")
    assert [c.params["text"] for c in calls] == ["hello"]  # delivered once, not lost
    assert calls[0].token == "xoxb-1"


@pytest.mark.parametrize("failure", ["invalid_auth", "unreachable"])
def test_a_refused_or_unreachable_web_api_stops_start_up(
    tmp_path: Path, standin: SlackStandIn, failure: str
) -> None:
    from assistant.channels.slack.app import build_app
    from assistant.channels.slack.services import Services

    url = standin.url if failure == "invalid_auth" else "http://127.0.0.1:9/api/"
    standin.fail_next("auth.test", Failure(200, {}, {"ok": False, "error": "invalid_auth"}))
    chosen = settings(
        BONEGUIDE_STORE=str(tmp_path / "x.db"),
        SLACK_BOT_TOKEN="xoxb-revoked",
        SLACK_SIGNING_SECRET="s",
        SLACK_API_URL=url,
    )
    with pytest.raises(
        ConfigError, match="SLACK_BOT_TOKEN" if failure == "invalid_auth" else "SLACK_API_URL"
    ):
        build_app(slack_config(chosen, "http"), Services.from_settings(chosen), chosen.clinicians)
