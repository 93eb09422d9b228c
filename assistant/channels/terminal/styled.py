"""Styled lines: (style, text) fragments, wrapped to a width, printed with or without colour.

The fragments have the shape of prompt_toolkit's FormattedText, so the interactive session
prints them as they are, while piped mode joins the text and never imports prompt_toolkit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

Fragment = tuple[str, str]  # (style classes such as "class:error", text)
Line = list[Fragment]

# Only plain spaces and tabs break lines; a no-break space (in "20 Feb 2024") does not.
_TOKEN = re.compile(r"[^ \t]+|[ \t]+")


def wrap(
    fragments: Sequence[Fragment],
    width: int,
    indent: str = "",
    first_indent: str | None = None,
) -> list[Line]:
    """Word-wrap styled text to `width` columns; newlines in the text start new lines."""
    first = indent if first_indent is None else first_indent
    lines: list[Line] = []
    current: Line = [("", first)] if first else []
    used = start = len(first)
    pending_space: Fragment | None = None

    def new_line() -> None:
        nonlocal current, used, start, pending_space
        lines.append(current)
        current = [("", indent)] if indent else []
        used = start = len(indent)
        pending_space = None

    for style, text in fragments:
        for part_no, part in enumerate(text.split("\n")):
            if part_no:
                new_line()
            for token in _TOKEN.findall(part):
                if token.isspace():
                    pending_space = (style, token)
                    continue
                space = len(pending_space[1]) if pending_space and used > start else 0
                if used + space + len(token) > width and used > start:
                    new_line()
                    space = 0
                if space and pending_space:
                    current.append(pending_space)
                    used += space
                pending_space = None
                # A word longer than the whole line (a URL, a long id) is cut, not lost.
                room = max(width - used, 1)
                while len(token) > room:
                    current.append((style, token[:room]))
                    new_line()
                    token = token[room:]
                    room = max(width - used, 1)
                current.append((style, token))
                used += len(token)
    lines.append(current)
    return [merge(line) for line in lines]


def merge(line: Line) -> Line:
    """Adjacent fragments of one style joined: fewer escape codes, and searchable text."""
    merged: Line = []
    for style, text in line:
        if merged and merged[-1][0] == style:
            merged[-1] = (style, merged[-1][1] + text)
        elif text:
            merged.append((style, text))
    return merged


def plain(line: Line) -> str:
    return "".join(text for _, text in line).rstrip().replace("\u00a0", " ")


def to_plain(lines: Iterable[Line]) -> str:
    return "\n".join(plain(line) for line in lines)


def to_fragments(lines: Iterable[Line]) -> list[Fragment]:
    """One FormattedText-shaped list for all lines, ending with a newline."""
    out: list[Fragment] = []
    for line in lines:
        out.extend((style, text.replace("\u00a0", " ")) for style, text in line)
        out.append(("", "\n"))
    return out


def pad(text: str, size: int) -> str:
    return text + " " * max(size - len(text), 0)
