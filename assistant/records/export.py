"""Export of one patient's record (json or FHIR), audited: every export writes an audit row."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from assistant.engine.conversation_document import read_document
from assistant.errors import RecordUnreadable, UsageError
from assistant.json_types import JSONObject
from assistant.records import fhir
from assistant.rules import Facts
from assistant.rules.codec import Invalid, check, dump
from assistant.store import ConversationRecord, Store

ExportFormat = Literal["json", "fhir"]
# Parts of the conversation document (assistant/engine/conversation_document.py) with provenance.
_PROVENANCE_PARTS = ("facts", "dexa", "labs", "skipped")


def _provenance(conversation: ConversationRecord) -> JSONObject:
    document = conversation.data
    provenance: JSONObject = {"conversation_id": conversation.conversation_id}
    provenance.update({part: document[part] for part in _PROVENANCE_PARTS if part in document})
    return provenance


def _conversations(
    store: Store, patient_id: str, assessed_in: str | None
) -> tuple[ConversationRecord | None, ConversationRecord | None]:
    """The conversation that collected the exported facts, and a later one still under way.

    The facts are those of the latest assessment, so their provenance is read from the
    conversation that made it, not from a newer one (`chat` starts one after a finished intake);
    without an assessment, the latest conversation's facts so far are exported."""
    latest = store.latest_for_patient(patient_id)
    source = store.get(assessed_in) if assessed_in is not None else None
    if source is None:
        return latest, None
    if latest is None or latest.finished or latest.conversation_id == source.conversation_id:
        return source, None
    return source, latest


def _checked(patient_id: str, values: JSONObject) -> Facts:
    try:
        return check(Facts, values)
    except Invalid as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "facts"
        raise UsageError(
            f"the stored facts of patient {patient_id} cannot be exported ({where}: "
            f"{first['msg']}); run their intake again to correct them"
        ) from None


def _collected(conversation: ConversationRecord) -> JSONObject | None:
    """The values the conversation collected so far, None when it holds none (or was written
    by another program); RecordUnreadable when its stored document is damaged."""
    document = read_document(conversation)
    if document is None or not (document.facts or document.dexa or document.labs):
        return None
    return document.fact_values()


def export_record(
    store: Store, patient_id: str, fmt: ExportFormat, actor: str, now: dt.datetime
) -> JSONObject:
    """The patient's record in `fmt`; raises UsageError for an unknown patient."""
    summary = store.patient(patient_id)
    if summary is None:
        raise UsageError(
            f"no patient {patient_id!r} in the store at {store.url}; `boneguide patients` "
            "lists the stored patients"
        )
    if summary.problem:
        raise RecordUnreadable(
            f"the stored facts of patient {patient_id}", patient_id, summary.problem
        )
    history = store.assessments(patient_id)
    source, in_progress = _conversations(
        store, patient_id, history[-1].conversation_id if history else None
    )
    so_far = _collected(source) if source is not None else None
    stored = summary.facts or so_far  # an intake not assessed yet: the facts collected so far
    facts = _checked(patient_id, stored) if stored else None
    later = None
    if in_progress is not None and _collected(in_progress) is not None:
        later = _provenance(in_progress)
    store.audit(actor, patient_id, f"export {fmt}")
    if fmt == "fhir":
        return fhir.bundle(patient_id, facts, now)
    record: JSONObject = {
        "patient_id": patient_id,
        "exported_at": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "updated_at": summary.updated_at.isoformat(timespec="seconds"),
        "facts": dump(facts) if facts is not None else None,
        "provenance": _provenance(source) if source is not None else None,
        "assessment": summary.assessment,
        "assessed_at": history[-1].at.isoformat(timespec="seconds") if history else None,
    }
    if later is not None:  # a newer intake not finished yet: what it collected so far
        record["in_progress"] = later
    return record
