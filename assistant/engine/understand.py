"""The engine's one door to assistant.understanding: builds each parser's context from the dialog.

Keeping every call here means the turn logic reads as dialog behaviour, not parser plumbing.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.engine.conditions import young
from assistant.engine.conversation_document import Document
from assistant.engine.slot_filling import NONE_CHOICE
from assistant.understanding import PARSERS
from assistant.understanding.canonical_spelling import closest
from assistant.understanding.command_words import Command, detect_command
from assistant.understanding.dates import duration_months
from assistant.understanding.numbers import clean, normalize
from assistant.understanding.outcomes import (
    Ambiguous,
    Implausible,
    NoMatch,
    Outcome,
    ParseContext,
    Parsed,
    Parser,
    PartialDate,
)
from assistant.understanding.phrases import CHOICE_SYNONYMS, phrase_list
from assistant.understanding.questions import (
    asks_what_it_means,
    looks_like_question,
    split_question,
)
from assistant.understanding.wordlists import alternation

if TYPE_CHECKING:
    from assistant.engine.definition import StateDef
    from assistant.engine.dialogs import Dialog

__all__ = [
    "Ambiguous",
    "Command",
    "Implausible",
    "NoMatch",
    "Outcome",
    "Parsed",
    "asks_what_it_means",
    "bare",
    "choose",
    "closes",
    "detect_command",
    "looks_like_question",
    "names_event",
    "names_own_event",
    "one_date",
    "parse",
    "parse_yes_no",
    "split_question",
    "without_choices",
]

_ORDINALS = {
    "1": 0,
    "first": 0,
    "one": 0,
    "the first": 0,
    "2": 1,
    "second": 1,
    "two": 1,
    "the second": 1,
    "3": 2,
    "third": 2,
    "three": 2,
    "the third": 2,
}


# "62, sorry I mean 63", "-2.1, no wait, -2.3": the person corrects themselves mid-message
_SELF_CORRECTION = re.compile(
    r"[,;.]?\s*\b(?:sorry,?\s*)?(?:i mean|i meant|no wait|wait|sorry|correction|make that|"
    r"or rather|rather|actually)\b[,:]?\s*"
)


# "3 months in total, over several courses": a sum of courses is for the clinician to judge
_CUMULATIVE = re.compile(r"\b(?:courses|on and off|off and on|in total|altogether|all told)\b")
# "yeah right", "as if", "21 again, ha ha": the answer may mean its opposite; ask plainly
_JOKING = re.compile(
    r"\b(?:yeah right|yeah,? right|as if|ha ?ha\w*|lol|lmao|rofl|only joking|just joking|"
    r"i'?m joking|kidding|i wish)\b"
)
# "no, except once", "none apart from Prolia": a no that goes on to name the thing asked about
_EXCEPTION = re.compile(r"\b(?:except|apart from|other than|besides|bar one|but for|aside from)\b")


def parse(dialog: Dialog, state: StateDef, text: str, doc: Document, today: dt.date) -> Outcome:
    """`text` read by the state's parser; after a self-correction only the corrected part
    counts, and it is confirmed before it is stored. A joke, or a no with an exception, is
    asked again rather than read literally."""
    low = text.lower()
    if _JOKING.search(low):
        return NoMatch(dialog.message("error.joking"))
    outcome = _parse(dialog, state, text, doc, today)
    if (
        isinstance(outcome, Parsed)
        and _EXCEPTION.search(low)
        and state.parser in ("yes_no", "choice")
    ):
        return NoMatch(dialog.message(state.unclear or "yes_no.mixed"))
    if isinstance(outcome, Parsed) or not any(char.isdigit() for char in text):
        return outcome
    marks = list(_SELF_CORRECTION.finditer(text.lower()))
    last = marks[-1] if marks else None
    if last is None or last.start() == 0 or not any(c.isdigit() for c in text[last.end() :]):
        return outcome
    corrected = _parse(dialog, state, text[last.end() :], doc, today)
    if isinstance(corrected, Parsed):
        return Parsed(corrected.value, False, corrected.note)
    return outcome


def _parse(dialog: Dialog, state: StateDef, text: str, doc: Document, today: dt.date) -> Outcome:
    assert state.parser is not None
    choices = {c.value: (c.label, *c.synonyms) for c in state.choices} or None
    shared = CHOICE_SYNONYMS.get(state.slot or "") if state.parser == "choice" else None
    if choices and shared:  # the words the quick interpretation knows for the same answers
        choices = {value: (*words, *shared.get(value, ())) for value, words in choices.items()}
    parser = PARSERS[state.parser]
    if state.slot == "menopausal_status" and _LAST_PERIOD.search(clean(text)):
        since = _months_since(text, today)
        if since is not None and since >= MENOPAUSE_AFTER_MONTHS:
            return Parsed("postmenopausal")  # "my last period was back in 2015"
    if state.parser == "dexa" and young(doc):
        return _score_kind(dialog, parser, text, today)
    unclear = dialog.message(state.unclear or "yes_no.mixed")
    if state.parser == "yes_no" and choices:
        if state.named_only and _names_others(text, choices.get("yes", ())):
            # "my friend has osteoporosis but nobody in my family": the others set aside, a
            # plain no about the people asked of still answers; anything else is asked back
            yes_words = choices.get("yes", ())
            kept = [c for c in _CLAUSE_BREAK.split(clean(text)) if not _names_others(c, yes_words)]
            about = _yes_no_in_words(" , ".join(kept), choices, today, unclear) if kept else None
            if isinstance(about, Parsed) and about.value is False and about.certain:
                return about
            return NoMatch(unclear)
        outcome = _yes_no_in_words(text, choices, today, unclear)
        if state.at_least_months is not None:
            return _by_duration(text, outcome, state.at_least_months, unclear)
        if isinstance(outcome, NoMatch) and state.unclear:
            return NoMatch(unclear)  # the question's own words say what it counts
        return outcome
    if state.parser == "choice" and choices and set(choices) <= set(_YES_NO_VALUES):
        # a yes/no asked as a choice of answers ("How did it happen?"): a plain yes or no is no
        # answer to it, and words for both answers are asked again with the options spelled out
        said = _mentions(text, {c.value: (c.label, *c.synonyms) for c in state.choices})
        live = [value for value, stands in said.items() if stands]
        if len(live) == 1:
            return Parsed(_YES_NO_VALUES[live[0]])
        if said:  # words for both answers, or only negated ones ("not from a fall")
            return NoMatch(unclear)
        plain_no = PARSERS["yes_no"].parse(text, ParseContext(today=today))
        if isinstance(plain_no, Parsed) and plain_no.value is False and plain_no.certain:
            return Parsed(False)  # "no, not me": no break of one's own to place
        by_label = {c.label: c.synonyms for c in state.choices}
        picked = parser.parse(text, ParseContext(today=today, choices=by_label))
        if isinstance(picked, Parsed):  # a close spelling, confirmed before it is stored
            value = next(c.value for c in state.choices if c.label == picked.value)
            return Parsed(_YES_NO_VALUES[value], False, picked.note)
        return NoMatch(unclear)
    outcome = parser.parse(text, ParseContext(today=today, choices=choices))
    if state.parser == "choice" and not isinstance(outcome, Parsed):
        rest = _MEASURED_CLAUSE.sub(" ", clean(text))
        if rest.strip() and rest != clean(text):
            # "ER+ breast cancer, and my estradiol is now under 5 pg/mL": a level measured is
            # no answer to the choice, so its clause is set aside
            outcome = parser.parse(rest, ParseContext(today=today, choices=choices))
    if isinstance(outcome, NoMatch) and choices and NONE_CHOICE in choices:
        # "not on any", "nothing at the moment": a plain no where "none" is one of the answers
        plain_no = PARSERS["yes_no"].parse(text, ParseContext(today=today))
        if isinstance(plain_no, Parsed) and plain_no.value is False and plain_no.certain:
            return Parsed(NONE_CHOICE)
    return outcome


# "I broke", "I've fractured", "broke my": the person's own break, not a relative's
_FIRST_PERSON = re.compile(
    r"\b(?:i|i've|ive|i have|i had)\s+(?:\w+\s+)?(?:broke|broken|fractured|cracked|a fracture)\b"
    r"|\b(?:broke|fractured|cracked)\s+my\b"
)


def names_own_event(state: StateDef, here: StateDef, text: str) -> bool:
    """Whether `text`, said at the question `here`, names the person's own event of `state` (a
    break), in words that are not `here`'s own answers."""
    own = {s.lower() for c in here.choices for s in c.synonyms}
    yes_words = next((c.synonyms for c in state.choices if c.value == "yes"), ())
    if own & {w.lower() for w in yes_words}:
        return False
    return bool(_FIRST_PERSON.search(clean(text))) and names_event(state, text)


