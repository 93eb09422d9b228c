"""The interactive terminal: a prompt-toolkit session around the dialog engine.

Reads a line, hands it to `engine.handle`, prints the replies; the engine saves every turn
before it replies, so leaving (Ctrl-D, quit, a closed window) never loses an answer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application import get_app_session
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.output import ColorDepth
from prompt_toolkit.styles import Style

from assistant import wording
from assistant.channels.picking import picked
from assistant.channels.terminal.capabilities import Capabilities
from assistant.channels.terminal.completion import ChatCompleter
from assistant.channels.terminal.conversation import (
    CHANNEL,
    Conversation,
    DialogEngine,
    clean_input,
    left_off,
    resume_answer,
    section_change,
)
from assistant.channels.terminal.replies_view import render_replies
from assistant.channels.terminal.styled import Line, to_fragments, to_plain, wrap
from assistant.channels.terminal.theme import STYLE_RULES
from assistant.channels.terminal.welcome import welcome_lines
from assistant.engine.replies import Choice, Progress, Reply
from assistant.errors import BoneGuideError
from assistant.settings import HISTORY_FILE_NAME


def file_history(data_dir: Path) -> FileHistory:
    """The opt-in input history: answers are health data, so only the owner may read it."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = data_dir / HISTORY_FILE_NAME
    os.close(os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)  # an older file may have been created with the umask's mode
    return FileHistory(str(path))


