"""The source document split into its sections, so an answer can be checked against its section."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_SPACES = re.compile(r"\s+")
# A heading is a short line that does not end like a sentence, a list item or a table row.
_NOT_HEADING_END = (".", ":", "|", "∞", "?", "!", ",", ";")


def squeeze(text: str) -> str:
    """Collapse runs of whitespace, so line breaks never decide whether a sentence matches."""
    return _SPACES.sub(" ", text).strip()


def is_heading(line: str) -> bool:
    text = line.strip()
    return (
        bool(text)
        and len(text) <= 80
        and not text.startswith(("-", "|"))
        and not text.endswith(_NOT_HEADING_END)
        and "|" not in text
    )


@dataclass(frozen=True)
class SourceDocument:
    path: Path
    sections: dict[str, str]  # heading -> its body, whitespace squeezed
    paragraphs: tuple[tuple[str, str], ...]  # (heading, paragraph) in document order
    table_header: tuple[str, ...]  # the monitoring table's column names

    @classmethod
    def load(cls, path: Path) -> SourceDocument:
        sections: dict[str, list[str]] = {}
        paragraphs: list[tuple[str, str]] = []
        header: tuple[str, ...] = ()
        heading = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if not text:
                continue
            if is_heading(text):
                heading = text
                sections.setdefault(heading, [])
                continue
            if "|" in text and not header and not text.startswith("-"):
                header = tuple(cell.strip() for cell in text.split("|") if cell.strip())
            sections.setdefault(heading, []).append(text)
            paragraphs.append((heading, text))
        return cls(
            path=path,
            sections={name: squeeze(" ".join(lines)) for name, lines in sections.items()},
            paragraphs=tuple(paragraphs),
            table_header=header,
        )

    def contains(self, section: str, sentence: str) -> bool:
        return squeeze(sentence) in self.sections.get(section, "")

    def section_of(self, sentence: str) -> str | None:
        wanted = squeeze(sentence)
        for name, body in self.sections.items():
            if wanted in body:
                return name
        return None


def render(item: str, table_header: tuple[str, ...]) -> str:
    """One answer item as a person reads it: list markers and table rows spelled out."""
    if "|" in item:
        cells = [cell.strip() for cell in item.split("|") if cell.strip()]
        if len(cells) == len(table_header) and cells:
            named = zip(table_header[1:], cells[1:], strict=True)
            pairs = "; ".join(f"{name}: {value}" for name, value in named)
            return f"{cells[0]} ({pairs})."
        return " ".join(cells)
    # The document writes "Term ∞ explanation" for list items; a colon reads naturally.
    return item.replace(" ∞ ", ": ")
