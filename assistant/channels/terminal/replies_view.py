"""The engine's replies as styled lines: one small layout per reply kind."""

from __future__ import annotations

from collections.abc import Sequence

from assistant import wording
from assistant.channels.terminal.assessment_view import render_assessment
from assistant.channels.terminal.capabilities import Capabilities
from assistant.channels.terminal.styled import Fragment, Line, wrap
from assistant.engine.replies import Reply
from assistant.rules.facts import Facts
from assistant.summary import summarise

KIND_STYLE = {
    "say": "",
    "ask": "class:ask",
    "answer": "class:answer",
    "abstain": "class:muted",
    "confirm": "class:ask",
    "error": "class:error",
    "summary": "",
    "assessment": "",
    "end": "class:muted",
}


def render_replies(
    replies: Sequence[Reply],
    caps: Capabilities,
    facts: Facts | None = None,
    *,
    new_section: str | None = None,
) -> list[Line]:
    """All replies of a turn; `new_section` is announced just before the next question."""
    lines: list[Line] = []
    for reply in replies:
        # Before the first thing of the new part (the review opens with its summary), after
        # the acknowledgement of the answer that closed the previous one.
        if new_section and reply.kind in ("ask", "confirm", "summary"):
            rule = section_rule(new_section, caps)
            lines += rule[1:] if lines and lines[-1] == [] else rule  # one blank line, not two
            new_section = None
        lines += render_reply(reply, caps, facts)
    return lines


def section_rule(section: str, caps: Capabilities) -> list[Line]:
    """A quiet rule naming the part of the intake that begins: "── DEXA results ────"."""
    dash = "─" if caps.unicode else "-"
    label = f"{dash * 2} {section} "
    return [[], [("class:section", label + dash * max(min(caps.width, 60) - len(label), 0))]]


def render_reply(reply: Reply, caps: Capabilities, facts: Facts | None = None) -> list[Line]:
    width = caps.width
    if reply.key == "cmd.help" and caps.interactive:
        return help_table(caps)
    if reply.kind == "assessment" and reply.assessment is not None:
        # The reply's text is the plain report for channels without a layout of their own;
        # the structured assessment says the same thing better here.
        return [[], *render_assessment(summarise(reply.assessment, facts), caps), []]
    style = KIND_STYLE.get(reply.kind, "")
    if reply.key.startswith("ack"):
        style = "class:muted"  # "Noted: ..." stays quieter than the next question
    text: list[Fragment] = []
    if reply.kind == "error":
        text.append(("class:error.mark", "! "))
    lines: list[Line] = []
    for number, paragraph in enumerate(reply.text.split("\n")):
        # A list item ("- age: 63") wraps under its own text, not under the dash.
        item = paragraph.startswith(("- ", "• ", "* "))
        indent = "  " if reply.kind == "error" or item else ""
        lines += wrap(
            [*(text if number == 0 else []), (style, paragraph)],
            width,
            indent=indent,
            first_indent="" if item else None,
        )
    if reply.source and reply.kind == "answer":
        lines += wrap(
            [("class:source", wording.text("terminal.source", source=reply.source))],
            width,
            "  ",
            "  ",
        )
    if reply.choices:
        labels = [choice.label for choice in reply.choices]
        if reply.kind == "abstain":
            if _evident(reply.text, labels):
                return [*lines, []]  # the reply names its suggestions already
            if not reply.text.rstrip().endswith(":"):  # else the reply leads into them
                lines.append([("class:muted", wording.text("terminal.suggestions"))])
            # Numbered: typing the number asks for that entry (see `picked`); where a number
            # answers the pending question they are not, and the title or Tab picks one.
            for number, label in enumerate(labels, 1):
                mark = f"  {number}. " if reply.numbered else "  - "
                lines += wrap([("class:suggestion", label)], width, "     ", mark)
        elif not _evident(reply.text, labels):
            # Listed only when the question does not already name them ("female or male?")
            # and they are not a plain yes or no; Tab completes them either way.
            lines += wrap(
                [("class:choices", wording.text("terminal.choices", choices=" / ".join(labels)))],
                width,
                "  ",
                "  ",
            )
    if reply.kind in ("summary", "answer", "abstain", "assessment"):
        lines.append([])
    return lines


def help_table(caps: Capabilities) -> list[Line]:
    """`help` at a terminal: the commands and the keys as one short two-column table."""
    commands = wording.section("terminal.commands")
    rows = [*commands.items(), *wording.section("terminal.keys").items()]
    size = max(len(name) for name, _ in rows) + 2
    lines: list[Line] = wrap([("", wording.text("terminal.help_heading"))], caps.width)
    for number, (name, meaning) in enumerate(rows):
        if number == len(commands):
            lines.append([])
        lines += wrap(
            [("class:bold", name.ljust(size)), ("", meaning)],
            caps.width,
            indent=" " * (size + 2),
            first_indent="  ",
        )
    lines += [[], *wrap([("class:muted", wording.text("terminal.help_questions"))], caps.width), []]
    return lines


def _evident(question: str, labels: Sequence[str]) -> bool:
    lowered = [label.lower() for label in labels]
    if set(lowered) <= {"yes", "no", "not sure", "don't know"}:
        return True
    return all(label in question.lower() for label in lowered)
