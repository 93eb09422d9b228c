"""The values a conversation document holds: a collected value with its provenance (`Entry`), and
something the next message answers (`Pending`). Both are frozen: an event, the document and its
log may share one, so none is changed in place."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# "confirm" (a value), "ambiguous" (pick one reading), "conflict" (two results for one scan),
# "restart" (start again?)
PendingKind = Literal["confirm", "ambiguous", "conflict", "restart"]


class Part(BaseModel):
    # checked when read back from the store; built on first use, not at import
    model_config = ConfigDict(defer_build=True, extra="ignore")


class Entry(Part):
    """One collected value with its provenance."""

    model_config = ConfigDict(frozen=True)

    value: Any
    text: str = ""
    parser: str = ""
    at: str = ""
    confirmed: bool = False


class Pending(Part):
    """Something the next message answers before the dialog moves on."""

    model_config = ConfigDict(frozen=True)

    kind: PendingKind
    state: str
    text: str = ""
    parser: str = ""
    # each {"label", "values"}; a confirmation adds the "source" text and its "parser"
    candidates: list[dict[str, Any]] = Field(default_factory=list)
