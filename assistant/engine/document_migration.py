"""A version 1 conversation document read as version 2. Version 1 kept a `history`: per turn,
the state it began at and the earlier value of each part it changed. Walking it back from the
document gives each earlier document; each turn becomes a step of the log that sets the parts
it changed (a `replaced` change), so `undo` takes back what the earlier release recorded too.

Plain JSON in and out: the models check the result."""

from __future__ import annotations

from typing import Any

# the parts of a document a version 1 history entry may name, besides its facts
_NOT_PARTS = ("state", "facts", "trail_len")


def v2_from_v1(data: dict[str, Any]) -> dict[str, Any]:
    history: list[dict[str, Any]] = list(data.get("history") or [])
    current = {key: value for key, value in data.items() if key not in ("history", "version")}
    steps: list[dict[str, Any]] = []
    for change in reversed(history):
        earlier = _before(current, change)
        names = [name for name in current if earlier.get(name) != current.get(name)]
        parts = {name: current[name] for name in names}
        steps.append({"state": change["state"], "changes": [{"kind": "replaced", "parts": parts}]})
        current = earlier
    steps.reverse()
    base = {key: value for key, value in current.items() if key not in ("dialog", "patient_id")}
    upgraded = {key: value for key, value in data.items() if key != "history"}
    return {**upgraded, "version": 2, "log": {"base": base, "steps": steps}}


def _before(document: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """The document before the turn that `change` records (as version 1's `undo` rebuilt it)."""
    earlier = dict(document)
    facts = dict(document.get("facts") or {})
    for name, value in (change.get("facts") or {}).items():
        if value is None:
            facts.pop(name, None)
        else:
            facts[name] = value
    earlier["facts"] = facts
    if "trail_len" in change:
        earlier["trail"] = list(document.get("trail") or [])[: change["trail_len"]]
    earlier.update({key: value for key, value in change.items() if key not in _NOT_PARTS})
    return earlier
