"""Global commands (help, back, undo, skip, why, summary, change, restart, quit) with forgiving
spelling. A command is a whole short message or a clear imperative: "does exercise help" is a
question and "I quit smoking" an answer, never commands."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from assistant.patterns import compiled
from assistant.understanding.canonical_spelling import closest
from assistant.understanding.numbers import clean
from assistant.understanding.phrases import phrase_list, phrase_table
from assistant.understanding.questions import looks_like_question
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
_PHRASE_WORDS = frozenset(word for phrase in _LOOKUP if " " in phrase for word in phrase.split())

_POLITE_START = compiled(
    r"^(?:(?:ok(?:ay)?|please|pls|plz|can we|can you|could we|could you|can i|could i|may i|let's"
    r"|lets|"
    r"let us|let me|i want to|i'd like to|i would like to|i wanna|just|now|so|um+|er+|hey|hi)\s+)+"
)
_POLITE_END = compiled(r"(?:\s+(?:please|pls|plz|now|thanks|thank you|then|thx|for now|again))+$")

# fact name (a Facts field, "dexa", or a lab test) -> the words that name it in a correction
FACT_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(phrase_table("fact_names"))
_TARGET_LOOKUP = {syn: fact for fact, syns in FACT_NAMES.items() for syn in syns}
_TARGET_PATTERN = compiled(r"(?<![\w-])(?:" + alternation(_TARGET_LOOKUP) + r")(?![\w-])")

_CHANGE_WORDS = ("change", "correct", "update", "fix", "edit", "amend", "modify", "alter")
_CHANGE = compiled(
    r"^(?:i (?:want|need|would like|'d like) to |i wanna |can i |could i |let me |"
    r"please |i'd like to )?(?P<verb>\w+)\b\s*(?P<rest>.*)$"
)
_CORRECTION = compiled(
    r"^(?:actually|oops|sorry|wait|correction|no wait|oh wait|my mistake|"
    r"i meant|i made a mistake)\b[,:;!.\s-]*(?P<rest>.+)$"
)
_WRONG = compiled(r"^(?:my |the )?(?P<rest>.+?) (?:is|was|are|were) (?:wrong|incorrect|not right)$")


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


def _change(norm: str, asked: bool = False) -> Command | None:
    m = _CHANGE.match(norm)
    if m:
        verb = m["verb"]
        if verb in _CHANGE_WORDS or closest(verb, _CHANGE_WORDS[:3]) is not None:
            rest = _strip_owner(m["rest"]) or None
            return Command("change", rest, find_target(rest) if rest else None)
    m = _CORRECTION.match(norm) or _WRONG.match(norm)
    if m and not (asked or looks_like_question(m["rest"])):
        # "wait, why would anastrozole hurt a man's bones?": a hedge before a question
        rest = _strip_owner(m["rest"])
        target = find_target(rest)
        if target is not None:
            return Command("change", rest, target)
    return None


def _fuzzy(norm: str) -> str | None:
    """A command misspelt, by the one spelling rule: "hlep", "summray", "go bakc"."""
    words = norm.split()
    if len(words) == 1 and norm not in _NOT_COMMANDS:
        word = closest(norm, _FUZZY_WORDS)
        if word is not None:
            return _LOOKUP.get(word, "back" if word == "previous" else None)
    if len(words) > 1:
        corrected = " ".join(closest(w, _PHRASE_WORDS) or w for w in words)
        return _LOOKUP.get(corrected) if corrected != norm else None
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
    change = _change(norm, asked="?" in text)
    if change is not None:
        return change
    name = _fuzzy(bare)
    return Command(name) if name else None
