"""`boneguide interpret [TEXT] [--json] [--today YYYY-MM-DD]`: values pasted in free text (a clinic
note, a DEXA or lab report; TEXT, or stdin as one message) read with the dialog's readers, and
assessed. Nothing is stored."""

from __future__ import annotations

import argparse
import sys

from assistant.commands.assess import _today
from assistant.errors import UsageError
from assistant.printable import printable, printable_json
from assistant.report import render_report
from assistant.rules import Assessment, Facts
from assistant.settings import Settings
from assistant.understanding import Interpretation, assessed, interpret, reading_as_json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="*", help="the message; stdin (one message) when omitted")
    parser.add_argument(
        "--json", action="store_true", help="print {facts, understood, questions, assessment}"
    )
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="read and assess as of this date")


def run(args: argparse.Namespace, settings: Settings) -> int:
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
    reading = interpret(text, today)
    if args.json:
        print(printable_json(reading_as_json(reading, today), indent=2))
    else:  # a question may quote the pasted words, control characters and all
        sys.stdout.write(printable(_render(reading, assessed(reading, today)), lines=True))
    return 0


def _render(reading: Interpretation, made: tuple[Facts, Assessment] | None) -> str:
    lines = ["Read:"] + [f"  {line}" for line in reading.understood or ["nothing"]]
    if reading.unplaced:
        lines += ["Not placed (please check):"] + [f"  {q}" for q in reading.unplaced]
    text = "\n".join(lines) + "\n\n"
    if made is not None:
        # The facts the assessment was made of: each result shows in the unit it was given in.
        facts, assessment = made
        text += render_report(assessment, facts)
    return text
