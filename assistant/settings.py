"""One typed settings object, read from the environment once and passed down."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import ConfigError

HISTORY_FILE_NAME = "chat-history"  # `chat --history-file`, in the data directory


def default_data_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "boneguide"


@dataclass(frozen=True)
class Settings:
    store: str
    data_dir: Path
    fixed_today: dt.date | None = None
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    clinicians: frozenset[str] = field(default_factory=frozenset)

    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    @property
    def history_file(self) -> Path:
        return self.data_dir / HISTORY_FILE_NAME

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = default_data_dir(env)
        today_text = env.get("BONEGUIDE_TODAY", "").strip()
        fixed_today = None
        if today_text:
            try:
                fixed_today = dt.date.fromisoformat(today_text)
            except ValueError:
                raise ConfigError(
                    f"BONEGUIDE_TODAY={today_text!r} is not a date; use YYYY-MM-DD"
                ) from None
        clinicians = frozenset(
            part.strip() for part in env.get("BONEGUIDE_CLINICIANS", "").split(",") if part.strip()
        )
        return cls(
            store=env.get("BONEGUIDE_STORE", "").strip() or str(data_dir / "boneguide.db"),
            data_dir=data_dir,
            fixed_today=fixed_today,
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            slack_app_token=env.get("SLACK_APP_TOKEN") or None,
            slack_api_url=env.get("SLACK_API_URL") or None,
            clinicians=clinicians,
        )
