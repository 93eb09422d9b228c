"""A local stand-in of the Slack Web API for tests and the bench: records calls, answers like Slack.

Point `SLACK_API_URL` at `standin.url`. It answers `auth.test`, `chat.postMessage`,
`chat.postEphemeral`, `chat.update`, `conversations.open`, `views.publish` and
`apps.connections.open`, and records what is sent to a `response_url` pointing at `{url}response`
(method "response"). It can be told to fail the next calls of a method (e.g. a 429 with
Retry-After) to exercise retries.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from assistant.json_types import JSON, JSONObject

BOT_USER_ID = "UBOTBOT01"
BOT_ID = "BBOTBOT01"
TEAM_ID = "T0CLINIC1"


@dataclass(frozen=True)
class Call:
    method: str  # e.g. "chat.postMessage"
    params: JSONObject
    token: str | None
    at: float
    ts: str  # the message ts the stand-in answered with (for chat.postMessage)


@dataclass
class Failure:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: JSONObject = field(default_factory=lambda: {"ok": False, "error": "ratelimited"})


class SlackStandIn(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.calls: list[Call] = []
        self.socket_url: str | None = None  # what apps.connections.open hands out
        self._failures: dict[str, list[Failure]] = {}
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/"

    def start(self) -> SlackStandIn:
        self._thread = threading.Thread(
            target=self.serve_forever, args=(0.05,), name="slack-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def fail_next(self, method: str, *failures: Failure) -> None:
        with self._lock:
            self._failures.setdefault(method, []).extend(failures)

    def recorded(self, *methods: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if not methods or c.method in methods]

    def wait_for(
        self,
        count: int,
        *methods: str,
        timeout: float = 20.0,
        match: Mapping[str, object] | None = None,
    ) -> list[Call]:
        """Block until at least `count` calls of `methods` (whose params include `match`) are
        recorded; return them all."""
        deadline = time.monotonic() + timeout
        wanted = (match or {}).items()
        found: list[Call] = []
        seen = 0
        with self._changed:
            while True:
                # Only the calls recorded since the last look: the bench has 50 waiters at once.
                if seen > len(self.calls):  # cleared meanwhile: start over
                    found, seen = [], 0
                found += [
                    c
                    for c in self.calls[seen:]
                    if (not methods or c.method in methods)
                    and all(c.params.get(k) == v for k, v in wanted)
                ]
                seen = len(self.calls)
                remaining = deadline - time.monotonic()
                if len(found) >= count or remaining <= 0:
                    return found
                self._changed.wait(remaining)

    def clear(self) -> None:
        with self._lock:
            self.calls = []

    def answer(
        self, method: str, params: JSONObject, token: str | None
    ) -> tuple[int, dict[str, str], JSONObject]:
        with self._changed:
            pending = self._failures.get(method)
            if pending:
                failure = pending.pop(0)
                return failure.status, failure.headers, failure.body
            ts = f"{1_700_000_000 + next(self._ts)}.000100"
            self.calls.append(Call(method, params, token, time.time(), ts))
            self._changed.notify_all()
        if method == "auth.test":
            return (
                200,
                {},
                {
                    "ok": True,
                    "url": "https://clinic.slack.com/",
                    "team": "Clinic",
                    "user": "boneguide",
                    "team_id": TEAM_ID,
                    "user_id": BOT_USER_ID,
                    "bot_id": BOT_ID,
                    "is_enterprise_install": False,
                },
            )
        if method in ("chat.postMessage", "chat.update"):
            return (
                200,
                {},
                {
                    "ok": True,
                    "channel": params.get("channel"),
                    "ts": params.get("ts") if method == "chat.update" else ts,
                    "message": {"text": params.get("text"), "ts": ts},
                },
            )
        if method == "chat.postEphemeral":
            return 200, {}, {"ok": True, "message_ts": ts}
        if method == "views.publish":
            view = params.get("view", {})
            return 200, {}, {"ok": True, "view": {"id": f"V{ts}", **_object(view)}}
        if method == "response":
            return 200, {}, {"ok": True}
        if method == "conversations.open":
            user = str(params.get("users", "")).split(",")[0]
            return 200, {}, {"ok": True, "channel": {"id": "D" + user.lstrip("UW")}}
        if method == "apps.connections.open":
            if self.socket_url is None:
                return 200, {}, {"ok": False, "error": "socket_mode_not_enabled"}
            return 200, {}, {"ok": True, "url": self.socket_url}
        return 200, {}, {"ok": False, "error": "unknown_method"}


def _object(value: JSON) -> JSONObject:
    """`value` when it is an object (a view as the client sends it), else nothing to add."""
    return value if isinstance(value, dict) else {}


class _Handler(BaseHTTPRequestHandler):
    server: SlackStandIn
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        method = self.path.split("?", 1)[0].rsplit("/", 1)[-1]
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        params: JSONObject
        if "json" in (self.headers.get("Content-Type") or "") or raw.startswith("{"):
            params = json.loads(raw) if raw else {}
        else:
            params = {key: value for key, value in parse_qsl(raw)}
            for key in ("blocks", "attachments", "view"):
                encoded = params.get(key)
                if isinstance(encoded, str):
                    params[key] = json.loads(encoded)
        auth = self.headers.get("Authorization") or ""
        sent = params.get("token")
        token = auth.removeprefix("Bearer ") or (sent if isinstance(sent, str) else None)
        status, headers, body = self.server.answer(method, params, token)
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass
