"""`boneguide test-dialogs [PATH...]`: run scripted conversations, print each result and a total."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.errors import UsageError
from assistant.settings import Settings

# Scripted tests belong to a checkout, not to the installed package: found from where it runs.
DEFAULT_SCRIPTS = Path("tests") / "dialogs"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        type=Path,
        help="script files or folders (default: tests/dialogs/)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.channels.script_files import script_paths
    from assistant.channels.scripted import run_script
    from assistant.errors import DefinitionError
    from assistant.knowledge import KnowledgeBase
    from assistant.printable import printable

    if not args.paths and not DEFAULT_SCRIPTS.is_dir():
        raise UsageError("no tests/dialogs/ here: run from a checkout, or give a file or a folder")
    paths = script_paths(args.paths or [DEFAULT_SCRIPTS])
    if not paths:
        raise UsageError(
            "no dialog scripts (*.yaml) found; run from a checkout or give a file or a folder"
        )
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UsageError(f"no such script: {', '.join(missing)}")
    knowledge = KnowledgeBase.default()
    passed = failed = 0
    for path in paths:
        try:
            result = run_script(path, knowledge=knowledge)
        except DefinitionError as error:  # a malformed script fails alone; the others still run
            print(printable(f"FAIL {error}"), flush=True)
            failed += 1
            continue
        print(printable(result.report(), lines=True), flush=True)
        if result.passed:
            passed += 1
        else:
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
