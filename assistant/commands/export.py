"""`boneguide export --patient ID [--format json|fhir]`: one patient's record, audited."""

from __future__ import annotations

import argparse
import datetime as dt

from assistant.printable import printable_json
from assistant.records import export_record
from assistant.records.actor import cli_actor
from assistant.settings import Settings
from assistant.store import open_store


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patient", metavar="ID", required=True)
    parser.add_argument(
        "--format",
        choices=("json", "fhir"),
        default="json",
        help="json (facts with provenance, assessment) or a FHIR R4 Bundle",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings.store)
    try:
        record = export_record(
            store, args.patient.strip(), args.format, cli_actor(), dt.datetime.now(dt.UTC)
        )
    finally:
        store.close()
    print(printable_json(record, indent=2))
    return 0
