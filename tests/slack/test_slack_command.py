"""`boneguide slack --http` as a real process: serves signed requests, replies via SLACK_API_URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from slack_harness import OTHER, SECRET, sign

from assistant.channels.slack.standin import BOT_USER_ID, TEAM_ID, SlackStandIn


def test_http_mode_process_answers_a_signed_mention(tmp_path: Path, standin: SlackStandIn) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BONEGUIDE_"))}
    env.update(
        BONEGUIDE_STORE=str(tmp_path / "bot.db"),
        XDG_DATA_HOME=str(tmp_path),
        SLACK_BOT_TOKEN="xoxb-process",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=standin.url,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant",
            "slack",
            "--http",
            "--port",
            "0",
            "--host",
            "127.0.0.1",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()
        assert "listening on http://127.0.0.1:" in line, line + process.stderr.read()
        url = line.split()[-1]
        assert url.endswith("/slack/events")
        assert [c.token for c in standin.recorded("auth.test")] == ["xoxb-process"]
        ts = "1700300000.000100"
        body = json.dumps(
            {
                "type": "event_callback",
                "team_id": TEAM_ID,
                "event_id": "EvP1",
                "event": {
                    "type": "app_mention",
                    "user": OTHER,
                    "channel": "C1",
                    "text": f"<@{BOT_USER_ID}> what is a DEXA scan?",
                    "ts": ts,
                },
            }
        )
        stamp = int(time.time())
        request = urllib.request.Request(
            url,
            data=body.encode(),
            headers={
                "Content-Type": "application/json",
                "X-Slack-Request-Timestamp": str(stamp),
                "X-Slack-Signature": sign(body, stamp),
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        [reply] = standin.wait_for(1, "chat.postMessage", timeout=15)
        assert reply.params["thread_ts"] == ts and reply.token == "xoxb-process"
    finally:
        process.terminate()
        process.wait(timeout=10)
