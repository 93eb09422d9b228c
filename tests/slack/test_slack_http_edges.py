"""HTTP edges over raw sockets against the real server: malformed Content-Length, half-sent
requests, and the real `boneguide slack --http` process's log under garbage."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_harness import SECRET, Bot, bot_settings, sign

from assistant.channels.slack.app import build_app
from assistant.channels.slack.config import slack_config
from assistant.channels.slack.server import serve
from assistant.channels.slack.services import Services
from assistant.channels.slack.standin import BOT_USER_ID, TEAM_ID, SlackStandIn

TIMEOUT = 0.5  # the read timeout these tests give the server


@pytest.fixture
def quick(tmp_path: Path, standin: SlackStandIn) -> Iterator[Bot]:
    settings = bot_settings(tmp_path, standin.url)
    app = build_app(
        slack_config(settings, "http"), Services.from_settings(settings), settings.clinicians
    )
    server = serve(app, SECRET, "127.0.0.1", 0, read_timeout=TIMEOUT)
    server.start()
    yield Bot(server, standin, settings)
    server.shutdown()
    server.server_close()


def raw(port: int, data: bytes, *, wait: float = 5.0) -> bytes:
    """Send `data` as is and read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def head(length: str) -> bytes:
    return (
        "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("length", "status"),
    [("abc", b"400"), ("-1", b"400"), ("1e3", b"400"), ("12, 12", b"400"), ("99999999", b"413")],
)
def test_a_bad_content_length_gets_a_status_and_one_line(
    quick: Bot, caplog: pytest.LogCaptureFixture, length: str, status: bytes
) -> None:
    caplog.set_level(logging.INFO)
    answer = raw(quick.server.port, head(length) + b'{"type": "x"}')
    assert answer.split(b"\r\n", 1)[0].split()[1] == status
    [line] = [r.getMessage() for r in caplog.records if r.name.startswith("boneguide")]
    assert line.startswith(f"HTTP {status.decode()} for 127.0.0.1: ")
    assert not [r for r in caplog.records if r.exc_info]


def test_half_sent_requests_time_out_and_free_their_threads(
    quick: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    threads_before = threading.active_count()
    sockets = []
    for n in range(60):
        sock = socket.create_connection(("127.0.0.1", quick.server.port), timeout=10)
        # Half stop inside the headers, half inside a body they announced.
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n" if n % 2 else head("500") + b"{")
        sockets.append(sock)
    began = time.monotonic()
    answers = []
    for sock in sockets:
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
        answers.append(data)
        sock.close()
    waited = time.monotonic() - began
    assert waited < TIMEOUT * 2 + 2.0  # each was let go after the read timeout, not 20 s
    assert sum(a.startswith(b"HTTP/1.0 408") for a in answers) == 30  # the half-sent bodies
    assert sum(a == b"" for a in answers) == 30  # headers never finished: closed
    deadline = time.monotonic() + 2
    while threading.active_count() > threads_before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() <= threads_before
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("boneguide")]
    assert sum("not complete within 0.5 s" in line for line in lines) == 30
    assert sum(line.startswith("HTTP 408") for line in lines) == 30
    assert not [r for r in caplog.records if r.exc_info]
    assert quick.post('{"type": "url_verification", "challenge": "c"}', "application/json")[0] == (
        200
    )


def test_a_request_sent_a_byte_at_a_time_is_let_go_at_the_deadline(quick: Bot) -> None:
    # A per-read timeout would wait forever for a client sending a byte every 0.1 s.
    request = head("100") + b"{" * 100
    with socket.create_connection(("127.0.0.1", quick.server.port), timeout=10) as sock:
        began = time.monotonic()
        try:
            for byte in request:
                sock.sendall(bytes([byte]))
                time.sleep(0.1)
        except OSError:  # the server closed the connection: what is wanted
            pass
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        waited = time.monotonic() - began
    assert waited < TIMEOUT + 1.0  # not the 20 s the whole request would take
    assert answer == b"" or answer.startswith(b"HTTP/1.0 408")


def test_the_real_process_logs_one_line_per_refusal_and_no_body(
    tmp_path: Path, standin: SlackStandIn
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BONEGUIDE_"))}
    env.update(
        BONEGUIDE_STORE=str(tmp_path / "bot.db"),
        XDG_DATA_HOME=str(tmp_path),
        SLACK_BOT_TOKEN="xoxb-process",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=standin.url,
    )
    command = [sys.executable, "-m", "assistant", "slack", "--http", "--port", "0"]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()
        port = int(line.rsplit(":", 1)[1].split("/")[0])
        secret_event = json.dumps(
            {
                "type": "event_callback",
                "team_id": TEAM_ID,
                "event": {"type": "app_mention", "text": "Jane Smith T -2.7", "user": "U1"},
            }
        )
        garbage = [
            head(str(len(secret_event))) + secret_event.encode(),  # unsigned
            head("7") + b"garbage",
            head("abc") + b"{}",
            head("19") + b"payload=%7Bnot-json",
        ]
        for request in garbage:
            raw(port, request)
        stamp = int(time.time())
        good = json.dumps(
            {
                "type": "event_callback",
                "team_id": TEAM_ID,
                "event_id": "EvGood",
                "event": {
                    "type": "app_mention",
                    "user": "U1",
                    "channel": "C1",
                    "ts": "1.000100",
                    "text": f"<@{BOT_USER_ID}> what is a T-score?",
                },
            }
        ).encode()
        signed = (
            "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"X-Slack-Request-Timestamp: {stamp}\r\n"
            f"X-Slack-Signature: {sign(good.decode(), stamp)}\r\n"
            f"Content-Length: {len(good)}\r\n\r\n"
        ).encode() + good
        assert raw(port, signed).startswith(b"HTTP/1.0 200")
        standin.wait_for(1, "chat.postMessage")
    finally:
        process.terminate()
        process.wait(timeout=10)
    log = process.stderr.read()
    assert "Traceback" not in log
    assert "Jane" not in log and "garbage" not in log and "not-json" not in log
    assert "token will be unused" not in log
    refusals = [line for line in log.splitlines() if " HTTP 4" in line]
    assert len(refusals) == len(garbage), log
