"""A clinician's DM in plain words ("who is due this month?", "show P-ZULU", "start intake for
P-0042"), and an intake that speaks about the patient, shows its progress and offers "Not sure"."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from slack_harness import CLINICIAN, OTHER, Bot
from test_slack_home import seed

from assistant.channels.slack.standin import Call

DM = "D" + CLINICIAN.lstrip("U")
_ts = itertools.count(1)


def say(bot: Bot, text: str, *, user: str = CLINICIAN, thread: str | None = None) -> Call:
    channel = "D" + user.lstrip("U")
    before = len(bot.api.recorded("chat.postMessage"))
    ts = f"1700500000.{next(_ts):06d}"
    event: dict[str, Any] = {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "channel": channel,
        "text": text,
        "ts": ts,
    }
    if thread:
        event["thread_ts"] = thread
    assert bot.event(event, event_id=f"EvCD{ts}")[0] == 200
    return bot.api.wait_for(before + 1, "chat.postMessage")[before]


def labels(call: Call) -> list[str]:
    return [
        e["text"]["text"]
        for b in call.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def test_plain_requests_in_a_clinicians_dm(bot: Bot) -> None:
    seed(bot)
    due = json.dumps(say(bot, "who is due this month?").params)
    assert "Monitoring due" in due and due.index("P-ZULU") < due.index("P-ALPHA")
    overdue = json.dumps(say(bot, "who is overdue").params)
    assert "overdue" in overdue and "P-ZULU" in overdue and "P-ALPHA" not in overdue
    record = json.dumps(say(bot, "show P-ZULU").params)
    assert "Patient P-ZULU" in record and "osteopenia" in record.lower()
    # The rules' sentences speak to the patient; the clinic team reads them about the patient.
    assert "the clinician's judgement" in record and "your" not in record.lower()
    assert "no stored patient" in json.dumps(say(bot, "show P-9999").params).lower()


def test_plain_requests_from_someone_not_authorised_are_refused(bot: Bot) -> None:
    seed(bot)
    refused = json.dumps(say(bot, "who is due this month?", user=OTHER).params)
    assert "BONEGUIDE_CLINICIANS" in refused and "P-ZULU" not in refused


def test_an_intake_for_a_patient_speaks_about_the_patient(bot: Bot) -> None:
    opening = say(bot, "start intake for P-0042")
    assert "P-0042" in json.dumps(opening.params) and "thread_ts" not in opening.params
    [greeting] = bot.api.wait_for(2, "chat.postMessage")[1:]
    thread = opening.ts
    assert greeting.params["thread_ts"] == thread
    assert "Shall we begin" in json.dumps(greeting.params)
    assert labels(greeting) == ["Yes", "No"]  # no "Not sure" under consent
    question = say(bot, "yes", thread=thread)
    shown = json.dumps(question.params)
    assert "Is the patient female or male?" in shown and "Are you" not in shown
    assert "Step 2 of " in shown
    assert labels(question) == ["Female", "Male", "Not sure"]
    not_sure = next(
        e
        for b in question.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["text"]["text"] == "Not sure"
    )
    message = {"ts": question.ts, "thread_ts": thread, "blocks": question.params["blocks"]}
    assert bot.click(message, not_sure, user=CLINICIAN, channel=DM)[0] == 200
    after = bot.api.wait_for(4, "chat.postMessage")[3]
    shown = json.dumps(after.params)
    assert "Skipped: sex" in shown and "How old is the patient?" in shown
    assert "Step 3 of " in shown
    for label in labels(after):
        assert label[:1].isupper()


def test_every_patient_voice_key_is_a_dialog_message_with_the_same_placeholders(
    tmp_path: Path,
) -> None:
    import string
    from datetime import date

    from assistant.channels.slack.patient_voice import about_the_patient, voice_keys
    from assistant.engine import Engine
    from assistant.store import open_store

    engine = Engine(open_store(str(tmp_path / "x.db")), today=date.today)
    messages: dict[str, str] = {}
    for dialog in engine.dialogs.values():
        messages.update(dialog.definition.messages)

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key in voice_keys():
        assert key in messages, f"patient_voice.yaml: {key} is not a dialog message"
        assert fields(about_the_patient(key, "")) == fields(messages[key]), key
