"""Replies, answers and assessments as Block Kit: all outside text escaped, long sections split.

Builders return plain lists of blocks; the poster splits them into messages of at most 50 blocks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from assistant.channels.slack.text import Block, context, escape, section
from assistant.channels.slack.wording import keys, say
from assistant.rules.units import shown

if TYPE_CHECKING:
    from assistant.engine.replies import Choice, Reply

CHOICE_ACTION = "choice"  # action_id prefix of the buttons that answer the pending question
SUGGEST_ACTION = "suggest"  # action_id prefix of "did you mean" buttons under an abstention
BUTTON_TEXT_LIMIT = 75  # Slack's limit for a button label
BUTTONS_PER_BLOCK = 25  # Slack's limit of elements in one actions block


def label(term: str) -> str:
    key = f"label.{term}"
    return say(key) if key in keys() else term.replace("_", " ")


def source_line(source: str, external: bool = False) -> list[Block]:
    return context(say("external_source" if external else "source", source=escape(source)))


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


def choice_buttons(choices: Sequence[Choice]) -> list[Block]:
    return buttons(CHOICE_ACTION, [(c.value, c.label) for c in choices])


def reply_blocks(replies: Sequence[Reply]) -> list[Block]:
    """The engine's replies in order; an assessment reply becomes the formatted assessment."""
    blocks: list[Block] = []
    for reply in replies:
        if reply.kind == "assessment" and reply.assessment is not None:
            # The reply's text is the plain-text report of the same assessment, for terminals;
            # Slack shows the blocks instead of both.
            blocks += assessment_blocks(reply.assessment.model_dump(mode="json"))
            continue
        blocks += section(escape(reply.text))
        if reply.source:
            blocks += source_line(reply.source)
        if reply.choices:
            if reply.kind == "abstain":
                blocks += buttons(SUGGEST_ACTION, [(c.value, c.label) for c in reply.choices])
            else:
                blocks += choice_buttons(reply.choices)
    return blocks


def answer_blocks(
    answered: bool, answer: str, source: str | None, external: bool, suggestions: Sequence[str]
) -> list[Block]:
    """A knowledge-base answer with its source, or the abstention with suggestion buttons."""
    if answered:
        blocks = section(escape(answer))
        if source:
            blocks += source_line(source, external)
        return blocks
    blocks = section(say("abstain"))
    if suggestions:
        blocks += context(say("suggestions"))
        blocks += buttons(SUGGEST_ACTION, [(s, s) for s in suggestions])
    return blocks


def _density_line(density: Mapping[str, Any]) -> str:
    category = escape(label(str(density.get("category", "unknown"))))
    if density.get("basis") in ("t_score", "z_score") and density.get("value") is not None:
        date = f", {density['scan_date']}" if density.get("scan_date") else ""
        return say(
            "category_basis",
            category=category,
            basis=label(density["basis"]),
            value=density["value"],
            site=label(str(density.get("site") or "")),
            date=date,
        )
    return say("category", category=category)


def _number(value: Any) -> str:
    return shown(value) if isinstance(value, float) else str(value)


def _lab_lines(labs: Mapping[str, Mapping[str, Any]]) -> list[str]:
    return [
        f"• {label(test)} {_number(entry.get('value'))} "
        f"{escape(str(entry.get('unit', '')))}: *{label(str(entry.get('status')))}*"
        for test, entry in labs.items()
    ]


def _monitoring_lines(items: Sequence[Mapping[str, Any]]) -> list[str]:
    lines = []
    for item in items:
        parts = [f"• {label(str(item.get('test')))}: *{label(str(item.get('status')))}*"]
        if item.get("next_due"):
            parts.append(f"next due {item['next_due']}")
        if item.get("last_done"):
            parts.append(f"last {item['last_done']}")
        if item.get("reason"):
            parts.append(escape(str(item["reason"])))
        lines.append(" · ".join(parts))
    return lines


def assessment_blocks(data: Mapping[str, Any]) -> list[Block]:
    """The assessment JSON (SPEC section 5) as sections: category, alerts, labs, monitoring,
    what to discuss, sources and the disclaimer."""
    heading = {"type": "plain_text", "text": f"Assessment as of {data.get('as_of')}"}
    blocks: list[Block] = [{"type": "header", "text": heading}]
    blocks += section(_density_line(data.get("bone_density") or {}))
    if data.get("alerts"):
        blocks += section(
            "\n".join(
                [say("alerts"), *(f"• :warning: {escape(a['text'])}" for a in data["alerts"])]
            )
        )
    if data.get("labs"):
        blocks += section("\n".join([say("labs"), *_lab_lines(data["labs"])]))
    if data.get("monitoring"):
        blocks += section("\n".join([say("monitoring"), *_monitoring_lines(data["monitoring"])]))
    blocks += section(say("discuss_yes" if data.get("discuss_treatment") else "discuss_no"))
    if data.get("recommendations"):
        lines = [
            f"• {escape(r['text'])} _({escape(r['source'])})_" for r in data["recommendations"]
        ]
        blocks += section("\n".join([say("recommendations"), *lines]))
    if data.get("sources"):
        blocks += context("Sources: " + "; ".join(escape(s) for s in data["sources"]))
    if data.get("disclaimer"):
        blocks += context(escape(str(data["disclaimer"])))
    return blocks


def interpretation_blocks(
    understood: Sequence[str],
    questions: Sequence[str],
    refused: Sequence[str],
    assessment: Mapping[str, Any] | None,
) -> list[Block]:
    """What was read (so a misreading shows), what is unclear, and the assessment of the rest."""
    blocks = section(say("interpretation_heading"))
    if understood:
        blocks += section(say("understood", items="; ".join(escape(u) for u in understood)))
    elif not questions and not refused:
        blocks += section(say("nothing_understood"))
    if questions:
        blocks += section("\n".join([say("questions"), *(f"• {escape(q)}" for q in questions)]))
    if refused:
        blocks += section("\n".join([say("refused"), *(f"• {escape(r)}" for r in refused)]))
    if assessment is not None and understood:
        blocks += assessment_blocks(assessment)[1:]  # the header repeats "as of"; skip it here
    return blocks


def patient_blocks(
    patient_id: str, updated: str, assessment: Mapping[str, Any] | None
) -> list[Block]:
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": f"Patient {patient_id}"}}
    ]
    if assessment is None:
        return blocks + section(say("no_assessment", patient=escape(patient_id), updated=updated))
    return blocks + context(f"Last update {updated}") + assessment_blocks(assessment)


def due_blocks(today: str, rows: Sequence[tuple[str, Sequence[Mapping[str, Any]]]]) -> list[Block]:
    if not rows:
        return section(say("due_none", today=today))
    blocks = section(say("due_heading", today=today, count=len(rows)))
    for patient_id, items in rows:
        blocks += section("\n".join([f"*{escape(patient_id)}*", *_monitoring_lines(items)]))
    return blocks