_MEASURED_CLAUSE = re.compile(
    r"(?:^|[,;.]|\band\b|\bbut\b)[^,;.]*?\d+(?:[.,]\d+)?\s*"
    r"(?:pg/ml|pmol/l|ng/ml|nmol/l|mmol/l|mg/dl|µg/l|ug/l|ng/l|u/l|%)[^,;.]*"
)


# Menopause is dated 12 months after the last period (STRAW+10).
MENOPAUSE_AFTER_MONTHS = 12
_LAST_PERIOD = re.compile(
    r"\b(?:last|final) (?:period|menstrual|menses)|\bperiods? (?:stopped|ended)"
)


def _months_since(text: str, today: dt.date) -> int | None:
    """Whole months from the latest day the one date in `text` may mean, to `today`."""
    outcome = PARSERS["date"].parse(text, ParseContext(today=today))
    date = outcome.value if isinstance(outcome, Parsed) else None
    if not isinstance(date, PartialDate):
        return None
    last = date.last_day()
    return (today.year - last.year) * 12 + today.month - last.month - (today.day < last.day)


def without_choices(state: StateDef, text: str) -> str:
    """`text` with the state's own answer words taken out: "no fall at all" names how a break
    happened, and its "no" is no answer to whether there was one."""
    words = [synonym for choice in state.choices for synonym in choice.synonyms]
    if not words:
        return text
    return re.sub(r"(?<![\w'])(?:" + alternation(words) + r")(?![\w'])", " ", clean(text))


