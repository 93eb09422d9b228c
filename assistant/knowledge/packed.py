"""Long runs of whole numbers kept in JSON as base64 of little-endian arrays.

JSON parses its numbers one by one: the two classifiers' weights, some 235,000 numbers, took
about 50 ms of every start that way. Packed, each run is read back with one decode and one copy.

    text = pack("i", [2226, -102360])
    unpack("i", text)   # array('i', [2226, -102360])
"""

from __future__ import annotations

import base64
import binascii
import sys
from array import array
from collections.abc import Iterable

# the array kinds used, and their size in bytes (the size a packed run was written with)
SIZES = {"H": 2, "I": 4, "i": 4}


def pack(kind: str, values: Iterable[int]) -> str:
    data = array(kind, values)
    if sys.byteorder != "little":
        data.byteswap()
    return base64.b64encode(data.tobytes()).decode("ascii")


def unpack(kind: str, text: str) -> array[int]:
    """The numbers `pack` wrote; ValueError when `text` is not such a run."""
    data = array(kind)
    if data.itemsize != SIZES[kind]:
        raise ValueError(f"array kind {kind!r} is not {SIZES[kind]} bytes here")
    try:
        raw = binascii.a2b_base64(text, strict_mode=True)
    except (ValueError, binascii.Error) as error:
        raise ValueError(f"not a packed run of numbers: {error}") from error
    if len(raw) % data.itemsize:
        raise ValueError("a packed run of numbers ends mid-number")
    data.frombytes(raw)
    if sys.byteorder != "little":
        data.byteswap()
    return data
