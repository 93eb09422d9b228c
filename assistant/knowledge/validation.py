"""`boneguide check` for knowledge/: every problem an entry file can have, with file and line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import DefinitionError
from assistant.knowledge.entries import answer_lines

if TYPE_CHECKING:
    from assistant.knowledge.knowledge_base import KnowledgeBase


def check_knowledge(kb: KnowledgeBase) -> list[DefinitionError]:
    problems = list(kb.problems)
    seen: dict[str, str] = {}
    known_intents = set(kb.intents.names)
    sections = kb.document.sections
    for entry in kb.entries:
        where = f"{entry.file}:{entry.line}"
        if entry.id in seen:
            problems.append(
                DefinitionError(
                    entry.file, entry.line, f"duplicate id {entry.id!r} (first at {seen[entry.id]})"
                )
            )
        else:
            seen[entry.id] = where
        for other in entry.related:
            if other not in kb._by_id:
                problems.append(
                    DefinitionError(
                        entry.file,
                        entry.line,
                        f"{entry.id}: related entry {other!r} does not exist",
                    )
                )
        for intent in entry.intents:
            if intent not in known_intents:
                problems.append(
                    DefinitionError(
                        entry.file,
                        entry.line,
                        f"{entry.id}: intent {intent!r} is not in out_of_scope.yaml",
                    )
                )
        if entry.external or entry.section is None:
            continue
        if entry.section not in sections:
            problems.append(
                DefinitionError(
                    entry.file,
                    entry.line,
                    f"{entry.id}: section {entry.section!r} is not a heading of the document",
                )
            )
            continue
        lines = answer_lines(kb.directory.parent / entry.file, entry)
        for item in entry.answer:
            if kb.document.contains(entry.section, item):
                continue
            elsewhere = kb.document.section_of(item)
            hint = (
                f"it is in section {elsewhere!r}"
                if elsewhere
                else "copy the sentence exactly as the document writes it"
            )
            problems.append(
                DefinitionError(
                    entry.file,
                    lines.get(item, entry.line),
                    f"{entry.id}: answer sentence not found in section {entry.section!r}: {hint}",
                )
            )
    for fact, entry_id in kb.why.items():
        if entry_id not in kb._by_id:
            problems.append(
                DefinitionError(
                    "knowledge/why_we_ask.yaml", None, f"{fact}: entry {entry_id!r} does not exist"
                )
            )
    return problems
