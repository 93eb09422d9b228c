"""Measuring question answering on labelled question sets (knowledge/eval/*.yaml).

Two label styles are read: `entries` (the ids that answer; empty means out of scope) and the
shared development set's `must_contain_any` (phrases the answer must contain; topic
`out_of_scope` means abstain). A system is judged on what it returns, so the paragraph baseline
and the knowledge base are held to the same questions.
"""

from __future__ import annotations

import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import DefinitionError
from assistant.knowledge.asking import sentences
from assistant.knowledge.baseline import BaselineAnswer
from assistant.knowledge.entries import read_yaml
from assistant.knowledge.source_document import squeeze

if TYPE_CHECKING:
    from assistant.knowledge.knowledge_base import KnowledgeAnswer


@dataclass(frozen=True)
class LabelledQuestion:
    question: str
    entries: tuple[str, ...]  # entry ids that answer it (entry-labelled sets)
    must_contain_any: tuple[str, ...]  # phrases a correct answer contains (the shared dev set)

    @property
    def out_of_scope(self) -> bool:
        return not self.entries and not self.must_contain_any


@dataclass(frozen=True)
class ReplyUnderTest:
    """What any system under test returns: enough to judge it."""

    answered: bool
    text: str
    entry_id: str | None = None
    offered: tuple[str, ...] = ()  # entry ids offered as "did you mean", when not answered
    first: str | None = None  # the ranking's first choice, answered or not (when known)


@dataclass
class Result:
    name: str
    answerable: int = 0
    correct: int = 0
    correct_by_text: int = 0  # also counting an answer that holds an expected entry's sentence
    offered: int = 0  # answerable, not answered, an expected entry among the suggestions
    wrong: int = 0  # answerable, answered with an entry that does not answer it
    out_of_scope: int = 0
    abstained: int = 0
    latencies_ns: list[int] = field(default_factory=list)  # wall clock, per call
    cpu_ns: list[int] = field(default_factory=list)  # this process's CPU time, per call
    failures: list[tuple[str, str]] = field(default_factory=list)  # (question, what happened)
    ranked: int = 0  # answerable questions whose first choice is known
    first_right: int = 0  # ... and is an entry that answers them
    causes: Counter[str] = field(default_factory=Counter)  # failures by class (see `cause`)

    @property
    def first_choice(self) -> float:
        return self.first_right / self.ranked if self.ranked else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.answerable if self.answerable else 1.0

    @property
    def answered_or_offered(self) -> float:
        return (self.correct + self.offered) / self.answerable if self.answerable else 1.0

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.answerable if self.answerable else 0.0

    @property
    def abstention(self) -> float:
        return self.abstained / self.out_of_scope if self.out_of_scope else 1.0

    def percentile_ms(self, share: float, cpu: bool = False) -> float:
        values = self.cpu_ns if cpu else self.latencies_ns
        if not values:
            return 0.0
        ordered = sorted(values)
        index = min(len(ordered) - 1, int(share * len(ordered)))
        return ordered[index] / 1e6

    def line(self) -> str:
        by_text = self.correct_by_text / self.answerable if self.answerable else 1.0
        return (
            f"{self.name:<36} answerable {self.correct:>3}/{self.answerable:<3} "
            f"{self.accuracy:6.1%} (by text {by_text:6.1%}, or offered "
            f"{self.answered_or_offered:6.1%}, wrong {self.wrong_share:5.1%})   "
            f"out of scope abstained {self.abstained:>2}/"
            f"{self.out_of_scope:<2} {self.abstention:6.1%}   "
            + (f"first choice right {self.first_choice:6.1%}   " if self.ranked else "")
            + f"p50 {self.percentile_ms(0.5):.3f} ms  p99 {self.percentile_ms(0.99):.3f} ms "
            f"(CPU p99 {self.percentile_ms(0.99, cpu=True):.3f} ms)"
        )


