"""The real Bolt app over HTTP on loopback: signatures, mentions, retries, escaping, rate limits."""

from __future__ import annotations

import json
import sqlite3
import time

from slack_harness import CLINICIAN, OTHER, Bot

from assistant.channels.slack.standin import BOT_USER_ID, Failure


def mention(
    text: str,
    *,
    ts: str = "1700000001.000100",
    user: str = OTHER,
    channel: str = "C0WARD001",
    thread_ts: str | None = None,
) -> dict[str, object]:
    event: dict[str, object] = {
        "type": "app_mention",
        "user": user,
        "channel": channel,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def texts(call_params: dict[str, object]) -> str:
    """Everything a recorded message shows: its text and every text inside its blocks."""
    return json.dumps(call_params, ensure_ascii=False)


def test_unsigned_wrongly_signed_and_replayed_requests_are_rejected(bot: Bot) -> None:
    body = json.dumps(
        {
            "type": "event_callback",
            "event_id": "EvX",
            "team_id": "T",
            "event": mention("what is a T-score?"),
        }
    )
    assert bot.post(body, "application/json", signed=False)[0] == 401
    forged = {
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    assert bot.post(body, "application/json", signed=False, headers=forged)[0] == 401
    assert bot.post(body, "application/json", timestamp=int(time.time()) - 301)[0] == 401
    time.sleep(0.3)
    assert bot.api.recorded("chat.postMessage", "chat.postEphemeral") == []


def test_url_verification_challenge(bot: Bot) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "x"})
    status, answer = bot.post(body, "application/json")
    assert status == 200 and "c-123" in answer


def test_health_check_needs_no_signature(bot: Bot) -> None:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", bot.server.port, timeout=5)
    connection.request("GET", "/healthz")
    assert connection.getresponse().status == 200


def test_mention_is_answered_in_its_thread_with_the_source(bot: Bot) -> None:
    status, _ = bot.event(mention("what is a T-score?", ts="1700000001.000100"), event_id="Ev0001")
    assert status == 200
    [call] = bot.api.wait_for(1, "chat.postMessage")
    assert call.params["channel"] == "C0WARD001"
    assert call.params["thread_ts"] == "1700000001.000100"
    assert "Source" in texts(call.params)


def test_an_offer_says_what_happens_and_gives_buttons(bot: Bot) -> None:
    bot.event(mention("scan or bloods on arimidex?"), event_id="Ev0009")
    [call] = bot.api.wait_for(1, "chat.postMessage")
    shown = texts(call.params)
    assert "not sure which of these you mean" in shown
    # both halves of the question: a scan and the blood tests
    assert "DEXA scan" in shown and "Blood tests" in shown and '"button"' in shown
    assert "have an answer" not in shown  # an offer is no abstention


def test_pasted_values_get_an_interpretation(bot: Bot) -> None:
    text = "58F on anastrozole for breast cancer, spine T -2.7, hip -1.9, vit D 45 nmol/L"
    bot.event(mention(text), event_id="Ev0002")
    [call] = bot.api.wait_for(1, "chat.postMessage")
    shown = texts(call.params).lower()
    assert "-2.7" in shown and "osteoporosis" in shown
    assert "vitamin d" in shown and "deficient" in shown  # 45 nmol/L is 18 ng/mL
    assert "dexa" in shown  # what is due


def test_retries_and_duplicate_event_ids_get_one_reply(bot: Bot) -> None:
    event = mention("what is a T-score?")
    assert bot.event(event, event_id="Ev0003")[0] == 200
    for attempt in (1, 2):
        status, _ = bot.event(
            event,
            event_id="Ev0003",
            headers={"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"},
        )
        assert status == 200
    assert bot.event(event, event_id="Ev0003")[0] == 200  # a plain duplicate delivery
    bot.api.wait_for(1, "chat.postMessage")
    time.sleep(0.5)  # give a wrongly accepted duplicate the time to post
    assert len(bot.api.recorded("chat.postMessage")) == 1


def test_the_acknowledgement_does_not_wait_for_the_store(bot: Bot) -> None:
    # Another process holds SQLite's write lock: Slack still gets its 200 at once, and the
    # reply follows when the lock is released (the event's claim in the store waits for it).
    holder = sqlite3.connect(bot.settings.store, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        began = time.monotonic()
        assert bot.event(mention("what is a T-score?"), event_id="Ev0005")[0] == 200
        assert time.monotonic() - began < 1.0
        time.sleep(0.3)
        assert bot.api.recorded("chat.postMessage") == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    bot.api.wait_for(1, "chat.postMessage")
    time.sleep(0.3)  # a duplicate would show up now
    assert len(bot.api.recorded("chat.postMessage")) == 1


def test_echoed_text_cannot_broadcast_or_hide_a_link(bot: Bot) -> None:
    # Typed literally (Slack sends what a person types as entities), then shared in the channel.
    bot.command("ask is a T-score &gt; -1 normal &amp; fine?", user=OTHER, channel="C0WARD001")
    [private] = bot.api.wait_for(1, "response")
    share = next(
        e for b in private.params["blocks"] if b["type"] == "actions" for e in b["elements"]
    )
    bot.click_ephemeral(share, user=OTHER, channel="C0WARD001")
    shared = bot.api.wait_for(2, "response")[1]
    assert shared.params["response_type"] == "in_channel"
    [echo] = [b["text"]["text"] for b in shared.params["blocks"] if "shared" in str(b)]
    assert "T-score &gt; -1 normal &amp; fine?" in echo and ">" not in echo.split("shared")[1]


def test_rate_limited_web_api_still_delivers_the_reply_once(bot: Bot) -> None:
    bot.api.fail_next("chat.postMessage", Failure(429, {"Retry-After": "1"}))
    assert bot.event(mention("what is a T-score?"), event_id="Ev0004")[0] == 200
    calls = bot.api.wait_for(1, "chat.postMessage", timeout=15)
    time.sleep(0.3)
    assert len(bot.api.recorded("chat.postMessage")) == len(calls) == 1
    assert "Source" in texts(calls[0].params)


def test_record_requests_in_a_channel_get_an_ephemeral_pointer(bot: Bot) -> None:
    bot.command("patient P-0042", user=CLINICIAN, channel="C0WARD001")
    bot.event(mention("due", user=CLINICIAN), event_id="Ev0005")
    [command] = bot.api.wait_for(1, "response")
    [mentioned] = bot.api.wait_for(1, "chat.postEphemeral")
    assert command.params["response_type"] == "ephemeral"
    assert mentioned.params["user"] == CLINICIAN
    for shown in (texts(command.params), mentioned.params["text"]):
        assert "direct message" in shown and f"<@{BOT_USER_ID}>" in shown
        assert "P-0042" not in shown  # nothing typed is repeated
    assert bot.api.recorded("chat.postMessage") == []


def test_ambiguous_and_implausible_values_are_asked_back_not_guessed(bot: Bot) -> None:
    bot.event(mention("61F, spine T -2.7, vit D 30, calcium 40 mg/dL"), event_id="Ev0006")
    [call] = bot.api.wait_for(1, "chat.postMessage")
    shown = texts(call.params)
    assert "ng/mL or nmol/L" in shown  # the unit of vitamin D 30 is asked back
    assert "between" in shown  # calcium 40 mg/dL refused with its plausible range
    assert "vitamin D 30" not in shown.split("clarify")[0]  # not among what was read
