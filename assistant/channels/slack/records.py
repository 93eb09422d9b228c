"""Patient records in Slack: one record, the due list, the Home tab. The bot asks only on
behalf of authorised clinicians in their DM; every record shown or listed is audited."""

from __future__ import annotations

from assistant import wording
from assistant.channels.slack import render
from assistant.channels.slack.home import home_view
from assistant.channels.slack.services import Services
from assistant.channels.slack.text import Block, escape, section
from assistant.channels.terminal.conversation import patient_id_from
from assistant.errors import UsageError


def valid_patient_id(typed: str) -> str | None:
    """The id checked as the CLI checks `--patient` (no escapes, controls or overlong ids)."""

    try:
        return patient_id_from(typed)
    except UsageError:
        return None


class Records:
    def __init__(self, services: Services, clinicians: frozenset[str]) -> None:
        self.services = services
        self.clinicians = clinicians

    def patient(self, user: str, patient_id: str | None) -> list[Block]:
        """The record, recomputed for today, or why it cannot be shown."""
        if not patient_id:
            return section(wording.text("slack.patient_missing"))
        summary = self.services.patient(patient_id)
        if summary is None:
            return section(wording.text("slack.patient_unknown", patient=escape(patient_id)))
        self.services.store.audit(user, patient_id, "slack: patient record viewed")
        # Recomputed for today: what is due changes with the calendar, not only with new facts.
        shown = (
            self.services.assess(summary.facts) if summary.facts else None
        ) or self.services.stored_summary(summary.assessment)
        updated = render.slack_date(summary.updated_at.date())
        return render.patient_blocks(escape(patient_id), updated, shown)

    def due(self, user: str, *, overdue: bool = False) -> list[Block]:
        """Who is due (or only overdue), the most urgent first."""
        rows = [(r.patient_id, r.items) for r in self.services.due()]
        if overdue:
            rows = [(pid, tuple(i for i in items if i.status == "overdue")) for pid, items in rows]
            rows = [(pid, items) for pid, items in rows if items]
        for patient_id, _ in rows:
            self.services.store.audit(user, patient_id, "slack: listed as due")
        return render.due_blocks(self.services.today(), rows, overdue=overdue)

    def home(self, user: str) -> dict[str, object]:  # a Slack view
        """The Home tab for `user`: the due list for a clinician, help for everyone."""
        clinician = user in self.clinicians
        rows = self.services.due() if clinician else []
        for row in rows:
            self.services.store.audit(user, row.patient_id, "slack: listed as due (home)")
        return home_view(clinician, self.services.today(), [(r.patient_id, r.items) for r in rows])
