"""The real PromptSession, fed through a pipe input, around the real engine and SQLite store."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from prompt_toolkit.application import create_app_session
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from terminal_intake import INTAKE
from terminal_typing import wait_until

from assistant.channels.terminal.capabilities import Capabilities
from assistant.channels.terminal.completion import ChatCompleter
from assistant.channels.terminal.conversation import find
from assistant.channels.terminal.session import TerminalSession, file_history
from assistant.engine import Engine
from assistant.engine.replies import Choice
from assistant.settings import Settings

CTRL_C, CTRL_D, ENTER, TAB = "\x03", "\x04", "\r", "\t"


def typed(*lines: str) -> str:
    return "".join(line + ENTER for line in lines)


def drive(
    settings: Settings,
    keys: str,
    *,
    patient: str = "P-1",
    new: bool = True,
    caps: Capabilities | None = None,
) -> tuple[TerminalSession, Engine, int]:
    engine = Engine.from_settings(settings)
    try:
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            with create_app_session(input=pipe, output=DummyOutput()):
                session = TerminalSession(
                    engine,
                    caps or Capabilities(width=80),
                    today=settings.today(),
                )
                code = session.run(find(engine.store, patient, new=new))
    finally:
        engine.store.close()
    return session, engine, code


def reopen(settings: Settings) -> Engine:
    return Engine.from_settings(settings)


def kinds(session: TerminalSession, turn: int) -> list[str]:
    return [reply.kind for reply in session.turns[turn][1]]


def test_full_intake_reaches_the_assessment(settings: Settings) -> None:
    session, _, code = drive(settings, typed(*INTAKE, "quit"))
    assert code == 0
    shown = [reply for _, replies in session.turns for reply in replies]
    assessments = [reply for reply in shown if reply.kind == "assessment"]
    assert len(assessments) == 1 and assessments[0].assessment is not None
    assert assessments[0].assessment.bone_density.category == "osteopenia"
    screen = "\n".join(session.transcript)
    assert "Your bone health summary" in screen
    assert "T-score, lumbar spine" in screen
    assert shown[-1].kind == "end"


def test_a_question_mid_intake_is_answered_then_the_question_asked_once_again(
    settings: Settings,
) -> None:
    session, _, _ = drive(settings, typed("yes", "female", "what is a T-score?", "63") + CTRL_D)
    digression = session.turns[3]
    assert digression[0] == "what is a T-score?"
    replies = digression[1]
    assert replies[0].kind == "answer" and replies[0].source
    asks = [reply for reply in replies if reply.kind == "ask"]
    assert [reply.key for reply in asks] == ["ask.age"]
    assert "ask.menopause" in [reply.key for reply in session.turns[4][1]]


def test_a_correction_replaces_the_earlier_answer(settings: Settings) -> None:
    session, _, _ = drive(
        settings, typed("yes", "female", "63", "change my age", "64", "yes", "summary") + CTRL_D
    )
    summary = session.turns[-1][1]
    assert any(reply.kind == "summary" and "64" in reply.text for reply in summary)
    engine = reopen(settings)
    try:
        record = engine.store.get(str(session.conversation_id))
        assert record is not None
        assert record.data["facts"]["age"]["value"] == 64
    finally:
        engine.store.close()


def test_ctrl_c_clears_the_line_and_the_session_goes_on(settings: Settings) -> None:
    session, _, code = drive(settings, "not this" + CTRL_C + typed("yes") + CTRL_D)
    assert code == 0
    assert session.turns[1][0] == "yes"  # the cleared text never reached the engine
    assert "ask.sex" in [reply.key for reply in session.turns[1][1]]


def test_ctrl_d_leaves_after_saving_and_the_next_session_resumes(settings: Settings) -> None:
    first, _, code = drive(settings, typed("yes", "female") + CTRL_D)
    assert code == 0
    assert first.transcript[-1] == "saved, see you"
    second, _, _ = drive(settings, ENTER + CTRL_D, new=False)  # Enter: yes, continue
    assert second.conversation_id == first.conversation_id
    assert any("Continue where you left off" in line for line in second.transcript)
    assert "ask.age" in [reply.key for reply in second.turns[0][1]]


def test_tab_completes_the_choices_of_the_pending_question(settings: Settings) -> None:
    # Completions are computed by a task of the prompt's event loop, so the keys go in as a
    # person types them: Tab once the menu has its entries, Enter once the text is completed.
    engine = Engine.from_settings(settings)
    try:
        with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
            session = TerminalSession(engine, Capabilities(width=80), today=settings.today())
            buffer = session.prompt.default_buffer

            def type_like_a_person() -> None:
                wait_until(
                    lambda: (
                        buffer.text == "fem"
                        and buffer.complete_state is not None
                        and bool(buffer.complete_state.completions)
                    )
                )
                pipe.send_text(TAB)
                wait_until(lambda: buffer.text == "Female")
                pipe.send_text(ENTER + CTRL_D)

            pipe.send_text(typed("yes") + "fem")
            threading.Thread(target=type_like_a_person, daemon=True).start()
            session.run(find(engine.store, "P-1", new=True))
    finally:
        engine.store.close()
    assert session.turns[2][0] == "Female"
    assert "ask.age" in [reply.key for reply in session.turns[2][1]]


def test_toolbar_shows_section_and_step(settings: Settings) -> None:
    session, _, _ = drive(settings, typed("yes", "female") + CTRL_D)
    text = "".join(fragment[1] for fragment in session.toolbar())
    assert "History" in text and "step 3 of" in text and "Ctrl-D" in text
    session.caps = Capabilities(width=30)  # a narrow window keeps where, drops key hints
    narrow = "".join(fragment[1] for fragment in session.toolbar())
    assert "step 3 of" in narrow and "Ctrl-D" not in narrow and len(narrow) <= 30


def test_completer_offers_commands_and_choices() -> None:
    completer = ChatCompleter(lambda: (Choice("female", "Female"), Choice("male", "Male")))

    def complete(text: str) -> list[str]:
        event = CompleteEvent(completion_requested=True)
        return [c.text for c in completer.get_completions(Document(text), event)]

    assert complete("he") == ["help"]
    assert complete("ma") == ["Male"]
    assert set(complete("")) >= {"Female", "Male", "help", "quit", "summary"}
    assert complete("I am sixty-three years old") == []


def test_change_then_tab_offers_the_facts_by_name(settings: Settings) -> None:
    engine = Engine.from_settings(settings)
    try:
        completer = ChatCompleter(lambda: (), engine.fact_names())
    finally:
        engine.store.close()
    event = CompleteEvent(completion_requested=True)

    def complete(text: str) -> list[str]:
        return [c.text for c in completer.get_completions(Document(text), event)]

    offered = complete("change ")
    assert {"age", "menopausal status", "eGFR", "DEXA results"} <= set(offered)
    assert "help" not in offered  # after `change ` only facts, no commands
    assert complete("change al") == ["alcohol units per week"]
    assert complete("change my ag") == []  # nothing invented for words that name no fact


def test_help_at_a_terminal_is_a_short_table_with_the_keys(settings: Settings) -> None:
    caps = Capabilities(width=60, interactive=True)
    session, _, _ = drive(settings, typed("help") + CTRL_D, caps=caps)
    shown = "\n".join(session.transcript)
    rows = [line for line in shown.splitlines() if line.startswith("  ")]
    for key in ("Tab", "Up / Down", "Ctrl-R", "Ctrl-D", "undo", "change"):
        assert any(row.split()[0] == key.split()[0] for row in rows), key
    assert all(len(line) <= 60 for line in shown.splitlines())
    piped, _, _ = drive(settings, typed("help") + CTRL_D)  # no keys to speak of in a pipe
    assert "Ctrl-R" not in "\n".join(piped.transcript)


def test_history_is_in_memory_unless_asked_and_then_owner_only(
    settings: Settings, tmp_path: Path
) -> None:
    drive(settings, typed("yes", "female") + CTRL_D)
    assert not list(tmp_path.rglob("*history*"))  # nothing of the answers written to disk

    data_dir = tmp_path / "private"
    engine = Engine.from_settings(settings)
    try:
        with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
            pipe.send_text(typed("yes", "female") + CTRL_D)
            session = TerminalSession(
                engine,
                Capabilities(width=80),
                today=settings.today(),
                history=file_history(data_dir),
            )
            session.run(find(engine.store, "P-1", new=True))
    finally:
        engine.store.close()
    path = data_dir / "chat-history"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "female" in path.read_text()


def test_an_existing_history_file_is_made_owner_only(tmp_path: Path) -> None:
    (tmp_path / "chat-history").write_text("")
    os.chmod(tmp_path / "chat-history", 0o644)
    file_history(tmp_path)
    assert stat.S_IMODE(os.stat(tmp_path / "chat-history").st_mode) == 0o600
