"""A turn that cannot be saved is never skipped over: piped chat stops at the line that was not
saved (the SQLite lock held by another process, a write the disk refuses, the PostgreSQL backend
terminated), and no later line is stored as the answer to an earlier question."""

from __future__ import annotations

import re
import resource
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from terminal_intake import BONEGUIDE, INTAKE
from terminal_typing import wait_until

from assistant.channels.terminal.capabilities import Capabilities
from assistant.channels.terminal.conversation import find
from assistant.channels.terminal.session import TerminalSession
from assistant.engine import Engine
from assistant.settings import Settings
from assistant.store import open_store, sqlite

PATIENT = "P-7"
SAVED_FIRST = 3  # consent, sex, age: saved before the store fails


class PipedChat:
    """`boneguide chat` on a pipe, fed a few lines at a time as a script would."""

    def __init__(self, env: dict[str, str], **popen: Any) -> None:
        self.process = subprocess.Popen(
            [BONEGUIDE, "chat", "--patient", PATIENT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            **popen,
        )
        self.out = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.out += line

    def send(self, lines: list[str]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(f"{line}\n" for line in lines))
        self.process.stdin.flush()

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.out.lower():
            assert self.process.poll() is None, f"chat left early: {self.out}"
            assert time.monotonic() < deadline, f"{text!r} never came: {self.out}"
            time.sleep(0.02)

    def finish(self, lines: list[str], timeout: float = 60) -> tuple[int, str]:
        """Send the last lines, close the input, and wait: the exit code and stderr."""
        assert self.process.stdin is not None and self.process.stderr is not None
        try:
            self.send(lines)
            self.process.stdin.close()
        except BrokenPipeError:  # it stopped reading: what it said is on stderr
            pass
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code, self.process.stderr.read()


def run_chat(env: dict[str, str], lines: list[str], **popen: Any) -> tuple[int, str]:
    chat = PipedChat(env, **popen)
    return chat.finish(lines)


def fact_values(store_url: str) -> tuple[str, dict[str, Any]]:
    """The patient's conversation as stored: its state and the values of its facts."""
    store = open_store(store_url)
    try:
        record = store.latest_for_patient(PATIENT)
    finally:
        store.close()
    assert record is not None
    values = {name: entry["value"] for name, entry in record.data["facts"].items()}
    values["dexa"] = [entry["value"] for entry in record.data["dexa"]]
    values["labs"] = [entry["value"] for entry in record.data["labs"]]
    return record.state, values


def clean_run(env: dict[str, str], tmp_path: Path, lines: list[str]) -> tuple[str, dict[str, Any]]:
    """Where `lines` typed without any fault leave the conversation, in a store of its own."""
    url = str(tmp_path / f"clean-{len(lines)}.db")
    code, stderr = run_chat({**env, "BONEGUIDE_STORE": url}, lines)
    assert code == 0, stderr
    return fact_values(url)


def stopped_at(stderr: str, *, skipped: int = 0) -> int:
    """The line of INTAKE the chat says was not saved (its input began after `skipped`
    lines); the chat must quote that line's text."""
    found = re.search(r'input line (\d+) \("([^"]*)"\) was not saved', stderr)
    assert found, stderr
    number = skipped + int(found.group(1))
    assert found.group(2) == INTAKE[number - 1]
    assert "could not save your answer" in stderr and "Traceback" not in stderr
    return number


def assert_nothing_shifted(
    env: dict[str, str], tmp_path: Path, store_url: str, number: int
) -> None:
    """The store holds what the lines before `number` gave, nothing of the later ones; sending
    the rest again from that line gives exactly the facts of an uninterrupted run."""
    assert fact_values(store_url) == clean_run(env, tmp_path, INTAKE[: number - 1])
    code, stderr = run_chat(env, INTAKE[number - 1 :])
    assert code == 0, stderr
    assert fact_values(store_url) == clean_run(env, tmp_path, INTAKE)


def test_sqlite_lock_held_past_the_timeout_stops_at_the_line(
    chat_env: dict[str, str], tmp_path: Path
) -> None:
    chat = PipedChat(chat_env)
    chat.send(INTAKE[:SAVED_FIRST])
    chat.wait_for("menopause")  # the reply to line 3: its turn is saved
    holder = sqlite3.connect(chat_env["BONEGUIDE_STORE"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held past the 10 s busy timeout
    try:
        code, stderr = chat.finish(INTAKE[SAVED_FIRST:])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code != 0
    assert stopped_at(stderr) == SAVED_FIRST + 1
    assert "locked by another process" in stderr
    assert "noted" not in chat.out.lower().split("menopause")[-1]  # nothing after it answered
    assert_nothing_shifted(chat_env, tmp_path, chat_env["BONEGUIDE_STORE"], SAVED_FIRST + 1)


def limit_file_size() -> None:
    # Room for SQLite's 32 KiB shared-memory index, not for more than a few turns of WAL:
    # each write past it fails with EFBIG, as a full disk fails with ENOSPC.
    resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 1024, 32 * 1024))


def test_a_write_the_disk_refuses_stops_at_the_line(
    chat_env: dict[str, str], tmp_path: Path
) -> None:
    code, stderr = run_chat(chat_env, INTAKE[:SAVED_FIRST])
    assert code == 0, stderr
    code, stderr = run_chat(chat_env, INTAKE[SAVED_FIRST:], preexec_fn=limit_file_size)
    assert code != 0
    number = stopped_at(stderr, skipped=SAVED_FIRST)
    assert SAVED_FIRST < number <= len(INTAKE)
    assert "could not be written" in stderr and "cannot open" not in stderr
    assert_nothing_shifted(chat_env, tmp_path, chat_env["BONEGUIDE_STORE"], number)


def with_application_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    query = f"{parts.query}&" if parts.query else ""
    return urlunsplit(parts._replace(query=query + urlencode({"application_name": name})))


def terminate_waiting(admin: Any, name: str) -> int:
    """Terminate the chat's backends that wait for a lock: how many there were."""
    rows = admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = %s AND wait_event_type = 'Lock'",
        (name,),
    ).fetchall()
    return len(rows)


