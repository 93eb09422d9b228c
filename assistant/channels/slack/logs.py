"""The bot's logging, kept free of patient data: no request body, no message text, ever.

Bolt quotes request bodies in a few of its lines (a failed signature check, an unhandled request)
and both Bolt and slack_sdk log whole bodies at DEBUG; those lines are cut or kept out here.
"""

from __future__ import annotations

import logging

LOGGER = "boneguide.slack"
# Loggers whose DEBUG lines quote request and message bodies: held at INFO whatever the root says.
QUIET = ("slack_bolt", "slack_sdk", f"{LOGGER}.webapi")
# Bolt's lines that carry a body after one of these phrases; the phrase and the rest are cut.
BODY_MARKERS = (" (signature:", " for the request (", "Unhandled request (", "request body:")


class WithoutBodies(logging.Filter):
    """Cuts a quoted body off any line that carries one (the line itself is kept)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(("slack_bolt", LOGGER)):
            return True
        message = record.getMessage()
        for marker in BODY_MARKERS:
            at = message.find(marker)
            if at >= 0:
                record.msg = message[:at].rstrip(" :(") + " (body not logged)"
                record.args = ()
                break
        return True


def quiet_bodies(*handlers: logging.Handler) -> logging.Logger:
    """The bot's logger, set up so that Bolt's loggers (which copy its filters) and `handlers`
    never carry a body; returns the logger to hand to Bolt."""
    for name in QUIET:
        logger = logging.getLogger(name)
        if logger.level in (logging.NOTSET, logging.DEBUG):
            logger.setLevel(logging.INFO)
    base = logging.getLogger(LOGGER)
    for target in (base, logging.getLogger("slack_bolt"), *handlers):
        if not any(isinstance(f, WithoutBodies) for f in target.filters):
            target.addFilter(WithoutBodies())
    return base
