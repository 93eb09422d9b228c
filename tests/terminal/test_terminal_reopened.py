"""`boneguide export` after more chats: the facts keep the provenance of the conversation that
collected them, whichever conversation is the latest; an unfinished intake exports its facts so
far."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from terminal_intake import BONEGUIDE, INTAKE


def boneguide(env: dict[str, str], *args: str, input: str = "") -> str:
    result = subprocess.run(
        [BONEGUIDE, *args], input=input, capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def export(env: dict[str, str], patient: str) -> dict[str, Any]:
    exported: dict[str, Any] = json.loads(boneguide(env, "export", "--patient", patient))
    return exported


def chat(env: dict[str, str], patient: str, lines: list[str]) -> None:
    boneguide(env, "chat", "--patient", patient, input="".join(f"{x}\n" for x in lines))


def test_export_after_a_reopened_chat_keeps_the_facts_provenance(
    chat_env: dict[str, str],
) -> None:
    chat(chat_env, "P-7", [*INTAKE, "quit"])
    first = export(chat_env, "P-7")
    finished_in = first["provenance"]["conversation_id"]
    assert first["provenance"]["facts"]["age"]["text"] == "63"

    chat(chat_env, "P-7", [])  # the intake is finished: this starts a new conversation
    again = export(chat_env, "P-7")
    assert again["facts"] == first["facts"]
    assert again["provenance"] == first["provenance"]  # not the new, empty conversation's
    assert "in_progress" not in again  # it has collected nothing yet

    chat(chat_env, "P-7", ["yes", "female", "64"])  # a new intake, half done
    later = export(chat_env, "P-7")
    assert later["facts"]["age"] == 63 and later["provenance"]["conversation_id"] == finished_in
    in_progress = later["in_progress"]
    assert in_progress["conversation_id"] != finished_in
    assert in_progress["facts"]["age"]["value"] == 64 and in_progress["facts"]["age"]["text"]


def test_an_unfinished_intake_exports_the_facts_collected_so_far(
    chat_env: dict[str, str],
) -> None:
    chat(chat_env, "P-8", INTAKE[:3])
    exported = export(chat_env, "P-8")
    assert exported["facts"] is not None
    assert exported["facts"]["sex"] == "female" and exported["facts"]["age"] == 63
    assert exported["facts"]["menopausal_status"] is None  # not asked yet
    assert exported["provenance"]["facts"]["age"]["value"] == 63
    assert exported["assessment"] is None
    fhir = json.loads(boneguide(chat_env, "export", "--patient", "P-8", "--format", "fhir"))
    kinds = [entry["resource"]["resourceType"] for entry in fhir["entry"]]
    assert "Patient" in kinds
