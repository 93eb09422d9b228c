"""Private by default: slash replies only to their asker, hostile ids refused, nothing typed or
stored in the log, and garbage from anyone who can reach the port answered without a traceback."""

from __future__ import annotations

import json
import logging
import time

import pytest
from slack_harness import CLINICIAN, OTHER, Bot, sign

from assistant.channels.slack.standin import BOT_USER_ID, TEAM_ID, Failure
from assistant.store import open_store

SECRET_TEXT = "P-SECRET Jane Smith 61F spine T -2.7"


def dm_of(user: str) -> str:
    return "D" + user.lstrip("UW")


def shown(params: dict[str, object]) -> str:
    return json.dumps(params, ensure_ascii=False)


def test_an_unknown_subcommand_gets_private_help_and_nothing_echoed(bot: Bot) -> None:
    bot.command("pateint P-0042 Jane Smith dob 1958", user=OTHER, channel="C0WARD001")
    [reply] = bot.api.wait_for(1, "response")
    time.sleep(0.3)
    assert reply.params["response_type"] == "ephemeral"
    text = shown(reply.params)
    assert "/boneguide help" in text
    for typed in ("pateint", "P-0042", "Jane", "Smith", "1958", "-42"):
        assert typed not in text
    assert bot.api.recorded("chat.postMessage", "chat.postEphemeral") == []


