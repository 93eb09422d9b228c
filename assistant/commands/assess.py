"""`boneguide assess FILE [--today YYYY-MM-DD] [--json]`: the rules module alone on a facts file."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from assistant.errors import UsageError
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
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8-sig")  # tolerate a byte-order mark
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{name}: is a directory, not a facts file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{name}: is not a UTF-8 text file") from None
    except OSError as error:
        raise UsageError(f"{name}: cannot be read ({error.strerror})") from None


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.report import render_report
    from assistant.rules import assess, load_facts

    today = _today(args, settings)
    facts = load_facts(_read(args.file), today=today)
    assessment = assess(facts, today)
    if args.json:
        print(json.dumps(assessment.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_report(assessment))
    return 0
