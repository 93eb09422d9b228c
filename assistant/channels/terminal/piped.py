"""Piped mode: one message per input line, plain text out, no escape codes.

Scripts and other programs drive the assistant this way; end of input leaves after the
last turn is saved. prompt_toolkit is never imported here, which keeps start-up short.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

from assistant import wording
from assistant.channels.picking import picked
from assistant.channels.terminal.capabilities import Capabilities
from assistant.channels.terminal.conversation import (
    CHANNEL,
    Conversation,
    DialogEngine,
    clean_input,
    left_off,
    section_change,
)
from assistant.channels.terminal.replies_view import render_replies
from assistant.channels.terminal.styled import Line, to_plain, wrap
from assistant.engine.replies import Progress, Reply
from assistant.errors import BoneGuideError
from assistant.printable import printable

QUOTE_LIMIT = 60  # characters of an unsaved line quoted back


class PipedChat:
    """Reads lines from a stream, writes plain replies to another; no prompt, no colour."""

    def __init__(self, engine: DialogEngine, caps: Capabilities, out: TextIO) -> None:
        self.engine = engine
        self.caps = caps
        self.out = out
        self._progress: Progress | None = None

    def show(self, lines: Sequence[Line]) -> None:
        self.out.write(self.caps.text(to_plain(lines)) + "\n")
        self.out.flush()  # a program on the other end waits for each reply

    def show_replies(self, conversation_id: str, replies: Sequence[Reply]) -> None:
        # The summary charts the scans and shows each result in the unit it was given in.
        facts = None
        if any(reply.kind == "assessment" for reply in replies):
            facts = self.engine.facts(conversation_id)
        before, self._progress = self._progress, self.engine.progress(conversation_id)
        self.show(
            render_replies(
                replies, self.caps, facts, new_section=section_change(before, self._progress)
            )
        )

    def run(self, conversation: Conversation, lines: Iterable[str], today: dt.date) -> int:
        # No one is there to answer "continue?": the unfinished conversation is resumed,
        # as `boneguide chat` promises, and the script says --new when it wants a fresh one.
        record = conversation.unfinished
        conversation_id = conversation.conversation_id
        if record is not None:
            conversation_id = record.conversation_id
            fields = left_off(record, self.engine.progress(conversation_id), today)
            self.show(wrap([("", wording.text("terminal.resuming", **fields))], self.caps.width))
        replies = self.engine.open(
            conversation_id, patient_id=conversation.patient_id, channel=CHANNEL
        )
        self.show_replies(conversation_id, replies)
        for number, raw in enumerate(lines, start=1):
            if any(reply.kind == "end" for reply in replies):
                break
            text, replaced = clean_input(raw.rstrip("\r\n"))
            if replaced:
                print(
                    f"boneguide: {wording.text('terminal.input_replaced')}",
                    file=sys.stderr,
                    flush=True,
                )
            if not text.strip():
                continue
            try:
                replies = self.engine.handle(conversation_id, picked(text, replies))
            except BoneGuideError as error:
                # The turn was not saved, so its question still stands: every later line
                # would answer the one before it. Stop, and say where to pick up.
                quoted = text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"
                notice = wording.text(
                    "terminal.line_not_saved", line=number, text=quoted, error=error
                )
                print(f"boneguide: {printable(notice)}", file=sys.stderr, flush=True)
                return error.exit_code
            self.show_replies(conversation_id, replies)
        return 0
