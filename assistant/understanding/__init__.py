"""Understanding what people type: typed value parsers, global commands, questions, and the quick
interpretation of a pasted message. Deterministic and LLM-free; nothing here does I/O."""

from __future__ import annotations

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
from assistant.understanding.registry import PARSERS

__all__ = [
    "PARSERS",
    "Ambiguous",
    "Implausible",
    "LabValue",
    "NoMatch",
    "Outcome",
    "ParseContext",
    "Parsed",
    "Parser",
    "PartialDate",
]