def test_ask_is_answered_privately_with_a_share_button(bot: Bot) -> None:
    bot.command("ask what is a T-score?", user=OTHER, channel="C0WARD001")
    [reply] = bot.api.wait_for(1, "response")
    assert reply.params["response_type"] == "ephemeral"
    assert "Source" in shown(reply.params)
    [share] = [e for b in reply.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert share["text"]["text"] == "Share in channel"
    assert share["value"] == "what is a T-score?"
    assert bot.api.recorded("chat.postMessage") == []  # nothing public until shared
    bot.click_ephemeral(share, user=OTHER, channel="C0WARD001")
    shared, deleted = bot.api.wait_for(3, "response")[1:]
    assert shared.params["response_type"] == "in_channel"
    assert f"<@{OTHER}> shared" in shown(shared.params) and "Source" in shown(shared.params)
    assert deleted.params.get("delete_original") is True


@pytest.mark.parametrize(
    "hostile",
    [
        "P-\x1b[31mRED",  # an escape sequence
        "P" * 202,  # far longer than any id
        "P-\u202e2400",  # a right-to-left override
    ],
)
def test_hostile_patient_ids_are_refused(bot: Bot, hostile: str) -> None:
    bot.command(f"start {hostile}", user=CLINICIAN, channel=dm_of(CLINICIAN))
    bot.command(f"patient {hostile}", user=CLINICIAN, channel=dm_of(CLINICIAN))
    replies = bot.api.wait_for(2, "response")
    assert len(replies) == 2
    for reply in replies:
        assert "not a usable patient id" in shown(reply.params)
        assert hostile not in json.dumps(reply.params)  # not echoed, in any encoding
    time.sleep(0.3)
    assert bot.api.recorded("chat.postMessage") == []  # no intake thread was opened
    store = open_store(bot.settings.store)
    assert store.audit_log() == [] and list(store.patients()) == []


def test_an_undelivered_message_is_logged_without_its_text(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    failure = Failure(200, body={"ok": False, "error": "channel_not_found"})
    bot.api.fail_next("chat.postMessage", failure, failure, failure)
    bot.event(
        {
            "type": "app_mention",
            "user": OTHER,
            "channel": "C0WARD001",
            "text": f"<@{BOT_USER_ID}> {SECRET_TEXT}",
            "ts": "1700000001.000100",
        },
        event_id="EvLOG1",
    )
    deadline = time.monotonic() + 10
    while "not delivered" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)
    [line] = [r.getMessage() for r in caplog.records if "not delivered" in r.getMessage()]
    assert "chat_postMessage to C0WARD001 failed (channel_not_found)" in line
    for secret in ("P-SECRET", "Jane", "-2.7", "osteoporosis"):
        assert secret not in caplog.text, secret


def test_a_badly_signed_request_gets_401_and_one_short_line(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = json.dumps(
        {
            "type": "event_callback",
            "team_id": TEAM_ID,
            "event_id": "EvBAD",
            "event": {"type": "app_mention", "text": SECRET_TEXT, "channel": "C1", "ts": "1.2"},
        }
    )
    forged = {
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    assert bot.post(body, "application/json", signed=False, headers=forged)[0] == 401
    lines = [r for r in caplog.records if r.name.startswith(("boneguide", "slack"))]
    assert [r.getMessage() for r in lines if r.levelno >= logging.INFO] == [
        "HTTP 401 for 127.0.0.1: signature check failed"
    ]
    assert "Jane" not in caplog.text and "P-SECRET" not in caplog.text


def test_bolt_itself_never_logs_a_body(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    # Bolt's own signature check, reached without the server's guard, quotes the body in its
    # log line; the bot's logging cuts it off.
    from slack_bolt import BoltRequest

    caplog.set_level(logging.DEBUG)
    body = json.dumps({"type": "event_callback", "event": {"type": "x", "text": SECRET_TEXT}})
    stamp = str(int(time.time()))
    request = BoltRequest(
        body=body,
        headers={"x-slack-request-timestamp": stamp, "x-slack-signature": "v0=" + "0" * 64},
    )
    app = bot.server.get_app().app  # type: ignore[attr-defined]
    assert app.dispatch(request).status == 401
    assert "Invalid request signature detected (body not logged)" in caplog.text
    assert "Jane" not in caplog.text and "P-SECRET" not in caplog.text


def _signed_headers(body: str, stamp: str | None = None) -> dict[str, str]:
    stamp = stamp or str(int(time.time()))
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": sign(body, int(stamp))}


@pytest.mark.parametrize(
    ("body", "content_type", "headers", "status"),
    [
        ("this is not json", "application/json", {}, 401),
        ("[1, 2, 3]", "application/json", {}, 401),
        ("payload=%7Bnot-json", "application/x-www-form-urlencoded", {}, 401),
        (
            '{"type": "event_callback"}',
            "application/json",
            {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=00"},
            401,
        ),
        ("\udcff", "application/json", {}, 401),  # not UTF-8 (sent as raw bytes below)
        # Signed, so from someone holding the secret, and still not a body Bolt can read:
        ("[1, 2, 3]", "application/json", "signed", 400),
        ("payload=%7Bnot-json", "application/x-www-form-urlencoded", "signed", 400),
        ('{"type": "event_callback", "event": "a string"}', "application/json", "signed", 400),
    ],
)
def test_garbage_gets_a_short_answer_and_no_traceback(
    bot: Bot,
    caplog: pytest.LogCaptureFixture,
    body: str,
    content_type: str,
    headers: dict[str, str] | str,
    status: int,
) -> None:
    caplog.set_level(logging.DEBUG)
    import http.client

    sent = {"Content-Type": content_type}
    sent.update(_signed_headers(body) if headers == "signed" else headers)  # type: ignore[arg-type]
    data = body.encode("utf-8", "surrogateescape")
    connection = http.client.HTTPConnection("127.0.0.1", bot.server.port, timeout=10)
    connection.request("POST", "/slack/events", body=data, headers=sent)
    response = connection.getresponse()
    assert response.status == status
    response.read()
    connection.close()
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    refusals = [r for r in caplog.records if r.getMessage().startswith(f"HTTP {status}")]
    assert len(refusals) == 1
    assert "not json" not in caplog.text and "a string" not in caplog.text


def test_an_unexpected_error_is_logged_without_its_message(
    bot: Bot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fault whose message quotes what was typed, as a parser's error might.
    from assistant.channels.slack.services import Services

    def failing(self: Services, question: str) -> None:
        raise ValueError(f"cannot read {question!r}")

    monkeypatch.setattr(Services, "ask", failing)
    caplog.set_level(logging.INFO)
    bot.event(
        {
            "type": "app_mention",
            "user": OTHER,
            "channel": "C0WARD001",
            "text": f"<@{BOT_USER_ID}> is Jane Smith's T-score bad?",
            "ts": "1700000002.000100",
        },
        event_id="EvERR1",
    )
    [told] = bot.api.wait_for(1, "chat.postEphemeral")
    reference = told.params["text"].split("reference ")[1].rstrip(").")
    [line] = [r.getMessage() for r in caplog.records if reference in r.getMessage()]
    assert "ValueError at " in line and "respond_to_text" in line
    assert "Jane" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info]
