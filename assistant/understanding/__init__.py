"""Understanding what people type: typed value parsers, global commands, questions, and the quick
interpretation of a pasted message. Deterministic and LLM-free; nothing here does I/O after import.

    PARSERS[name].parse(text, ParseContext(today, ...)) -> Outcome
        (Parsed | Ambiguous | Implausible | NoMatch)
    detect_command(text) -> Command | None
    looks_like_question(text) -> bool
    interpret(text, today) -> Interpretation; reading_as_json(it, today) -> SPEC section 3 JSON
"""

from __future__ import annotations

from assistant.understanding.command_words import COMMAND_NAMES, FACT_NAMES, Command, detect_command
from assistant.understanding.interpretation import Interpretation, interpret, reading_as_json
from assistant.understanding.outcomes import (
    Ambiguous,
    Implausible,
    LabValue,
    NoMatch,
    Outcome,
    ParseContext,
    Parsed,
    Parser,
    PartialDate,
)
from assistant.understanding.phrases import CHOICE_SYNONYMS
from assistant.understanding.questions import looks_like_question
from assistant.understanding.registry import PARSERS

__all__ = [
    "CHOICE_SYNONYMS",
    "COMMAND_NAMES",
    "FACT_NAMES",
    "PARSERS",
    "Ambiguous",
    "Command",
    "Implausible",
    "Interpretation",
    "LabValue",
    "NoMatch",
    "Outcome",
    "ParseContext",
    "Parsed",
    "Parser",
    "PartialDate",
    "detect_command",
    "interpret",
    "looks_like_question",
    "reading_as_json",
]
