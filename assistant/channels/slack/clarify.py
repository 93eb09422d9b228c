"""Quick interpretations waiting in a channel thread for the asker's answer ("ng/mL"), so no new
mention is needed; in-process and bounded (a reply reaching another replica needs a mention).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.channels.slack.services import PastedReading
from assistant.json_types import JSONObject

if TYPE_CHECKING:
    from assistant.channels.slack.services import PastedReading, Services


@dataclass(frozen=True)
class PendingClarification:
    understood: list[str]
    questions: list[str]  # asked back, the first is the one a bare answer ("ng/mL") is for
    refused: list[str]
    facts: JSONObject = field(default_factory=dict)

    @classmethod
    def of(cls, reading: PastedReading) -> PendingClarification:
        return cls(reading.understood, reading.questions, reading.refused, reading.facts)

    def subject(self) -> str:
        """What the first question is about ("vitamin D 30"), to read a bare answer with."""
        head, colon, _ = self.questions[0].partition(":")
        return head if colon else ""


def merged(facts: JSONObject, more: JSONObject) -> JSONObject:
    """`facts` with `more` added: lists (scans, labs) grow, single values are replaced."""
    out = dict(facts)
    for key, value in more.items():
        earlier = out.get(key)
        if isinstance(value, list) and isinstance(earlier, list):
            out[key] = [*earlier, *value]
        else:
            out[key] = value
    return out


def answered(pending: PendingClarification, answer: str, services: Services) -> PastedReading:
    """The interpretation with `answer` read into it: a full value ("vit D 30 ng/mL"), or a
    bare choice ("ng/mL") read with what the first question is about."""

    reading = services.read(answer)
    if not reading.understood and pending.subject():
        reading = services.read(f"{pending.subject()} {answer}")
    resolved = bool(reading.understood) and not reading.questions
    facts = merged(pending.facts, reading.facts)
    remaining = pending.questions[1:] if resolved else pending.questions
    return PastedReading(
        understood=[*pending.understood, *reading.understood],
        questions=[*remaining, *reading.questions],
        refused=[*pending.refused, *reading.refused],
        facts=facts,
        summary=services.assess(facts),
    )


class Clarifications:
    def __init__(
        self,
        ttl: float = 3600.0,
        capacity: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._capacity = capacity
        self._clock = clock
        self._waiting: OrderedDict[tuple[str, str, str], tuple[float, PendingClarification]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def put(self, channel: str, thread: str, user: str, pending: PendingClarification) -> None:
        with self._lock:
            self._waiting[(channel, thread, user)] = (self._clock() + self._ttl, pending)
            self._waiting.move_to_end((channel, thread, user))
            while len(self._waiting) > self._capacity:
                self._waiting.popitem(last=False)

    def waiting(self, channel: str, thread: str, user: str) -> bool:
        with self._lock:
            found = self._waiting.get((channel, thread, user))
        return found is not None and found[0] >= self._clock()

    def take(self, channel: str, thread: str, user: str) -> PendingClarification | None:
        """The interpretation waiting for `user` in `thread`, removed; None if there is none."""
        with self._lock:
            found = self._waiting.pop((channel, thread, user), None)
        if found is None or found[0] < self._clock():
            return None
        return found[1]
