"""HTTP mode: Bolt's WSGI adapter behind a threaded WSGI server. The request must arrive within a
deadline; a bad Content-Length gets 400 and the signature is checked before anything parses the
body, so garbage gets a short answer and one log line, never a traceback.
"""

from __future__ import annotations

import io
import logging
import socket
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from socketserver import ThreadingMixIn
from typing import IO, TYPE_CHECKING
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from assistant.channels.slack.logs import failure

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

    from _typeshed import WriteableBuffer
    from slack_bolt import App

log = logging.getLogger("boneguide.slack")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's payloads are small; a larger body is not from Slack and is refused before reading it.
MAX_BODY = 1_000_000
# Slack sends a request in one go; a client that stops mid-request loses its connection after
# this many seconds instead of holding a thread.
READ_TIMEOUT = 5.0
TEXT: dict[str, str | Sequence[str]] = {"content-type": "text/plain;charset=utf-8"}


class Refused(Exception):
    """A request answered without reaching Bolt: its status and the one log line it earns."""

    def __init__(self, status: int, why: str) -> None:
        super().__init__(why)
        self.status = status


class SlackEndpoint(SlackRequestHandler):
    """Bolt's WSGI handler for `/slack/events`, behind the checks a public port needs."""

    def __init__(self, app: App, signing_secret: str | None) -> None:
        super().__init__(app, EVENTS_PATH)
        # Socket Mode has no HTTP endpoint; without a secret every POST is refused.
        self.verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        if method == "GET" and path == HEALTH_PATH:
            return _answer(start_response, 200, "ok")
        if method == "POST" and path == EVENTS_PATH:
            try:
                body = self._signed_body(environ)
            except Refused as refusal:
                log.warning(
                    "HTTP %d for %s: %s", refusal.status, environ.get("REMOTE_ADDR"), refusal
                )
                return _answer(start_response, refusal.status, _PHRASES[refusal.status])
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return super().__call__(environ, start_response)

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        """Bolt's dispatch, for a body that is a JSON object as Slack sends them; a signed body
        of another shape is answered 400 (Bolt would fail on it with a 500)."""
        try:
            bolt_request = BoltRequest(
                body=request.get_body(),
                query=request.query_string,
                headers=request.get_headers(),
            )
            event = bolt_request.body.get("event", {})
        except (ValueError, AttributeError, TypeError) as error:
            return _bad_shape(request, type(error).__name__)
        if not isinstance(event, dict):
            return _bad_shape(request, "event is not an object")
        return self.app.dispatch(bolt_request)

    def _signed_body(self, environ: WSGIEnvironment) -> bytes:
        length = _content_length(environ)
        body = _read(environ["wsgi.input"], length)
        try:
            text = body.decode("utf-8")
            valid = self.verifier is not None and self.verifier.is_valid(
                text,
                environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
                environ.get("HTTP_X_SLACK_SIGNATURE"),
            )
        except (UnicodeDecodeError, ValueError, TypeError):  # not UTF-8, a timestamp not a number
            valid = False
        if not valid:
            raise Refused(401, "signature check failed")
        return body


_PHRASES = {
    200: "ok",
    400: "Bad Request",
    401: "Unauthorized",
    408: "Request Timeout",
    413: "Payload Too Large",
}


def _content_length(environ: WSGIEnvironment) -> int:
    if environ.get("HTTP_TRANSFER_ENCODING"):
        raise Refused(400, "Transfer-Encoding is not accepted; send a Content-Length")
    raw = str(environ.get("CONTENT_LENGTH") or "0").strip()
    if not (raw.isascii() and raw.isdigit()):
        raise Refused(400, "malformed Content-Length")
    length = int(raw)
    if length > MAX_BODY:
        raise Refused(413, f"body of {length} bytes is over {MAX_BODY}")
    return length


