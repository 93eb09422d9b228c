"""`boneguide assess FILE [--today YYYY-MM-DD] [--json]`: the rules module alone on a facts file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from assistant.errors import UsageError
from assistant.printable import printable, printable_json
from assistant.report import render_report
from assistant.rules import assess, load_facts
from assistant.rules.codec import dump
from assistant.rules.loading import MAX_FACTS_BYTES, too_large
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="facts JSON file (SPEC section 4); - for stdin")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="assess as of this date")
    parser.add_argument("--json", action="store_true", help="print the assessment JSON")


def _today(args: argparse.Namespace, settings: Settings) -> dt.date:
    if args.today is None:
        return settings.today()
    try:
        return dt.date.fromisoformat(args.today)
    except ValueError:
        raise UsageError(f"--today {args.today!r} is not a date; use YYYY-MM-DD") from None


def _read(name: str) -> str:
    """The file's text, read no further than the loader's size bound (`/dev/zero` ends too)."""

    shown = "standard input" if name == "-" else name
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_FACTS_BYTES + 1)
        else:
            with Path(name).open("rb") as file:
                data = file.read(MAX_FACTS_BYTES + 1)
        if len(data) > MAX_FACTS_BYTES:
            raise too_large()
        return data.decode("utf-8-sig")  # tolerate a byte-order mark
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a directory, not a facts file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{shown}: is not a UTF-8 text file") from None
    except PermissionError:
        raise UsageError(f"{shown}: permission denied") from None
    except OSError as error:
        raise UsageError(f"{shown}: cannot be read ({error.strerror})") from None


def run(args: argparse.Namespace, settings: Settings) -> int:
    today = _today(args, settings)
    facts = load_facts(_read(args.file), today=today)
    assessment = assess(facts, today)
    if args.json:
        print(printable_json(dump(assessment), indent=2))
    else:
        sys.stdout.write(printable(render_report(assessment, facts), lines=True))
    return 0