def merged(name: str, results: Sequence[Result]) -> Result:
    """Several sets' results as one set's: their counts, latencies and failures together."""
    out = Result(name)
    counts = [item.name for item in fields(Result) if item.type == "int"]
    for result in results:
        for counted in counts:
            setattr(out, counted, getattr(out, counted) + getattr(result, counted))
        out.latencies_ns.extend(result.latencies_ns)
        out.cpu_ns.extend(result.cpu_ns)
        out.failures.extend(result.failures)
        out.causes.update(result.causes)
    return out


def load_questions(path: Path) -> list[LabelledQuestion]:
    data = read_yaml(path, str(path))
    if not isinstance(data, list):
        raise DefinitionError(str(path), 1, "expected a list of questions")
    out: list[LabelledQuestion] = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise DefinitionError(str(path), None, f"item {number}: needs a `question`")
        out.append(
            LabelledQuestion(
                question=item["question"],
                entries=tuple(item.get("entries") or ()),
                must_contain_any=tuple(str(p).lower() for p in item.get("must_contain_any") or ()),
            )
        )
    return out


def judge(
    question: LabelledQuestion, reply: ReplyUnderTest, entry_texts: dict[str, tuple[str, ...]]
) -> bool:
    """Right answer, or rightly no answer. `entry_texts` lets a system without entry ids (the
    baseline) be judged by whether its text holds one of the expected entries' sentences."""
    if question.out_of_scope:
        return not reply.answered
    if not reply.answered:
        return False
    if question.must_contain_any:
        text = reply.text.lower()
        return any(phrase in text for phrase in question.must_contain_any)
    if reply.entry_id is not None:
        return reply.entry_id in question.entries
    text = squeeze(reply.text)
    return any(
        squeeze(sentence) in text
        for entry_id in question.entries
        for sentence in entry_texts.get(entry_id, ())
    )


def cause(question: LabelledQuestion, reply: ReplyUnderTest, good: bool) -> str | None:
    """The class of a failure, so failures are studied by kind before anything is changed: was
    the ranking's first choice right (and the gate held it back, or let a wrong one through), and
    was a right entry offered."""
    if good:
        return None
    if question.out_of_scope:
        return "out of scope, answered"
    first = (
        "first choice unknown"
        if reply.first is None or not question.entries
        else "first choice right"
        if reply.first in question.entries
        else "first choice wrong"
    )
    if reply.answered:
        return f"answered wrongly, {first}"
    offered = "right entry offered" if set(reply.offered) & set(question.entries) else "not offered"
    return f"not answered, {first}, {offered}"


def evaluate(
    name: str,
    ask: Callable[[str], ReplyUnderTest],
    questions: Sequence[LabelledQuestion],
    entry_texts: dict[str, tuple[str, ...]],
    repeat: int = 1,
    first: Callable[[str], str | None] | None = None,
) -> Result:
    """`first`: the ranking's first choice for a question, asked outside the timed calls."""
    result = Result(name)
    for question in questions:
        reply = ask(question.question)
        if first is not None:
            reply = replace(reply, first=first(question.question))
        for _ in range(repeat):
            started, cpu = time.perf_counter_ns(), time.process_time_ns()
            ask(question.question)
            # Wall time includes moments the machine gave to other processes; CPU time does not.
            result.cpu_ns.append(time.process_time_ns() - cpu)
            result.latencies_ns.append(time.perf_counter_ns() - started)
        good = judge(question, reply, entry_texts)
        if question.out_of_scope:
            result.out_of_scope += 1
            result.abstained += good
        else:
            result.answerable += 1
            result.correct += good
            result.wrong += reply.answered and not good
            result.offered += not reply.answered and bool(
                set(reply.offered) & set(question.entries)
            )
            # The shared set judges by phrases of the answer, not by entry: count an answer
            # whose text holds a sentence of an expected entry the same way.
            text_only = ReplyUnderTest(reply.answered, reply.text)
            result.correct_by_text += good or judge(question, text_only, entry_texts)
            if reply.first is not None and question.entries:
                result.ranked += 1
                result.first_right += reply.first in question.entries
        kind = cause(question, reply, good)
        if kind is not None:
            result.causes[kind] += 1
        if not good:
            got = (reply.entry_id or reply.text[:60]) if reply.answered else "no answer"
            want = (
                "no answer"
                if question.out_of_scope
                else ", ".join(question.entries or question.must_contain_any)
            )
            result.failures.append((question.question, f"got {got}; want {want}"))
    return result


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def as_reply(answer: KnowledgeAnswer | BaselineAnswer) -> ReplyUnderTest:
    """A KnowledgeAnswer or a baseline answer, as a ReplyUnderTest."""
    if isinstance(answer, BaselineAnswer):  # a paragraph: no entry, nothing offered
        return ReplyUnderTest(answer.answered, answer.answer)
    offered = tuple(suggestion.entry_id for suggestion in answer.suggestions)
    return ReplyUnderTest(answer.answered, answer.answer, answer.entry_id, offered)


