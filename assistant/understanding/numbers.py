"""Numbers as people type them: digits or words, decimal commas, the Unicode minus,
"minus two point one"."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.patterns import compiled
from assistant.understanding.canonical_spelling import correct_spelling

_DASHES = str.maketrans(
    {
        "\u2212": "-",
        "\u2013": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2014": "-",
        "\u2019": "'",
        "\u2018": "'",
        "\u00b4": "'",
        "\u03bc": "u",
        "\u00b5": "u",
        "\u00a0": " ",
    }
)

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD = "(?:" + "|".join(sorted([*_UNITS, *_TENS, "hundred"], key=len, reverse=True)) + ")"
_DIGIT_WORD = "(?:" + "|".join([*list(_UNITS)[:10], "oh"]) + ")"
_WORD_RUN = compiled(
    rf"\b(?:(?P<sign>minus|negative|plus)\s+)?(?P<int>{_WORD}(?:(?:\s+and\s+|\s+|-){_WORD})*)"
    rf"(?:\s+point(?P<frac>(?:\s+{_DIGIT_WORD})+))?(?P<half>\s+and\s+a\s+half)?\b"
)
_SIGN_WORD = compiled(r"\b(minus|negative|neg|plus)\s*(?=[.,]?\d)")
_NUMBER = compiled(r"(?P<sign>(?<![\d.,])[-+]\s?)?(?P<num>\d+(?:[.,]\d+)?|(?<!\d)[.,]\d+)")
_THOUSANDS = compiled(r"[1-9]\d{0,2},\d{3}")


def clean(text: str) -> str:
    """Lower case, compatibility forms folded ("²" -> "2"), every dash and minus made "-"."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES).lower()


def _word_value(words: list[str]) -> list[int]:
    """Integers spelled in words; a word that cannot extend the number so far starts a new one."""
    values: list[int] = []
    current: int | None = None
    for word in words:
        if word == "and":
            continue
        if word == "hundred":
            current = (current or 1) * 100
            continue
        value = _UNITS.get(word, _TENS.get(word, 0))
        if current is not None and (
            current % 100 == 0 or (current % 10 == 0 and value < 10 and current % 100 >= 20)
        ):
            current += value
            continue
        if current is not None:
            values.append(current)
        current = value
    if current is not None:
        values.append(current)
    return values


# "that one", "no one", "the one before", "I had one": "one" as a word, not a number
_ONE_AS_WORD = compiled(
    r"\b(?:that|this|the|no|any|each|which|every|some|last|other|a|"
    r"had|have|has|got|get|did|done|need|want)\s+$"
)


def _spell_out(match: re.Match[str]) -> str:
    if (
        match["int"] == "one"
        and not match["sign"]
        and not match["frac"]
        and _ONE_AS_WORD.search(match.string[: match.start()])
    ):
        return match[0]
    words = re.split(r"[\s-]+", match["int"])
    values = _word_value(words)
    last = str(values[-1])
    if match["frac"]:
        digits = "".join("0" if w == "oh" else str(_UNITS[w]) for w in match["frac"].split())
        last = f"{last}.{digits}"
    elif match["half"]:
        last = f"{last}.5"
    values_text = [str(v) for v in values[:-1]] + [last]
    sign = {"minus": "-", "negative": "-", "plus": "+"}.get(match["sign"] or "", "")
    return sign + " ".join(values_text)


_DIGIT_POINT = compiled(r"\b(\d+)\s+point\s+(\d+)\b")


def words_to_digits(text: str) -> str:
    """Spelled numbers become digits: "minus two point one" -> "-2.1", "sixty-two" -> "62"."""
    text = _WORD_RUN.sub(_spell_out, text)
    text = _DIGIT_POINT.sub(r"\1.\2", text)  # "minus 1 point 8": digits with a spoken point
    return _SIGN_WORD.sub(lambda m: "+" if m[1] == "plus" else "-", text)


# "2,38", "-0,812", "19,4": a comma between digits that cannot group thousands is a decimal mark
_DECIMAL_COMMA = compiled(r"(?<=\d),(?=\d{1,2}(?!\d)|\d{4,})|(?<=(?<![\d,])0),(?=\d)")


def normalize(text: str) -> str:
    """`clean`, decimal commas made points, spelling put right, then `words_to_digits`: the form
    every reader reads."""

    return words_to_digits(correct_spelling(_DECIMAL_COMMA.sub(".", clean(text))))


@dataclass(frozen=True)
class Number:
    """A number found in normalized text, with where it was and how it was written."""

    value: float
    start: int
    end: int
    signed: bool  # an explicit "+" or "-" was typed
    decimals: int  # digits after the decimal mark
    # another reading of the same characters: "1,200" is 1.2 with a decimal comma, or 1200
    alternative: float | None = None

    @property
    def is_integer(self) -> bool:
        return self.decimals == 0 and self.alternative is None


def find_numbers(text: str) -> list[Number]:
    """Every number in already normalized text, in order."""
    found: list[Number] = []
    for match in _NUMBER.finditer(text):
        raw = match["num"]
        sign = (match["sign"] or "").strip()
        negative = sign == "-"
        alternative: float | None = None
        if "," in raw and _THOUSANDS.fullmatch(raw):
            alternative = float(raw.replace(",", ""))
        literal = raw.replace(",", ".")
        value = float(literal)
        decimals = len(literal.split(".", 1)[1]) if "." in literal else 0
        if negative:
            value = -value
            alternative = -alternative if alternative is not None else None
        found.append(Number(value, match.start(), match.end(), bool(sign), decimals, alternative))
    return found


def blank(text: str, start: int, end: int) -> str:
    """The text with a span replaced by spaces, so later positions keep their meaning."""
    return text[:start] + " " * (end - start) + text[end:]


def format_number(value: float) -> str:
    """Shortest faithful text: 62, -2.1, 0.948."""
    return f"{value:g}" if abs(value) < 1e6 else str(value)
