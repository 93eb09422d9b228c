"""What a turn changes in the conversation document, as values. Handlers say what happened
(a question skipped, a held confirmation dropped); `TurnRunner.apply` is the one place that
writes it into the document."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.engine import slot_filling
from assistant.engine.conversation_document import Document


@dataclass(frozen=True)
class Skipped:
    """The person does not know the answer to the question on `slot`."""

    slot: str


@dataclass(frozen=True)
class PendingCleared:
    """The confirmation or choice held for a yes is dropped."""


Event = Skipped | PendingCleared


def apply_event(doc: Document, event: Event) -> None:
    if isinstance(event, Skipped):
        slot_filling.skip(doc, event.slot)
    else:
        doc.pending = None
