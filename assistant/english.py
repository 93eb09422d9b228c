"""English words, to tell a misspelling from a word: symspellpy's English frequency dictionary
(82,765 words, the intersection of SCOWL and Google Books n-grams, so it holds no common
misspellings). Read on the first word a reader does not know; the package itself is never
imported, only its data file is read."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

_ENGLISH_FILE = "frequency_dictionary_en_82_765.txt"
COMMON_DIGITS = 7  # a count of a million or more in the corpus: about 22,000 words


@cache
def english() -> dict[str, str]:
    """English word -> its corpus count (as text: most words are only looked up, never ranked)."""
    spec = importlib.util.find_spec("symspellpy")  # its data file only: the package is not imported
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / _ENGLISH_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    parts = text.split()  # "word count" per line: pairing the halves is the fastest parse
    return dict(zip(parts[::2], parts[1::2], strict=False))


def is_english(word: str) -> bool:
    return word in english()
