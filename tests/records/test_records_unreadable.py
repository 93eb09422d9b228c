"""A damaged stored row (not JSON, a JSON array, the wrong shape) on either backend: `chat
--patient` and `export` say which record cannot be read and what to do, in one line with a
non-zero exit; `patients` and `due` flag the patient and list the others."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.rules import Facts, assess
from assistant.rules.codec import check, dump
from assistant.store import open_store

BONEGUIDE = str(Path(sys.executable).parent / "boneguide")
TODAY = "2026-11-24"
# A hand edit that is JSON of the right type but not a conversation BoneGuide wrote.
WRONG_SHAPE = '{"version": 1, "dialog": "intake", "facts": 5}'


@pytest.fixture
def env(store_url: str, tmp_path: Path) -> dict[str, str]:
    """A `boneguide` subprocess environment on the test's store, with two patients: P-1
    assessed, P-2 half-way through a chat."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BONEGUIDE_")}
    environment.update(
        BONEGUIDE_STORE=store_url,
        BONEGUIDE_TODAY=TODAY,
        XDG_DATA_HOME=str(tmp_path / "data"),
        HOME=str(tmp_path / "home"),
    )
    facts = {"patient_id": "P-1", "sex": "female", "age": 67, "menopausal_status": "postmenopausal"}
    store = open_store(store_url)
    try:
        assessment = assess(check(Facts, facts), dt.date.fromisoformat(TODAY))
        store.record_assessment("P-1", None, facts, dump(assessment))
    finally:
        store.close()
    assert boneguide(environment, "chat", "--patient", "P-2", input="yes\nfemale\n")[0] == 0
    return environment


def boneguide(env: dict[str, str], *args: str, input: str = "") -> tuple[int, str, str]:
    result = subprocess.run(
        [BONEGUIDE, *args], input=input, capture_output=True, text=True, env=env, timeout=60
    )
    return result.returncode, result.stdout, result.stderr


def damage(store_url: str, query: str, value: str, patient_id: str) -> None:
    """Write `value` as it stands into the row `query` names, behind the store's back."""
    if store_url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(store_url, autocommit=True) as connection:
            connection.execute(query.replace("?", "%s"), (value, patient_id))
        return
    import sqlite3

    with sqlite3.connect(store_url) as connection:
        connection.execute(query.replace("::jsonb", ""), (value, patient_id))
    connection.close()


def one_line_naming(stderr: str, *words: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert all(word in lines[0] for word in words), stderr


def values_for(store_url: str) -> list[str]:
    # PostgreSQL keeps JSONB: a value that is not JSON cannot be stored there at all.
    shapes = ["[]", WRONG_SHAPE]
    return shapes if store_url.startswith("postgresql://") else ["not json {", *shapes]


def test_an_unreadable_conversation_is_named_by_chat_and_export(
    env: dict[str, str], store_url: str
) -> None:
    for value in values_for(store_url):
        damage(
            store_url, "UPDATE conversations SET data = ?::jsonb WHERE patient_id = ?", value, "P-2"
        )
        code, _, stderr = boneguide(env, "chat", "--patient", "P-2", input="63\n")
        assert code != 0, value
        one_line_naming(stderr, "conversation terminal:P-2:", "cannot be read", "--new", "purge")
        code, out, stderr = boneguide(env, "export", "--patient", "P-2")
        assert code != 0 and out == "", value
        one_line_naming(stderr, "conversation terminal:P-2:", "cannot be read", "purge")
        # the way out it names works: a new conversation, then an export
        assert boneguide(env, "chat", "--patient", "P-2", "--new", input="yes\n")[0] == 0
        code, out, stderr = boneguide(env, "export", "--patient", "P-2")
        assert code == 0 and '"sex": "female"' not in out, stderr  # the new one's facts


def test_unreadable_stored_facts_are_flagged_in_listings_and_refused_by_export(
    env: dict[str, str], store_url: str
) -> None:
    for value in values_for(store_url)[:-1]:  # the wrong shape is the facts checks' business
        damage(store_url, "UPDATE patients SET facts = ?::jsonb WHERE patient_id = ?", value, "P-1")
        code, out, stderr = boneguide(env, "patients")
        assert code == 0 and "Traceback" not in stderr, stderr
        (row,) = [line for line in out.splitlines() if line.startswith("P-1")]
        assert "facts invalid" in row and "cannot be read" in row
        assert any(line.startswith("P-2") for line in out.splitlines())  # the others listed
        code, out, stderr = boneguide(env, "due")
        assert code == 0, stderr
        one_line_naming(stderr, "patient P-1", "cannot be read")
        code, out, stderr = boneguide(env, "export", "--patient", "P-1")
        assert code != 0 and out == "", value
        one_line_naming(stderr, "facts of patient P-1", "cannot be read", "purge")


def test_an_unreadable_assessment_in_the_history_is_named_by_export(
    env: dict[str, str], store_url: str
) -> None:
    for value in values_for(store_url)[:-1]:
        damage(
            store_url, "UPDATE assessments SET facts = ?::jsonb WHERE patient_id = ?", value, "P-1"
        )
        code, out, stderr = boneguide(env, "export", "--patient", "P-1")
        assert code != 0 and out == "", value
        one_line_naming(stderr, "assessment in the history of patient P-1", "cannot be read")