def names_event(state: StateDef, text: str) -> bool:
    """Whether `text` names, in the person's own words and not negated, what the yes/no
    question is about ("broke my wrist" to "Have you broken a bone?")."""
    yes_words = next((c.synonyms for c in state.choices if c.value == "yes"), ())
    if not yes_words or bare(text):
        return False
    return _mentions(text, {"yes": yes_words}).get("yes") is True


# "my aunt", "grandma had it", "both sisters have osteopenia": who is named, and what they had
_PERSON = re.compile(
    r"\bmy (?P<mine>[a-z][\w'-]*)(?: (?P<next>[a-z][\w'-]*))?"
    r"|(?P<who>[a-z][\w'-]*) (?:had|has|have|got|was|did)\b"
)
_HAD = re.compile(
    r"\b(?:had|has|have|got|with)(?: (?:a|an|the|some|bad|really|quite|severe|mild))* "
    r"(?P<what>[a-z][\w'-]*(?: [a-z][\w'-]*)?)"
)
_NOT_NAMES = frozenset(
    (
        "i",
        "you",
        "he",
        "she",
        "they",
        "we",
        "it",
        "that",
        "this",
        "one",
        "who",
        "someone",
        "anyone",
        "nobody",
        "none",
        "any",
        "nothing",
        "them",
        "her",
        "him",
        "his",
        "their",
        "its",
        "own",
        "family",
        "it's",
        "both",
        "all",
        "ever",
        "also",
        "too",
        "only",
        "just",
        "which",
        "what",
    )
)


