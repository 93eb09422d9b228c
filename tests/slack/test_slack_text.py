"""Escaping, splitting and the event-id memory: the pieces that keep the bot's messages safe."""

from __future__ import annotations

import pytest

from assistant.channels.slack.dedup import RecentIds
from assistant.channels.slack.poster import Poster
from assistant.channels.slack.text import (
    BLOCKS_PER_MESSAGE,
    SECTION_LIMIT,
    blocks_text,
    chunk_blocks,
    escape,
    section,
    split_text,
)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("<!channel> look", "&lt;!channel&gt; look"),
        ("<!here>", "&lt;!here&gt;"),
        ("<https://evil.example|your results>", "&lt;https://evil.example|your results&gt;"),
        ("<@U123> & co", "&lt;@U123&gt; &amp; co"),
        ("already &amp; escaped", "already &amp;amp; escaped"),
        ("T < -2.5", "T &lt; -2.5"),
    ],
)
def test_escape_makes_slack_syntax_literal(typed: str, shown: str) -> None:
    assert escape(typed) == shown
    assert "<" not in escape(typed) and ">" not in escape(typed)


@pytest.mark.parametrize("length", [0, 1, 2999, 3000, 3001, 9000, 40_001])
def test_split_keeps_every_character(length: int) -> None:
    text = ("word " * (length // 5 + 1))[:length]
    pieces = split_text(text)
    assert "".join(pieces) == text
    assert all(len(p) <= SECTION_LIMIT for p in pieces)


def test_split_prefers_paragraphs_and_never_cuts_an_escape() -> None:
    text = "a" * 2000 + "\n\n" + "b" * 2000
    assert split_text(text) == ["a" * 2000 + "\n\n", "b" * 2000]
    escaped = escape("&" * 2000)  # 10,000 characters of "&amp;"
    for piece in split_text(escaped):
        assert piece.count("&") == piece.count(";")


def test_split_without_spaces_cuts_at_the_limit() -> None:
    assert [len(p) for p in split_text("x" * 6500)] == [3000, 3000, 500]


def test_long_reply_becomes_several_messages_not_a_truncated_one() -> None:
    blocks = section("line\n" * 40_000)  # 200,000 characters
    messages = list(chunk_blocks(blocks))
    assert all(len(m) <= BLOCKS_PER_MESSAGE for m in messages)
    assert "".join(blocks_text(m).replace("\n", "") for m in messages) == "line" * 40_000


def test_recent_ids_answer_once_then_forget_after_ttl() -> None:
    now = [0.0]
    ids = RecentIds(ttl=10, capacity=3, clock=lambda: now[0])
    assert ids.claim("Ev1") and not ids.claim("Ev1")
    now[0] = 11.0
    assert ids.claim("Ev1")
    for key in ("a", "b", "c", "d"):
        ids.claim(key)
    assert len(ids) == 3  # bounded: the oldest went first


def test_poster_splits_into_messages_of_fifty_blocks(standin) -> None:  # type: ignore[no-untyped-def]
    from slack_sdk import WebClient

    poster = Poster(WebClient(token="xoxb-t", base_url=standin.url))
    blocks = [b for i in range(120) for b in section(f"block {i}")]
    poster.post("C1", blocks, thread_ts="1.0")
    calls = standin.recorded("chat.postMessage")
    assert [len(c.params["blocks"]) for c in calls] == [50, 50, 20]
    assert all(c.params["thread_ts"] == "1.0" for c in calls)
    shown = [b["text"]["text"] for c in calls for b in c.params["blocks"]]
    assert shown == [f"block {i}" for i in range(120)]
