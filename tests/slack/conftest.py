"""Fixtures of the Slack bot tests; they live in slack_harness, a module name no other test uses."""

from __future__ import annotations

from slack_harness import bot, standin

__all__ = ["bot", "standin"]
