"""`boneguide assess`."""

from __future__ import annotations

import argparse

from assistant.errors import UsageError
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="facts JSON file (SPEC section 4); - for stdin")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="assess as of this date")
    parser.add_argument("--json", action="store_true", help="print the assessment JSON")


def run(args: argparse.Namespace, settings: Settings) -> int:
    raise UsageError("this command is not available yet")
