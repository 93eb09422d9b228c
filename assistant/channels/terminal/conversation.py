"""Which conversation the terminal talks in: the patient's unfinished one, or a new one.

Shared by the interactive session and piped mode; the engine is reached only through the
small protocol below, so nothing here knows how the engine is built.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from assistant import wording
from assistant.errors import UsageError

if TYPE_CHECKING:
    # Types only: importing the store package would load its backends before the welcome.
    from assistant.engine.replies import Progress, Reply
    from assistant.rules.facts import Facts
    from assistant.store.base import ConversationRecord

DEFAULT_PATIENT = "local"  # one person per data directory unless --patient says otherwise
CHANNEL = "terminal"
_PATIENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}")


class ConversationStore(Protocol):
    def latest_for_patient(self, patient_id: str) -> ConversationRecord | None: ...


class DialogEngine(Protocol):
    """The part of `assistant.engine.Engine` a channel uses."""

    def open(
        self, conversation_id: str, *, patient_id: str | None = None, channel: str = CHANNEL
    ) -> list[Reply]: ...

    def handle(self, conversation_id: str, text: str) -> list[Reply]: ...

    def progress(self, conversation_id: str) -> Progress | None: ...

    def fact_names(self) -> tuple[str, ...]: ...

    def facts(self, conversation_id: str) -> Facts | None: ...


@dataclass(frozen=True)
class Conversation:
    conversation_id: str
    patient_id: str
    unfinished: ConversationRecord | None  # the conversation that could be resumed, if any


def patient_id_from(option: str | None) -> str:
    """The patient id from `--patient`, checked, or the default local one."""
    if option is None:
        return DEFAULT_PATIENT
    value = option.strip()
    if not _PATIENT_ID.fullmatch(value):
        raise UsageError(
            f"--patient {option!r} is not a usable id: use 1 to 64 letters, digits "
            "or . _ : @ - (for example --patient P-0042)"
        )
    return value


def find(store: ConversationStore, patient_id: str, *, new: bool) -> Conversation:
    """The conversation to use: a fresh id, plus the unfinished one unless `new` is set."""
    fresh = f"{CHANNEL}:{patient_id}:{uuid.uuid4().hex[:12]}"
    if new:
        return Conversation(fresh, patient_id, None)
    record = store.latest_for_patient(patient_id)
    unfinished = record if record is not None and not record.finished else None
    return Conversation(fresh, patient_id, unfinished)


def when(moment: dt.datetime | None, today: dt.date) -> str:
    """A saved turn's moment as said after "left off": "today at 14:05", "on 12 March"."""
    if moment is None:
        return "earlier"
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # local wall-clock time, as the person lived it
    day = moment.date()
    if day == today:
        return f"today at {moment:%H:%M}"
    if day == today - dt.timedelta(days=1):
        return f"yesterday at {moment:%H:%M}"
    if day.year == today.year:
        return f"on {day.day} {day:%B}"
    return f"on {day.day} {day:%B %Y}"


def left_off(
    record: ConversationRecord, progress: Progress | None, today: dt.date
) -> dict[str, str]:
    """The fields of the resume messages: when the person stopped, and where."""
    where = ""
    if progress is not None and not progress.finished:
        where = wording.text(
            "terminal.resume_where",
            section=progress.section,
            step=progress.step,
            total=progress.total,
        )
    return {"when": when(record.updated_at, today), "where": where}


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_input(text: str) -> tuple[str, bool]:
    """The typed text as storable Unicode, and whether anything had to be replaced.

    Bytes that are not valid in the terminal's encoding arrive as lone surrogates, which no
    database accepts, and a NUL is refused by PostgreSQL: each becomes U+FFFD or a space,
    visibly, and the caller says so rather than storing a silently altered answer.
    """
    cleaned = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    cleaned = _CONTROL.sub(" ", cleaned)
    return cleaned, cleaned != text


def section_change(before: Progress | None, after: Progress | None) -> str | None:
    """The section to announce when a turn moved the person into a new one."""
    if before is None or after is None or after.finished:
        return None
    return after.section if after.section != before.section else None


def resume_answer(text: str) -> bool | None:
    """y/yes/Enter -> True, n/no -> False, anything else -> None (ask again)."""
    word = text.strip().lower().rstrip(".!")
    if word in ("", "y", "yes", "yep", "yeah", "ok", "continue", "sure"):
        return True
    if word in ("n", "no", "nope", "new", "start afresh", "afresh"):
        return False
    return None
