"""A number typed just after "did you mean" picks that suggestion, in every typed channel."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.engine.replies import Reply


def picked(text: str, replies: Sequence[Reply]) -> str:
    """A number typed just after numbered suggestions stands for that suggestion's question;
    any other text is itself. Suggestions offered where a number answers the pending question
    are not numbered, so the number stays the answer."""
    number = text.strip().rstrip(".")
    offered = [
        choice
        for reply in replies
        if reply.kind == "abstain" and reply.numbered
        for choice in reply.choices
    ]
    if number.isdigit() and 1 <= int(number) <= len(offered):
        return offered[int(number) - 1].value
    return text
