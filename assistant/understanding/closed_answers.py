"""Yes / no / not sure in their many phrasings, and choices matched against the synonyms
that the dialog data gives."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant import wording
from assistant.patterns import compiled
from assistant.understanding.canonical_spelling import closest
from assistant.understanding.numbers import clean
from assistant.understanding.outcomes import Ambiguous, NoMatch, Outcome, ParseContext, Parsed
from assistant.understanding.phrases import phrase_list
from assistant.understanding.wordlists import alternation

# Longest phrases are tried first and consumed, so "I don't know" is unsure, never "I don't".
_UNSURE = phrase_list("yes_no", "unsure")
_NO = phrase_list("yes_no", "no")
_YES = phrase_list("yes_no", "yes")
_POLARITY = sorted(
    [(p, None) for p in _UNSURE] + [(p, False) for p in _NO] + [(p, True) for p in _YES],
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_POLARITY_PATTERN = compiled(
    r"(?<![\w'])(?:" + alternation(p for p, _ in _POLARITY) + r")(?![\w'])"
)
_LOOKUP = dict(_POLARITY)
_ONE_WORD = frozenset(p for p, _ in _POLARITY if p.isalpha() and p not in ("na", "ya", "y", "n"))
_FILLER = compiled(
    r"[^\w\s'?]|\b(?:um+|uh+|er+|hm+|well|oh|so|then|i think|i guess|actually|honestly)\b"
)


_ALONE_ONLY = frozenset(phrase_list("yes_no", "alone_only"))
# Small grammars where no phrase is found: a negated verb of knowing is "not sure" ("I really
# couldn't tell you"), "not that I ..." is a no ("not that I've seen"), and "I had one" a yes.
_NEGATED_KNOWING = (
    r"(?:not|no|never|can'?t|cannot|couldn'?t|don'?t|do not|wouldn'?t|haven'?t|have no|got no)"
    r"(?: \w+){0,2}? (?:sure|certain|know|knew|tell|say|remember|recall|idea|clue)"
)
_GRAMMAR = compiled(
    r"(?<![\w'])(?:(?P<no>not that (?:i|i'?ve|i'?m|i have|i am|we|anyone)\b(?: \w+){0,3}"
    r"|(?:not|never|no)(?: \w+){0,2}? (?:any|anything|one|ever)\b)"  # "not on any", "not ever"
    r"|(?P<unsure>" + _NEGATED_KNOWING + r")"
    # "I had one", "I've had them": the thing asked about, had
    r"|(?P<yes>(?:i |we )?(?:had|'?ve had|have had|got|'?ve got|did|took|take) "
    r"(?:one|it|them|those|that|some)))(?![\w'])"
)
_GRAMMAR_VALUES: dict[str, bool | None] = {"no": False, "unsure": None, "yes": True}


def _squash(text: str) -> str:
    """ "yesss", "nooo" -> "yes", "no": repeated letters typed for emphasis."""
    return re.sub(r"([a-z])\1{2,}", r"\1", text)


class YesNoParser:
    """True for yes, False for no, None for not sure (a valid answer: the fact stays unknown)."""

    name = "yes_no"

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        norm = _squash(clean(text)).strip()
        if norm.rstrip(" ?!.") in _LOOKUP:
            return Parsed(_LOOKUP[norm.rstrip(" ?!.")])
        body = _FILLER.sub(" ", norm)
        matches = list(_POLARITY_PATTERN.finditer(body))
        rest = _POLARITY_PATTERN.sub(" ", body).strip(" ?")
        # "I am" answers "Are you...?" on its own, but "I'm 62" or "I'm vegan" is no yes
        found = [_LOOKUP[m[0]] for m in matches if not (rest and m[0] in _ALONE_ONLY)]
        if not found:  # no phrase: the small grammars, then a misspelt one-word answer
            found = [_GRAMMAR_VALUES[m.lastgroup or ""] for m in _GRAMMAR.finditer(body)]
        if not found:
            words = body.split()
            spelled = " ".join(closest(word, _ONE_WORD) or word for word in words)
            if spelled != " ".join(words):  # "yse", "yea 20/day": the one spelling rule
                return self.parse(spelled, ctx)
            return NoMatch(wording.text("yes_no.none"))
        first = found[0]
        # "yes, I do", "no, never": agreeing words; "yes and no": ask again
        if all(answer is first for answer in found):
            return Parsed(first)
        if first is None:
            return Parsed(None)
        definite = {answer for answer in found if answer is not None}
        if len(definite) > 1:
            return NoMatch(wording.text("yes_no.both"))
        return Parsed(definite.pop(), False, None)


_GLUED = compiled(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")


def _key(text: str) -> str:
    # "58F", "62M": an age glued to a letter is two words, so the letter can name a choice
    return _GLUED.sub(" ", re.sub(r"[\s_\-]+", " ", clean(text)).strip(" .!?"))


class ChoiceParser:
    """One canonical value from `ctx.choices`, by synonym, by number, or by a close spelling
    (confirmed)."""

    name = "choice"

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        choices = ctx.choices
        if not choices:
            return NoMatch(wording.text("choice.unset"))
        return match_choice(text, choices)


@dataclass(frozen=True)
class _ChoiceTable:
    canonical: tuple[str, ...]
    lookup: dict[str, str]  # every spelling, normalized -> canonical value
    pattern: re.Pattern[str]  # any spelling as whole words, longest first
    words: frozenset[str]  # the words of every spelling, for the spelling rule


@lru_cache(maxsize=256)
def _table(choices: tuple[tuple[str, tuple[str, ...]], ...]) -> _ChoiceTable:
    # built once per question: the dialog passes the same choices every turn
    lookup = {_key(c): c for c, _ in choices}
    for canonical, synonyms in choices:
        for synonym in synonyms:
            lookup.setdefault(_key(synonym), canonical)
    spellings = [s for s in lookup if s]
    # a plural or a verb's -s still names the choice: "walks with the dog", "cigarettes"
    pattern = compiled(r"(?<![\w'])(?P<w>" + alternation(spellings) + r")(?:s|es)?(?![\w'])")
    words = frozenset(word for spelling in spellings for word in spelling.split())
    return _ChoiceTable(tuple(c for c, _ in choices), lookup, pattern, words)


def _spelled(word: str, words: frozenset[str]) -> str:
    """`word` put right against `words`: misspelt ("alendronte"), or two words run together
    ("nonsmoker")."""
    if word in words:
        return word
    for cut in range(2, len(word) - 1):
        if word[:cut] in words and word[cut:] in words:
            return f"{word[:cut]} {word[cut:]}"
    return closest(word, words) or word


def match_choice(text: str, choices: Mapping[str, Sequence[str]]) -> Outcome:
    table = _table(tuple((str(c), tuple(str(s) for s in syns)) for c, syns in choices.items()))
    key = _key(text)
    if key in table.lookup:
        return Parsed(table.lookup[key])
    if key.isdigit() and 1 <= int(key) <= len(table.canonical):
        return Parsed(table.canonical[int(key) - 1])
    found = list(dict.fromkeys(table.lookup[m["w"]] for m in table.pattern.finditer(key)))
    if len(found) == 1:
        return Parsed(found[0])
    if len(found) > 1:
        return Ambiguous(
            tuple(found),
            "ambiguous.choice",
            wording.text("choice.several", options=" or ".join(found)),
        )
    corrected = " ".join(_spelled(word, table.words) for word in key.split())
    if corrected != key:  # "alendronte", "zolendronic acid": the one spelling rule, confirmed
        again = [table.lookup[m["w"]] for m in table.pattern.finditer(corrected)]
        if len(set(again)) == 1:
            value = again[0]
            note = wording.text("choice.fuzzy", text=text.strip(), value=value)
            return Parsed(value, False, note)
    return NoMatch(wording.text("choice.none", options=", ".join(choices)))
