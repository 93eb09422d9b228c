"""`boneguide due [--json]`: patients with monitoring overdue, missing or due within 60 days."""

from __future__ import annotations

import argparse
import sys

from assistant.printable import printable, printable_json
from assistant.records import patient_statuses
from assistant.records.actor import cli_actor
from assistant.records.listing import due_table
from assistant.records.status import by_urgency
from assistant.settings import Settings
from assistant.store import open_store


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="a JSON array, one object a patient")


def run(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings.store)
    try:
        everyone = patient_statuses(store, settings.today())
        statuses = by_urgency([status for status in everyone if status.due])
        actor = cli_actor()
        for status in statuses:  # the audit log records who saw which record
            store.audit(actor, status.patient_id, "cli: listed by `boneguide due`")
    finally:
        store.close()
    for status in everyone:
        if status.problem:  # never leave a patient off the list without saying so
            problem = f"patient {status.patient_id}: {status.problem}"
            print(f"boneguide: {printable(problem)}", file=sys.stderr)
    if args.json:
        rows = [{"patient_id": s.patient_id, "due": s.due} for s in statuses]
        print(printable_json(rows, indent=2))
    else:
        print(due_table(statuses))
    return 0
