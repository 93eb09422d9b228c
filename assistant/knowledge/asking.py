"""The sentence of a message that asks: a story told around a question is not its topic."""

from __future__ import annotations

import re

# A sentence ends at . ! ? or a line break; "2.5" and "e.g." do not end one.
_SENTENCE = re.compile(r"(?<=[!?])\s+|(?<=[a-z)\]'\"])[.]\s+|\n+", re.IGNORECASE)
_QUESTION_WORD = re.compile(
    r"^\W*(?:so|and|but|also|ok|okay|well|anyway)?\W*(?:what|whats|what's|why|how|when|where|who|"
    r"which|is|are|am|was|were|can|could|should|does|do|did|will|would|has|have|tell me|explain)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]


def asking_sentence(text: str) -> str:
    """The last sentence with a question mark, else the last that opens like a question, else
    the whole message ("I was diagnosed last year. My DEXA came back at -2.1. Is that bad?")."""
    parts = sentences(text)
    if len(parts) < 2:
        return text
    for part in reversed(parts):
        if part.endswith("?"):
            return part
    for part in reversed(parts):
        if _QUESTION_WORD.match(part):
            return part
    return text


_BACK = re.compile(r"\b(?:that|this|it|these|those|they|them|she|he|her|his)\b", re.IGNORECASE)


def refers_back(sentence: str) -> bool:
    """A pronoun points at an earlier sentence: the question needs its context."""
    return bool(_BACK.search(sentence))