class TerminalSession:
    """One person at one terminal; `transcript` keeps the plain text of what was shown."""

    def __init__(
        self,
        engine: DialogEngine,
        caps: Capabilities,
        *,
        today: dt.date,
        history: History | None = None,
        follow_width: bool = False,
    ) -> None:
        self.engine = engine
        self.caps = caps
        self._follow_width = follow_width  # re-read the width before each reply (resizes)
        self.today = today
        self.style = Style.from_dict(STYLE_RULES)
        self.transcript: list[str] = []
        self.turns: list[tuple[str, list[Reply]]] = []  # (what was typed, the replies)
        self.conversation_id: str | None = None
        self._progress: Progress | None = None
        self._choices: tuple[Choice, ...] = ()
        self._hinted_ctrl_c = False
        self._completer = ChatCompleter(lambda: self._choices, engine.fact_names())
        self.prompt = PromptSession[str](
            history=history or InMemoryHistory(),
            auto_suggest=AutoSuggestFromHistory(),
            completer=self._completer,
            complete_while_typing=True,
            bottom_toolbar=self.toolbar,
            style=self.style,
            color_depth=None if caps.colour else ColorDepth.DEPTH_1_BIT,
            include_default_pygments_style=False,
        )

    # output -----------------------------------------------------------------------------
    def show(self, lines: Sequence[Line]) -> None:
        self.transcript.append(self.caps.text(to_plain(lines)))
        fragments = [(style, self.caps.text(text)) for style, text in to_fragments(lines)]
        print_formatted_text(
            FormattedText(fragments),
            style=self.style,
            end="",
            color_depth=None if self.caps.colour else ColorDepth.DEPTH_1_BIT,
            include_default_pygments_style=False,
        )

    def _fit(self) -> None:
        if self._follow_width:
            columns = max(get_app_session().output.get_size().columns, 30)
            if columns != self.caps.width:
                self.caps = dataclasses.replace(self.caps, width=columns)

    def show_text(self, text: str, style: str = "") -> None:
        self._fit()
        self.show(wrap([(style, text)], self.caps.width))

    def welcome(self) -> None:
        self.show(welcome_lines(self.caps, interactive=True))

    def show_replies(self, conversation_id: str, replies: Sequence[Reply]) -> None:
        self._fit()
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
        # Tab offers the pending question's choices, then any topics just suggested.
        asked: tuple[Choice, ...] = ()
        suggested: tuple[Choice, ...] = ()
        for reply in replies:
            if reply.kind in ("ask", "confirm"):
                asked = reply.choices
            elif reply.kind == "abstain":
                suggested += reply.choices
        if self._progress is not None and self._progress.choices:
            asked = self._progress.choices
        self._choices = asked + suggested

    # input ------------------------------------------------------------------------------
    def read(self, message: str, *, toolbar: bool = True, default: str = "") -> str:
        text = self.prompt.prompt(
            FormattedText([("class:prompt", self.caps.text(message))]),
            default=default,
            bottom_toolbar=self.toolbar if toolbar else None,
            # prompt() keeps what it is given for the next call, so pass both every time.
            completer=self._completer if toolbar else None,
        )
        self.transcript.append(f"{message}{text}")
        return text

    def toolbar(self) -> FormattedText:
        """Where the person is (section, step n of m), then as many key hints as fit."""
        progress = self._progress
        parts: list[str] = []
        if progress is not None:
            parts.append(
                wording.text("terminal.toolbar.finished")
                if progress.finished
                else wording.text(
                    "terminal.toolbar.where",
                    section=progress.section,
                    step=progress.step,
                    total=progress.total,
                )
            )
        separator = wording.text("terminal.toolbar.separator")
        for hint in wording.section("terminal.toolbar.keys").values():
            if len(separator.join([*parts, hint])) + 2 > self.caps.width:
                break
            parts.append(hint)
        text = self.caps.text(" " + separator.join(parts) + " ")
        return FormattedText([("class:bottom-toolbar", text[: self.caps.width])])

    # the conversation -------------------------------------------------------------------
    def choose(self, conversation: Conversation) -> str:
        """Ask whether to resume the unfinished conversation; the id to talk in."""
        record = conversation.unfinished
        if record is None:
            return conversation.conversation_id
        progress = self.engine.progress(record.conversation_id)
        question = wording.text(
            "terminal.resume_question", **left_off(record, progress, self.today)
        )
        while True:
            try:
                answer = resume_answer(self.read(question, toolbar=False))
            except KeyboardInterrupt:
                continue
            if answer is True:
                return record.conversation_id
            if answer is False:
                self.show_text(wording.text("terminal.starting_afresh"), "class:muted")
                return conversation.conversation_id
            self.show_text(wording.text("terminal.resume_again"), "class:muted")

    def run(self, conversation: Conversation, *, welcome: bool = True) -> int:
        """Talk until the person leaves; `welcome=False` when it was already written."""
        if welcome:
            self.welcome()
        try:
            conversation_id = self.choose(conversation)
        except EOFError:
            self.show_text(wording.text("terminal.goodbye"), "class:muted")
            return 0
        self.conversation_id = conversation_id
        replies = self.engine.open(
            conversation_id, patient_id=conversation.patient_id, channel=CHANNEL
        )
        self.turns.append(("", replies))
        self.show_replies(conversation_id, replies)
        unsaved = ""  # a message whose turn failed, offered again at the prompt
        while not any(reply.kind == "end" for reply in replies):
            try:
                default, unsaved = unsaved, ""
                text = self.read(wording.text("terminal.prompt"), default=default)
            except KeyboardInterrupt:
                # Ctrl-C clears the line, as in a shell; a first-timer learns how to leave.
                if not self._hinted_ctrl_c:
                    self._hinted_ctrl_c = True
                    self.show_text(wording.text("terminal.line_cleared"), "class:muted")
                continue
            except EOFError:
                self.show_text(wording.text("terminal.goodbye"), "class:muted")
                return 0
            text, replaced = clean_input(text)
            if replaced:
                self.show_text(wording.text("terminal.input_replaced"), "class:muted")
            if not text.strip():
                continue
            try:
                replies = self.engine.handle(conversation_id, picked(text, replies))
            except BoneGuideError as error:
                # One clear line and the session goes on: the turn was not saved, so the
                # same question stands, and the text waits at the prompt to be sent again.
                self.show_text(f"! {error}", "class:error")
                self.show_text(wording.text("terminal.not_saved_retry"), "class:muted")
                unsaved = text
                continue
            self.turns.append((text, replies))
            self.show_replies(conversation_id, replies)
        return 0
