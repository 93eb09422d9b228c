"""The App Home tab: the due list (most urgent first) for clinicians, a button to start an
intake, and short help; everyone else sees the help only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from assistant import wording
from assistant.channels.slack.render import START_INTAKE_ACTION, DueRows, due_row, slack_date
from assistant.channels.slack.text import Block, context, section

# A Home view holds at most 100 blocks; the rest of the list is one message away.
HOME_ROWS = 40


def home_view(clinician: bool, today: dt.date, rows: DueRows) -> dict[str, Any]:
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": wording.text("slack.home_heading")},
        }
    ]
    if clinician:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "style": "primary",
                        "action_id": START_INTAKE_ACTION,
                        "value": "home",
                        "text": {"type": "plain_text", "text": wording.text("slack.start_intake")},
                    }
                ],
            }
        )
        when = slack_date(today)
        if rows:
            blocks += section(wording.text("slack.home_due_heading", today=when))
            blocks += [due_row(i, pid, items) for i, (pid, items) in enumerate(rows[:HOME_ROWS])]
            if len(rows) > HOME_ROWS:
                blocks += context(wording.text("slack.home_due_more", count=len(rows) - HOME_ROWS))
        else:
            blocks += section(wording.text("slack.home_due_none", today=when))
    else:
        blocks += section(wording.text("slack.home_not_clinician"))
    blocks.append({"type": "divider"})
    blocks += section(wording.text("slack.home_help"))
    return {"type": "home", "blocks": blocks}