@pytest.mark.postgres
@pytest.mark.parametrize("drops", ["every attempt", "once"])
def test_postgres_backend_terminated_mid_turn(
    chat_env: dict[str, str], tmp_path: Path, postgres_url: str, drops: str
) -> None:
    import psycopg

    name = f"bg-test-{uuid.uuid4().hex[:8]}"
    url = with_application_name(postgres_url, name)
    env = {**chat_env, "BONEGUIDE_STORE": url}
    chat = PipedChat(env)
    chat.send(INTAKE[:SAVED_FIRST])
    chat.wait_for("menopause")
    with (
        psycopg.connect(postgres_url, autocommit=True) as admin,
        psycopg.connect(postgres_url) as holder,
    ):
        # Hold the conversation's row so the next turn waits inside its transaction, then
        # terminate that backend: the turn dies mid-transaction, as on a lost network.
        holder.execute("SELECT 1 FROM conversations WHERE patient_id = %s FOR UPDATE", (PATIENT,))
        chat.send(INTAKE[SAVED_FIRST:])
        terminated = 0
        deadline = time.monotonic() + 30
        while chat.process.poll() is None and time.monotonic() < deadline:
            terminated += terminate_waiting(admin, name)
            if drops == "once" and terminated:
                break
            time.sleep(0.02)
        holder.rollback()
    code, stderr = chat.finish([])
    if drops == "once":  # the retry, on a new connection, saves the turn: nothing is lost
        assert terminated == 1 and code == 0, stderr
        assert fact_values(url) == clean_run(env, tmp_path, INTAKE)
        return
    assert terminated >= 2  # the first attempt and at least one retry on a new connection
    assert code != 0
    assert stopped_at(stderr) == SAVED_FIRST + 1
    assert "PostgreSQL" in stderr
    assert_nothing_shifted(env, tmp_path, url, SAVED_FIRST + 1)


def test_the_terminal_says_so_and_keeps_the_text_for_a_retry(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real lock of another connection; a shorter wait for it keeps the test quick.
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 300)
    engine = Engine.from_settings(settings)
    shown: list[str] = []
    try:
        with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
            session = TerminalSession(engine, Capabilities(width=80), today=settings.today())
            buffer = session.prompt.default_buffer

            def wait_for(ready: Callable[[], bool]) -> None:
                assert wait_until(ready), f"never ready: {session.transcript[-3:]}"

            def type_like_a_person() -> None:
                wait_for(lambda: len(session.turns) == 3)  # the opening, "yes", "female"
                holder = sqlite3.connect(settings.store, isolation_level=None)
                holder.execute("BEGIN IMMEDIATE")
                try:
                    pipe.send_text("63\r")
                    # said, and offered again at the next prompt
                    wait_for(lambda: "still at the prompt" in session.transcript[-1])
                    wait_for(lambda: buffer.text == "63")
                    shown.extend(session.transcript)
                finally:
                    holder.execute("ROLLBACK")
                    holder.close()
                    pipe.send_text("\r\x04")  # Enter sends it again; Ctrl-D leaves

            pipe.send_text("yes\rfemale\r")
            threading.Thread(target=type_like_a_person, daemon=True).start()
            session.run(find(engine.store, PATIENT, new=True))
    finally:
        engine.store.close()
    screen = "\n".join(shown)
    assert "could not save your answer" in screen and "locked by another process" in screen
    assert "still at the prompt" in screen
    assert [text for text, _ in session.turns] == ["", "yes", "female", "63"]
    store = open_store(settings.store)
    try:
        record = store.get(str(session.conversation_id))
    finally:
        store.close()
    assert record is not None and record.data["facts"]["age"]["value"] == 63
