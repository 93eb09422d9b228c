"""One transitions Machine per dialog, built once; a plain model is attached for a turn only.

transitions is untyped and resolves string callbacks lazily (even importing dotted paths), so
this module hands it only callables looked up in our own registries when the dialog loads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

from transitions import Machine, State
from transitions.core import EventData

from assistant.engine.conditions import Condition
from assistant.engine.conversation_document import Document
from assistant.engine.definition import LoadedDialog


class TurnModel:
    """The object transitions moves between states during one turn; the store keeps the rest."""

    def __init__(self, doc: Document, state: str, owner: object) -> None:
        self.doc = doc
        self.state = state
        self.owner = owner  # the turn in progress (a TurnRunner), for on_enter callbacks

    def trigger(self, name: str) -> bool:
        """Bound by the machine while the model is attached."""
        raise RuntimeError("the turn model is not attached to a machine")


Callback = Callable[[TurnModel], None]


class _QuietMachine(Machine):
    # With model_override=True transitions binds only what the model declares (`trigger`), but
    # it still builds an is_<state> helper per state and per trigger on every attach, and logs
    # a warning for each one it skips: a turn would pay for dozens of unused bindings.
    def _checked_assignment(self, model: object, name: str, func: object) -> None:
        if hasattr(model, name):
            setattr(model, name, func)

    def _add_model_to_state(self, state: State, model: object) -> None:
        pass  # on_enter callbacks come from the dialog file, never from model method names

    def _add_trigger_to_model(self, trigger: str, model: object) -> None:
        pass  # the engine fires events through `model.trigger(name)` only


def _model(event: EventData) -> TurnModel:
    model = event.model
    if not isinstance(model, TurnModel):
        raise TypeError(f"the dialog machine moved a model it does not know: {model!r}")
    return model


class DialogMachine:
    def __init__(
        self,
        loaded: LoadedDialog,
        conditions: Mapping[str, Condition],
        callbacks: Mapping[str, Callback],
    ) -> None:
        dialog = loaded.definition
        self.name = dialog.name

        def check(name: str) -> Callable[[EventData], bool]:
            test = conditions[name]
            return lambda event: test(_model(event).doc)

        def enter(name: str) -> Callable[[EventData], None]:
            callback = callbacks[name]
            return lambda event: callback(_model(event))

        states = [
            State(state.name, on_enter=[enter(name) for name in state.on_enter])
            for state in dialog.states
        ]
        transitions = [
            {
                "trigger": t.trigger,
                "source": list(t.source),
                "dest": t.dest,
                "conditions": [check(name) for name in t.conditions],
                "unless": [check(name) for name in t.unless],
            }
            for t in dialog.transitions
        ]
        self._machine = _QuietMachine(
            model=None,
            states=states,
            transitions=transitions,
            initial=dialog.initial,
            auto_transitions=False,
            model_override=True,
            send_event=True,
        )
        # one machine serves every conversation; attach-fire-detach must not interleave
        self._lock = threading.Lock()

    def has_trigger(self, state: str, trigger: str) -> bool:
        event = self._machine.events.get(trigger)
        return event is not None and state in event.transitions

    def fire(self, model: TurnModel, trigger: str) -> bool:
        """Fire `trigger` for `model` from its current state; False when no transition applied."""
        if not self.has_trigger(model.state, trigger):
            return False
        with self._lock:
            self._machine.add_model(model, initial=model.state)
            try:
                return bool(model.trigger(trigger))
            finally:
                self._machine.remove_model(model)


def mermaid(loaded: LoadedDialog) -> str:
    """The dialog as a Mermaid state diagram, drawn by transitions' own diagram support."""
    from transitions.extensions.diagrams import GraphMachine  # lazy: only `graph` draws

    dialog = loaded.definition
    # This machine is only drawn, never fired, so condition names may stay strings here.
    graph_machine = GraphMachine(
        states=[state.name for state in dialog.states],
        transitions=[
            {
                "trigger": t.trigger,
                "source": list(t.source),
                "dest": t.dest,
                "conditions": list(t.conditions),
                "unless": list(t.unless),
            }
            for t in dialog.transitions
        ],
        initial=dialog.initial,
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        title=dialog.name,
    )
    return _plain_diagram(str(graph_machine.get_graph().draw(None)), dialog.name)


def _plain_diagram(drawn: str, title: str) -> str:
    """transitions' drawing made a valid, static diagram: Mermaid front matter is YAML
    (`title: ...`, not a bare name), and a definition has no current ("active") state."""
    lines = drawn.splitlines()
    if len(lines) > 2 and lines[0] == "---" and lines[2] == "---":
        lines[1] = f"title: {title}"
    kept = [line for line in lines if not line.strip().startswith(("classDef ", "Class "))]
    return "\n".join(line.rstrip() for line in kept).rstrip() + "\n"
