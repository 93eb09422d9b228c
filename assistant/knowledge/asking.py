"""The sentence of a message that asks: a story told around a question is not its topic."""

from __future__ import annotations

import re
from collections.abc import Sequence

# A sentence ends at . ! ? or a line break; "2.5" and "e.g." do not end one.
_SENTENCE = re.compile(r"(?<=[!?])\s+|(?<=[a-z)\]'\"])[.]\s+|\n+", re.IGNORECASE)
# The words that open a question and say what kind of answer it wants: closed classes of
# English, not the document's words.
WH_WORDS = ("what", "why", "how", "when", "where", "who", "which")
AUXILIARIES = (
    *("is", "are", "am", "was", "were", "can", "could", "should"),
    *("does", "do", "did", "will", "would", "has", "have"),
)
OPENING_REACH = 3  # an auxiliary opens a question only among its first words ("so is it ...")
_QUESTION_WORD = re.compile(
    r"^\W*(?:so|and|but|also|ok|okay|well|anyway)?\W*(?:whats|what's|"
    + "|".join((*WH_WORDS, *AUXILIARIES))
    + r"|tell me|explain)\b",
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


# Where a clause starts within a sentence.
_CLAUSE = re.compile(r"[,;:]\s+")


def from_question(text: str) -> str:
    """The message from the first clause that opens like a question to its end, without the
    courtesy before it ("perfect, thank you, is -2.1 bad": "is -2.1 bad"; "sorry, one more
    question: what is PTH"); the whole message when no clause opens like one."""
    starts = [0, *(found.end() for found in _CLAUSE.finditer(text))]
    return next((text[start:] for start in starts if _QUESTION_WORD.match(text[start:])), text)


_BACK = re.compile(r"\b(?:that|this|it|these|those|they|them|she|he|her|his)\b", re.IGNORECASE)


def refers_back(sentence: str) -> bool:
    """A pronoun points at an earlier sentence: the question needs its context."""
    return bool(_BACK.search(sentence))


def opening(
    stems: Sequence[str], wh_words: frozenset[str], auxiliaries: frozenset[str]
) -> tuple[str, ...]:
    """The word that opens the question in a sentence that asks, as stemmed: its first
    wh-word wherever it stands ("sorry, one more question: what is PTH"), with the next word
    after "how" ("how often"); else an auxiliary among its first OPENING_REACH words ("so is it
    safe"); () when neither opens it. `wh_words` and `auxiliaries`: WH_WORDS and AUXILIARIES as
    the analyser stems them."""
    for n, stem in enumerate(stems):
        if stem in wh_words:
            return (stem, stems[n + 1]) if stem == "how" and n + 1 < len(stems) else (stem,)
    return next(((stem,) for stem in stems[:OPENING_REACH] if stem in auxiliaries), ())
