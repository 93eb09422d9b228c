"""The dialog file format (dialogs/*.yaml, described in dialogs/README.md) as strict pydantic
models, and its load-time checks; every problem is a DefinitionError with file and line."""

from __future__ import annotations

import difflib
import string
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.engine.located_yaml import LocatedDict, line_of, load_located
from assistant.errors import DefinitionError

# The events the engine fires: `next` after an answer, `skip` when a question is skipped,
# `follow_up` when a yes/no answer names its subject in the person's own words ("broke my
# wrist skiing") and how it happened decides it. A transition on any other trigger could never
# happen.
FOLLOW_UP = "follow_up"
TRIGGERS = ("next", "skip", FOLLOW_UP)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class ChoiceDef(_Strict):
    value: str
    label: str
    synonyms: tuple[str, ...] = ()


class AskDef(_Strict):
    """One wording of a question; the first whose conditions hold is used."""

    message: str
    conditions: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    _lists = field_validator("conditions", "unless", mode="before")(_as_list)


class StateDef(_Strict):
    name: str
    section: str
    ask: tuple[AskDef, ...] = ()  # no question: the state passes straight on (after on_enter)
    parser: str | None = None
    slot: str | None = None
    choices: tuple[ChoiceDef, ...] = ()
    why: str | None = None  # knowledge entry that explains why we ask
    unclear: str | None = None  # message key: what a yes/no answer pointing both ways is told
    # yes/no: a length of time in the answer decides it ("pred for 10 weeks": under 3 months, no)
    at_least_months: float | None = None
    # yes/no: only the people and conditions of its own yes-words count; anyone else named ("my
    # aunt", "grandma had it") or anything else they had ("osteopenia") is asked back
    named_only: bool = False
    skippable: bool = True
    repeat: bool = False  # asked again on every visit (loops), never passed over as answered
    also: tuple[str, ...] = ()  # other states whose answers the same message may carry
    # a yes/no question whose "yes" leads to one of these: a message that already answers it
    # ("yes, spine -2.7 in 2025") counts as yes and is passed on
    pass_on: tuple[str, ...] = ()
    free_questions: bool = False  # every message is a question for the knowledge base
    on_enter: tuple[str, ...] = ()

    @field_validator("ask", mode="before")
    @classmethod
    def _ask_forms(cls, value: Any) -> Any:
        # `ask: ask.age` is shorthand for one unconditional wording
        if isinstance(value, str):
            return [{"message": value}]
        return value

    _lists = field_validator("also", "pass_on", "on_enter", mode="before")(_as_list)


class TransitionDef(_Strict):
    trigger: str
    source: tuple[str, ...]
    dest: str
    conditions: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    _lists = field_validator("source", "conditions", "unless", mode="before")(_as_list)


class DialogDef(_Strict):
    name: str
    initial: str
    final: str
    # where a correction made after the assessment returns to, so the assessment is redone
    revisit: str | None = None
    sections: dict[str, str]
    messages: dict[str, str]
    states: tuple[StateDef, ...] = Field(min_length=1)
    transitions: tuple[TransitionDef, ...]


@dataclass(frozen=True)
class Registry:
    """Names a dialog file may use, each resolved when the dialog loads."""

    conditions: Collection[str]
    callbacks: Collection[str]
    parsers: Collection[str]
    slots: Collection[str]
    required_messages: Collection[str]
    placeholders: Collection[str] = ()  # the {names} a message may use
    triggers: Collection[str] = TRIGGERS  # the events the engine fires
    knowledge_ids: Callable[[str], bool] | None = None  # None: knowledge not checked