def _names_others(text: str, yes_words: tuple[str, ...]) -> bool:
    """Whether a clause of `text` names someone, or something they had, that none of the
    question's yes-words covers: "only my gran had it", "mum had osteopenia"."""
    vocabulary = {word for phrase in yes_words for word in re.findall(r"[\w'-]+", phrase.lower())}

    def known(word: str | None) -> bool:
        return word is not None and (word in vocabulary or word.rstrip("s") in vocabulary)

    for clause in _CLAUSE_BREAK.split(clean(text)):
        for person in _PERSON.finditer(clause):
            if person["mine"] is not None:
                # "my older sister" names a sister; "my husband's mother" is someone else's
                mine = person["mine"]
                named = (
                    known(mine)
                    or mine in _NOT_NAMES
                    or (not mine.endswith("'s") and known(person["next"]))
                )
            else:
                named = known(person["who"]) or person["who"] in _NOT_NAMES
            if not named and not _NEGATION.fullmatch(person["mine"] or person["who"]):
                return True
        for had in _HAD.finditer(clause):
            what = " ".join(closest(w, vocabulary) or w for w in had["what"].split())
            if what.split()[0] in _NOT_NAMES or _NEGATION.match(what):
                continue
            if not any(what.startswith(phrase) or phrase.startswith(what) for phrase in yes_words):
                return True
    return False


def _by_duration(text: str, outcome: Outcome, at_least: float, unclear: str) -> Outcome:
    """A stated length of time decides a yes/no that counts only from `at_least` months on;
    a sum of several courses, or words that say otherwise, are asked again."""
    if _CUMULATIVE.search(text.lower()):
        return NoMatch(unclear)
    months = duration_months(normalize(text))
    if months is None:
        return outcome
    decided = months >= at_least
    # The question's own words for yes and no are mostly drug names and lengths of time, so they
    # may point both ways ("a week of pred"); a plain no, though, is one the time cannot undo
    # ("not tablets, injections for a year").
    said_no = bool(_NEGATION.search(text.lower())) or (
        isinstance(outcome, Parsed) and outcome.value is False
    )
    if decided and said_no:
        return NoMatch(unclear)
    return Parsed(decided)  # "pred for 10 weeks": the drug named, but for too short a time


_YES_NO_VALUES = {"yes": True, "no": False, "unsure": None}
_BARE = frozenset(
    {
        "yes",
        "no",
        "y",
        "n",
        "yep",
        "yeah",
        "yup",
        "nope",
        "nah",
        "never",
        "sure",
        "yes please",
        "no thanks",
        "not sure",
        "dont know",
        "i dont know",
        "no idea",
    }
)


# A level measured, not a thing taken or done: "level", "result", or "was 45" with no dose unit
_MEASURED = re.compile(
    r"\b(?:levels?|results?|reading)\b"
    r"|\b(?:was|is|were|came back)\s+(?:about\s+|around\s+|only\s+)?\d+(?:[.,]\d+)?"
    r"(?!\s*(?:iu|mg|mcg|µg|ug|units?|tablets?|a day|daily|x\b))"
)


def bare(text: str) -> bool:
    """A plain yes, no or not sure, with nothing else in it to weigh."""
    return re.sub(r"[^\w\s]", "", text.lower()).strip() in _BARE


