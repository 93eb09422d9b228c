"""Harness for concurrency and kill -9 trials: child processes send messages to conversations
through a handler with the shape of `Engine.handle(conversation_id, text)`.

The default handler is `AppendHandler`, a minimal stand-in for the engine: one turn that counts
the message into the conversation's document. The real Engine can replace it through `make`.
"""

from __future__ import annotations

import os
import random
import signal
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from assistant.store import ConversationRecord, Store, open_store

READY = b"ready\n"  # written once the child has opened the store


class Handler(Protocol):
    def handle(self, conversation_id: str, text: str) -> Any: ...


class AppendHandler:
    """Each message is one turn: `count` +1, `last` = the text, `seen` += text (if kept)."""

    def __init__(self, store: Store, keep_all: bool = True) -> None:
        self.store = store
        self.keep_all = keep_all

    def handle(self, conversation_id: str, text: str) -> list[dict[str, Any]]:
        replies = [{"key": "ack", "text": text}]
        with self.store.turn(conversation_id) as turn:
            record = turn.record or ConversationRecord(
                conversation_id,
                None,
                "test",
                "counting",
                {"count": 0, "last": None, "seen": []},
                False,
            )
            record.data["count"] += 1
            record.data["last"] = text
            if self.keep_all:
                record.data["seen"].append(text)
            turn.save(record, text, replies)
        return replies


HandlerFactory = Callable[[Store], Handler]


def send_in_child(
    url: str, make: HandlerFactory, messages: Sequence[tuple[str, str]], report_fd: int | None
) -> None:
    """Body of a forked child: send each (conversation_id, text); after each returns (its turn
    committed), write the text and a newline to `report_fd`. Never returns."""
    code = 0
    try:
        store = open_store(url)
        handler = make(store)
        if report_fd is not None:
            os.write(report_fd, READY)
        for conversation_id, text in messages:
            handler.handle(conversation_id, text)
            if report_fd is not None:
                os.write(report_fd, f"{text}\n".encode())
        store.close()
    except BaseException:  # report through the exit status: the parent checks it
        import traceback

        traceback.print_exc()
        code = 1
    os._exit(code)


def fork_senders(
    url: str, make: HandlerFactory, batches: Sequence[Sequence[tuple[str, str]]]
) -> list[int]:
    """Run one child per batch at once; return their exit statuses."""
    pids = []
    for batch in batches:
        pid = os.fork()
        if pid == 0:
            send_in_child(url, make, batch, None)
        pids.append(pid)
    return [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]


def kill_trial(
    url: str,
    make: HandlerFactory,
    conversation_id: str,
    texts: Sequence[str],
    max_delay_s: float,
    rng: random.Random,
) -> tuple[list[str], bool]:
    """Fork a child sending `texts` to one conversation, SIGKILL it after a random delay, and
    return the texts it reported as committed before it died, and whether the delay counted
    from its first committed turn.

    Nine trials in ten wait for the child's first committed turn before the random delay, so
    they strike in the middle of a running conversation however slow the machine is; the
    others count from the fork, so opening the store is struck too."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        send_in_child(url, make, [(conversation_id, text) for text in texts], write_fd)
    os.close(write_fd)
    received = b""
    mid_conversation = rng.random() >= 0.1
    if mid_conversation:
        while received.count(b"\n") < 2 and (chunk := os.read(read_fd, 65536)):
            received += chunk
    # A timed wait on a signal nobody sends: a sleep that the child's exit cannot cut short.
    signal.sigtimedwait([signal.SIGUSR2], rng.uniform(0, max_delay_s))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_fd, 65536):
        received += chunk
    os.close(read_fd)
    lines = received.decode().splitlines()
    return [line for line in lines if line and line != READY.decode().strip()], mid_conversation
