"""Tab completion: the dialog's global commands, the choices of the pending question, and after
`change ` the names of the facts that can be changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from assistant import wording
from assistant.engine.replies import Choice


class ChatCompleter(Completer):
    """Completes the whole line: a command, or one of the current question's choices."""

    def __init__(self, choices: Callable[[], Sequence[Choice]], facts: Sequence[str] = ()) -> None:
        self._choices = choices
        self._facts = tuple(facts)

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        typed = document.text_before_cursor
        command, space, rest = typed.partition(" ")
        if space and command.lower() == "change":
            needle = rest.lstrip().lower()
            for fact in self._facts:
                if _matches(fact, needle):
                    yield Completion(fact, start_position=-len(rest), display_meta="fact")
            return
        # Free-text answers ("I'm 62, and my spine was -2.1") should not pop menus open.
        if len(typed) > 24 or "  " in typed:
            return
        needle = typed.strip().lower()
        seen: set[str] = set()
        for choice in self._choices():
            if _matches(choice.label, needle) and choice.label.lower() not in seen:
                seen.add(choice.label.lower())
                yield Completion(
                    choice.label,
                    start_position=-len(typed),
                    display_meta="answer",
                    style="class:completion.choice",
                )
        if not needle and not complete_event.completion_requested:
            return  # commands appear on Tab, or once the person starts typing one
        for command, meaning in wording.section("terminal.commands").items():
            if command.startswith(needle) and command not in seen:
                yield Completion(command, start_position=-len(typed), display_meta=meaning)


def _matches(label: str, needle: str) -> bool:
    if not needle:
        return True
    words = label.lower().split()
    return label.lower().startswith(needle) or any(word.startswith(needle) for word in words)
