"""`boneguide purge`."""

from __future__ import annotations

import argparse

from assistant.errors import UsageError
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--patient", metavar="ID")
    group.add_argument("--older-than", metavar="DAYS", type=int)


def run(args: argparse.Namespace, settings: Settings) -> int:
    raise UsageError("this command is not available yet")
