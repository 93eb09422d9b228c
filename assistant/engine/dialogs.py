"""Loaded dialogs: each file of dialogs/ checked against our registries and built into a machine.

`load_dialogs` raises the first DefinitionError (start-up); `check_dialogs` lists them all
(`boneguide check`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.engine.conditions import CONDITIONS
from assistant.engine.conversation_document import Document
from assistant.engine.definition import (
    FOLLOW_UP,
    LoadedDialog,
    Registry,
    StateDef,
    check_dialog,
    load_dialog,
)
from assistant.engine.machine import Callback, DialogMachine, TurnModel
from assistant.errors import DefinitionError
from assistant.rules.codec import field_names
from assistant.rules.facts import Facts
from assistant.understanding import PARSERS

if TYPE_CHECKING:
    from assistant.knowledge import KnowledgeBase

# Slots a state may fill: facts of SPEC section 4, answers that steer the flow, the scan and lab
# lists (filled through a draft), and the date of a draft, asked for separately.
FACT_SLOTS: tuple[str, ...] = tuple(
    name for name in field_names(Facts) if name not in ("patient_id", "dexa", "labs")
)
FLOW_SLOTS = ("consent", "has_dexa", "more_dexa", "has_labs", "more_labs", "review_ok")
LIST_SLOTS = ("dexa", "labs")
DRAFT_SLOTS = ("draft_date",)
SLOTS = (*FACT_SLOTS, *FLOW_SLOTS, *LIST_SLOTS, *DRAFT_SLOTS)

# Every message the engine itself says; the dialog file must define each.
REQUIRED_MESSAGES = (
    "greeting",
    "resume",
    "ack",
    "ack.note",
    "ack.skipped",
    "finished",
    "review.fix",
    "error.no_match",
    "error.implausible",
    "error.invalid",
    "error.too_long",
    "error.ambiguous",
    "error.cannot_skip",
    "error.no_question",
    "error.nothing_to_undo",
    "error.no_back",
    "error.unknown_fact",
    "error.not_asked",
    "confirm.value",
    "confirm.overwrite",
    "confirm.restart",
    "confirm.declined",
    "confirm.restart_declined",
    "cmd.help",
    "cmd.back",
    "cmd.undone",
    "cmd.change",
    "cmd.restarted",
    "cmd.quit",
    "cmd.why_none",
    "summary.heading",
    "summary.empty",
    "summary.skipped",
    "question.abstain",
    "question.suggest",
    "assessment.none",
    "ambiguous.score_kind",
    "yes_no.mixed",
    "error.joking",
    "value.yes",
    "value.no",
    "value.none",
    "note.unit_unknown",
    "conflict.scans",
    "follow_up.mentioned",
    "conflict.both",
    "undo.last",
    *(f"fact.{name}" for name in (*FACT_SLOTS, *LIST_SLOTS)),
)

# The fields the engine fills into messages ("Noted: {facts}.").
PLACEHOLDERS = (
    "facts",
    "note",
    "fact",
    "detail",
    "hint",
    "value",
    "old",
    "new",
    "what",
    "titles",
    "limit",
    "first",
    "second",
)

CALLBACK_NAMES = ("commit_draft", "show_summary", "run_assessment", "finish")


def parser_names() -> frozenset[str]:
    return frozenset(PARSERS)


def registry(knowledge: KnowledgeBase | None) -> Registry:
    def known_entry(entry_id: str) -> bool:
        assert knowledge is not None
        return knowledge.entry(entry_id) is not None

    return Registry(
        conditions=CONDITIONS,
        callbacks=CALLBACK_NAMES,
        parsers=parser_names(),
        slots=SLOTS,
        required_messages=REQUIRED_MESSAGES,
        placeholders=PLACEHOLDERS,
        knowledge_ids=known_entry if knowledge is not None else None,
    )


class Dialog:
    """One dialog ready to run: its definition, its machine and the lookups a turn needs."""

    def __init__(self, loaded: LoadedDialog, callbacks: Mapping[str, Callback]) -> None:
        self.loaded = loaded
        self.definition = loaded.definition
        self.name = self.definition.name
        self.states: dict[str, StateDef] = {state.name: state for state in self.definition.states}
        self.machine = DialogMachine(loaded, CONDITIONS, callbacks)
        self._on_enter = {
            state.name: [callbacks[name] for name in state.on_enter]
            for state in self.definition.states
        }
        # the steps of the intake, in file order, for "step n of m"
        self.steps = [state.name for state in self.definition.states if state.parser]
        self.slot_state: dict[str, str] = {}
        for state in self.definition.states:
            if state.slot is not None:
                self.slot_state.setdefault(state.slot, state.name)

    def follow_up(self, state: str) -> str | None:
        """The state a `follow_up` transition from `state` leads to, if any."""
        for transition in self.definition.transitions:
            if transition.trigger == FOLLOW_UP and state in transition.source:
                return transition.dest
        return None

    def message(self, key: str, **fields: object) -> str:
        template = self.definition.messages.get(key, key)
        return template.format(**fields) if fields else template

    def ask_key(self, state: StateDef, doc: Document) -> str | None:
        for ask in state.ask:
            if all(CONDITIONS[c](doc) for c in ask.conditions) and not any(
                CONDITIONS[c](doc) for c in ask.unless
            ):
                return ask.message
        return None

    def enter(self, model: TurnModel, state: str) -> None:
        """Put the model in `state` outside the transitions (back, change, undo) and run its
        on_enter callbacks, as a transition into it would."""
        model.state = state
        for callback in self._on_enter[state]:
            callback(model)


def _dialog_files(dialogs_dir: Path) -> list[Path]:
    return sorted(dialogs_dir.glob("*.yaml"))


def load_dialogs(
    dialogs_dir: Path, knowledge: KnowledgeBase | None, callbacks: Mapping[str, Callback]
) -> dict[str, Dialog]:
    files = _dialog_files(dialogs_dir)
    if not files:
        raise DefinitionError(str(dialogs_dir), None, "no dialog files (*.yaml) found")
    names = registry(knowledge)
    dialogs: dict[str, Dialog] = {}
    for path in files:
        dialog = Dialog(load_dialog(path, names), callbacks)
        if dialog.name in dialogs:
            raise DefinitionError(str(path), None, f"a second dialog named {dialog.name!r}")
        dialogs[dialog.name] = dialog
    return dialogs


def check_dialogs(dialogs_dir: Path, knowledge: KnowledgeBase | None) -> list[DefinitionError]:
    """Every problem in dialogs/, each with file and line; empty when all is well."""
    files = _dialog_files(dialogs_dir)
    if not files:
        return [DefinitionError(str(dialogs_dir), None, "no dialog files (*.yaml) found")]
    names = registry(knowledge)
    problems: list[DefinitionError] = []
    for path in files:
        try:
            result = check_dialog(path, names)
        except DefinitionError as error:
            problems.append(error)
            continue
        if isinstance(result, list):
            problems.extend(result)
    return problems
