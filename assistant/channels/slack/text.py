"""Slack text safety and size: escape what people typed, split what is too long, never truncate.

Slack reads `<!channel>`, `<@U123>` and `<https://x|y>` in message text as a broadcast, a mention
or a disguised link; escaping `&`, `<` and `>` makes them print literally.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

# Slack's documented limits: a section block's text is at most 3000 characters, a message at most
# 50 blocks, and message text is cut off past 40,000 characters (we stay far below).
SECTION_LIMIT = 3000
BLOCKS_PER_MESSAGE = 50
TEXT_LIMIT = 40_000

Block = dict[str, Any]
# Slack's own markup in incoming text: <@U123>, <!channel>, <#C123|name>, <https://x|label>.
MARKUP = re.compile(r"<([^<>]*)>")


def incoming(text: str) -> str:
    """What a person typed, as the core reads it: Slack's markup gone (mentions, broadcasts,
    channels and links, label and all: "see <https://...|DEXA guide> what is CTX?" asks about
    CTX; a date keeps its text) and `&`, `<`, `>` typed by the person, which Slack sends as
    entities, back as characters."""

    def readable(markup: re.Match[str]) -> str:
        target, _, label = markup[1].partition("|")
        return label if target.startswith("!date") else ""

    plain = MARKUP.sub(readable, text)
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return plain.strip()


def escape(text: str) -> str:
    """Escape the three characters Slack's formatting gives meaning to (`&` first)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Cut `text` into pieces of at most `limit` characters, at a paragraph, line or word break
    when one exists; joined back together the pieces hold every character of the text."""
    if limit <= 0:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            at = window.rfind(separator)
            if at > 0:
                cut = at + len(separator)
                break
        if cut <= 0:
            cut = limit
        # An escape such as "&amp;" must not be cut in half, or Slack shows its halves.
        amp = rest.rfind("&", max(0, cut - 5), cut)
        if amp > 0 and ";" not in rest[amp:cut]:
            cut = amp
        pieces.append(rest[:cut])
        rest = rest[cut:]
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def section(text: str) -> list[Block]:
    """One mrkdwn section per piece of `text` that fits the section limit."""
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
        for piece in split_text(text)
        if piece.strip()
    ]


def context(text: str) -> list[Block]:
    """Small grey text (sources, notes), split like sections."""
    return [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": piece}]}
        for piece in split_text(text)
        if piece.strip()
    ]


def chunk_blocks(blocks: Sequence[Block], size: int = BLOCKS_PER_MESSAGE) -> Iterator[list[Block]]:
    """Messages of at most `size` blocks each, in order."""
    for start in range(0, len(blocks), size):
        yield list(blocks[start : start + size])


def fallback_text(blocks: Sequence[Block], limit: int = SECTION_LIMIT) -> str:
    """The notification text Slack shows where blocks cannot be drawn: the blocks' own text,
    cut at a line break; the full content is always in the blocks themselves."""
    joined = blocks_text(blocks)
    return split_text(joined, limit)[0] if joined else " "


def blocks_text(blocks: Sequence[Block]) -> str:
    """All the text the blocks show, one line per text element."""
    lines: list[str] = []
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict) and isinstance(text.get("text"), str):
            lines.append(text["text"])
        for element in block.get("elements", ()):
            inner = element.get("text") if isinstance(element, dict) else None
            if isinstance(inner, dict):  # a button's label
                inner = inner.get("text")
            if isinstance(inner, str):
                lines.append(inner)
    return "\n".join(lines)
