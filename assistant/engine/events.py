"""What can happen to a conversation document, as values. Handlers say what happened (an answer
stored, a question skipped, a confirmation held, a step back); `apply_event` in
`conversation_document` is the one place that writes it, and the document keeps the events of its
last steps in its log, so that `undo` rebuilds the document by replaying them.

Each event names its `kind`, the key of its stored form in the log (JSON).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field

from assistant.engine.document_values import Entry, Pending

# -- answers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactSet:
    """A fact of SPEC section 4 is given (or given again): it is no longer skipped."""

    slot: str
    entry: Entry
    kind: Literal["fact_set"] = "fact_set"


@dataclass(frozen=True)
class Skipped:
    """The person does not know the answer to the question on `slot`: a fact stays unknown and
    is said to be, a yes/no that steers the dialog counts as no, a scan or lab is dropped, and a
    date not known is left empty."""

    slot: str
    kind: Literal["skipped"] = "skipped"


@dataclass(frozen=True)
class FlowSet:
    """A yes/no question that steers the dialog is answered."""

    slot: str
    value: bool
    kind: Literal["flow_set"] = "flow_set"


@dataclass(frozen=True)
class FlowCleared:
    """A steering answer is forgotten, so its question is asked again (the review)."""

    slot: str
    kind: Literal["flow_cleared"] = "flow_cleared"


@dataclass(frozen=True)
class DraftSet:
    """Scans or lab results waiting to be filed (for their date, or for a yes), with the
    provenance they share; the draft is replaced whole."""

    items: list[dict[str, Any]]
    source: Entry | None
    kind: Literal["draft_set"] = "draft_set"


@dataclass(frozen=True)
class DraftDated:
    """The date asked for is given to every draft item that has none."""

    date: Any
    kind: Literal["draft_dated"] = "draft_dated"


@dataclass(frozen=True)
class DraftFiled:
    """The draft is filed with the scans or labs; one of the same site (or test) and date
    replaces the earlier one, unless it is marked to be kept beside it."""

    kind: Literal["draft_filed"] = "draft_filed"


@dataclass(frozen=True)
class ScanDropped:
    """A filed scan is dropped: the person said the new result of its site and date is right."""

    value: dict[str, Any]
    kind: Literal["scan_dropped"] = "scan_dropped"


@dataclass(frozen=True)
class Assessed:
    """The rules module's assessment (SPEC section 5) of the facts collected."""

    assessment: dict[str, Any]
    kind: Literal["assessed"] = "assessed"


# -- confirmations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingSet:
    """A confirmation or a choice is held until the person answers it."""

    pending: Pending
    kind: Literal["pending_set"] = "pending_set"


@dataclass(frozen=True)
class PendingCleared:
    """The confirmation or choice held for a yes is dropped."""

    kind: Literal["pending_cleared"] = "pending_cleared"


# -- moves through the dialog ----------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    """The question at `state` is left, answered or skipped: it joins the trail `back` walks,
    and a correction in progress there is over."""

    state: str
    kind: Literal["answered"] = "answered"


@dataclass(frozen=True)
class WentBack:
    """`back`: the last question answered leaves the trail; the dialog jumps to it."""

    kind: Literal["went_back"] = "went_back"


@dataclass(frozen=True)
class Jumped:
    """The dialog jumps to a question to answer it again (`change`, `back`, a break mentioned
    elsewhere): what was held or drafted is dropped. `resume`, when given, is where to return
    afterwards; `reassess` forgets the review's yes, so a new assessment is made; `editing`: the
    answer there corrects the stored one."""

    resume: str | None
    reassess: bool
    editing: bool
    kind: Literal["jumped"] = "jumped"


@dataclass(frozen=True)
class Returned:
    """The dialog is back where the person was before a jump."""

    kind: Literal["returned"] = "returned"


@dataclass(frozen=True)
class Restarted:
    """Everything collected is dropped (the log is kept, so `undo` can take the restart back)."""

    kind: Literal["restarted"] = "restarted"


# -- the log ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepStarted:
    """An undoable step begins: the person answers at `state`. `undo` takes back everything
    from here and returns to `state`. A turn that only asks, explains or moves begins none."""

    state: str
    kind: Literal["step_started"] = "step_started"


@dataclass(frozen=True)
class Undone:
    """The last step is taken back: the document is rebuilt from the log without it."""

    kind: Literal["undone"] = "undone"


@dataclass(frozen=True)
class Replaced:
    """Parts of the document set whole, by name. Only the steps of a version 1 document carry
    it: version 1 kept, per step, the parts a turn changed rather than its events."""

    parts: dict[str, Any]
    kind: Literal["replaced"] = "replaced"


# what a step of the log records, replayed by `undo`
Change = (
    FactSet
    | Skipped
    | FlowSet
    | FlowCleared
    | DraftSet
    | DraftDated
    | DraftFiled
    | ScanDropped
    | Assessed
    | PendingSet
    | PendingCleared
    | Answered
    | WentBack
    | Jumped
    | Returned
    | Restarted
    | Replaced
)
StoredChange = Annotated[Change, Field(discriminator="kind")]
# what a handler may emit: a change, or an operation on the log itself
Event = Change | StepStarted | Undone
