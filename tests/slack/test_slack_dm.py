"""DM intakes through the real engine, buttons, and who may see patient records (audited)."""

from __future__ import annotations

import itertools
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from slack_harness import CLINICIAN, OTHER, SECRET, Bot, bot_settings

from assistant.channels.slack.app import build_app
from assistant.channels.slack.config import slack_config
from assistant.channels.slack.conversations import conversation_id
from assistant.channels.slack.server import serve
from assistant.channels.slack.services import Services
from assistant.channels.slack.standin import TEAM_ID, Call, SlackStandIn
from assistant.engine import Engine
from assistant.rules.codec import check, dump
from assistant.store import open_store

SECOND = "UCLINIC02"
ANSWERS = [
    "58",
    "after menopause",
    "breast cancer",
    "March 2024",
    "no",
    "no",
    "no",
    "2",
    "yes",
    "yes",
    "no",
    "yes",
    "no",
    "none",
    "82",
    "yes",
    "spine -2.7 and hip -1.9 in March 2025",
    "no",
    "yes",
    "vit D 45 nmol/L and calcium 9.4 mg/dL, taken March 2025",
    "no",
    "yes, that's right",
]
_ts = itertools.count(1)


def dm_of(user: str) -> str:
    return "D" + user.lstrip("UW")  # what the stand-in's conversations.open answers


def shown(call: Call) -> str:
    return json.dumps(call.params, ensure_ascii=False)


def in_thread(api: SlackStandIn, channel: str, thread: str) -> list[Call]:
    return [
        c
        for c in api.recorded("chat.postMessage")
        if c.params["channel"] == channel and c.params.get("thread_ts") == thread
    ]


def say_in_thread(bot: Bot, user: str, thread: str, text: str) -> None:
    channel = dm_of(user)
    before = len(in_thread(bot.api, channel, thread))
    ts = f"1700100000.{next(_ts):06d}"
    status, _ = bot.event(
        {
            "type": "message",
            "channel_type": "im",
            "user": user,
            "channel": channel,
            "text": text,
            "ts": ts,
            "thread_ts": thread,
        },
        event_id=f"EvDM{ts}",
    )
    assert status == 200
    bot.api.wait_for(
        before + 1, "chat.postMessage", match={"channel": channel, "thread_ts": thread}
    )


def start_intake(bot: Bot, user: str, patient: str) -> str:
    """`/boneguide start` in the user's DM; returns the thread of the intake."""
    channel = dm_of(user)
    before = len(bot.api.recorded("chat.postMessage"))
    bot.command(f"start {patient}", user=user, channel=channel)
    calls = bot.api.wait_for(before + 2, "chat.postMessage")
    root = next(
        c for c in calls[before:] if c.params["channel"] == channel and "thread_ts" not in c.params
    )
    return root.ts


