"""One reader for both paths: every scripted-dialog utterance and every simulated answer that the
dialog stores as a measurement gives the same values through `interpret`.

Each utterance is typed into the real engine (with the scripted or simulated conversation before
it) and the scans and labs it stored are compared with what `interpret` reads from the same words
alone. Only measurements whose value is written in the utterance count (an answer such as
"June 2024" completes a value given before). `interpret` may never read a different value, nor
less, but in one known way: a scan or test dated by its year alone is stored by the dialog (dated
the 1st of January) but asked back by `interpret`, which cannot confirm it; those are counted
apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant import wording
from assistant.engine.engine import Engine
from assistant.engine.memory_store import MemoryStore
from assistant.knowledge import KnowledgeBase
from assistant.rules.codec import dump
from assistant.understanding import interpret
from assistant.understanding.numbers import find_numbers, normalize

TESTS = Path(__file__).parents[1]
SIMULATED = sorted((TESTS / "engine").glob("simulated_answers_*.yaml"))
SCRIPTS = sorted((TESTS / "dialogs").glob("*.yaml"))
MEASURED_AT = ("dexa_scan", "lab_entry")
KEYS = {"dexa": ("site", "t_score", "z_score", "bmd", "lsc"), "labs": ("test", "value", "unit")}


def _text(value: Any) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


@dataclass
class Utterance:
    where: str
    text: str
    today: dt.date
    before: list[str]  # what was typed before it in the same conversation


def _simulated() -> list[Utterance]:
    found = []
    for path in SIMULATED:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        routes = {k: [_text(x) for x in v] for k, v in data["routes"].items()}
        for question in MEASURED_AT:
            for case in data["questions"].get(question, []):
                found.append(
                    Utterance(
                        f"{path.stem}/{question}",
                        _text(case["say"]),
                        data["today"],
                        routes[question],
                    )
                )
    return found


def _scripted() -> list[Utterance]:
    found = []
    for path in SCRIPTS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        typed: list[str] = []
        for step in data.get("steps", []):
            if "user" in step:
                found.append(Utterance(path.stem, _text(step["user"]), data["today"], list(typed)))
                typed.append(_text(step["user"]))
    return found


def _measurements(facts: dict[str, Any]) -> set[tuple[str, tuple[Any, ...]]]:
    return {
        (kind, tuple((k, item.get(k)) for k in KEYS[kind]))
        for kind in KEYS
        for item in facts.get(kind) or []
    }


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return KnowledgeBase.default()


def _written_in(text: str, measurement: tuple[str, tuple[Any, ...]]) -> bool:
    values = {abs(n.value) for n in find_numbers(normalize(text))}
    fields = dict(measurement[1])
    return any(
        abs(fields[k]) in values
        for k in ("t_score", "z_score", "bmd", "value")
        if fields.get(k) is not None
    )


def _stored_by(engine: Engine, utterance: Utterance, cid: str) -> set[tuple[str, tuple[Any, ...]]]:
    """The measurements the dialog stored from this utterance (a confirmation answered yes)."""
    engine.open(cid)
    for line in utterance.before:
        engine.handle(cid, line)

    def facts() -> dict[str, Any]:
        current = engine.facts(cid)
        return dump(current) if current is not None else {}

    earlier = _measurements(facts())
    replies = engine.handle(cid, utterance.text)
    for _ in range(3):
        if not any(r.kind == "confirm" for r in replies):
            break
        replies = engine.handle(cid, "yes")
    # A value typed before and only picked now ("-2.5" to "which is right?") was read earlier.
    previous = utterance.before[-1] if utterance.before else ""
    return {
        m
        for m in _measurements(facts()) - earlier
        if _written_in(utterance.text, m) and not _written_in(previous, m)
    }


def test_the_dialog_and_interpret_read_the_same_values(knowledge: KnowledgeBase) -> None:
    same = year_only = 0
    fewer: list[str] = []
    different: list[str] = []
    year_question = wording.text("interpret.year_only", year=0).split("0")[0]
    for number, utterance in enumerate(_simulated() + _scripted()):
        engine = Engine(MemoryStore(), today=lambda u=utterance: u.today, knowledge=knowledge)
        stored = _stored_by(engine, utterance, f"parity-{number}")
        if not stored:
            continue
        reading = interpret(utterance.text, utterance.today)
        read = _measurements(reading.facts)
        shown = f"{utterance.where}: {utterance.text!r}\n  dialog {stored}\n  interpret {read}"
        if read == stored:
            same += 1
        elif not read <= stored:
            different.append(shown)
        elif any(q.startswith(year_question) for q in reading.questions):
            year_only += 1
        else:
            fewer.append(shown)
    counted = same + len(fewer) + len(different)
    report = (
        f"same {same}/{counted}, interpret read fewer {len(fewer)}, different {len(different)}; "
        f"dated by the year alone, asked back by interpret: {year_only}"
    )
    assert not different and not fewer, "\n".join([report, *different, *fewer])
