"""The App Home: the due list most urgent first, with Slack dates and a button per record, a
button to start an intake, and help; each opened from `app_home_opened` and clicked for real."""

from __future__ import annotations

import json
from typing import Any

from slack_harness import CLINICIAN, OTHER, Bot

from assistant.rules import Facts, assess
from assistant.rules.codec import check, dump
from assistant.store import open_store

BASE = {
    "sex": "female",
    "age": 64,
    "menopausal_status": "postmenopausal",
    "indication": "breast_cancer",
}
# Alphabetical order is the reverse of urgency: a DEXA overdue since January 2024, one overdue
# since February 2025, and no baseline scan at all.
PATIENTS = {
    "P-ALPHA": {},
    "P-MID": {"dexa": [{"date": "2024-02-20", "site": "lumbar_spine", "t_score": -2.1}]},
    "P-ZULU": {"dexa": [{"date": "2023-01-10", "site": "lumbar_spine", "t_score": -2.1}]},
}


def seed(bot: Bot) -> None:
    store = open_store(bot.settings.store)
    for patient_id, extra in PATIENTS.items():
        facts = {"patient_id": patient_id, **BASE, **extra}
        assessment = assess(check(Facts, facts), bot.settings.today())
        store.record_assessment(patient_id, None, facts, dump(assessment))


def open_home(bot: Bot, user: str, event_id: str) -> dict[str, Any]:
    event = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}
    assert bot.event(event, event_id=event_id)[0] == 200
    [published] = bot.api.wait_for(1, "views.publish", match={"user_id": user})
    view: dict[str, Any] = published.params["view"]
    return view


def buttons(view: dict[str, Any]) -> list[dict[str, Any]]:
    found = [b["accessory"] for b in view["blocks"] if "accessory" in b]
    found += [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    return found


def test_home_shows_the_due_list_most_urgent_first_with_buttons(bot: Bot) -> None:
    seed(bot)
    view = open_home(bot, CLINICIAN, "EvHOME1")
    assert view["type"] == "home"
    text = json.dumps(view)
    order = [text.index(patient) for patient in ("P-ZULU", "P-MID", "P-ALPHA")]
    assert order == sorted(order)
    assert "<!date^" in text and "2024-01-10" in text  # Slack date formatting, ISO fallback
    records = [b["value"] for b in buttons(view) if b["action_id"].startswith("open_record")]
    assert records == ["P-ZULU", "P-MID", "P-ALPHA"]
    assert any(b["text"]["text"] == "Start an intake" for b in buttons(view))
    assert "who is due this month?" in text  # the help
    audited = {e.patient_id for e in open_store(bot.settings.store).audit_log()}
    assert audited == set(PATIENTS)


def test_home_for_someone_not_authorised_shows_no_patient(bot: Bot) -> None:
    seed(bot)
    view = open_home(bot, OTHER, "EvHOME2")
    text = json.dumps(view)
    assert not any(p in text for p in PATIENTS) and "authorised clinicians" in text
    assert not buttons(view)


def test_open_record_and_start_intake_from_home_land_in_the_dm(bot: Bot) -> None:
    seed(bot)
    view = open_home(bot, CLINICIAN, "EvHOME3")
    record = next(b for b in buttons(view) if b.get("value") == "P-ZULU")
    assert bot.click_in_home(record, user=CLINICIAN)[0] == 200
    [shown] = bot.api.wait_for(1, "chat.postMessage")
    assert shown.params["channel"] == "D" + CLINICIAN.lstrip("U")
    assert "Patient P-ZULU" in json.dumps(shown.params)
    start = next(b for b in buttons(view) if b["text"]["text"] == "Start an intake")
    assert bot.click_in_home(start, user=CLINICIAN)[0] == 200
    root, first = bot.api.wait_for(3, "chat.postMessage")[1:]
    assert "New intake" in json.dumps(root.params)
    assert first.params["thread_ts"] == root.ts and "Shall we begin" in json.dumps(first.params)
    # A click forged for someone not authorised opens nothing.
    assert bot.click_in_home(record, user=OTHER)[0] == 200
    assert len(bot.api.wait_for(4, "chat.postMessage", timeout=0.5)) == 3
