"""`boneguide patients [--json]`: stored patients with their status for today."""

from __future__ import annotations

import argparse

from assistant.printable import printable_json
from assistant.records import patient_statuses
from assistant.records.actor import cli_actor
from assistant.records.listing import patients_table
from assistant.settings import Settings
from assistant.store import open_store


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="a JSON array, one object a patient")


def run(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings.store)
    try:
        statuses = patient_statuses(store, settings.today())
        actor = cli_actor()
        for status in statuses:  # the audit log records who saw which record
            store.audit(actor, status.patient_id, "cli: listed by `boneguide patients`")
    finally:
        store.close()
    if args.json:
        print(printable_json([status.to_json() for status in statuses], indent=2))
    else:
        print(patients_table(statuses))
    return 0
