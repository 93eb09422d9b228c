"""The welcome: the assistant's name and how to get help. That it is not a doctor is said
once, by the dialog's greeting (or its welcome back) that follows.

It is written before prompt_toolkit and the engine are imported, with a few SGR codes of its
own, so a person sees the assistant answer within a blink of typing `boneguide`.
"""

from __future__ import annotations

from typing import TextIO

from assistant import wording
from assistant.channels.terminal.capabilities import Capabilities
from assistant.channels.terminal.styled import Line, plain, wrap

# The welcome's few styles as SGR parameters; the same colours as theme.STYLE_RULES.
_SGR = {"class:welcome.title": "1;36", "class:muted": "90"}


def welcome_lines(caps: Capabilities, *, interactive: bool) -> list[Line]:
    width = caps.width
    # The dialog's own greeting follows and tells the rest; this is the frame around it.
    lines = wrap([("class:welcome.title", wording.text("terminal.welcome_title"))], width)
    if interactive:
        how = wording.text("terminal.how_to_help")
    else:
        how = wording.text("terminal.how_to_help_piped")
    lines += wrap([("class:muted", how)], width)
    lines.append([])
    return lines


def write_welcome(out: TextIO, caps: Capabilities, *, interactive: bool) -> None:
    lines = welcome_lines(caps, interactive=interactive)
    for line in lines:
        if caps.colour:
            text = "".join(
                f"\x1b[{_SGR[style]}m{caps.text(part)}\x1b[0m" if style in _SGR else caps.text(part)
                for style, part in line
            )
        else:
            text = caps.text(plain(line))
        out.write(text.rstrip() + "\n")
    out.flush()
