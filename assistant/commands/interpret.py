"""`boneguide interpret [TEXT] [--json] [--today YYYY-MM-DD]`: values pasted in free text (a clinic
note, a DEXA or lab report; TEXT, or stdin as one message) read with the dialog's readers, and
assessed. Nothing is stored."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from assistant.commands.assess import _today
from assistant.errors import UsageError
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="*", help="the message; stdin (one message) when omitted")
    parser.add_argument(
        "--json", action="store_true", help="print {facts, understood, questions, assessment}"
    )
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="read and assess as of this date")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.printable import printable, printable_json
    from assistant.understanding import interpret, reading_as_json

    if args.text:
        text = " ".join(args.text)
    elif sys.stdin.isatty():
        raise UsageError(
            'give the text, e.g. boneguide interpret "58F, spine T -2.7, vit D 45 nmol/L", '
            "or pipe a note or report"
        )
    else:
        text = sys.stdin.read()
    today = _today(args, settings)
    reading = reading_as_json(interpret(text, today), today)
    if args.json:
        print(printable_json(reading, indent=2))
    else:  # a question may quote the pasted words, control characters and all
        sys.stdout.write(printable(_render(reading), lines=True))
    return 0


def _render(reading: dict[str, Any]) -> str:
    from assistant.report import render_report
    from assistant.rules import Assessment, Facts

    lines = ["Read:"] + [f"  {line}" for line in reading["understood"] or ["nothing"]]
    if reading["questions"]:
        lines += ["Not placed (please check):"] + [f"  {q}" for q in reading["questions"]]
    text = "\n".join(lines) + "\n\n"
    if reading["assessment"] is not None:
        # The facts the assessment was made of: each result shows in the unit it was given in.
        facts = Facts.model_validate(reading["facts"])
        text += render_report(Assessment.model_validate(reading["assessment"]), facts)
    return text
