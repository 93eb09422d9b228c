"""The `boneguide` command line: parses arguments and hands off to one command module.

Each command lives in `assistant/commands/<name>.py` with `configure(parser)` and
`run(args, settings) -> int`. Only the chosen command's module is imported (the help lines
live in the table below), so `boneguide ask` never pays for slack-bolt or the rules.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable, Collection, Sequence

from assistant import __version__, collector
from assistant.errors import BoneGuideError
from assistant.printable import printable
from assistant.settings import Settings

# command name -> (module under assistant.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "chat": ("chat", "talk with the assistant in the terminal (the default)"),
    "ask": ("ask", "answer a question from the knowledge base"),
    "assess": ("assess", "assess a facts JSON file with the rules module"),
    "interpret": ("interpret", "read values pasted in a note or report, and assess them"),
    "export": ("export", "export a patient's facts and assessment (json or fhir)"),
    "patients": ("patients", "list stored patients with their status"),
    "due": ("due", "list patients with overdue or soon-due monitoring"),
    "purge": ("purge", "delete a patient's records, or records older than N days"),
    "slack": ("slack", "run the Slack bot"),
    "test-dialogs": ("test_dialogs", "run scripted dialog tests"),
    "check": ("check", "validate dialogs/ and knowledge/"),
    "graph": ("graph", "print a dialog's state machine as a Mermaid diagram"),
    "schema": ("schema", "print the JSON Schema of the facts or the assessment"),
    "bench": ("bench", "measure speed and memory"),
}


def _command_module(module: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"assistant.commands.{module}")


def build_parser(configured: Collection[str] = COMMANDS) -> argparse.ArgumentParser:
    """The whole command line; only the commands in `configured` get their own arguments,
    so their modules alone are imported (`boneguide --help` lists every command anyway)."""
    parser = argparse.ArgumentParser(
        prog="boneguide",
        description="Bone-health monitoring during anastrozole therapy. "
        "Run without a command to start the assistant.",
    )
    parser.add_argument("--version", action="version", version=f"boneguide {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        command_parser.set_defaults(_module=module)
        if name in configured:
            _command_module(module).configure(command_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The program (`boneguide`, `python -m assistant`); `argv` given, a call from Python."""
    if argv is not None:
        return _main(list(argv))
    # Start-up makes a great many objects that live as long as the process (modules, schemas,
    # parser tables). The cyclic collector would scan them again and again while they are
    # made, and once more at exit: that cost a short command a fifth of its time. So none is
    # collected while starting, and what start-up made is set aside (`gc.freeze`) before the
    # command runs with the collector on, and again before exit.
    gc.disable()
    try:
        return _main(sys.argv[1:], started=collector.settle)
    finally:
        gc.freeze()


def _main(argv: list[str], started: Callable[[], None] = lambda: None) -> int:
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["chat", *argv]
    parser = build_parser(configured=argv[:1])  # the command is always the first word
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        command = _command_module(args._module)
        started()
        result: int = command.run(args, settings)
        return result
    except BoneGuideError as error:
        # A message may quote what a person typed: a patient id, a field name, a question.
        print(f"boneguide: {printable(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
