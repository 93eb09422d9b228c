"""Slack credentials from the settings, checked once at start-up: a typo gives one clear line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.errors import ConfigError
from assistant.settings import Settings

Mode = Literal["socket", "http"]

DEFAULT_API_URL = "https://slack.com/api/"


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str
    signing_secret: str | None  # required in HTTP mode; Socket Mode frames are not signed
    app_token: str | None  # required in Socket Mode
    api_url: str
    mode: Mode


def slack_config(settings: Settings, mode: Mode) -> SlackConfig:
    """Validate the tokens `mode` needs; raise ConfigError naming the variable and the fix."""
    bot_token = (settings.slack_bot_token or "").strip()
    if not bot_token:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set; copy the Bot User OAuth Token (xoxb-...) "
            "from the app's OAuth & Permissions page"
        )
    if not bot_token.startswith("xoxb-"):
        raise ConfigError(
            "SLACK_BOT_TOKEN must be a bot token starting with xoxb- "
            f"(got one starting with {bot_token[:5]!r}); use the Bot User OAuth Token"
        )
    app_token = (settings.slack_app_token or "").strip() or None
    signing_secret = (settings.slack_signing_secret or "").strip() or None
    if mode == "socket":
        if app_token is None:
            raise ConfigError(
                "SLACK_APP_TOKEN is not set; Socket Mode needs an app-level token (xapp-...) "
                "with the connections:write scope, or run `boneguide slack --http`"
            )
        if not app_token.startswith("xapp-"):
            raise ConfigError(
                "SLACK_APP_TOKEN must be an app-level token starting with xapp- "
                f"(got one starting with {app_token[:5]!r})"
            )
    elif signing_secret is None:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set; HTTP mode checks every request with it "
            "(Basic Information > App Credentials > Signing Secret)"
        )
    api_url = (settings.slack_api_url or "").strip() or DEFAULT_API_URL
    if not api_url.startswith(("http://", "https://")):
        raise ConfigError(f"SLACK_API_URL={api_url!r} is not an http(s) URL")
    if not api_url.endswith("/"):
        api_url += "/"
    return SlackConfig(bot_token, signing_secret, app_token, api_url, mode)
