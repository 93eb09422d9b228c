"""The global commands (help, back, undo, skip, why, summary, change, restart, quit) and the
questions answered from the knowledge base, at any point of a conversation.
"""

from __future__ import annotations

from assistant import wording
from assistant.engine.answering import answer
from assistant.engine.document_values import Pending
from assistant.engine.events import FlowSet, PendingSet, WentBack
from assistant.engine.render import summary_reply, undone_text
from assistant.engine.replies import Choice, Reply
from assistant.engine.skipping import skip
from assistant.engine.turn import TurnRunner
from assistant.engine.understand import NoMatch, parse

# fact names a `change` command may carry that the dialog files under another slot
_TARGET_SLOTS = {
    "vitamin_d": "labs",
    "calcium": "labs",
    "pth": "labs",
    "p1np": "labs",
    "ctx": "labs",
    "bsap": "labs",
    "ntx": "labs",
}


def run_command(runner: TurnRunner, name: str, target: str | None, text: str) -> None:
    handler = _HANDLERS.get(name)
    if handler is None:
        runner.say("error.no_match", "error", hint="")
        runner.ask()
        return
    if name == "change":
        _change(runner, target, text)
    else:
        handler(runner, target)


def _help(runner: TurnRunner, target: str | None) -> None:
    runner.say("cmd.help")
    runner.ask()


def _summary(runner: TurnRunner, target: str | None) -> None:
    runner.replies.append(summary_reply(runner.dialog, runner.doc))
    runner.ask()


def _why(runner: TurnRunner, target: str | None) -> None:
    why_reply(runner)
    runner.ask()


def why_reply(runner: TurnRunner) -> None:
    """Why the current question is asked, from its knowledge entry (the question not repeated)."""
    state = runner.dialog.states[runner.state]
    knowledge = runner.ctx.knowledge
    entry = None
    if knowledge is not None:
        if state.why:
            entry = knowledge.entry(state.why)
        elif state.slot:
            entry = knowledge.why_we_ask(state.slot)
    if entry is None:
        runner.say("cmd.why_none")
    else:
        text = knowledge.text(entry.id) if knowledge is not None else None
        runner.replies.append(
            Reply(f"why.{entry.id}", text or " ".join(entry.answer), "answer", source=entry.source)
        )


def _back(runner: TurnRunner, target: str | None) -> None:
    trail = runner.doc.trail
    if not trail:
        runner.say("error.no_back", "error")
        runner.ask()
        return
    previous = trail[-1]
    runner.emit(WentBack())
    runner.say("cmd.back")
    # back into a loop ("When was that scan?" back to the results) asks it afresh: what is
    # typed there is a new result, not a correction of an earlier scan
    runner.jump(previous, resume=True, correcting=not runner.dialog.states[previous].repeat)
    runner.ask()


def _undo(runner: TurnRunner, target: str | None) -> None:
    before = runner.undo()
    if before is None:
        runner.say("error.nothing_to_undo", "error")
        runner.ask()
        return
    runner.say("cmd.undone", what=undone_text(runner.dialog, before, runner.doc))
    runner.ask()


def _skip(runner: TurnRunner, target: str | None) -> None:
    skip(runner)


def _change(runner: TurnRunner, target: str | None, argument: str = "") -> None:
    dialog = runner.dialog
    slot = _TARGET_SLOTS.get(target or "", target)
    state_name = dialog.slot_state.get(slot or "")
    if slot is None or state_name is None:
        runner.say("error.unknown_fact", "error")
        runner.ask()
        return
    doc = runner.doc
    asked = (
        slot in doc.facts
        or slot in doc.skipped
        or state_name in doc.trail
        or state_name == runner.state
        or (slot == "dexa" and bool(doc.dexa))
        or (slot == "labs" and bool(doc.labs))
    )
    if not asked:
        runner.say("error.not_asked", "error", fact=dialog.message(f"fact.{slot}"))
        runner.ask()
        return
    runner.say("cmd.change", fact=dialog.message(f"fact.{slot}"))
    runner.jump(state_name, resume=True)
    if argument and _carries_value(runner, argument):
        answer(runner, argument)  # "actually my hip T-score was -2.2": the new value is here
        return
    runner.ask()


def _carries_value(runner: TurnRunner, argument: str) -> bool:
    state = runner.dialog.states[runner.state]
    if state.parser is None:
        return False
    outcome = runner.read(state, argument)
    return not isinstance(outcome, NoMatch)


def _restart(runner: TurnRunner, target: str | None) -> None:
    runner.emit(PendingSet(Pending(kind="restart", state=runner.state)))
    runner.ask()


def _quit(runner: TurnRunner, target: str | None) -> None:
    quit_conversation(runner)


def quit_conversation(runner: TurnRunner) -> None:
    """After the assessment, quit ends the conversation; before it, the conversation is kept."""
    state = runner.dialog.states[runner.state]
    if state.free_questions:  # after the assessment, quit ends the conversation
        runner.emit(FlowSet("questions_done", True))
        if runner.dialog.machine.fire(runner.model, "next"):
            return
    runner.say("cmd.quit", "end")


_HANDLERS = {
    "help": _help,
    "summary": _summary,
    "why": _why,
    "back": _back,
    "undo": _undo,
    "skip": _skip,
    "change": _change,
    "restart": _restart,
    "quit": _quit,
}


def answer_question(runner: TurnRunner, text: str) -> None:
    """Answer from the knowledge base; or offer up to three entries ("did you mean", as choices
    whose value asks for that entry); or abstain. Unanswered questions are logged."""
    knowledge = runner.ctx.knowledge
    answer = knowledge.ask(text) if knowledge is not None else None
    if answer is not None and answer.answered:
        runner.replies.append(
            Reply(f"answer.{answer.entry_id}", answer.answer, "answer", source=answer.source)
        )
        return
    suggestions = answer.suggestions if answer is not None else ()
    text_out = runner.dialog.message("question.abstain")
    if answer is not None and knowledge and answer.answer != wording.text("knowledge.no_answer"):
        text_out = answer.answer  # what the document lacks, or the line leading into an offer
    runner.replies.append(
        Reply(
            "question.abstain",
            text_out,
            "abstain",
            tuple(Choice(s.question, s.title) for s in suggestions),
            numbered=not number_answers(runner, len(suggestions)),
        )
    )
    if runner.ctx.store is not None:
        runner.ctx.store.log_unanswered(text, runner.ctx.channel)


def number_answers(runner: TurnRunner, count: int) -> bool:
    """Whether a bare number from 1 to `count` answers what is pending (alcohol units, an age,
    a choice by position): then suggestions offered now must not be picked by number."""
    pending = runner.doc.pending
    if pending is not None:
        return pending.kind == "ambiguous"  # its candidates are picked by position
    state = runner.dialog.states[runner.state]
    # A question with named choices ("female or male?", yes or no) takes a word: its choices'
    # positions are never shown as numbers, so a number typed after numbered suggestions is one.
    if state.free_questions or state.parser is None or state.choices:
        return False
    return any(
        not isinstance(parse(runner.dialog, state, str(n), runner.doc, runner.ctx.today), NoMatch)
        for n in range(1, count + 1)
    )
