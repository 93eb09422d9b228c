"""Replies are data: each channel (terminal, Slack, scripted tests) renders them its own way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from assistant.rules.assessment import Assessment

ReplyKind = Literal[
    "say",  # plain statement (greeting, acknowledgement)
    "ask",  # the pending question of the dialog
    "answer",  # a knowledge-base answer; `source` is set
    "abstain",  # the knowledge base has no answer; `choices` holds suggestions
    "confirm",  # a value the parser was unsure of, to be confirmed (yes/no)
    "error",  # the input could not be used; the question stands
    "summary",  # facts collected so far
    "assessment",  # the rules module's result; `assessment` is set
    "end",  # the conversation is over (quit, or finished)
]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Reply:
    key: str  # stable message key from the dialog data, e.g. "ask.age", "error.implausible"
    text: str
    kind: ReplyKind = "say"
    choices: tuple[Choice, ...] = ()
    source: str | None = None  # section of the document, or an external citation
    # "did you mean": whether typing 1-3 picks a suggestion; never where a number is an answer
    # to the pending question (alcohol units, age, a choice by position)
    numbered: bool = True
    assessment: Assessment | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Progress:
    """Where a conversation stands, for toolbars and resume prompts."""

    conversation_id: str
    state: str
    section: str  # e.g. "History", "DEXA results"
    step: int  # 1-based step within the whole intake
    total: int
    finished: bool
    updated_at: str  # ISO timestamp of the last saved turn
    choices: tuple[Choice, ...] = ()
