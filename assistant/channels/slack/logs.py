"""The bot's logging, free of patient data: Bolt's lines that quote a request body are cut, and
Bolt's and slack_sdk's DEBUG lines (which quote whole bodies) are held back.
"""

from __future__ import annotations

import logging
import traceback

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


def failure(error: BaseException) -> str:
    """An error for the log: its type and where it happened, frame by frame, without its message
    or the values it carried (either may quote what a person typed)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = "; ".join(
        f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in frames
    )
    return f"{type(error).__name__} at {where or 'unknown'}"