def _yes_no_in_words(
    text: str, choices: dict[str, tuple[str, ...]], today: dt.date, dialog_hint: str
) -> Outcome:
    # A question's own words for yes and no ("I quit years ago" to "Do you smoke?") count
    # beside a plain yes/no; when the two point different ways ("I'm vegan": "I'm" reads as
    # yes) the question is asked again rather than guessed.
    outcome = PARSERS["yes_no"].parse(text, ParseContext(today=today))
    if isinstance(outcome, Parsed) and bare(text):
        return outcome  # "yes", "no thanks": nothing else in it to weigh
    picked = PARSERS["choice"].parse(text, ParseContext(today=today, choices=choices))
    if (
        isinstance(picked, Parsed | Ambiguous)
        and _mentions(text, choices, anyone=True)
        and not _mentions(text, choices)
    ):
        picked = NoMatch(dialog_hint)  # only someone else's words: "my mum broke her hip"
    if isinstance(picked, Ambiguous):
        if (
            isinstance(outcome, Parsed)
            and outcome.value is False
            and _negated(text, choices.get("yes", ()))
        ):
            return outcome  # "no broken bones", "no vitamin D": the no governs every yes-word
        # "broke my leg skiing", "not since 40, when I broke my ankle": the question's words for
        # yes and for no at once; the state's own `unclear` message says what the question counts
        return NoMatch(dialog_hint)
    if not isinstance(picked, Parsed):
        return outcome
    own = Parsed(_YES_NO_VALUES[str(picked.value)], picked.certain, picked.note)
    if isinstance(outcome, NoMatch):
        if own.value is True and _negated(text, choices.get("yes", ())):
            return Parsed(False)  # "not long term": a yes-word under a negation
        if own.value is True and _MEASURED.search(clean(text)):
            return NoMatch(dialog_hint)  # "my vitamin D level was 45": a result, not a yes
        return own
    if (
        isinstance(outcome, Parsed)
        and isinstance(outcome.value, bool)
        and picked.certain
        and own.value != outcome.value
    ):
        if outcome.value is False and _negated(text, choices.get("yes", ())):
            return outcome  # "I don't eat dairy", "no steroids": the no governs the yes-word
        return NoMatch(dialog_hint)
    return outcome


_NEGATION = re.compile(
    r"\b(?:no|not|never|nothing|none|nobody|no one|don't|dont|do not|doesn't|didn't|haven't|"
    r"hardly|rarely|without|avoid)\b"
)
_CLAUSE_BREAK = re.compile(r"[,;.!]|\b(?:but|although|though|except|apart from)\b")


def _mentions(
    text: str, words: dict[str, tuple[str, ...]], *, anyone: bool = False
) -> dict[str, bool]:
    """For each key of `words` whose phrases occur in `text`: whether one occurrence stands
    without a negation before it in its own clause. Longer phrases are read first ("fell off"
    before "fell"), and a plural counts ("no fractures")."""
    owner = {phrase.lower(): key for key, phrases in words.items() for phrase in phrases}
    pattern = _mention_pattern(tuple(owner))
    found: dict[str, bool] = {}
    for clause in _CLAUSE_BREAK.split(clean(text)):
        for hit in pattern.finditer(clause):
            key = owner[hit["w"]]
            near = _NEAR.search(clause[: hit.start()])
            before = near[0] if near else ""
            if not anyone and _SOMEONE_ELSE.search(before):
                continue  # "my mum broke her hip", "my husband smokes": not the person's own
            live = not _NEGATION.search(before)
            found[key] = found.get(key, False) or live
    return found


# someone else just before the words: "my mum", "her sister", "she", "they"
_SOMEONE_ELSE = re.compile(
    r"\b(?:(?:my|her|his|our|their) (?:\w+ )?(?:"
    + alternation(phrase_list("people"))
    + r")(?:'?s)?|she|he|they)\s+$"
)


# a negation governs the words just after it: "not much since I broke my hip" names a break
_NEAR = re.compile(r"(?:\S+\s+){0,3}$")


@lru_cache(maxsize=64)
def _mention_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'])(?P<w>" + alternation(phrases) + r")(?:s|es)?(?![\w'])")


def _negated(text: str, yes_words: tuple[str, ...]) -> bool:
    """Whether every yes-word of the question is preceded by a negation in its own clause:
    "I don't eat dairy" is a no, "no, but I broke my wrist" is not settled."""
    return _mentions(text, {"yes": yes_words}).get("yes") is False


def _score_kind(dialog: Dialog, parser: Parser, text: str, today: dt.date) -> Outcome:
    # A bare score is read as a T-score by default; for younger people, whose Z-score is the
    # one that counts, an unlabelled score is asked back instead of guessed.
    as_t = parser.parse(text, ParseContext(today=today, unit_hint="t_score"))
    as_z = parser.parse(text, ParseContext(today=today, unit_hint="z_score"))
    if isinstance(as_t, Parsed) and isinstance(as_z, Parsed) and as_t.value != as_z.value:
        return Ambiguous(
            (as_t.value, as_z.value), "ambiguous.score_kind", dialog.message("ambiguous.score_kind")
        )
    return as_t


