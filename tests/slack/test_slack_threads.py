"""A clarifying question in a channel thread answered there without a new mention, and questions
carrying Slack markup (a broadcast, a link) read without it."""

from __future__ import annotations

import json
import time

from slack_harness import CLINICIAN, OTHER, Bot

from assistant.channels.slack.standin import BOT_USER_ID

CHANNEL = "C0WARD001"
ROOT = "1700600000.000100"


def message(bot: Bot, text: str, *, user: str, ts: str, thread: str | None = ROOT) -> None:
    event = {
        "type": "message",
        "channel_type": "channel",
        "channel": CHANNEL,
        "user": user,
        "text": text,
        "ts": ts,
    }
    if thread:
        event["thread_ts"] = thread
    assert bot.event(event, event_id=f"EvTH{ts}")[0] == 200


def test_a_clarifying_question_is_answered_in_its_thread(bot: Bot) -> None:
    mention = {
        "type": "app_mention",
        "user": OTHER,
        "channel": CHANNEL,
        "text": f"<@{BOT_USER_ID}> 61F, spine T -2.7, vit D 30",
        "ts": ROOT,
    }
    bot.event(mention, event_id="EvTH0")
    [asked] = bot.api.wait_for(1, "chat.postMessage")
    assert "ng/mL or nmol/L" in json.dumps(asked.params)
    # Someone else's reply, and talk outside the thread, are not answers.
    message(bot, "ng/mL", user=CLINICIAN, ts="1700600001.000100")
    message(bot, "ng/mL", user=OTHER, ts="1700600002.000100", thread=None)
    time.sleep(0.4)
    assert len(bot.api.recorded("chat.postMessage")) == 1
    message(bot, "ng/mL", user=OTHER, ts="1700600003.000100")
    [answer] = bot.api.wait_for(2, "chat.postMessage")[1:]
    shown = json.dumps(answer.params)
    assert answer.params["thread_ts"] == ROOT
    assert "vitamin D 30 ng/mL" in shown and "-2.7" in shown  # the earlier values are kept
    assert "ng/mL or nmol/L" not in shown and "clarify" not in shown
    assert "osteoporosis" in shown.lower()
    # The question was answered: a further reply is ordinary talk.
    message(bot, "thanks", user=OTHER, ts="1700600004.000100")
    time.sleep(0.4)
    assert len(bot.api.recorded("chat.postMessage")) == 2


def test_the_answer_may_come_with_a_mention_too(bot: Bot) -> None:
    def mention(text: str, ts: str, thread: str | None = None) -> None:
        event = {"type": "app_mention", "user": OTHER, "channel": CHANNEL, "text": text, "ts": ts}
        if thread:
            event["thread_ts"] = thread
        bot.event(event, event_id=f"EvTM{ts}")

    mention(f"<@{BOT_USER_ID}> spine T -2.7, vit D 30", ROOT)
    bot.api.wait_for(1, "chat.postMessage")
    mention(f"<@{BOT_USER_ID}> nmol/L", "1700600009.000100", thread=ROOT)
    [answer] = bot.api.wait_for(2, "chat.postMessage")[1:]
    shown = json.dumps(answer.params)
    assert "vitamin D 30 nmol/L" in shown and "-2.7" in shown


def test_a_question_with_a_broadcast_and_a_link_is_answered(bot: Bot) -> None:
    text = f"<@{BOT_USER_ID}> <!channel> see <https://example.org/dexa|DEXA guide> what is CTX?"
    event = {"type": "app_mention", "user": OTHER, "channel": CHANNEL, "text": text, "ts": ROOT}
    bot.event(event, event_id="EvMK1")
    [answer] = bot.api.wait_for(1, "chat.postMessage")
    shown = json.dumps(answer.params)
    assert "Source" in shown and "CTX" in shown
    assert "<!channel>" not in shown
