"""`boneguide slack`."""

from __future__ import annotations

import argparse

from assistant.errors import UsageError
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--socket", action="store_true", help="Socket Mode (default)")
    mode.add_argument("--http", action="store_true", help="HTTP mode at /slack/events")
    parser.add_argument("--port", type=int, default=3000)


def run(args: argparse.Namespace, settings: Settings) -> int:
    raise UsageError("this command is not available yet")
