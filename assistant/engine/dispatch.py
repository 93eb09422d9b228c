"""One message through a turn: `classify` reads it once, and the handler for its kind answers
it. Every handler is given the `TurnRunner` of the turn, and imports nothing above it."""

from __future__ import annotations

from assistant.engine.answering import answer
from assistant.engine.carried import event_elsewhere
from assistant.engine.classify import (
    MAX_MESSAGE,
    ConfirmationReply,
    Message,
    Mixed,
    Question,
    Unreadable,
    classify,
)
from assistant.engine.command_handlers import (
    answer_question,
    quit_conversation,
    run_command,
    why_reply,
)
from assistant.engine.confirmations import resolve
from assistant.engine.events import PendingCleared
from assistant.engine.turn import TurnRunner
from assistant.understanding.command_words import Command


def handle(runner: TurnRunner, text: str) -> None:
    """The replies to `text` are left in `runner.replies`."""
    message = classify(text, runner)
    if not isinstance(message, Command | ConfirmationReply) and message.set_aside:
        runner.emit(PendingCleared())  # the confirmation was not answered: read as a fresh message
    handler(runner, message)


def handler(runner: TurnRunner, message: Message) -> None:
    if isinstance(message, Command):
        run_command(runner, message.name, message.target, message.argument or "")
    elif isinstance(message, ConfirmationReply):
        resolve(runner, message)
    elif isinstance(message, Unreadable):
        if message.key == "error.too_long":
            runner.say(message.key, "error", limit=MAX_MESSAGE)
        elif message.key == "error.no_match":
            runner.say(message.key, "error", hint="")
        else:
            runner.say(message.key, "error")
        runner.ask()
    elif isinstance(message, Question):
        if message.closing:
            quit_conversation(runner)
            return
        answer_question(runner, message.text)
        runner.ask()
    elif isinstance(message, Mixed):
        # the question is answered, then the answer taken, so the next question is asked
        # once, after both
        if message.asks == "meaning":
            why_reply(runner)
            runner.ask()
            return
        if message.asks == "why":
            why_reply(runner)
        else:
            answer_question(runner, message.question)
        answer(runner, message.answer)
    else:
        asked_at = runner.state
        answer(runner, message.text)
        event_elsewhere(runner, asked_at, message.text)
