"""Two different results for one site on one date: the dialog asks which is right before the
scans are filed, rather than keep whichever came last. "Both" keeps both, and the rules then use
the lower and say the scans conflict."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.engine import filing
from assistant.engine.conversation_document import Document
from assistant.engine.document_values import Pending
from assistant.engine.events import (
    DraftFiled,
    DraftSet,
    Event,
    PendingCleared,
    PendingSet,
    ScanDropped,
)
from assistant.engine.filing import CORRECTION, KEEP
from assistant.engine.render import fact_text, scan_text
from assistant.engine.turn import TurnRunner

if TYPE_CHECKING:
    from assistant.engine.dialogs import Dialog

_SCORES = ("t_score", "z_score")


def _clash(first: dict[str, Any], second: dict[str, Any]) -> bool:
    if first.get("site") != second.get("site") or first.get("date") != second.get("date"):
        return False
    return any(
        first.get(key) is not None
        and second.get(key) is not None
        and first.get(key) != second.get(key)
        for key in _SCORES
    )


def find_conflict(doc: Document) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """A draft scan and another (filed or drafted) of the same site and date, with another
    score; None when there is none, or the draft corrects or is kept beside the other."""
    filed = [entry.value for entry in doc.dexa]
    for index, item in enumerate(doc.draft):
        if "test" in item or item.get(CORRECTION) or item.get(KEEP):
            continue
        for other in [*filed, *doc.draft[:index]]:
            if _clash(item, other):
                return item, other
    return None


def conflict_question(dialog: Dialog, doc: Document, state: str) -> Pending | None:
    """Which of two clashing results is right, to hold the draft for; None when none clash."""
    found = find_conflict(doc)
    if found is None:
        return None
    new, other = found
    labels = [scan_text(dialog, other), scan_text(dialog, new), dialog.message("conflict.both")]
    return Pending(
        kind="conflict",
        state=state,
        text=dialog.message("conflict.scans", first=labels[0], second=labels[1]),
        parser="dexa",
        candidates=[{"label": label, "values": index} for index, label in enumerate(labels)],
    )


def settle_conflict(runner: TurnRunner, pending: Pending, choice: int | None) -> None:
    """Apply the answer: keep the earlier result (0) or the new one (1) and drop the other, or
    keep both (`choice` None or 2)."""
    doc = runner.doc
    found = find_conflict(doc)
    runner.emit(PendingCleared())
    if found is None:
        return
    new, other = found
    runner.mark()
    draft = list(doc.draft)
    events: list[Event] = []
    if choice == 1:
        if other in draft:
            draft.remove(other)
        else:
            events.append(ScanDropped(other))
        draft = [{**item, CORRECTION: True} if item is new else item for item in draft]
    elif choice == 0:
        draft.remove(new)
    else:
        draft = [{**item, KEEP: True} if item is new else item for item in draft]
    runner.emit(*events, DraftSet(draft, doc.draft_source))
    file_draft(runner)


def file_draft(runner: TurnRunner) -> None:
    """File the draft's scans or labs and say what was filed, unless two results clash."""
    doc = runner.doc
    question = conflict_question(runner.dialog, doc, runner.state)
    if question is not None:
        runner.emit(PendingSet(question))
        return
    if not doc.draft and doc.draft_source is None:
        return  # nothing drafted: nothing to file
    filed = filing.filed(doc.draft, doc.draft_source, doc.dexa, doc.labs)[2]
    runner.emit(DraftFiled())
    if filed:
        slot = "labs" if "test" in filed[0] else "dexa"
        runner.say("ack", facts=fact_text(runner.dialog, slot, filed))
