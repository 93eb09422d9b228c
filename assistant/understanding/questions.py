"""Telling a question ("what is a T-score?", "why does anastrozole affect bones") from an answer
("what? no", "62?"), so the dialog can answer it from the knowledge base and ask again."""

from __future__ import annotations

import re

from assistant.patterns import compiled
from assistant.understanding.numbers import clean

_QUESTION_START = compiled(
    r"^(?:what|what's|whats|why|how|when|where|who|whom|whose|which|is|are|am|was|were|can|could|"
    r"should|shall|does|do|did|will|would|may|might|must|has|have|had|isn't|aren't|doesn't|don't|"
    r"won't|wouldn't|shouldn't|can't|couldn't|tell me|explain|describe|define|please explain|"
    r"please tell me|i wonder|i'd like to know|i would like to know|i want to know|any idea|"
    r"could you tell me|can you tell me|do you know|what about|how about|meaning of"
    r"|definition of)\b"
)
_ASK_PHRASE = compiled(
    r"\b(?:tell me about|tell me more|explain|what is|what are|what does|what do|how do|how does|"
    r"how often|how long|how much|how many|i want to know|i wonder|meaning of|what's the|"
    r"is it safe|is it normal|is that normal|is that bad|is that good|should i)\b"
)
# After a "?", a bare answer means the "?" was surprise, not a question: "what? no", "huh? yes"
_ANSWER_AFTER = compiled(
    r"^(?:yes|no|yeah|yep|nope|nah|sure|ok|okay|maybe|not sure|i don't know|never|none|"
    r"[-+]?\d[\d.,/ -]*.*)$"
)
_ANSWER_WORD_START = compiled(
    r"^(?:yes|no|yeah|yep|nope|nah|sure|ok|okay|maybe|never|none|not sure|"
    r"unsure|dunno|i think|probably|perhaps|i don't know)\b"
)


_UNSURE_START = compiled(
    r"^(?:i\s+)?(?:don't|dont|do not|can't|cant|cannot)\s+(?:know|remember|recall|say)\b"
)
# "May 2025", "may last year", "May of 2024": the month, not the question word
_MONTH_MAY = compiled(r"^may\s+(?:\d|last\b|of\b|this year\b|next\b)")


def looks_like_question(text: str) -> bool:
    """True when `text` asks something rather than answers: a question word first, a "?" on words,
    or a request such as "tell me about" or "explain"."""
    norm = re.sub(r"\s+", " ", clean(text)).strip()
    if not norm:
        return False
    if "?" in norm:
        after = norm.rsplit("?", 1)[1].strip(" .,!")
        if after and _ANSWER_AFTER.match(after):
            return False
        body = norm.replace("?", " ").strip()
        if not body:
            return False
        # "62?", "-2.1?", "March 2024?": an answer given with doubt
        if re.search(r"\d", body) and not (_QUESTION_START.match(body) or _ASK_PHRASE.search(body)):
            return False
        # "not sure?", "yes?": a doubtful answer, unless a question follows ("no, what is that?")
        return not _ANSWER_WORD_START.match(body) or bool(_ASK_PHRASE.search(body))
    if _UNSURE_START.match(norm) and not _ASK_PHRASE.search(norm):
        return False  # "don't know", "don't remember": an answer, though it opens like a question
    if _MONTH_MAY.match(norm):
        return False
    return bool(_QUESTION_START.match(norm) or _ASK_PHRASE.search(norm))


# Courtesy before a question ("thanks, and what is a Z-score?") is no answer to the pending one.
_COURTESY_WORDS = (
    "thanks",
    "thank you",
    "thank you so much",
    "thanks so much",
    "thanks a lot",
    "many thanks",
    "thx",
    "ta",
    "cheers",
    "great",
    "perfect",
    "lovely",
    "brilliant",
    "wonderful",
    "excellent",
    "cool",
    "nice",
    "good",
    "ok",
    "okay",
    "alright",
    "all right",
    "right",
    "sure",
    "fine",
    "got it",
    "i see",
    "understood",
    "that makes sense",
    "makes sense",
    "that's helpful",
    "thats helpful",
    "that helps",
    "hi",
    "hi there",
    "hello",
    "hello there",
    "hey",
    "hiya",
    "good morning",
    "good afternoon",
    "good evening",
    "please",
    "sorry",
    "oh",
    "ah",
    "well",
    "and",
    "also",
    "so",
    "one more",
    "one more question",
    "another question",
    "one more thing",
    "quick question",
    "a question",
)
# longest first, so "hi there" is taken whole rather than "hi" leaving "there"
_COURTESY = "(?:" + "|".join(sorted(_COURTESY_WORDS, key=len, reverse=True)) + ")"
_LEADING_COURTESY = compiled(rf"^(?:{_COURTESY}\b[\s,.!;:-]*)+")
# "not sure, what does that mean?": a question about the pending question itself
_ABOUT_THE_QUESTION = compiled(
    r"^(?:what|which)(?:'s|s| is| does| do)? (?:that|this|it|you)\b(?: mean)?|^what do you mean"
)


def asks_what_it_means(question: str) -> bool:
    """Whether `question` asks what the pending question means ("what does that mean?")."""
    return bool(_ABOUT_THE_QUESTION.match(question.strip().lower()))


# "..., when I broke my ankle": a clause of the answer, not a question (that needs a "?")
_CLAUSE = compiled(
    r"^(?:when|where|while|whenever|who|which|that|since|as)\s+"
    r"(?:i|i'm|im|we|he|she|they|my|it|it's|you|the|a)\b"
)
_A_NUMBER = compiled(r"(?<![a-z\d])[-+]?\d+(?:[.,]\d+)?(?![a-z\d])", re.IGNORECASE)
_SEPARATOR = compiled(
    r"\s*(?:[,;:.!]+\s*(?:(?:and|but|also|so)\b)?|\s-+\s|\s+(?:and|but|also|so)\b)\s*"
)


def split_question(text: str) -> tuple[str, str] | None:
    """An answer and a question in one message, as (answer, question): "62, why do you ask?",
    "yes, but what is a DEXA?", "what is a T-score? mine was -2.1 at the hip". None when the
    message is one or the other, or when all that comes with a question is courtesy."""
    norm = text.strip()
    if "?" in norm:
        head, _, tail = norm.partition("?")
        tail = tail.strip(" ,.;!")
        # "what? no" is surprise and an answer; a question has more than its question word
        if (
            tail
            and len(head.split()) > 1
            and looks_like_question(head + "?")
            and not looks_like_question(tail)
        ):
            return _kept(tail, head.strip() + "?")
    for m in _SEPARATOR.finditer(norm):
        head, tail = norm[: m.start()].strip(), norm[m.end() :].strip()
        # without a "?", a tail with a number is more of the answer ("... and is now -1.9")
        if (
            head
            and tail
            and _QUESTION_START.match(clean(tail))
            and looks_like_question(tail)
            and not _CLAUSE.match(clean(tail))
            and not _A_NUMBER.search(tail)
            and not looks_like_question(head)
        ):
            return _kept(head, tail)
    return None


def _kept(answer: str, question: str) -> tuple[str, str] | None:
    bare = _LEADING_COURTESY.sub("", answer.lower()).strip(" ,.!;:-")
    return (answer, question) if bare else None
