"""`boneguide ask`: answers questions from the knowledge base, and lists the unanswered ones."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from assistant import wording
from assistant.errors import StoreError, UsageError
from assistant.knowledge import KnowledgeBase
from assistant.printable import printable, printable_json
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.knowledge import KnowledgeAnswer
    from assistant.store.base import Store

CHANNEL = "cli"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="*", help="the question; stdin lines when omitted")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument(
        "--unanswered", action="store_true", help="list logged unanswered questions with counts"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.unanswered:
        if args.question:
            raise UsageError("--unanswered lists the log; give it no question")
        return _list_unanswered(args, settings)
    if args.question and not " ".join(args.question).strip():
        raise UsageError('the question is empty; for example: boneguide ask "what is a T-score?"')
    if not args.question and sys.stdin.isatty():
        raise UsageError(
            'give a question, e.g. boneguide ask "what is a T-score?", '
            "or pipe questions one per line"
        )

    kb = KnowledgeBase.default()
    questions = [" ".join(args.question)] if args.question else [line.strip() for line in sys.stdin]
    log = _UnansweredLog(settings)
    try:
        for question in questions:
            if not question:
                continue
            answer = kb.ask(question)
            if not answer.answered:
                log.add(question)
            print(
                printable_json(answer.to_json())
                if args.json
                else printable(_render(answer), lines=True),
                flush=True,
            )
    finally:
        log.close()
    return 0


def _render(answer: KnowledgeAnswer) -> str:
    if not answer.answered:
        # An offer leads into its suggestions; what the document lacks is followed by them.
        lines = [answer.answer]
        if answer.suggestions and answer.answer != wording.text("knowledge.offer"):
            lines.append(wording.text("knowledge.suggestions"))
        if answer.suggestions:
            lines += [f"  {n}. {s.title}" for n, s in enumerate(answer.suggestions, 1)]
        return "\n".join(lines) + "\n"
    if answer.external:
        source = wording.text("knowledge.source_external", citation=answer.source)
    else:
        source = wording.text("knowledge.source_document", section=answer.source)
    return f"{answer.title}\n{answer.answer}\n{source}\n"


class _UnansweredLog:
    """Opens the store only when a question goes unanswered, so answering stays fast."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store: Store | None = None
        self.failed = False

    def add(self, question: str) -> None:
        if self.failed:
            return

        try:
            if self.store is None:
                from assistant.store import (
                    open_store,  # lazy: answering a question never loads the store
                )

                self.store = open_store(self.settings.store)
            self.store.log_unanswered(question, CHANNEL)
        except (StoreError, ImportError) as error:
            # The answer still matters more than the log: say so once, keep answering.

            self.failed = True
            print(
                f"boneguide: could not log the unanswered question: {printable(str(error))}",
                file=sys.stderr,
            )

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _list_unanswered(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.store import open_store  # lazy: answering a question never loads the store

    store: Store = open_store(settings.store)
    try:
        rows = store.unanswered()
    finally:
        store.close()
    for row in rows:
        if args.json:
            print(
                printable_json(
                    {
                        "question": row.question,
                        "count": row.count,
                        "last_asked": row.last_asked.isoformat(),
                    }
                )
            )
        else:
            print(f"{row.count:5d}  {row.last_asked:%Y-%m-%d}  {printable(row.question)}")
    if not rows and not args.json:
        print("No unanswered questions logged.")
    return 0
