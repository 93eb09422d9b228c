"""`boneguide chat`: the terminal assistant, interactive on a terminal, line by line on a pipe."""

from __future__ import annotations

import argparse
import sys

from assistant import collector
from assistant.channels.terminal.capabilities import detect
from assistant.channels.terminal.conversation import find, patient_id_from
from assistant.channels.terminal.welcome import write_welcome
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--patient", metavar="ID", help="the patient record to use (default: local)"
    )
    parser.add_argument(
        "--new",
        action="store_true",
        help="start a new conversation instead of resuming the unfinished one",
    )
    parser.add_argument(
        "--history-file",
        action="store_true",
        help="keep input history in the data directory (owner-only); "
        "by default it is kept in memory only, as answers are health data",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    patient_id = patient_id_from(args.patient)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    caps = detect(interactive=interactive, encoding=sys.stdout.encoding)
    # The welcome goes out before the engine (dialogs, knowledge, rules) and prompt_toolkit
    # load: those take a few hundred milliseconds no one should stare at a blank line for.
    write_welcome(sys.stdout, caps, interactive=interactive)

    with collector.paused():
        from assistant.engine import Engine  # lazy: the welcome is written before the engine loads

        engine = Engine.from_settings(settings)
    store = engine.store

    try:
        conversation = find(store, patient_id, new=args.new)
        if not interactive:
            from assistant.channels.terminal.piped import PipedChat  # lazy: after the welcome

            return PipedChat(engine, caps, sys.stdout).run(
                conversation, sys.stdin, settings.today()
            )
        from assistant.channels.terminal.session import (  # lazy: prompt_toolkit, terminal only
            TerminalSession,
            file_history,
        )

        history = file_history(settings.data_dir) if args.history_file else None
        session = TerminalSession(
            engine, caps, today=settings.today(), history=history, follow_width=True
        )
        return session.run(conversation, welcome=False)
    finally:
        store.close()
