"""Text that came from a person, made safe to print: no character a terminal would act on.

A question, a patient id or a field name may carry escape sequences (ESC, the C1 controls such
as U+009B CSI), bidi overrides (U+202E) or other invisible controls. Every command passes such
text through `printable` (or, for JSON output, `printable_json`) on its way out.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

REPLACEMENT = "\ufffd"  # shows that something unprintable stood here
# Other (control, format, surrogate) and line/paragraph separators; private-use and unassigned
# code points move no cursor and stay, as do ordinary spaces.
_UNSAFE_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
_KEPT = frozenset("\u200d")  # the zero-width joiner builds emoji, and moves nothing
_BREAKS = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029")  # shown as a space


def _unsafe(char: str) -> bool:
    return char not in _KEPT and unicodedata.category(char) in _UNSAFE_CATEGORIES


def printable(text: str, *, lines: bool = False) -> str:
    """`text` with each control character replaced: line and tab breaks by a space, anything
    else by U+FFFD. With `lines`, newlines stay, for text of several lines."""
    if text.isprintable():  # the usual case, at C speed
        return text
    if lines:
        return "\n".join(printable(line) for line in text.split("\n"))
    return "".join(
        (" " if char in _BREAKS else REPLACEMENT) if _unsafe(char) else char for char in text
    )


def printable_json(value: Any, *, indent: int | None = None) -> str:
    """`json.dumps(value)` with non-ASCII kept, except that every character `printable` would
    replace is written as a \\u escape: the data stays whole, the terminal sees no control."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    if text.isprintable() or (indent is not None and text.replace("\n", "").isprintable()):
        return text
    return "".join(_escaped(char) if char != "\n" and _unsafe(char) else char for char in text)


def _escaped(char: str) -> str:
    # Outside strings JSON is ASCII, so any such character sits inside a string, where a
    # \u escape (a surrogate pair above U+FFFF) decodes to the same character.
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
