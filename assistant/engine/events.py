"""What a turn changes in the conversation document, as values. Handlers say what happened
(a question skipped, a held confirmation dropped); `TurnRunner.apply` is the one place that
writes it into the document."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.engine import slot_filling
from assistant.engine.conversation_document import Document, Pending


@dataclass(frozen=True)
class Skipped:
    """The person does not know the answer to the question on `slot`."""

    slot: str


@dataclass(frozen=True)
class PendingCleared:
    """The confirmation or choice held for a yes is dropped."""


@dataclass(frozen=True)
class PendingSet:
    """A confirmation or a choice is held until the person answers it."""

    pending: Pending


@dataclass(frozen=True)
class FlowSet:
    """A yes/no question that steers the dialog is answered."""

    slot: str
    value: bool


Event = Skipped | FlowSet | PendingSet | PendingCleared


def apply_event(doc: Document, event: Event) -> None:
    if isinstance(event, Skipped):
        slot_filling.skip(doc, event.slot)
    elif isinstance(event, FlowSet):
        doc.flow[event.slot] = event.value
    elif isinstance(event, PendingSet):
        doc.pending = event.pending
    else:
        doc.pending = None
