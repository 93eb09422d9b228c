"""Knowledge entries: reading knowledge/entries/*.yaml with line numbers, and checking each field.

Loading never stops at the first mistake: every problem is kept, with its file and line, for
`boneguide check`; an entry too broken to use is left out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.errors import DefinitionError

FIELDS = frozenset(
    {
        "id",
        "title",
        "section",
        "answer",
        "questions",
        "keywords",
        "related",
        "external",
        "citation",
        "intents",
    }
)
_LINE = "__line__"
_KEY_LINES = "__key_lines__"


@dataclass(frozen=True)
class KnowledgeEntry:
    id: str
    title: str
    answer: tuple[str, ...]  # verbatim sentences (or table rows) of the document, or external text
    section: str | None  # the document's section heading; None for external entries
    questions: tuple[str, ...]
    keywords: tuple[str, ...]
    related: tuple[str, ...]
    external: bool
    citation: str | None  # where an external entry comes from
    intents: tuple[str, ...]  # out-of-scope intents this entry does answer (e.g. "dose")
    file: str
    line: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KnowledgeEntry:
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            answer=tuple(data["answer"]),
            section=data["section"],
            questions=tuple(data["questions"]),
            keywords=tuple(data["keywords"]),
            related=tuple(data["related"]),
            external=bool(data["external"]),
            citation=data["citation"],
            intents=tuple(data["intents"]),
            file=str(data["file"]),
            line=int(data["line"]),
        )

    @property
    def source(self) -> str:
        """What an answer names as its source: the section heading, or the external citation."""
        return (self.citation or "") if self.external else (self.section or "")


@lru_cache(maxsize=1)
def _line_loader() -> type[Any]:
    # PyYAML costs ~30 ms to import: only building the index from sources needs it.
    import yaml  # lazy: PyYAML, only to build the index

    class LineLoader(yaml.CSafeLoader):
        """Keeps the line of every mapping and of each of its keys, for error messages."""

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            mapping = super().construct_mapping(node, deep=deep)
            mapping[_LINE] = node.start_mark.line + 1
            mapping[_KEY_LINES] = {key.value: key.start_mark.line + 1 for key, _ in node.value}
            return mapping

    return LineLoader


def read_yaml(path: Path, label: str, with_lines: bool = False) -> Any:
    """Parse one YAML file; a syntax error becomes a DefinitionError naming file and line."""
    import yaml  # lazy: PyYAML, only to build the index

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DefinitionError(label, None, f"cannot read: {error.strerror}") from None
    try:
        return yaml.load(text, Loader=_line_loader() if with_lines else yaml.CSafeLoader)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise DefinitionError(label, line, f"invalid YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise DefinitionError(label, None, f"invalid YAML: {error}") from None


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def parse_entries(path: Path, label: str) -> tuple[list[KnowledgeEntry], list[DefinitionError]]:
    """The entries of one file, and every problem found in it."""
    data = read_yaml(path, label, with_lines=True)
    problems: list[DefinitionError] = []
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [DefinitionError(label, 1, "expected a list of entries")]
    entries: list[KnowledgeEntry] = []
    for raw in data:
        if not isinstance(raw, dict):
            problems.append(DefinitionError(label, None, "each entry must be a mapping"))
            continue
        entry, found = _parse_entry(raw, label)
        problems.extend(found)
        if entry is not None:
            entries.append(entry)
    return entries, problems


def _parse_entry(
    raw: dict[str, Any], label: str
) -> tuple[KnowledgeEntry | None, list[DefinitionError]]:
    line: int = raw.pop(_LINE)
    key_lines: dict[str, int] = raw.pop(_KEY_LINES)
    problems: list[DefinitionError] = []

    def problem(key: str | None, text: str) -> None:
        at = key_lines.get(key, line) if key else line
        problems.append(DefinitionError(label, at, text))

    for key in raw:
        if key not in FIELDS:
            problem(str(key), f"unknown key {key!r}; allowed: {', '.join(sorted(FIELDS))}")
    entry_id, title = raw.get("id"), raw.get("title")
    if not isinstance(entry_id, str) or not entry_id.strip():
        problem("id", "entry needs an `id` (text)")
        return None, problems
    if not isinstance(title, str) or not title.strip():
        problem("title", f"entry {entry_id!r} needs a `title` (text)")
    answer = _strings(raw.get("answer"))
    if not answer:
        problem("answer", f"entry {entry_id!r} needs an `answer`: a list of sentences")
        return None, problems
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("questions", "keywords", "related", "intents"):
        value = _strings(raw.get(key, []))
        if value is None:
            problem(key, f"entry {entry_id!r}: `{key}` must be a list of text")
        lists[key] = value or ()
    external = raw.get("external", False)
    if not isinstance(external, bool):
        problem("external", f"entry {entry_id!r}: `external` must be true or false")
        external = False
    section, citation = raw.get("section"), raw.get("citation")
    if external and not isinstance(citation, str):
        problem("citation", f"external entry {entry_id!r} needs a `citation`")
    if not external and not isinstance(section, str):
        problem("section", f"entry {entry_id!r} needs the `section` heading its answer comes from")
    entry = KnowledgeEntry(
        id=entry_id,
        title=title if isinstance(title, str) else entry_id,
        answer=answer,
        section=section if isinstance(section, str) else None,
        questions=lists["questions"],
        keywords=lists["keywords"],
        related=lists["related"],
        external=external,
        citation=citation if isinstance(citation, str) else None,
        intents=lists["intents"],
        file=label,
        line=line,
    )
    return entry, problems


def answer_lines(path: Path, entry: KnowledgeEntry) -> dict[str, int]:
    """The line of each answer item in its file, so a wrong sentence is reported where it is."""
    lines: dict[str, int] = {}
    try:
        text = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return lines
    for item in entry.answer:
        probe = item[:40]
        for number in range(entry.line - 1, len(text)):
            if probe in text[number]:
                lines[item] = number + 1
                break
    return lines