def did_you_mean(name: str, pool: Collection[str]) -> str:
    """ " (did you mean 'next'?)" for a near miss, else nothing."""
    close = difflib.get_close_matches(name, [str(item) for item in pool], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class LoadedDialog:
    definition: DialogDef
    path: Path
    raw: Any  # the located YAML, kept to point at lines

    def line(self, *loc: str | int) -> int | None:
        return line_of(self.raw, loc)


def load_dialog(path: Path, registry: Registry) -> LoadedDialog:
    """Load and check one dialog file; the first problem raises DefinitionError."""
    problems = check_dialog(path, registry)
    if isinstance(problems, LoadedDialog):
        return problems
    raise problems[0]


def check_dialog(path: Path, registry: Registry) -> LoadedDialog | list[DefinitionError]:
    """Every problem of one dialog file, or the loaded dialog when there is none."""
    raw = load_located(path, cached=True)
    if not isinstance(raw, LocatedDict):
        return [DefinitionError(str(path), 1, "a dialog file must be a mapping")]
    try:
        definition = DialogDef.model_validate(raw)
    except ValidationError as error:
        return [
            DefinitionError(str(path), line_of(raw, issue["loc"]), _describe(issue))
            for issue in error.errors()
        ]
    loaded = LoadedDialog(definition, path, raw)
    problems = [
        DefinitionError(str(path), line, text) for line, text in _problems(loaded, registry)
    ]
    return problems or loaded


def _describe(issue: Any) -> str:
    where = ".".join(str(part) for part in issue["loc"])
    if issue["type"] == "extra_forbidden":
        return f"unknown key {where!r}"
    return f"{where}: {issue['msg']}"


def _problems(loaded: LoadedDialog, registry: Registry) -> list[tuple[int | None, str]]:
    dialog = loaded.definition
    out: list[tuple[int | None, str]] = []
    names = [state.name for state in dialog.states]
    known = set(names)

    def need(name: str, kind: str, pool: Collection[str], *loc: str | int) -> None:
        if name not in pool:
            out.append((loaded.line(*loc), f"unknown {kind} {name!r}{did_you_mean(name, pool)}"))

    for i, name in enumerate(names):
        if names.index(name) != i:
            out.append((loaded.line("states", i, "name"), f"state {name!r} is defined twice"))
    need(dialog.initial, "state", known, "initial")
    need(dialog.final, "state", known, "final")
    if dialog.revisit is not None:
        need(dialog.revisit, "state", known, "revisit")
    for key in registry.required_messages:
        need(key, "message key (required by the engine)", dialog.messages, "messages")
    for key, text in dialog.messages.items():
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        except ValueError as error:
            out.append((loaded.line("messages", key), f"message {key!r}: {error}"))
            continue
        for name in sorted(used - set(registry.placeholders)):
            out.append(
                (
                    loaded.line("messages", key),
                    f"message {key!r} uses an unknown placeholder {{{name}}}",
                )
            )
    for i, state in enumerate(dialog.states):
        need(state.section, "section", dialog.sections, "states", i, "section")
        for j, ask in enumerate(state.ask):
            need(ask.message, "message key", dialog.messages, "states", i, "ask", j)
            for cond in (*ask.conditions, *ask.unless):
                need(cond, "condition", registry.conditions, "states", i, "ask", j)
        if state.unclear is not None:
            need(state.unclear, "message key", dialog.messages, "states", i, "unclear")
        if state.parser is not None:
            need(state.parser, "parser", registry.parsers, "states", i, "parser")
        if state.slot is not None:
            need(state.slot, "slot", registry.slots, "states", i, "slot")
        if (
            state.slot is not None
            and state.skippable
            and f"fact.{state.slot}" not in dialog.messages
        ):
            # a skip is always said ("Skipped: ..."), so the slot needs a name
            out.append(
                (loaded.line("states", i, "slot"), f"message key 'fact.{state.slot}' is missing")
            )
        if state.parser is not None and state.slot is None:
            out.append((loaded.line("states", i), f"state {state.name!r} has a parser but no slot"))
        if state.parser == "choice" and not state.choices:
            out.append((loaded.line("states", i), f"state {state.name!r} needs choices"))
        spelled: dict[str, str] = {}
        for j, choice in enumerate(state.choices):
            for synonym in choice.synonyms:
                key = " ".join(synonym.lower().split())
                if key in spelled:
                    # one spelling, one meaning: a repeat is dead weight, a clash a coin toss
                    out.append(
                        (
                            loaded.line("states", i, "choices", j),
                            f"state {state.name!r}: synonym {synonym!r} is also given for "
                            f"{spelled[key]!r}",
                        )
                    )
                spelled[key] = choice.value
            if state.parser == "yes_no" and choice.value not in ("yes", "no", "unsure"):
                out.append(
                    (
                        loaded.line("states", i, "choices", j),
                        f"a yes/no question's choices are yes, no or unsure, not {choice.value!r}",
                    )
                )
        for other in state.also:
            need(other, "state", known, "states", i, "also")
        for other in state.pass_on:
            need(other, "state", known, "states", i, "pass_on")
        if state.at_least_months is not None and state.parser != "yes_no":
            out.append(
                (
                    loaded.line("states", i, "at_least_months"),
                    f"state {state.name!r}: at_least_months needs a yes/no question",
                )
            )
        if state.named_only and state.parser != "yes_no":
            out.append(
                (
                    loaded.line("states", i, "named_only"),
                    f"state {state.name!r}: named_only needs a yes/no question",
                )
            )
        if state.pass_on and state.parser != "yes_no":
            out.append(
                (
                    loaded.line("states", i, "pass_on"),
                    f"state {state.name!r}: pass_on needs a yes/no question",
                )
            )
        for callback in state.on_enter:
            need(callback, "callback", registry.callbacks, "states", i, "on_enter")
        known_entry = registry.knowledge_ids
        if state.why is not None and known_entry is not None and not known_entry(state.why):
            out.append((loaded.line("states", i, "why"), f"unknown knowledge entry {state.why!r}"))
    for i, transition in enumerate(dialog.transitions):
        need(transition.trigger, "trigger", registry.triggers, "transitions", i, "trigger")
        for source in transition.source:
            need(source, "state", known, "transitions", i, "source")
        need(transition.dest, "state", known, "transitions", i, "dest")
        for cond in (*transition.conditions, *transition.unless):
            need(cond, "condition", registry.conditions, "transitions", i)
    if not out:
        out.extend(_graph_problems(loaded))
    return out


def _graph_problems(loaded: LoadedDialog) -> list[tuple[int | None, str]]:
    dialog = loaded.definition
    forward: dict[str, set[str]] = {state.name: set() for state in dialog.states}
    for transition in dialog.transitions:
        for source in transition.source:
            forward[source].add(transition.dest)
    backward: dict[str, set[str]] = {name: set() for name in forward}
    for source, dests in forward.items():
        for dest in dests:
            backward[dest].add(source)
    reached = _closure(dialog.initial, forward)
    ending = _closure(dialog.final, backward)
    out: list[tuple[int | None, str]] = []
    for i, state in enumerate(dialog.states):
        if state.name not in reached:
            out.append((loaded.line("states", i), f"state {state.name!r} is unreachable"))
        elif state.name not in ending:
            out.append((loaded.line("states", i), f"state {state.name!r} cannot reach the end"))
    return out


def _closure(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
