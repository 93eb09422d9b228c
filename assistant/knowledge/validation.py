"""`boneguide check` for knowledge/: every problem an entry file can have, with file and line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import DefinitionError
from assistant.knowledge.analysis import words
from assistant.knowledge.entries import answer_lines, read_yaml

if TYPE_CHECKING:
    from assistant.knowledge.knowledge_base import KnowledgeBase


def check_knowledge(kb: KnowledgeBase) -> list[DefinitionError]:
    problems = [*kb.problems, *check_data(kb.directory)]
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


def data_counts(directory: Path) -> dict[str, int]:
    """How much curated data the knowledge base holds (`boneguide bench knowledge` prints it)."""
    lexicon = read_yaml(directory / "lexicon.yaml", "knowledge/lexicon.yaml") or {}
    intents = (read_yaml(directory / "out_of_scope.yaml", "knowledge/out_of_scope.yaml") or {}).get(
        "intents"
    ) or {}
    synonyms = lexicon.get("synonyms") or {}
    entries = [
        entry
        for path in sorted((directory / "entries").glob("*.yaml"))
        for entry in (read_yaml(path, str(path)) or [])
    ]
    return {
        "entries": len(entries),
        "example questions": sum(len(e.get("questions") or ()) for e in entries),
        "keywords": sum(len(e.get("keywords") or ()) for e in entries),
        "lexicon terms": len(synonyms),
        "lexicon variants": sum(len(v or ()) for v in synonyms.values()),
        "ignored words": len(lexicon.get("ignore") or ()),
        "ignored phrases": len(lexicon.get("ignore_phrases") or ()),
        "cue phrases": sum(len(v or ()) for v in (lexicon.get("cues") or {}).values()),
        "out-of-scope phrases": len(list(_intent_phrases(intents))),
    }


def _intent_phrases(intents: Any) -> Iterator[tuple[str, str, str]]:
    """(intent, class of question, phrase) for every out-of-scope phrase."""
    if not isinstance(intents, dict):
        return
    for name, body in intents.items():
        groups = body.get("phrases") if isinstance(body, dict) else None
        for kind, phrases in (groups or {}).items():
            for phrase in phrases or ():
                yield str(name), str(kind), str(phrase)


def check_data(directory: Path) -> list[DefinitionError]:
    """Duplicate or conflicting lexicon, ignore and out-of-scope items: each one names the
    first place the item was given, so the smaller data stays consistent."""
    problems: list[DefinitionError] = []
    lexicon_file, scope_file = "knowledge/lexicon.yaml", "knowledge/out_of_scope.yaml"
    lexicon = read_yaml(directory / "lexicon.yaml", lexicon_file) or {}
    lines = _Lines(directory / "lexicon.yaml")

    def norm(text: Any) -> str:
        return " ".join(words(str(text)))

    where: dict[str, str] = {}  # variant -> its canonical term
    for canonical, variants in (lexicon.get("synonyms") or {}).items():
        for variant in variants or ():
            key = norm(variant)
            if key == norm(canonical):
                problems.append(
                    DefinitionError(
                        lexicon_file,
                        lines.find(variant),
                        f"synonym {variant!r} repeats its own term",
                    )
                )
            elif key in where:
                what = "listed twice" if where[key] == canonical else f"also maps to {where[key]!r}"
                problems.append(
                    DefinitionError(
                        lexicon_file,
                        lines.find(variant, second=where[key] == canonical),
                        f"synonym {variant!r} of {canonical!r} {what}",
                    )
                )
            else:
                where[key] = str(canonical)
    seen: set[str] = set()
    for word in lexicon.get("ignore") or ():
        key = norm(word)
        if key in seen:
            problems.append(
                DefinitionError(
                    lexicon_file,
                    lines.find(f" {word},", second=True),
                    f"ignored word {word!r} listed twice",
                )
            )
        elif key in where:
            problems.append(
                DefinitionError(
                    lexicon_file,
                    lines.find(f" {word},"),
                    f"ignored word {word!r} is also a synonym of {where[key]!r}",
                )
            )
        seen.add(key)
    phrases: set[str] = set()
    for phrase in lexicon.get("ignore_phrases") or ():
        if norm(phrase) in phrases:
            problems.append(
                DefinitionError(
                    lexicon_file,
                    lines.find(phrase, second=True),
                    f"ignored phrase {phrase!r} listed twice",
                )
            )
        phrases.add(norm(phrase))
    intents = (read_yaml(directory / "out_of_scope.yaml", scope_file) or {}).get("intents") or {}
    scope_lines = _Lines(directory / "out_of_scope.yaml")
    given: dict[str, str] = {}
    for name, kind, phrase in _intent_phrases(intents):
        key = norm(phrase)
        if not kind.strip() or kind.strip().isdigit():
            problems.append(
                DefinitionError(
                    scope_file,
                    scope_lines.find(phrase),
                    f"{name}: say what class of question {phrase!r} stands for",
                )
            )
        if key in given:
            problems.append(
                DefinitionError(
                    scope_file,
                    scope_lines.find(phrase, second=True),
                    f"out-of-scope phrase {phrase!r} ({name}) already given under {given[key]}",
                )
            )
        else:
            given[key] = name
    return problems


class _Lines:
    """The line of an item in a data file (the second occurrence for a duplicate)."""

    def __init__(self, path: Path) -> None:
        try:
            self.text = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            self.text = []

    def find(self, item: str, second: bool = False) -> int | None:
        pattern = re.compile(rf"(?<![\w-]){re.escape(item.strip())}(?![\w-])")
        found = [
            n + 1
            for n, line in enumerate(self.text)
            if not line.lstrip().startswith("#") and pattern.search(line)
        ]
        if not found:
            return None
        return found[1] if second and len(found) > 1 else found[0]
