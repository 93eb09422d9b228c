"""Pasted notes and reports read by `interpret`, scored against what a careful reader expects.

A fact is each expected scalar field, and each field of each expected scan or lab (matched by site
or test, and date). Each is exact, missing, or WRONG (another value); a fact or item read that the
set does not expect is a non-fact. Runs on its own too: `python interpret.py SET.yaml`.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.json_types import JSON, JSONObject

LISTS = {"dexa": "site", "labs": "test"}


@dataclass
class Score:
    exact: int = 0
    missing: int = 0
    wrong: int = 0
    non_facts: int = 0
    items: int = 0
    items_right: int = 0
    problems: dict[str, list[str]] = field(default_factory=dict)

    @property
    def facts(self) -> int:
        return self.exact + self.missing + self.wrong

    def line(self) -> str:
        share = self.exact / self.facts if self.facts else 1.0
        return (
            f"{self.exact}/{self.facts} facts exact ({share:.1%}), {self.missing} missing, "
            f"{self.wrong} WRONG, {self.non_facts} non-facts read as facts; "
            f"{self.items_right}/{self.items} items fully right"
        )


def _plain(value: object) -> JSON:
    """JSON-like values: dates as ISO text, numbers as floats, nulls dropped from dicts."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        return _plain_object(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _plain_object(value: Mapping[str, object]) -> JSONObject:
    return {k: _plain(v) for k, v in value.items() if v is not None}


def _items(value: JSON) -> list[JSONObject]:
    """The scans or labs of a list (a set's items and `interpret`'s hold only objects)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _same(a: JSON, b: JSON) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) < 1e-9
    return bool(a == b)


def _score_list(
    key: str, expected: list[JSONObject], read: list[JSONObject], note: list[str]
) -> tuple[int, int, int, int]:
    exact = missing = wrong = extra = 0
    name = LISTS[key]
    unused = list(read)
    # an item read under its own site and date is its match, before any other is looked at
    pairs: list[tuple[JSONObject, JSONObject | None]] = []
    for item in expected:
        match = next(
            (r for r in unused if r.get(name) == item[name] and r.get("date") == item.get("date")),
            None,
        )
        if match is not None:
            unused.remove(match)
        pairs.append((item, match))
    for item, match in pairs:
        fields = [k for k in item if k not in (name, "date")]
        if match is None:
            other = next((r for r in unused if r.get(name) == item[name]), None)
            if other is not None:  # the right site or test with another date: every field wrong
                unused.remove(other)
                wrong += len(fields)
                note.append(f"WRONG date {key} {item} read as {other}")
            else:
                missing += len(fields)
                note.append(f"missing {key} {item}")
            continue
        for k in fields:
            if k not in match:
                missing += 1
                note.append(f"missing {key} {item[name]} {k}")
            elif _same(match[k], item[k]):
                exact += 1
            else:
                wrong += 1
                note.append(f"WRONG {key} {item[name]} {k}: {match[k]} for {item[k]}")
        for k in match:
            if k not in item and k != "date":
                extra += 1
                note.append(f"non-fact {key} {item[name]} {k}: {match[k]}")
    for r in unused:
        extra += 1
        note.append(f"non-fact {key} item {r}")
    return exact, missing, wrong, extra


def score_item(
    expect: Mapping[str, object], facts: Mapping[str, object], score: Score, item_id: str
) -> None:
    expected, read = _plain_object(expect or {}), _plain_object(facts)
    note: list[str] = []
    before = (score.missing, score.wrong, score.non_facts)
    for key, value in expected.items():
        if key in LISTS:
            e, m, w, x = _score_list(key, _items(value), _items(read.get(key)), note)
            score.exact, score.missing, score.wrong, score.non_facts = (
                score.exact + e,
                score.missing + m,
                score.wrong + w,
                score.non_facts + x,
            )
        elif key not in read:
            score.missing += 1
            note.append(f"missing {key} {value}")
        elif _same(read[key], value):
            score.exact += 1
        else:
            score.wrong += 1
            note.append(f"WRONG {key}: {read[key]} for {value}")
    for key, value in read.items():
        if key in expected:
            continue
        if key in LISTS:
            score.non_facts += len(_items(value))
            note += [f"non-fact {key} item {v}" for v in _items(value)]
        else:
            score.non_facts += 1
            note.append(f"non-fact {key}: {value}")
    score.items += 1
    if (score.missing, score.wrong, score.non_facts) == before:
        score.items_right += 1
    if note:
        score.problems[item_id] = note


def score_set(path: Path) -> Score:
    from assistant.understanding import interpret

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    today = data["today"]
    today = today if isinstance(today, dt.date) else dt.date.fromisoformat(str(today))
    score = Score()
    for item in data["items"]:
        facts = interpret(item["text"], today).facts
        score_item(item.get("expect") or {}, facts, score, str(item["id"]))
    return score


# The frozen sets live beside the tests of a checkout; an installed package has none
SETS_DIR = Path(__file__).resolve().parents[2] / "tests" / "understanding"


def run(settings: object, quick: bool = False) -> None:
    sets = sorted(SETS_DIR.glob("notes_blind_*.yaml"))
    if not sets:
        print("no pasted-note sets here (they live in tests/understanding of a checkout)")
    for path in sets:
        print(f"{path.stem}: {score_set(path).line()}", flush=True)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        result = score_set(Path(name))
        for key, notes in result.problems.items():
            print(key, *notes, sep="\n    ")
        print(f"{Path(name).stem}: {result.line()}")
