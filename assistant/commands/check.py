"""`boneguide check`: validate dialogs/ and knowledge/, and in a checkout the scripted tests of
tests/dialogs/, each problem as file:line: problem."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.errors import DefinitionError


def configure(parser: argparse.ArgumentParser) -> None:
    del parser


def _phrase_problems() -> list[DefinitionError]:
    from assistant.errors import DefinitionError
    from assistant.understanding.phrases import PHRASES_FILE, phrase_problems

    lines = PHRASES_FILE.read_text(encoding="utf-8").splitlines()

    def line_of(phrase: str) -> int | None:
        # the repeat is the last line naming the phrase
        hits = [n for n, line in enumerate(lines, 1) if f'"{phrase}"' in line]
        return hits[-1] if hits else None

    return [
        DefinitionError(str(PHRASES_FILE), line_of(phrase), text)
        for phrase, text in phrase_problems()
    ]


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.channels.script_files import check_scripts, script_paths
    from assistant.commands.test_dialogs import DEFAULT_SCRIPTS
    from assistant.engine.callbacks import CALLBACKS
    from assistant.engine.dialogs import check_dialogs, load_dialogs
    from assistant.errors import DefinitionError
    from assistant.knowledge import KnowledgeBase
    from assistant.resources import DIALOGS_DIR, KNOWLEDGE_DIR

    problems: list[DefinitionError] = []
    knowledge: KnowledgeBase | None = None
    try:
        knowledge = KnowledgeBase.load(KNOWLEDGE_DIR)
        problems.extend(knowledge.check())
    except DefinitionError as error:  # the knowledge base does not load at all
        problems.append(error)
    problems.extend(check_dialogs(DIALOGS_DIR, knowledge))
    problems.extend(_phrase_problems())
    if not problems and DEFAULT_SCRIPTS.is_dir():
        dialogs = load_dialogs(DIALOGS_DIR, knowledge, CALLBACKS)
        states = {state for dialog in dialogs.values() for state in dialog.states}
        problems.extend(check_scripts(script_paths([DEFAULT_SCRIPTS]), states))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        return 1
    files = sorted(DIALOGS_DIR.glob("*.yaml"))
    entries = len(knowledge.entries) if knowledge is not None else 0
    print(
        f"OK: {len(files)} dialog file{'s' if len(files) != 1 else ''}, {entries} knowledge entries"
    )
    return 0
