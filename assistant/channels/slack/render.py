"""Replies, answers and assessments as Block Kit: all outside text escaped, long sections split.

Builders return plain lists of blocks; the poster splits them into messages of at most 50 blocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant import wording
from assistant.channels.slack.patient_voice import (
    about_the_patient,
    about_the_patient_text,
    offers_not_sure,
)
from assistant.channels.slack.text import Block, context, escape, section
from assistant.summary import Density, LabRow, MonitoringRow, Summary, summarise

if TYPE_CHECKING:
    from assistant.engine.replies import Choice, Progress, Reply
    from assistant.rules.facts import Facts

CHOICE_ACTION = "choice"  # action_id prefix of the buttons that answer the pending question
SUGGEST_ACTION = "suggest"  # action_id prefix of "did you mean" buttons under an abstention
SHARE_ACTION = "share"  # posts an answer shown only to its asker into the channel
OPEN_RECORD_ACTION = "open_record"  # a patient's record, in the clinician's DM with the bot
START_INTAKE_ACTION = "start_intake"  # a new intake thread in the clinician's DM with the bot
NOT_SURE = "not sure"  # what the "Not sure" button answers: the dialog skips the question
SHARE_LIMIT = 2000  # Slack's limit for a button's value, which carries the question
BUTTON_TEXT_LIMIT = 75  # Slack's limit for a button label
BUTTONS_PER_BLOCK = 25  # Slack's limit of elements in one actions block


def source_line(source: str, external: bool = False) -> list[Block]:
    return context(
        wording.text("slack.external_source" if external else "slack.source", source=escape(source))
    )


def buttons(prefix: str, choices: Sequence[tuple[str, str]]) -> list[Block]:
    """Actions blocks of buttons; the value carries the full answer, the label may be shortened
    for display (Slack refuses longer labels) since the value is what is answered."""
    blocks: list[Block] = []
    elements: list[dict[str, Any]] = []
    for index, (value, text) in enumerate(choices):
        shown = text if len(text) <= BUTTON_TEXT_LIMIT else text[: BUTTON_TEXT_LIMIT - 1] + "…"
        elements.append(
            {
                "type": "button",
                "action_id": f"{prefix}:{index}",
                "value": value,
                "text": {"type": "plain_text", "text": shown},
            }
        )
    for start in range(0, len(elements), BUTTONS_PER_BLOCK):
        blocks.append({"type": "actions", "elements": elements[start : start + BUTTONS_PER_BLOCK]})
    return blocks


def _cased(text: str) -> str:
    """Button labels start with a capital, whichever data they come from ("yes" beside "Male")."""
    return text[:1].upper() + text[1:]


def choice_buttons(choices: Sequence[Choice], *, not_sure: bool = False) -> list[Block]:
    offered = [(c.value, _cased(c.label)) for c in choices]
    if not_sure:
        offered.append((NOT_SURE, wording.text("slack.not_sure")))
    return buttons(CHOICE_ACTION, offered)


def reply_blocks(
    replies: Sequence[Reply], progress: Progress | None = None, facts: Facts | None = None
) -> list[Block]:
    """The engine's replies in order, as asked of a clinician about the patient: each question
    with its step and a "Not sure" button; an assessment reply becomes the formatted assessment."""
    blocks: list[Block] = []
    for reply in replies:
        if reply.kind == "assessment" and reply.assessment is not None:
            # The reply's text is the plain-text report of the same assessment, for terminals;
            # Slack shows the blocks instead of both.
            blocks += assessment_blocks(summarise(reply.assessment, facts))
            continue
        blocks += section(escape(about_the_patient(reply.key, reply.text)))
        if reply.source:
            blocks += source_line(reply.source)
        asking = reply.kind == "ask"
        if asking and progress is not None and not progress.finished:
            blocks += context(
                wording.text(
                    "slack.step", step=progress.step, total=progress.total, section=progress.section
                )
            )
        if reply.kind == "abstain" and reply.choices:
            blocks += buttons(SUGGEST_ACTION, [(c.value, c.label) for c in reply.choices])
        elif reply.choices or (asking and offers_not_sure(reply.key)):
            blocks += choice_buttons(reply.choices, not_sure=asking and offers_not_sure(reply.key))
    return blocks


def share_button(question: str) -> list[Block]:
    """Under an answer only its asker sees: post it, question and answer, in the channel."""
    if len(question) > SHARE_LIMIT:
        return []
    return buttons(SHARE_ACTION, [(question, wording.text("slack.share"))])


def slack_date(day: str | dt.date) -> str:
    """A date each reader sees in their own format and time zone (`<!date^...>`), with the ISO
    date as the fallback; noon UTC keeps it on the same day in every time zone."""
    date = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
    epoch = int(dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.UTC).timestamp())
    return f"<!date^{epoch}^{{date_short}}|{date.isoformat()}>"


def answer_blocks(
    answered: bool, answer: str, source: str | None, external: bool, suggestions: Sequence[str]
) -> list[Block]:
    """A knowledge-base answer with its source, or the abstention with suggestion buttons."""
    if answered:
        blocks = section(escape(answer))
        if source:
            blocks += source_line(source, external)
        return blocks
    # The knowledge base says what happens: no answer, what the document lacks, or an offer
    # whose line leads into its buttons.
    blocks = section(escape(answer) if answer.strip() else wording.text("slack.abstain"))
    if suggestions:
        if not answer.rstrip().endswith(":"):
            blocks += context(wording.text("slack.suggestions"))
        blocks += buttons(SUGGEST_ACTION, [(s, s) for s in suggestions])
    return blocks


def _density_line(density: Density) -> str:
    category = escape(density.category_label)
    if density.score is not None:
        date = f", {density.scan_date.label}" if density.scan_date is not None else ""
        return wording.text(
            "slack.category_basis",
            category=category,
            basis=density.basis_label,
            value=density.score,
            site=density.site_label or "",
            date=date,
        )
    return wording.text("slack.category", category=category)


def _lab_lines(labs: Sequence[LabRow]) -> list[str]:
    return [f"• {lab.name} {escape(lab.value)}: *{lab.status_label}*" for lab in labs]


def _monitoring_lines(items: Sequence[MonitoringRow]) -> list[str]:
    lines = []
    for item in items:
        parts = [f"• {item.name}: *{item.status_label}*"]
        if item.next_due is not None:
            parts.append(f"next due {slack_date(item.next_due.date)}")
        if item.last_done is not None:
            parts.append(f"last {slack_date(item.last_done.date)}")
        if item.reason:
            parts.append(escape(about_the_patient_text(item.reason)))
        lines.append(" · ".join(parts))
    return lines


def assessment_blocks(summary: Summary) -> list[Block]:
    """The summary of an assessment as sections: category, alerts, labs, monitoring, what to
    discuss, sources and the disclaimer."""
    heading = {"type": "plain_text", "text": f"Assessment as of {summary.as_of.label}"}
    blocks: list[Block] = [{"type": "header", "text": heading}]
    blocks += section(_density_line(summary.density))
    if summary.alerts:
        warnings = [f"• :warning: {escape(about_the_patient_text(a))}" for a in summary.alerts]
        blocks += section("\n".join([wording.text("slack.alerts"), *warnings]))
    if summary.labs:
        blocks += section("\n".join([wording.text("slack.labs"), *_lab_lines(summary.labs)]))
    if summary.monitoring:
        blocks += section(
            "\n".join([wording.text("slack.monitoring"), *_monitoring_lines(summary.monitoring)])
        )
    blocks += section(
        wording.text("slack.discuss_yes" if summary.discuss_treatment else "slack.discuss_no")
    )
    if summary.advice:
        lines = [
            f"• {escape(about_the_patient_text(advice.text))} _({escape(advice.source)})_"
            for advice in summary.advice
        ]
        blocks += section("\n".join([wording.text("slack.recommendations"), *lines]))
    if summary.sources:
        blocks += context("Sources: " + "; ".join(escape(s) for s in summary.sources))
    blocks += context(escape(about_the_patient_text(summary.disclaimer)))
    return blocks


def interpretation_blocks(
    understood: Sequence[str],
    questions: Sequence[str],
    refused: Sequence[str],
    summary: Summary | None,
) -> list[Block]:
    """What was read (so a misreading shows), what is unclear, and the assessment of the rest."""
    blocks = section(wording.text("slack.interpretation_heading"))
    if understood:
        blocks += section(
            wording.text("slack.understood", items="; ".join(escape(u) for u in understood))
        )
    elif not questions and not refused:
        blocks += section(wording.text("slack.nothing_understood"))
    if questions:
        blocks += section(
            "\n".join([wording.text("slack.questions"), *(f"• {escape(q)}" for q in questions)])
        )
    if refused:
        blocks += section(
            "\n".join([wording.text("slack.refused"), *(f"• {escape(r)}" for r in refused)])
        )
    if summary is not None and understood:
        blocks += assessment_blocks(summary)[1:]  # the header repeats "as of"; skip it here
    return blocks


def patient_blocks(patient_id: str, updated: str, summary: Summary | None) -> list[Block]:
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": f"Patient {patient_id}"}}
    ]
    if summary is None:
        return blocks + section(
            wording.text("slack.no_assessment", patient=escape(patient_id), updated=updated)
        )
    return blocks + context(f"Last update {updated}") + assessment_blocks(summary)


DueRows = Sequence[tuple[str, Sequence[MonitoringRow]]]


def due_row(index: int, patient_id: str, items: Sequence[MonitoringRow]) -> Block:
    """One patient of the due list, with a button that opens the record."""
    text = "\n".join([f"*{escape(patient_id)}*", *_monitoring_lines(items)])
    [block, *_] = section(text)
    block["accessory"] = {
        "type": "button",
        "action_id": f"{OPEN_RECORD_ACTION}:{index}",
        "value": patient_id,
        "text": {"type": "plain_text", "text": wording.text("slack.open_record")},
    }
    return block


def due_blocks(today: dt.date, rows: DueRows, *, overdue: bool = False) -> list[Block]:
    """The due list as the records module orders it, the most urgent first."""
    when = slack_date(today)
    if not rows:
        return section(
            wording.text("slack.overdue_none" if overdue else "slack.due_none", today=when)
        )
    heading = wording.text(
        "slack.overdue_heading" if overdue else "slack.due_heading", today=when, count=len(rows)
    )
    return section(heading) + [
        due_row(index, patient_id, items) for index, (patient_id, items) in enumerate(rows)
    ]
