"""Which conversation a Slack message belongs to: one per (team, channel, thread, user).

Keying on the user as well as the thread means two people answering in one thread never write into
each other's conversation; a DM's top level is its own thread, named `main`.
"""

from __future__ import annotations

TOP_LEVEL = "main"


def conversation_id(team: str, channel: str, thread_ts: str | None, user: str) -> str:
    return f"slack:{team}:{channel}:{thread_ts or TOP_LEVEL}:{user}"
