"""`boneguide schema facts|assessment`: the JSON Schema of the contract (SPEC sections 4 and 5)."""

from __future__ import annotations

import argparse
import json

from assistant.rules import Assessment, Facts
from assistant.rules.codec import json_schema
from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("which", choices=("facts", "assessment"))


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.which == "facts":
        schema = json_schema(Facts, "validation")
    else:
        schema = json_schema(Assessment, "serialization")
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0
