"""`boneguide graph [DIALOG]`: a dialog's state machine as a Mermaid diagram."""

from __future__ import annotations

import argparse

from assistant.engine.callbacks import CALLBACKS
from assistant.engine.dialogs import load_dialogs
from assistant.engine.machine import mermaid
from assistant.errors import UsageError
from assistant.resources import DIALOGS_DIR
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dialog", nargs="?", help="dialog name (default: all)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    dialogs = load_dialogs(DIALOGS_DIR, None, CALLBACKS)
    if args.dialog is not None and args.dialog not in dialogs:
        raise UsageError(f"no dialog named {args.dialog!r}; there are: {', '.join(dialogs)}")
    names = [args.dialog] if args.dialog is not None else list(dialogs)
    print("\n\n".join(mermaid(dialogs[name].loaded) for name in names))
    return 0
