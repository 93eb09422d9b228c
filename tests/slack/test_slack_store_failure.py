"""A turn the store cannot save (SQLite held locked by another connection) is reported to the
person as not saved, to send again; once the store answers, the same message goes on as usual."""

from __future__ import annotations

import itertools
import json
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_harness import CLINICIAN, SECRET, Bot, bot_settings

import assistant.store.sqlite as sqlite_store
from assistant.channels.slack.app import build_app
from assistant.channels.slack.config import slack_config
from assistant.channels.slack.server import serve
from assistant.channels.slack.services import Services
from assistant.channels.slack.standin import SlackStandIn

DM = "D" + CLINICIAN.lstrip("U")
_ts = itertools.count(1)


@pytest.fixture
def impatient(
    tmp_path: Path, standin: SlackStandIn, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Bot]:
    # The store gives up on a lock after 0.3 s instead of 10 s, so the test need not wait.
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 300)
    settings = bot_settings(tmp_path, standin.url)
    app = build_app(
        slack_config(settings, "http"), Services.from_settings(settings), settings.clinicians
    )
    server = serve(app, SECRET, "127.0.0.1", 0)
    server.start()
    standin.clear()
    yield Bot(server, standin, settings)
    server.shutdown()
    server.server_close()


def dm(bot: Bot, text: str) -> str:
    """A top-level DM from the clinician; returns what the bot posted back."""
    before = len(bot.api.recorded("chat.postMessage"))
    ts = f"1700400000.{next(_ts):06d}"
    event = {
        "type": "message",
        "channel_type": "im",
        "user": CLINICIAN,
        "channel": DM,
        "text": text,
        "ts": ts,
    }
    assert bot.event(event, event_id=f"EvSF{ts}")[0] == 200
    return json.dumps(bot.api.wait_for(before + 1, "chat.postMessage")[before].params)


def test_a_message_the_store_cannot_save_is_to_be_sent_again(impatient: Bot) -> None:
    bot = impatient
    assert "Shall we begin" in dm(bot, "hi")
    holder = sqlite3.connect(bot.settings.store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        refused = dm(bot, "yes")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "not saved" in refused and "send it again" in refused
    # Sent again, it answers the question it was meant for.
    assert "Is the patient female or male?" in dm(bot, "yes")


def test_a_button_click_the_store_cannot_save_is_to_be_clicked_again(impatient: Bot) -> None:
    bot = impatient
    dm(bot, "hi")
    dm(bot, "yes")
    question = bot.api.recorded("chat.postMessage")[-1]
    female = next(
        e
        for b in question.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["value"] == "female"
    )
    holder = sqlite3.connect(bot.settings.store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        before = len(bot.api.recorded("chat.postMessage"))
        message = {"ts": question.ts, "blocks": question.params["blocks"]}
        assert bot.click(message, female, user=CLINICIAN, channel=DM)[0] == 200
        [refused] = bot.api.wait_for(before + 1, "chat.postMessage")[before:]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "not saved" in json.dumps(refused.params)
    assert bot.api.recorded("chat.update") == []  # the buttons stay under the question
    # Clicked again once the store answers, the same button goes through.
    before = len(bot.api.recorded("chat.postMessage"))
    assert bot.click(message, female, user=CLINICIAN, channel=DM)[0] == 200
    [answered] = bot.api.wait_for(before + 1, "chat.postMessage")[before:]
    assert "How old is the patient?" in json.dumps(answered.params)
    assert "Female" in json.dumps(bot.api.wait_for(1, "chat.update")[0].params)


def test_a_damaged_conversation_is_named_to_the_clinician_not_to_the_log(
    impatient: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = impatient
    opening = bot.api.recorded("chat.postMessage")
    bot.command("start P-DAMAGED", user=CLINICIAN, channel=DM)
    root = bot.api.wait_for(len(opening) + 2, "chat.postMessage")[len(opening)]
    with sqlite3.connect(bot.settings.store) as editor:
        editor.execute("UPDATE conversations SET data = '[]'")
    editor.close()
    caplog.set_level(logging.INFO)
    before = len(bot.api.recorded("chat.postMessage"))
    event = {
        "type": "message",
        "channel_type": "im",
        "user": CLINICIAN,
        "channel": DM,
        "text": "yes",
        "ts": "1700400099.000001",
        "thread_ts": root.ts,
    }
    bot.event(event, event_id="EvDAMAGED")
    [told] = bot.api.wait_for(before + 1, "chat.postMessage")[before:]
    shown = json.dumps(told.params)
    assert "cannot be read" in shown and "P-DAMAGED" in shown and "not saved" not in shown
    [line] = [r.getMessage() for r in caplog.records if "was not saved" in r.getMessage()]
    assert line.endswith("RecordUnreadable") and "P-DAMAGED" not in caplog.text
