"""`boneguide schema`."""

from __future__ import annotations

import argparse

from assistant.errors import UsageError
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("which", choices=("facts", "assessment"))


def run(args: argparse.Namespace, settings: Settings) -> int:
    raise UsageError("this command is not available yet")