def _read(stream: IO[bytes], length: int) -> bytes:
    """Exactly `length` bytes, or Refused (408 once the request's deadline has passed)."""
    parts: list[bytes] = []
    left = length
    try:
        while left > 0:
            part = stream.read(left)
            if not part:
                raise Refused(400, f"body ended after {length - left} of {length} bytes")
            parts.append(part)
            left -= len(part)
    except TimeoutError:
        raise Refused(408, "body not received before the request's deadline") from None
    return b"".join(parts)


def _bad_shape(request: WsgiHttpRequest, why: str) -> BoltResponse:
    log.warning(
        "HTTP 400 for %s: a signed body Bolt cannot read (%s)",
        request.environ.get("REMOTE_ADDR"),
        why,
    )
    return BoltResponse(status=400, body="Bad Request", headers=TEXT)


def _answer(start_response: StartResponse, status: int, text: str) -> list[bytes]:
    data = text.encode()
    start_response(
        f"{status} {_PHRASES.get(status, '')}".strip(),
        [("content-type", "text/plain;charset=utf-8"), ("content-length", str(len(data)))],
    )
    return [data]


class _Deadline(io.RawIOBase):
    """The connection's reading side, with one deadline for the whole request: a client that
    sends a byte now and then cannot stretch it, as it could a per-read timeout."""

    def __init__(self, connection: socket.socket, timeout: float) -> None:
        self.connection = connection
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self.connection.settimeout(self.timeout)  # for writing the answer, if any
            raise TimeoutError
        self.connection.settimeout(remaining)
        try:
            return self.connection.recv_into(buffer)
        except TimeoutError:
            self.connection.settimeout(self.timeout)
            raise


class _Handler(WSGIRequestHandler):
    server: SlackHTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in two writes; without this, Nagle's algorithm holds the body
        # until the client's delayed ACK.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # The request must arrive within the read timeout: a half-sent one frees its thread.
        self.rfile.close()
        self.rfile = io.BufferedReader(_Deadline(self.connection, self.server.read_timeout))

    def handle(self) -> None:
        try:
            super().handle()
        except TimeoutError:
            log.warning(
                "HTTP request from %s not complete within %g s; connection closed",
                self.client_address[0],
                self.server.read_timeout,
            )
        except OSError as error:  # the client went away
            log.info("HTTP connection from %s lost: %s", self.client_address[0], error)

    def log_message(self, format: str, *args: object) -> None:
        # Access lines go to the debug log, not to stderr for every Slack event; they hold the
        # request line only, never a body.
        log.debug("%s %s", self.address_string(), format % args)


class SlackHTTPServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # The default backlog of 5 drops connections when 50 conversations arrive at once.
    request_queue_size = 128

    def __init__(
        self, app: App, host: str, port: int, signing_secret: str | None, read_timeout: float
    ) -> None:
        super().__init__((host, port), _Handler)
        self.read_timeout = read_timeout
        self.set_app(SlackEndpoint(app, signing_secret))

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def handle_error(self, request: object, client_address: tuple[object, ...]) -> None:
        # socketserver prints a traceback to stderr for anything a handler let through.
        error = sys.exception()
        log.error("HTTP request from %s failed: %s", client_address[0], error and failure(error))

    def start(self) -> threading.Thread:
        """Serve in a daemon thread (tests, the bench); `shutdown()` stops it."""
        # A short poll interval makes shutdown() prompt, which tests and the bench rely on.
        thread = threading.Thread(
            target=self.serve_forever, args=(0.05,), name="slack-http", daemon=True
        )
        thread.start()
        return thread


def serve(
    app: App,
    signing_secret: str,
    host: str = "127.0.0.1",
    port: int = 3000,
    *,
    read_timeout: float = READ_TIMEOUT,
) -> SlackHTTPServer:
    """Bind (port 0 picks a free port) without serving yet; call `serve_forever` or `start`."""
    return SlackHTTPServer(app, host, port, signing_secret, read_timeout)
