"""`boneguide ask`."""

from __future__ import annotations

import argparse

from assistant.errors import UsageError
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="*", help="the question; stdin lines when omitted")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--unanswered", action="store_true",
                        help="list logged unanswered questions with counts")


def run(args: argparse.Namespace, settings: Settings) -> int:
    raise UsageError("this command is not available yet")
