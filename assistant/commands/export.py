"""`boneguide export`."""

from __future__ import annotations

import argparse

from assistant.errors import UsageError
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patient", metavar="ID", required=True)
    parser.add_argument("--format", choices=("json", "fhir"), default="json")


def run(args: argparse.Namespace, settings: Settings) -> int:
    raise UsageError("this command is not available yet")
