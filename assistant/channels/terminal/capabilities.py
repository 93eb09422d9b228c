"""What the terminal can show: width, colour, and whether non-ASCII glyphs survive.

Decided once at start-up from the environment, then passed to every renderer.
"""

from __future__ import annotations

import codecs
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.printable import printable

# Characters the renderers and the engine's wording use, with their ASCII stand-ins for
# terminals whose locale is not UTF-8 (LANG=C over ssh, old consoles, some CI logs).
ASCII_FALLBACKS: dict[str, str] = {
    "─": "-",
    "━": "=",
    "│": "|",
    "┃": "|",
    "┄": ".",
    "┈": ".",
    "┌": "+",
    "┐": "+",
    "└": "+",
    "┘": "+",
    "├": "+",
    "┤": "+",
    "┬": "+",
    "┴": "+",
    "┼": "+",
    "●": "*",
    "•": "*",
    "·": "-",
    "►": ">",
    "▸": ">",
    "→": "->",
    "←": "<-",
    "↑": "^",
    "↓": "v",
    "…": "...",
    "–": "-",
    "—": "--",
    "−": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "≥": ">=",
    "≤": "<=",
    "≈": "~",
    "×": "x",
    "÷": "/",
    "±": "+/-",
    "°": " deg",
    "µ": "u",
    "μ": "u",
    "²": "2",
    "³": "3",
    "∞": "-",
    "✓": "v",
    "✗": "x",
    "⚠": "!",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}
_ASCII_TABLE = str.maketrans(ASCII_FALLBACKS)

# Probe that a stream's encoding can carry the glyphs we draw with.
_PROBE = "─│┼●µ−≥…"


@dataclass(frozen=True)
class Capabilities:
    width: int = 80
    colour: bool = False
    unicode: bool = True
    interactive: bool = False  # a person at a terminal with keys (Tab, Up, Ctrl-R), not a pipe

    def text(self, value: str) -> str:
        """`value` as this terminal can show it: no control character (what a person typed is
        echoed in replies), and ASCII stand-ins when it is not UTF-8."""
        value = printable(value, lines=True)
        if self.unicode:
            return value
        plain = value.translate(_ASCII_TABLE)
        # Anything else outside ASCII (an accented name the person typed) degrades to "?"
        # rather than raising UnicodeEncodeError in the middle of a reply.
        return plain.encode("ascii", "replace").decode("ascii")


def locale_is_utf8(env: Mapping[str, str]) -> bool:
    """Whether the person's locale names UTF-8, as they set it (not as Python coerced it).

    Python 3.7+ coerces a C locale to C.UTF-8 and writes LC_CTYPE=C.UTF-8 into its own
    environment (PEP 538), so with LANG=C that value says nothing about the terminal.
    """
    lc_all = env.get("LC_ALL", "")
    if lc_all:
        return _names_utf8(lc_all)
    lang = env.get("LANG", "")
    lc_ctype = env.get("LC_CTYPE", "")
    coerced = lc_ctype == "C.UTF-8" and lang in ("", "C", "POSIX")
    if lc_ctype and not coerced:
        return _names_utf8(lc_ctype)
    if lang:
        return _names_utf8(lang)
    return False


def _names_utf8(locale_name: str) -> bool:
    return "utf8" in locale_name.lower().replace("-", "")


def encoding_carries_glyphs(encoding: str | None) -> bool:
    if not encoding:
        return False
    try:
        codecs.encode(_PROBE, encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def detect(
    *, interactive: bool, encoding: str | None, env: Mapping[str, str] | None = None
) -> Capabilities:
    """The capabilities of the terminal (or pipe) we write to."""
    env = os.environ if env is None else env
    width = shutil.get_terminal_size((80, 24)).columns
    # Below this a layout cannot hold a label and a value; wrap as if at this width.
    width = max(width, 30)
    colour = interactive and not env.get("NO_COLOR") and env.get("TERM", "") != "dumb"
    unicode = locale_is_utf8(env) and encoding_carries_glyphs(encoding)
    return Capabilities(width=width, colour=colour, unicode=unicode, interactive=interactive)
