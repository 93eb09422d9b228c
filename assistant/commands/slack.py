"""`boneguide slack [--socket | --http --port N]`: the Slack bot (SPEC section 9)."""

from __future__ import annotations

import argparse
import logging
import os

from assistant.channels.slack.config import Mode, slack_config
from assistant.errors import UsageError
from assistant.printable import printable
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--socket", action="store_true", help="Socket Mode (default; no public URL)")
    mode.add_argument(
        "--http", action="store_true", help="HTTP mode: Slack's requests at /slack/events"
    )
    parser.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    parser.add_argument("--host", default="0.0.0.0", help="HTTP address (default 0.0.0.0)")


class _PrintableFormatter(logging.Formatter):
    """Log lines may quote what came in from Slack: no control character reaches the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record), lines=True)


def run(args: argparse.Namespace, settings: Settings) -> int:
    mode: Mode = "http" if args.http else "socket"
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a port number; use 1 to 65535")
    config = slack_config(settings, mode)  # before the slow imports: a bad token fails fast
    # The settings hold the token from here on. Bolt would read it from the environment a
    # second time and warn that the client it is given wins; nothing after this needs it there.
    os.environ.pop("SLACK_BOT_TOKEN", None)
    handler = logging.StreamHandler()
    handler.setFormatter(_PrintableFormatter("%(asctime)s %(levelname)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])

    # A bad token fails before slack-bolt and the engine load.
    from assistant.channels.slack.app import build_app  # lazy: after the token is checked
    from assistant.channels.slack.logs import quiet_bodies  # lazy: after the token is checked
    from assistant.channels.slack.services import Services  # lazy: after the token is checked

    quiet_bodies(*logging.getLogger().handlers)
    app = build_app(config, Services.from_settings(settings), settings.clinicians)
    if mode == "http":
        from assistant.channels.slack.server import EVENTS_PATH, serve  # lazy: HTTP mode only

        assert config.signing_secret is not None  # slack_config checked it for HTTP mode
        server = serve(app, config.signing_secret, args.host, args.port)
        print(
            f"BoneGuide Slack bot listening on http://{args.host}:{server.port}{EVENTS_PATH}",
            flush=True,
        )
        try:
            server.serve_forever()
        finally:
            server.server_close()
        return 0
    from assistant.channels.slack.socket_mode import socket_handler  # lazy: Socket Mode only

    assert config.app_token is not None  # slack_config checked it for Socket Mode
    print("BoneGuide Slack bot connecting in Socket Mode", flush=True)
    socket_handler(app, config.app_token).start()  # type: ignore[no-untyped-call]
    return 0
