"""`boneguide chat`."""

from __future__ import annotations

import argparse

from assistant.errors import UsageError
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patient", metavar="ID", help="the patient record to use")
    parser.add_argument("--new", action="store_true", help="start a new conversation")
    parser.add_argument("--history-file", action="store_true",
                        help="keep input history in the data directory (owner-only)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    raise UsageError("this command is not available yet")