def click(bot: Bot, user: str, message: Call, wanted: str) -> None:
    button = next(
        element
        for block in message.params["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["value"] == wanted
    )
    posted = {
        "ts": message.ts,
        "thread_ts": message.params.get("thread_ts"),
        "blocks": message.params["blocks"],
        "text": message.params.get("text", ""),
    }
    updates = len(bot.api.recorded("chat.update"))
    before = len(bot.api.recorded("chat.postMessage"))
    status, _ = bot.click(posted, button, user=user, channel=message.params["channel"])
    assert status == 200
    bot.api.wait_for(updates + 1, "chat.update")
    bot.api.wait_for(before + 1, "chat.postMessage")


def test_full_dm_intake_with_buttons_ends_in_the_assessment(bot: Bot) -> None:
    thread = start_intake(bot, CLINICIAN, "P-W1")
    opening = in_thread(bot.api, dm_of(CLINICIAN), thread)[-1]
    assert "actions" in shown(opening)  # consent offered as buttons
    click(bot, CLINICIAN, opening, "yes")
    [update] = bot.api.recorded("chat.update")
    assert update.params["ts"] == opening.ts and "actions" not in shown(update)
    assert "chose" in shown(update)
    click(bot, CLINICIAN, in_thread(bot.api, dm_of(CLINICIAN), thread)[-1], "female")
    for answer in ANSWERS:
        say_in_thread(bot, CLINICIAN, thread, answer)
    last = shown(in_thread(bot.api, dm_of(CLINICIAN), thread)[-1]).lower()
    assert "assessment as of" in last and "osteoporosis" in last
    assert "45 nmol/l (18.03 ng/ml)" in last  # the unit typed, the rules' value beside it
    assert "source" in last or "sources" in last
    store = open_store(bot.settings.store)
    assert [e.action for e in store.audit_log("P-W1") if e.actor == CLINICIAN]
    # A second click on an answered question changes nothing.
    before = len(bot.api.recorded("chat.postMessage"))
    bot.click(
        {"ts": opening.ts, "blocks": opening.params["blocks"]},
        opening.params["blocks"][-1]["elements"][0],
        user=CLINICIAN,
        channel=dm_of(CLINICIAN),
    )
    bot.api.wait_for(before + 1, "chat.postMessage", timeout=0.5)
    assert len(bot.api.recorded("chat.postMessage")) == before


@pytest.fixture
def two_clinicians(tmp_path: Path, standin: SlackStandIn) -> Any:
    settings = bot_settings(tmp_path, standin.url, BONEGUIDE_CLINICIANS=f"{CLINICIAN},{SECOND}")
    app = build_app(
        slack_config(settings, "http"), Services.from_settings(settings), settings.clinicians
    )
    server = serve(app, SECRET, "127.0.0.1", 0)
    server.start()
    yield Bot(server, standin, settings)
    server.shutdown()
    server.server_close()


def test_two_users_in_two_threads_at_once_never_mix(two_clinicians: Bot) -> None:
    bot = two_clinicians
    threads = {
        CLINICIAN: start_intake(bot, CLINICIAN, "P-A"),
        SECOND: start_intake(bot, SECOND, "P-B"),
    }
    ages = {CLINICIAN: "58", SECOND: "71"}

    def answer(user: str) -> None:
        for text in ("yes", "female", ages[user], "after menopause"):
            say_in_thread(bot, user, threads[user], text)

    workers = [threading.Thread(target=answer, args=(u,)) for u in threads]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    engine = Engine(open_store(bot.settings.store), today=bot.settings.today)
    for user, thread in threads.items():
        facts = engine.facts(conversation_id(TEAM_ID, dm_of(user), thread, user))
        assert facts is not None and facts.age == int(ages[user])
        assert facts.menopausal_status == "postmenopausal"
        for call in in_thread(bot.api, dm_of(user), thread):
            assert call.params["channel"] == dm_of(user)  # nothing crossed over


FACTS = {
    "patient_id": "P-7",
    "sex": "female",
    "age": 64,
    "menopausal_status": "postmenopausal",
    "indication": "breast_cancer",
    "dexa": [{"date": "2024-02-20", "site": "lumbar_spine", "t_score": -2.1}],
    "labs": [{"date": "2024-02-20", "test": "vitamin_d", "value": 45, "unit": "nmol/L"}],
}


def seed_patient(bot: Bot) -> None:
    from assistant.rules import Facts, assess

    assessment = assess(check(Facts, FACTS), bot.settings.today())
    open_store(bot.settings.store).record_assessment("P-7", None, FACTS, dump(assessment))


def test_clinician_sees_patient_and_due_list_in_the_dm_and_it_is_audited(bot: Bot) -> None:
    seed_patient(bot)
    bot.command("patient P-7", user=CLINICIAN, channel=dm_of(CLINICIAN))
    record = bot.api.wait_for(1, "response")[0]
    bot.command("due", user=CLINICIAN, channel=dm_of(CLINICIAN))
    due = bot.api.wait_for(2, "response")[1]
    assert record.params["response_type"] == due.params["response_type"] == "ephemeral"
    assert "P-7" in shown(record) and "osteopenia" in shown(record).lower()
    assert "P-7" in shown(due) and "overdue" in shown(due).lower()
    assert "<!date^" in shown(due)  # Slack shows the date in the reader's own format
    [button] = [b["accessory"] for b in due.params["blocks"] if "accessory" in b]
    assert button["value"] == "P-7" and button["action_id"].startswith("open_record")
    assert bot.api.recorded("chat.postMessage") == []
    actions = [
        e.action for e in open_store(bot.settings.store).audit_log("P-7") if e.actor == CLINICIAN
    ]
    assert len(actions) == 2


@pytest.mark.parametrize(
    ("user", "channel", "why"),
    [
        (OTHER, dm_of(OTHER), "BONEGUIDE_CLINICIANS"),  # not authorised, even in the bot's DM
        (CLINICIAN, "C0WARD001", "direct message"),  # authorised, but in a channel
        (CLINICIAN, "DCLINIC0X", "direct message"),  # a DM between two people, not with the bot
    ],
)
def test_record_requests_elsewhere_are_refused_privately(
    bot: Bot, user: str, channel: str, why: str
) -> None:
    seed_patient(bot)
    for request in ("patient P-7", "due", "start P-7"):
        bot.command(request, user=user, channel=channel)
    refusals = bot.api.wait_for(3, "response")
    assert len(refusals) == 3
    assert all(c.params["response_type"] == "ephemeral" and why in shown(c) for c in refusals)
    assert bot.api.recorded("chat.postMessage") == []
    refused = json.dumps([c.params for c in refusals]).lower()
    assert "osteopenia" not in refused and "-2.1" not in refused  # no record data
    assert [e for e in open_store(bot.settings.store).audit_log("P-7") if e.actor == user] == []


def test_non_clinician_dm_gets_answers_but_no_intake(bot: Bot) -> None:
    bot.event(
        {
            "type": "message",
            "channel_type": "im",
            "user": OTHER,
            "channel": dm_of(OTHER),
            "text": "what is a T-score?",
            "ts": "1700200000.000001",
        },
        event_id="EvNC1",
    )
    [call] = bot.api.wait_for(1, "chat.postMessage")
    assert "Source" in shown(call) and "actions" not in shown(call)
    engine = Engine(open_store(bot.settings.store), today=bot.settings.today)
    assert engine.progress(conversation_id(TEAM_ID, dm_of(OTHER), None, OTHER)) is None


def test_dm_text_echoed_by_the_dialog_is_escaped(bot: Bot) -> None:
    thread = start_intake(bot, CLINICIAN, "P-E")
    say_in_thread(bot, CLINICIAN, thread, "yes")
    say_in_thread(bot, CLINICIAN, thread, "<!channel> <https://x|y> female")
    say_in_thread(bot, CLINICIAN, thread, "summary")
    everything = json.dumps([c.params for c in bot.api.recorded()])
    assert "<!channel>" not in everything and "<https://x|y>" not in everything
