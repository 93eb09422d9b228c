"""Patient records for people, not for the engine: status listings, who is due, exports."""

from __future__ import annotations

from assistant.records.export import ExportFormat, export_record
from assistant.records.status import (
    DUE_STATUSES,
    PatientStatus,
    due_patients,
    patient_status,
    patient_statuses,
)

__all__ = [
    "DUE_STATUSES",
    "ExportFormat",
    "PatientStatus",
    "due_patients",
    "export_record",
    "patient_status",
    "patient_statuses",
]
