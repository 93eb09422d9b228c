"""A full database stops a turn with TurnNotSaved, saying what failed: SQLite's own page limit
gives a real SQLITE_FULL, and nothing of the refused turn, or of any later one, is stored. A
damaged conversation is named at once, not retried as if the fault could pass."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

import pytest

from assistant.engine import Engine
from assistant.engine.engine import RETRY_SECONDS
from assistant.errors import RecordUnreadable, TurnNotSaved
from assistant.store.sqlite import SqliteStore
from assistant.store.transactions import Connection

TODAY = dt.date(2026, 11, 24)
SCRIPT = ["yes", "female", "63", "after menopause", "breast cancer", "March 2024"] + ["no"] * 12


class PageLimitedStore(SqliteStore):
    """A SQLite store whose connections may not grow the file past `max_pages` pages."""

    def __init__(self, path: Path, max_pages: int) -> None:
        self.max_pages = max_pages
        super().__init__(path)

    def _connect(self) -> Connection:
        connection = super()._connect()
        connection.execute(f"PRAGMA max_page_count = {self.max_pages}")
        return connection


def stored(store: SqliteStore) -> tuple[str, int, dict[str, object]]:
    record = store.get("c1")
    assert record is not None
    facts = {name: entry["value"] for name, entry in record.data["facts"].items()}
    return record.state, record.version, facts


def test_a_full_database_raises_turn_not_saved_and_stores_nothing_of_it(tmp_path: Path) -> None:
    path = tmp_path / "boneguide.db"
    roomy = SqliteStore(path)
    Engine(roomy, today=lambda: TODAY).open("c1", patient_id="P-1")
    roomy.close()
    with sqlite3.connect(path) as reader:
        pages = int(reader.execute("PRAGMA page_count").fetchone()[0])
    store = PageLimitedStore(path, max_pages=pages)  # not one page more: the disk is full
    engine = Engine(store, today=lambda: TODAY)
    saved = 0
    with pytest.raises(TurnNotSaved) as raised:
        for text in SCRIPT:
            engine.handle("c1", text)
            saved += 1
    message = str(raised.value)
    assert message.startswith("could not save your answer: ")
    assert "database or disk is full" in message and "cannot open" not in message
    after_failure = stored(store)
    store.close()

    reference = SqliteStore(tmp_path / "reference.db")
    clean = Engine(reference, today=lambda: TODAY)
    clean.open("c1", patient_id="P-1")
    for text in SCRIPT[:saved]:
        clean.handle("c1", text)
    # exactly the turns before the refused one: the refused text is not stored anywhere
    assert after_failure == stored(reference)
    reference.close()


@pytest.mark.parametrize("damage", ["[]", '{"version": 1, "dialog": "intake", "facts": 5}'])
def test_a_damaged_conversation_is_named_at_once_not_retried(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "boneguide.db"
    store = SqliteStore(path)
    engine = Engine(store, today=lambda: TODAY)
    engine.open("c1", patient_id="P-1")
    with sqlite3.connect(path) as editor:
        editor.execute("UPDATE conversations SET data = ?", (damage,))
    editor.close()
    started = time.monotonic()
    with pytest.raises(RecordUnreadable) as raised:
        engine.handle("c1", "yes")
    store.close()
    assert time.monotonic() - started < RETRY_SECONDS  # a damaged row is not a passing fault
    assert "conversation c1 of patient P-1 cannot be read" in str(raised.value)
    assert "--new" in str(raised.value)
