"""The assessment step: the collected facts go to the shared rules module, the result is stored.

The rules module sees only values; the document keeps their provenance beside them.
"""

from __future__ import annotations

from assistant.engine.conversation_document import Document
from assistant.engine.events import Assessed
from assistant.engine.replies import Reply
from assistant.engine.turn import TurnRunner
from assistant.report import render_report
from assistant.rules import assess
from assistant.rules.codec import Invalid, check, dump
from assistant.rules.facts import Facts


def facts_of(doc: Document) -> Facts:
    """The rules module's input from a conversation document (raises `Invalid`)."""
    return check(Facts, doc.fact_values())


def run_assessment(runner: TurnRunner) -> None:

    doc = runner.doc
    try:
        facts = facts_of(doc)
    except Invalid as error:
        # values are checked as they are collected, so this means a dialog/rules mismatch
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        runner.say("assessment.none", "error", detail=detail)
        return
    assessment = assess(facts, runner.ctx.today)
    data = dump(assessment)
    runner.emit(Assessed(data))
    store = runner.ctx.store
    if store is not None and doc.patient_id is not None:
        store.record_assessment(doc.patient_id, runner.ctx.conversation_id, dump(facts), data)
    runner.replies.append(
        Reply("assessment", render_report(assessment, facts), "assessment", assessment=assessment)
    )
