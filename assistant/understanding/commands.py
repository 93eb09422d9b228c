"""Global commands (help, back, undo, skip, why, summary, change, restart, quit) with forgiving
spelling. A command is a whole short message or a clear imperative: "does exercise help" is a
question and "I quit smoking" an answer, never commands."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from assistant.understanding.numbers import clean
from assistant.understanding.phrases import phrase_list, phrase_table
from assistant.understanding.wordlists import alternation

COMMAND_NAMES = ("help", "back", "undo", "skip", "why", "summary", "change", "restart", "quit")


@dataclass(frozen=True)
class Command:
    name: str  # one of COMMAND_NAMES
    argument: str | None = None  # "change": the rest of the message, e.g. "hip t-score was -2.2"
    target: str | None = None  # "change": the fact named, a key of FACT_NAMES


_PHRASES = phrase_table("commands")
_LOOKUP = {phrase: name for name, phrases in _PHRASES.items() for phrase in phrases}
# Fuzzy matching is only for the command words themselves, and never for words that are real
# answers or common words a typo away from a command ("summer", "edit", "quiet").
_FUZZY_WORDS = phrase_list("command_words_fuzzy")
_NOT_COMMANDS = frozenset(phrase_list("never_commands"))

_POLITE_START = re.compile(
    r"^(?:(?:ok(?:ay)?|please|pls|plz|can we|can you|could we|could you|can i|could i|may i|let's"
    r"|lets|"
    r"let us|let me|i want to|i'd like to|i would like to|i wanna|just|now|so|um+|er+|hey|hi)\s+)+"
)
_POLITE_END = re.compile(r"(?:\s+(?:please|pls|plz|now|thanks|thank you|then|thx|for now|again))+$")

# fact name (a Facts field, "dexa", or a lab test) -> the words that name it in a correction
FACT_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(phrase_table("fact_names"))
_TARGET_LOOKUP = {syn: fact for fact, syns in FACT_NAMES.items() for syn in syns}
_TARGET_PATTERN = re.compile(r"(?<![\w-])(?:" + alternation(_TARGET_LOOKUP) + r")(?![\w-])")

_CHANGE_WORDS = ("change", "correct", "update", "fix", "edit", "amend", "modify", "alter")
_CHANGE = re.compile(
    r"^(?:i (?:want|need|would like|'d like) to |i wanna |can i |could i |let me |"
    r"please |i'd like to )?(?P<verb>\w+)\b\s*(?P<rest>.*)$"
)
_CORRECTION = re.compile(
    r"^(?:actually|oops|sorry|wait|correction|no wait|oh wait|my mistake|"
    r"i meant|i made a mistake)\b[,:;!.\s-]*(?P<rest>.+)$"
)
_WRONG = re.compile(
    r"^(?:my |the )?(?P<rest>.+?) (?:is|was|are|were) (?:wrong|incorrect|not right)$"
)


def _norm(text: str) -> str:
    text = clean(text)
    text = re.sub(r"[^\w\s'/.,-]|(?<!\d)[.,]|[.,](?!\d)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def find_target(text: str) -> str | None:
    """The fact a correction is about: the longest fact synonym named in `text`."""
    if re.match(r"(?:i am|i'm|im) \d", text):
        return "age"
    found = [m[0] for m in _TARGET_PATTERN.finditer(text)]
    return _TARGET_LOOKUP[max(found, key=len)] if found else None


def _strip_owner(rest: str) -> str:
    rest = _POLITE_END.sub("", rest.strip())
    return re.sub(r"^(?:my|the|our|her|his|your)\s+", "", rest).strip()


def _change(norm: str) -> Command | None:
    m = _CHANGE.match(norm)
    if m:
        verb = m["verb"]
        if verb in _CHANGE_WORDS or (
            len(verb) >= 5
            and any(
                DamerauLevenshtein.distance(verb, w) <= 1 for w in ("change", "correct", "update")
            )
        ):
            rest = _strip_owner(m["rest"]) or None
            return Command("change", rest, find_target(rest) if rest else None)
    m = _CORRECTION.match(norm) or _WRONG.match(norm)
    if m:
        rest = _strip_owner(m["rest"])
        target = find_target(rest)
        if target is not None:
            return Command("change", rest, target)
    return None


def _fuzzy(norm: str) -> str | None:
    words = norm.split()
    if len(words) == 1 and norm not in _NOT_COMMANDS and len(norm) >= 3:
        for word in _FUZZY_WORDS:
            allowed = 2 if len(word) >= 7 else 1
            if (
                abs(len(word) - len(norm)) <= allowed
                and DamerauLevenshtein.distance(norm, word) <= allowed
            ):
                return _LOOKUP.get(word, "back" if word == "previous" else None)
    if len(norm) >= 8:
        for phrase, name in _LOOKUP.items():
            if (
                len(phrase) >= 8
                and len(phrase.split()) == len(words)
                and fuzz.ratio(norm, phrase) >= 88
            ):
                return name
    return None


def detect_command(text: str) -> Command | None:
    """The global command `text` is, or None when it is an answer or a question."""
    norm = _norm(text)
    if not norm or len(norm) > 80:
        return None
    bare = _POLITE_END.sub("", _POLITE_START.sub("", norm)).strip()
    for candidate in (norm, bare):
        if candidate in _LOOKUP:
            return Command(_LOOKUP[candidate])
    change = _change(norm)
    if change is not None:
        return change
    name = _fuzzy(bare)
    return Command(name) if name else None
