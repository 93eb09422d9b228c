"""Who is acting, for the audit log, when a record is read from the command line."""

from __future__ import annotations

import getpass


def cli_actor() -> str:
    """The OS user name, or "cli" when the system cannot tell (e.g. no passwd entry)."""
    try:
        return getpass.getuser() or "cli"
    except (KeyError, OSError):
        return "cli"
