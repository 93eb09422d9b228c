"""`boneguide bench slack`: signed request to acknowledgement on loopback, and replies per second.

50 conversations at once (half DM intakes through the engine and SQLite, half channel questions)
against the real Bolt app in HTTP mode and a local Web API stand-in; the baselines are a bare
ThreadingHTTPServer and the bot server's unsigned health check under the same load.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path

from slack_sdk.signature import SignatureVerifier

from assistant.channels.slack.app import build_app
from assistant.channels.slack.config import slack_config
from assistant.channels.slack.server import serve
from assistant.channels.slack.services import Services
from assistant.channels.slack.standin import BOT_USER_ID, TEAM_ID, SlackStandIn
from assistant.settings import Settings

CONVERSATIONS = 50
ACK_BAR_MS = 50.0
THINK_SECONDS = 0.5  # between reading the bot's reply and sending the next message
SECRET = "bench-signing-secret"
DM_LINES = (
    "hi",
    "yes",
    "female",
    "58",
    "postmenopausal",
    "breast cancer",
    "March 2024",
    "no",
    "yes",
    "no",
    "4 units",
    "yes",
    "what is a T-score?",
    "no",
    "yes",
)
QUESTIONS = (
    "what is a T-score?",
    "why does anastrozole affect bones",
    "how often is a DEXA scan",
    "vit D 45 nmol/L, spine T -2.7, 58F",
)

Request = tuple[str, str, bytes, dict[str, str]]  # method, path, body, headers


class _Bare(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._ok()
        self.close_connection = True  # like the bot's server, one request per connection

    def do_GET(self) -> None:
        self._ok()
        self.close_connection = True

    def _ok(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _BareServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def _signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    return {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": str(
            SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
        ),
    }


def _dm_channel(conversation: int) -> str:
    return f"DBENCH{conversation:03d}"


def _thread(conversation: int) -> str:
    return f"{1_700_000_000 + conversation}.000000"


def _event(conversation: int, turn: int) -> Request:
    ts = f"{1_700_000_000 + conversation}.{turn:06d}"
    if conversation % 2 == 0:  # a clinician's DM intake
        event = {
            "type": "message",
            "channel_type": "im",
            "user": f"UBENCH{conversation:03d}",
            "channel": _dm_channel(conversation),
            "ts": ts,
            "text": DM_LINES[turn % len(DM_LINES)],
        }
    else:  # a question in a channel thread
        event = {
            "type": "app_mention",
            "user": f"UBENCH{conversation:03d}",
            "ts": ts,
            "channel": "CBENCH",
            "thread_ts": _thread(conversation),
            "text": f"<@{BOT_USER_ID}> {QUESTIONS[turn % len(QUESTIONS)]}",
        }
    body = json.dumps(
        {
            "type": "event_callback",
            "team_id": TEAM_ID,
            "api_app_id": "A0BENCH",
            "event_id": f"Ev{conversation:03d}{turn:05d}",
            "event": event,
            "event_time": int(time.time()),
        }
    )
    return "POST", "/slack/events", body.encode(), _signed(body)


def _load(
    port: int,
    turns: int,
    make: Callable[[int, int], Request],
    then: Callable[[int, int], None] | None = None,
) -> tuple[list[float], float]:
    """CONVERSATIONS clients, each on a new connection per request, sending `turns` requests
    one after another (after each, `then(conversation, count)` waits in a thread, e.g. for the
    bot's reply as a person would); returns every request's latency (ms) and the wall time.
    The clients are asyncio tasks on one thread, so the load generator adds no lock contention
    of its own to the figures."""
    return asyncio.run(_load_async(port, turns, make, then))


async def _load_async(
    port: int,
    turns: int,
    make: Callable[[int, int], Request],
    then: Callable[[int, int], None] | None,
) -> tuple[list[float], float]:
    latencies: list[float] = []
    go = asyncio.Event()
    loop = asyncio.get_running_loop()
    waiters = ThreadPoolExecutor(max_workers=CONVERSATIONS)

    async def client(conversation: int) -> None:
        requests = [make(conversation, turn) for turn in range(turns)]
        await go.wait()
        if then is not None:  # people do not all press enter in the same millisecond
            await asyncio.sleep(THINK_SECONDS * conversation / CONVERSATIONS)
        for count, (method, path, body, headers) in enumerate(requests, start=1):
            head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            wire = (
                f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{head}"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode() + body
            # A connection per request, as the bot's WSGI server answers in HTTP/1.0 and
            # closes: the figure includes the TCP handshake on loopback.
            began = time.perf_counter()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            writer.write(wire)
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - began) * 1000)
            writer.close()
            if b" 200 " not in status_line:
                raise RuntimeError(f"{status_line!r} for conversation {conversation}")
            if then is not None:
                # One waiting thread per conversation: the default executor has only a few.
                await loop.run_in_executor(waiters, then, conversation, count)

    tasks = [asyncio.create_task(client(c)) for c in range(CONVERSATIONS)]
    await asyncio.sleep(0.2)
    began = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    waiters.shutdown()
    return latencies, time.perf_counter() - began


def _line(name: str, latencies: list[float], wall: float) -> str:
    return (
        f"  {name:<44} p50 {statistics.median(latencies):6.2f} ms   "
        f"p99 {_p99(latencies):6.2f} ms   "
        f"{len(latencies) / wall:7.0f} req/s"
    )


def _client_process(conn: Connection) -> None:
    """The load generator and the Web API stand-in, in their own process so that they do not
    compete with the bot for the interpreter lock."""

    standin = SlackStandIn().start()
    conn.send(standin.url)
    ports: dict[str, int] = conn.recv()
    turns = ports["turns"]
    sent = [2]  # events per conversation so far: each load continues where the last ended

    def reply_seen(conversation: int, count: int) -> None:
        where = (
            {"channel": _dm_channel(conversation)}
            if conversation % 2 == 0
            else {"thread_ts": _thread(conversation)}
        )
        standin.wait_for(sent[0] + count, "chat.postMessage", match=where, timeout=60)

    def paced(wait: Callable[[int, int], None]) -> Callable[[int, int], None]:
        def then(conversation: int, count: int) -> None:
            wait(conversation, count)
            time.sleep(THINK_SECONDS)

        return then

    def events(then: Callable[[int, int], None]) -> tuple[list[float], float]:
        offset = sent[0]
        result = _load(ports["bot"], turns, lambda c, t: _event(c, t + offset), then)
        sent[0] += turns
        return result

    try:
        _load(ports["bot"], 2, _event)  # warm up: imports, first SQLite pages, thread pools
        standin.wait_for(2 * CONVERSATIONS, "chat.postMessage", timeout=60)
        health: Request = ("GET", "/healthz", b"", {})
        bare: Request = ("POST", "/slack/events", b"{}", {"Content-Type": "application/json"})
        results: dict[str, object] = {
            "paced_bare": _load(ports["bare"], turns, lambda c, t: bare, paced(lambda c, n: None)),
            "paced_health": _load(
                ports["bot"], turns, lambda c, t: health, paced(lambda c, n: None)
            ),
            "paced_events": events(paced(reply_seen)),
            "bare": _load(ports["bare"], turns, lambda c, t: bare),
        }
        before = len(standin.recorded("chat.postMessage"))
        began = time.time()
        results["events"] = events(reply_seen)
        replies = standin.wait_for(before + CONVERSATIONS * turns, "chat.postMessage", timeout=300)[
            before:
        ]
        last = max((call.at for call in replies), default=time.time())
        results["replies"] = (len(replies), last - began)
        conn.send(results)
    except Exception as error:  # reported by the parent, which owns the output
        conn.send({"error": repr(error)})
    finally:
        standin.stop()


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def run(settings: Settings, quick: bool) -> None:
    turns = 6 if quick else 20
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe()
    child = context.Process(target=_client_process, args=(child_end,), daemon=True)
    child.start()
    with tempfile.TemporaryDirectory() as tmp:
        api_url = parent_end.recv()
        env = {
            "BONEGUIDE_STORE": str(Path(tmp) / "bench.db"),
            "BONEGUIDE_TODAY": settings.today().isoformat(),
            "XDG_DATA_HOME": tmp,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": api_url,
            "BONEGUIDE_CLINICIANS": ",".join(f"UBENCH{c:03d}" for c in range(CONVERSATIONS)),
        }
        bench_settings = Settings.from_env(env)
        app = build_app(
            slack_config(bench_settings, "http"),
            Services.from_settings(bench_settings),
            bench_settings.clinicians,
        )
        bot = serve(app, SECRET, "127.0.0.1", 0)
        bot.start()
        bare = _BareServer(("127.0.0.1", 0), _Bare)
        threading.Thread(target=bare.serve_forever, args=(0.05,), daemon=True).start()
        try:
            parent_end.send({"bot": bot.port, "bare": int(bare.server_address[1]), "turns": turns})
            results = parent_end.recv()
        finally:
            bot.shutdown()
            bare.shutdown()
            child.join(timeout=10)
    if "error" in results:
        raise RuntimeError(f"the Slack bench's load generator failed: {results['error']}")
    print(
        f"Slack bot on loopback, {CONVERSATIONS} concurrent conversations x {turns} signed "
        "events (half DM intake turns through the engine and SQLite, half channel "
        "questions); load generator and Web API stand-in in a separate process; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end"
    )
    print(
        f"paced like people: each conversation waits for the bot's reply, then "
        f"{THINK_SECONDS:.1f} s"
    )
    print(_line("baseline: bare ThreadingHTTPServer POST", *results["paced_bare"]))
    print(_line("baseline: bot server GET /healthz (unsigned)", *results["paced_health"]))
    print(_line("signed event -> acknowledgement (Bolt)", *results["paced_events"]))
    p99 = _p99(results["paced_events"][0])
    verdict = "PASS" if p99 < ACK_BAR_MS else "FAIL"
    print(f"  bar: p99 acknowledgement under {ACK_BAR_MS:.0f} ms: {verdict} ({p99:.2f} ms)")
    print("flat out: each conversation sends its next event as soon as the reply arrives")
    print(_line("baseline: bare ThreadingHTTPServer POST", *results["bare"]))
    print(_line("signed event -> acknowledgement (Bolt)", *results["events"]))
    count, span = results["replies"]
    print(
        f"  replies posted: {count} of {CONVERSATIONS * turns} in {span:.2f} s "
        f"= {count / max(span, 1e-6):.0f} replies/s"
    )