def closes(state: StateDef, text: str, today: dt.date) -> bool:
    """Whether `text` is one of the state's closing words (its choice `done`)."""
    choices = {c.value: (c.label, *c.synonyms) for c in state.choices}
    if "done" not in choices:
        return False
    outcome = PARSERS["choice"].parse(text, ParseContext(today=today, choices=choices))
    return isinstance(outcome, Parsed) and outcome.certain and outcome.value == "done"


def parse_yes_no(text: str, today: dt.date) -> Outcome:
    return PARSERS["yes_no"].parse(text, ParseContext(today=today))


def choose(text: str, labels: list[str], today: dt.date, *, yes_no: bool = False) -> int | None:
    """Which of `labels` the text picks (by words, synonyms or "the first"); None if unclear."""
    ctx = ParseContext(today=today)
    if yes_no:
        outcome = PARSERS["yes_no"].parse(text, ctx)
        if isinstance(outcome, Parsed) and isinstance(outcome.value, bool):
            return 0 if outcome.value else 1
        return None
    key = re.sub(r"[^\w\s]", "", text.lower()).strip()
    if key in _ORDINALS and _ORDINALS[key] < len(labels):
        return _ORDINALS[key]
    for index, label in enumerate(labels):
        if text.strip().lower() == label.lower():
            return index
    picked = _by_distinct_words(text, labels)
    if picked is not None:
        return picked
    ctx = ParseContext(today=today, choices={str(i): (label,) for i, label in enumerate(labels)})
    outcome = PARSERS["choice"].parse(text, ctx)
    if isinstance(outcome, Parsed) and outcome.certain:
        return int(str(outcome.value))
    return None


def one_date(text: str, today: dt.date) -> str | None:
    """The one certain date `text` gives, as ISO text; None when there is none or it is unsure."""
    outcome = PARSERS["date"].parse(text, ParseContext(today=today))
    date = outcome.value if isinstance(outcome, Parsed) and outcome.certain else None
    return date.first_day().isoformat() if isinstance(date, PartialDate) else None


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR_SAID = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,])|'\d\d\b")


def choose_by_date(text: str, options: list[str], today: dt.date) -> int | None:
    """Which of `options` (each a value as JSON) holds the one date `text` gives: "12 March
    2025" picks the scans dated 2025-03-12 when the labels show several values besides. Only the
    parts said count: "12 September" picks "12 September 2024" over "9 December 2024"."""
    outcome = PARSERS["date"].parse(text, ParseContext(today=today))
    date = outcome.value if isinstance(outcome, Parsed) else None
    if not isinstance(date, PartialDate) or date.month is None:
        return None
    year_said = bool(_YEAR_SAID.search(text))

    def holds(option: str) -> bool:
        return any(
            int(month) == date.month
            and (date.day is None or int(day) == date.day)
            and (not year_said or int(year) == date.year)
            for year, month, day in _ISO_DATE.findall(option)
        )

    hits = [index for index, option in enumerate(options) if holds(option)]
    return hits[0] if len(hits) == 1 else None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w/.µ-]+", text.lower()))


def _by_distinct_words(text: str, labels: list[str]) -> int | None:
    # "nmol" picks "30 nmol/L" over "30 ng/mL": only the words that tell the labels apart count
    said = _words(text)
    min_prefix = 1 if len(said) <= 2 else 3  # "z" alone picks "Z-score"; in a sentence, no
    common = set.intersection(*(_words(label) for label in labels)) if labels else set()
    hits = set()
    for index, label in enumerate(labels):
        for word in _words(label) - common:
            if any(
                w == word or w == word + "s" or (len(w) >= min_prefix and word.startswith(w))
                for w in said
            ):  # "Z-scores" picks "Z-score"
                hits.add(index)
    return hits.pop() if len(hits) == 1 else None
