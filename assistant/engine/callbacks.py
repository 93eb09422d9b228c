"""The on_enter callbacks a dialog file may name, resolved when the dialog loads.

Each receives the turn's model; `model.owner` is the TurnRunner of the turn in progress.
"""

from __future__ import annotations

from assistant.engine.assessing import run_assessment as assess_now
from assistant.engine.conflicts import file_draft
from assistant.engine.events import FlowCleared
from assistant.engine.machine import Callback, TurnModel
from assistant.engine.render import summary_reply
from assistant.engine.turn import TurnRunner


def _runner(model: TurnModel) -> TurnRunner:
    owner = model.owner
    if not isinstance(owner, TurnRunner):
        raise TypeError(f"a dialog callback ran outside a turn: {owner!r}")
    return owner


def commit_draft(model: TurnModel) -> None:
    """File the scans or labs of the draft, and say what was filed; two different results for
    one site and date are asked about first."""
    file_draft(_runner(model))


def show_summary(model: TurnModel) -> None:
    runner = _runner(model)
    if runner.doc.flow.get("review_ok") is False:
        # "no" to the review: say how to correct; the next visit shows the summary again
        runner.emit(FlowCleared("review_ok"))
        runner.say("review.fix")
    else:
        runner.replies.append(summary_reply(runner.dialog, runner.doc))


def run_assessment(model: TurnModel) -> None:
    assess_now(_runner(model))


def finish(model: TurnModel) -> None:
    runner = _runner(model)
    runner.finished = True
    runner.say("finished", "end")


CALLBACKS: dict[str, Callback] = {
    callback.__name__: callback for callback in (commit_draft, show_summary, run_assessment, finish)
}
