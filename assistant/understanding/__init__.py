"""Understanding what people type: typed value parsers, global commands, questions, and the quick
interpretation of a pasted message. Deterministic and LLM-free; nothing here does I/O after import.

    PARSERS[name].parse(text, ParseContext(today, ...)) -> Outcome
        (Parsed | Ambiguous | Implausible | NoMatch)
    detect_command(text) -> Command | None
    looks_like_question(text) -> bool
    interpret(text, today) -> Interpretation; assessed(it, today) -> (Facts, Assessment) | None;
    reading_as_json(it, today) -> SPEC section 3 JSON

The names below are loaded from their modules on first use: a chat turn never compiles the
note reader's patterns, and interpreting a note never compiles the command words'.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from assistant.understanding.command_words import (
        COMMAND_NAMES,
        FACT_NAMES,
        Command,
        detect_command,
    )
    from assistant.understanding.interpretation import (
        Interpretation,
        assessed,
        interpret,
        reading_as_json,
    )
    from assistant.understanding.phrases import CHOICE_SYNONYMS
    from assistant.understanding.questions import looks_like_question
    from assistant.understanding.registry import PARSERS

# each name loaded on first use -> the module (of this package) that holds it
_HOMES = {
    "CHOICE_SYNONYMS": "phrases",
    "COMMAND_NAMES": "command_words",
    "FACT_NAMES": "command_words",
    "PARSERS": "registry",
    "Command": "command_words",
    "Interpretation": "interpretation",
    "assessed": "interpretation",
    "detect_command": "command_words",
    "interpret": "interpretation",
    "looks_like_question": "questions",
    "reading_as_json": "interpretation",
}

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
    "assessed",
    "detect_command",
    "interpret",
    "looks_like_question",
    "reading_as_json",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # looked up once: later uses find it here
    return value
