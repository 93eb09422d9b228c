"""HTTP mode: a small threaded server that hands every POST to /slack/events to `App.dispatch`.

Bolt's own development server handles one request at a time; here each request gets a thread, so a
slow request never delays another's acknowledgement. Bolt checks the signature of every request.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slack_bolt import App

log = logging.getLogger("boneguide.slack")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's payloads are small; a larger body is not from Slack and is refused before reading it.
MAX_BODY = 1_000_000


class SlackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 drops connections when 50 conversations arrive at once.
    request_queue_size = 128

    def __init__(self, app: App, host: str, port: int) -> None:
        self.app = app
        super().__init__((host, port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> threading.Thread:
        """Serve in a daemon thread (tests, the bench); `shutdown()` stops it."""
        # A short poll interval makes shutdown() prompt, which tests and the bench rely on.
        thread = threading.Thread(
            target=self.serve_forever, args=(0.05,), name="slack-http", daemon=True
        )
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: SlackHTTPServer
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in two writes; without this, Nagle's algorithm holds the body
        # until the client's delayed ACK, adding 40 ms to every keep-alive response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == HEALTH_PATH:
            self._send(200, {"content-type": ["text/plain;charset=utf-8"]}, "ok")
        else:
            self._send(404, {"content-type": ["text/plain;charset=utf-8"]}, "Not Found")

    def do_POST(self) -> None:
        from slack_bolt.request import BoltRequest

        path, _, query = self.path.partition("?")
        if path != EVENTS_PATH:
            self._send(404, {"content-type": ["text/plain;charset=utf-8"]}, "Not Found")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._send(413, {"content-type": ["text/plain;charset=utf-8"]}, "Payload Too Large")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        headers: dict[str, str | Sequence[str]] = {}
        for name in set(self.headers.keys()):
            headers[name.lower()] = self.headers.get_all(name) or []
        response = self.server.app.dispatch(BoltRequest(body=body, query=query, headers=headers))
        self._send(response.status, response.headers, response.body)

    def _send(self, status: int, headers: Mapping[str, Sequence[str]], body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        for name, values in headers.items():
            if name.lower() == "content-length":
                continue
            for value in values:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        # Access lines go to the debug log, not to stderr for every Slack event.
        log.debug("%s %s", self.address_string(), format % args)


def serve(app: App, host: str = "127.0.0.1", port: int = 3000) -> SlackHTTPServer:
    """Bind (port 0 picks a free port) without serving yet; call `serve_forever` or `start`."""
    return SlackHTTPServer(app, host, port)
