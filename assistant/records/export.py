"""Export of one patient's record (json or FHIR), audited: every export writes an audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import ValidationError

from assistant.errors import UsageError
from assistant.records import fhir
from assistant.rules import Facts
from assistant.store import Store

ExportFormat = Literal["json", "fhir"]
# Parts of the conversation document (see assistant/engine/document.py) that carry provenance.
_PROVENANCE_PARTS = ("facts", "dexa", "labs", "skipped")


def _provenance(store: Store, patient_id: str) -> dict[str, Any] | None:
    conversation = store.latest_for_patient(patient_id)
    if conversation is None:
        return None
    document = conversation.data
    provenance: dict[str, Any] = {"conversation_id": conversation.conversation_id}
    provenance.update({part: document[part] for part in _PROVENANCE_PARTS if part in document})
    return provenance


def _facts(patient_id: str, stored: dict[str, Any] | None) -> Facts | None:
    if not stored:
        return None
    try:
        return Facts.model_validate(stored)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "facts"
        raise UsageError(
            f"the stored facts of patient {patient_id} cannot be exported ({where}: "
            f"{first['msg']}); run their intake again to correct them"
        ) from None


def export_record(
    store: Store, patient_id: str, fmt: ExportFormat, actor: str, now: dt.datetime
) -> dict[str, Any]:
    """The patient's record in `fmt`; raises UsageError for an unknown patient."""
    summary = store.patient(patient_id)
    if summary is None:
        raise UsageError(
            f"no patient {patient_id!r} in the store at {store.url}; `boneguide patients` "
            "lists the stored patients"
        )
    facts = _facts(patient_id, summary.facts)
    store.audit(actor, patient_id, f"export {fmt}")
    if fmt == "fhir":
        return fhir.bundle(patient_id, facts, now)
    history = store.assessments(patient_id)
    return {
        "patient_id": patient_id,
        "exported_at": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "updated_at": summary.updated_at.isoformat(timespec="seconds"),
        "facts": facts.model_dump(mode="json") if facts is not None else None,
        "provenance": _provenance(store, patient_id),
        "assessment": summary.assessment,
        "assessed_at": history[-1].at.isoformat(timespec="seconds") if history else None,
    }
