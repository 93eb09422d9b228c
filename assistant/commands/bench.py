"""`boneguide bench [AREA...]`: speed and memory figures, each beside a baseline of the same run."""

from __future__ import annotations

import argparse
import importlib

from assistant.settings import Settings

# area -> module under assistant.bench exposing `run(settings, quick: bool) -> None`
AREAS = ("knowledge", "engine", "store", "slack", "interpret", "startup")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "areas",
        nargs="*",
        choices=(*AREAS, []),
        metavar="AREA",
        help=f"one or more of {', '.join(AREAS)} (default: all)",
    )
    parser.add_argument("--quick", action="store_true", help="smaller runs, for CI")


def run(args: argparse.Namespace, settings: Settings) -> int:
    for area in args.areas or AREAS:
        print(f"== {area} ==", flush=True)
        importlib.import_module(f"assistant.bench.{area}").run(settings, quick=args.quick)
    return 0
