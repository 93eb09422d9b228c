"""`boneguide purge --patient ID | --older-than DAYS`: retention; prints what was removed."""

from __future__ import annotations

import argparse
import sys

from assistant.errors import UsageError
from assistant.printable import printable
from assistant.records.actor import cli_actor
from assistant.settings import Settings
from assistant.store import open_store
from assistant.store.purge import describe


def configure(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--patient", metavar="ID", help="delete every record of this patient")
    group.add_argument(
        "--older-than",
        metavar="DAYS",
        type=int,
        help="delete patients and conversations untouched for DAYS days",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.older_than is not None and args.older_than < 1:
        raise UsageError(f"--older-than {args.older_than}: give a number of days, 1 or more")
    patient = args.patient.strip() if args.patient is not None else None
    if patient == "":
        raise UsageError("--patient: give the patient id, as `boneguide patients` lists it")
    store = open_store(settings.store)
    try:
        if patient is not None:
            removed = store.purge_patient(patient, cli_actor())
            if not any(removed.values()):
                print(
                    f"boneguide: no records of patient {printable(repr(patient))}; nothing removed",
                    file=sys.stderr,
                )
                return 1
            print(f"removed patient {printable(patient)}: {describe(removed)}")
        else:
            removed = store.purge_older_than(args.older_than, cli_actor())
            print(f"removed records untouched for {args.older_than} days: {describe(removed)}")
    finally:
        store.close()
    if settings.history_file.exists():
        # One file for everyone at this terminal, holding typed lines without patient ids: it
        # cannot be cleaned of one patient, so it is named rather than touched.
        print(
            f"note: the input history of `chat --history-file` at {settings.history_file} is "
            "not touched by purge and may hold what was typed here; delete it if need be"
        )
    return 0