def passage_entries(passage: str, entry_texts: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The entries whose answer holds the passage, sentence by sentence (a blind set is labelled
    with the document's words, not with entry ids, so its writer needs no knowledge of them)."""

    found: list[str] = []
    for sentence in sentences(passage) or [passage]:
        wanted = _plain(sentence)
        for entry_id, answer in entry_texts.items():
            text = _plain(" ".join(answer))
            if wanted and (wanted in text or any(_plain(item) in wanted for item in answer)):
                found.append(entry_id)
    return tuple(dict.fromkeys(found))


def _plain(text: str) -> str:
    """Lower-case words only: list markers ("∞"), quotes and spacing do not decide a match."""

    return " ".join(re.findall(r"[0-9a-z]+", squeeze(text).lower()))


def rule_entry(passage: str, external_texts: dict[str, tuple[str, ...]]) -> str | None:
    """The external entry a passage of the SPEC's rules is about: the one holding the largest
    share (at least half) of the passage's words of three letters or more and its numbers."""
    wanted = {w for w in _plain(passage).split() if len(w) >= 3 or w.isdigit()}
    best, best_share = None, 0.5
    for entry_id, answer in external_texts.items():
        have = set(_plain(" ".join(answer)).split())
        share = len(wanted & have) / len(wanted) if wanted else 0.0
        if share >= best_share:
            best, best_share = entry_id, share
    return best


def freeze_blind(
    items: list[dict[str, Any]],
    entry_texts: dict[str, tuple[str, ...]],
    external_texts: dict[str, tuple[str, ...]],
) -> tuple[list[dict[str, Any]], list[tuple[str, str]], list[tuple[str, str]]]:
    """A blind set as an evaluation set: each answerable question's passages mapped to entry ids
    (document passages by their sentences, SPEC rule text by shared words to an external entry).
    Returns the questions, every (passage, entry) mapped by shared words, and every (question,
    passage) that maps to nothing."""
    out: list[dict[str, Any]] = []
    by_words: list[tuple[str, str]] = []
    unmapped: list[tuple[str, str]] = []
    for item in items:
        entries: list[str] = []
        if item.get("kind") != "out_of_scope":
            for passage in item.get("passages") or ():
                found = passage_entries(str(passage), entry_texts)
                if not found:
                    rule = rule_entry(str(passage), external_texts)
                    if rule is not None:
                        by_words.append((str(passage), rule))
                        found = (rule,)
                if not found:
                    unmapped.append((str(item["question"]), str(passage)))
                entries.extend(found)
        if item.get("kind") != "out_of_scope" and not entries:
            continue  # answerable, but by nothing in the knowledge base: reported, not judged
        frozen = {"question": str(item["question"]), "entries": list(dict.fromkeys(entries))}
        for key in ("source", "note"):
            if item.get(key):
                frozen[key] = str(item[key])
        out.append(frozen)
    return out, by_words, unmapped
