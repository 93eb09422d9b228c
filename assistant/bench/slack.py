"""`boneguide bench slack`: signed request to acknowledgement on loopback, and replies per second.

50 conversations at once (half DM intakes through the engine and SQLite, half channel questions)
against the real Bolt app in HTTP mode and a local Web API stand-in; the baselines are a bare
ThreadingHTTPServer and the bot server's unsigned health check under the same load.
"""

from __future__ import annotations

import http.client
import json
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from assistant.settings import Settings

CONVERSATIONS = 50
ACK_BAR_MS = 50.0
SECRET = "bench-signing-secret"
DM_LINES = ("hi", "yes", "female", "58", "postmenopausal", "breast cancer", "March 2024", "no",
            "yes", "no", "4 units", "yes", "what is a T-score?", "no", "yes")
QUESTIONS = ("what is a T-score?", "why does anastrozole affect bones", "how often is a DEXA scan",
             "vit D 45 nmol/L, spine T -2.7, 58F")

Request = tuple[str, str, bytes, dict[str, str]]  # method, path, body, headers


class _Bare(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._ok()

    def do_GET(self) -> None:
        self._ok()

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
    from assistant.channels.slack.signing import signature

    stamp = int(time.time())
    return {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(stamp),
            "X-Slack-Signature": signature(SECRET, stamp, body)}


def _event(conversation: int, turn: int) -> Request:
    from assistant.channels.slack.standin import BOT_USER_ID, TEAM_ID

    ts = f"{1_700_000_000 + conversation}.{turn:06d}"
    if conversation % 2 == 0:  # a clinician's DM intake
        event = {"type": "message", "channel_type": "im", "user": f"UBENCH{conversation:03d}",
                 "channel": f"DBENCH{conversation:03d}", "ts": ts,
                 "text": DM_LINES[turn % len(DM_LINES)]}
    else:  # a question in a channel thread
        event = {"type": "app_mention", "user": f"UBENCH{conversation:03d}", "ts": ts,
                 "channel": "CBENCH", "thread_ts": f"{1_700_000_000 + conversation}.000000",
                 "text": f"<@{BOT_USER_ID}> {QUESTIONS[turn % len(QUESTIONS)]}"}
    body = json.dumps({"type": "event_callback", "team_id": TEAM_ID, "api_app_id": "A0BENCH",
                       "event_id": f"Ev{conversation:03d}{turn:05d}", "event": event,
                       "event_time": int(time.time())})
    return "POST", "/slack/events", body.encode(), _signed(body)


def _load(port: int, turns: int, make: Callable[[int, int], Request]) -> tuple[list[float], float]:
    """CONVERSATIONS client threads, each on its own keep-alive connection, sending `turns`
    requests one after another; returns every request's latency (ms) and the wall time."""
    latencies: list[float] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(CONVERSATIONS + 1)
    failures: list[str] = []

    def client(conversation: int) -> None:
        requests = [make(conversation, turn) for turn in range(turns)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        start_gate.wait()
        for method, path, body, headers in requests:
            began = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - began) * 1000)
            if response.status != 200:
                failures.append(f"{response.status} for conversation {conversation}")
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(CONVERSATIONS)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return latencies, time.perf_counter() - began


def _line(name: str, latencies: list[float], wall: float) -> str:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (f"  {name:<44} p50 {statistics.median(ordered):6.2f} ms   p99 {p99:6.2f} ms   "
            f"{len(ordered) / wall:7.0f} req/s")


def run(settings: Settings, quick: bool) -> None:
    from assistant.channels.slack.app import build_app
    from assistant.channels.slack.config import slack_config
    from assistant.channels.slack.server import serve
    from assistant.channels.slack.services import Services
    from assistant.channels.slack.standin import SlackStandIn

    turns = 10 if quick else 40
    with tempfile.TemporaryDirectory() as tmp:
        standin = SlackStandIn().start()
        env = {"BONEGUIDE_STORE": str(Path(tmp) / "bench.db"),
               "BONEGUIDE_TODAY": settings.today().isoformat(), "XDG_DATA_HOME": tmp,
               "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_URL": standin.url,
               "BONEGUIDE_CLINICIANS": ",".join(f"UBENCH{c:03d}" for c in range(CONVERSATIONS))}
        bench_settings = Settings.from_env(env)
        app = build_app(slack_config(bench_settings, "http"),
                        Services.from_settings(bench_settings), bench_settings.clinicians)
        bot = serve(app, "127.0.0.1", 0)
        bot.start()
        bare = _BareServer(("127.0.0.1", 0), _Bare)
        threading.Thread(target=bare.serve_forever, args=(0.05,), daemon=True).start()
        try:
            _load(bot.port, 2, _event)  # warm up: imports, first SQLite pages, thread pools
            standin.wait_for(2 * CONVERSATIONS, "chat.postMessage", timeout=60)
            standin.clear()
            health: Request = ("GET", "/healthz", b"", {})
            bare_post = ("POST", "/slack/events", b"{}", {"Content-Type": "application/json"})
            base_bare = _load(int(bare.server_address[1]), turns, lambda c, t: bare_post)
            base_health = _load(bot.port, turns, lambda c, t: health)
            began = time.time()
            # Offset turns past the warm-up so every event id is new.
            acks, wall = _load(bot.port, turns, lambda c, t: _event(c, t + 2))
            expected = CONVERSATIONS * turns
            replies = standin.wait_for(expected, "chat.postMessage", timeout=300)
            last = max(call.at for call in replies) if replies else time.time()
        finally:
            bot.shutdown()
            bare.shutdown()
            standin.stop()
        print(f"Slack bot, {CONVERSATIONS} concurrent conversations x {turns} signed events "
              f"(half DM intake turns on SQLite, half channel questions), loopback")
        print(_line("baseline: bare ThreadingHTTPServer POST", *base_bare))
        print(_line("baseline: bot server GET /healthz (unsigned)", *base_health))
        print(_line("signed event -> acknowledgement (Bolt)", acks, wall))
        ordered = sorted(acks)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        verdict = "PASS" if p99 < ACK_BAR_MS else "FAIL"
        print(f"  bar: p99 acknowledgement under {ACK_BAR_MS:.0f} ms: {verdict} ({p99:.2f} ms)")
        span = max(last - began, 1e-6)
        print(f"  replies posted: {len(replies)} of {expected} in {span:.2f} s from the first "
              f"event = {len(replies) / span:.0f} replies/s")
