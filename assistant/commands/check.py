"""`boneguide check`: validate dialogs/ and knowledge/, each problem as file:line: problem."""

from __future__ import annotations

import argparse

from assistant.settings import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.engine.dialogs import check_dialogs
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
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        return 1
    dialogs = sorted(DIALOGS_DIR.glob("*.yaml"))
    entries = len(knowledge.entries) if knowledge is not None else 0
    print(
        f"OK: {len(dialogs)} dialog file{'s' if len(dialogs) != 1 else ''}, "
        f"{entries} knowledge entries"
    )
    return 0
