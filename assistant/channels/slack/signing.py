"""Slack's v0 request signature, for building requests the way Slack does (tests, the bench).

The bot itself lets Bolt verify signatures (slack_sdk's SignatureVerifier) on every request.
"""

from __future__ import annotations

import hashlib
import hmac


def signature(secret: str, timestamp: int, body: str) -> str:
    """`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` under the signing secret."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
