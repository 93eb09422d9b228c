"""The dialog's questions and the rules' sentences as said to a clinician about "the patient"
(patient_voice.yaml); the bot's own wording is in assistant/wording.yaml."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

VOICE_FILE = Path(__file__).with_name("patient_voice.yaml")


def _strings(data: object, where: str) -> dict[str, str]:
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{where}: expected a mapping of message keys to strings")
    return {str(k): v for k, v in data.items()}


@cache
def _voice() -> tuple[dict[str, str], frozenset[str], list[tuple[re.Pattern[str], str]]]:
    with VOICE_FILE.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{VOICE_FILE}: expected `messages`, `phrases`, `not_sure_excluded`")
    excluded = data.get("not_sure_excluded") or []
    phrases = []
    for old, new in data.get("phrases") or []:
        phrases.append((re.compile(rf"\b{re.escape(old)}\b"), str(new)))
        phrases.append(
            (re.compile(rf"\b{re.escape(old[:1].upper() + old[1:])}\b"), new[:1].upper() + new[1:])
        )
    return _strings(data.get("messages"), f"{VOICE_FILE}: messages"), frozenset(excluded), phrases


def about_the_patient(key: str, text: str) -> str:
    """The dialog message `key` as asked about the patient, or `text` when it has no such form."""
    return _voice()[0].get(key, text)


def about_the_patient_text(text: str) -> str:
    """A sentence of the rules, which speaks to the patient, as said about the patient."""
    for pattern, replacement in _voice()[2]:
        text = pattern.sub(replacement, text)
    return text


def voice_keys() -> frozenset[str]:
    return frozenset(_voice()[0])


def offers_not_sure(key: str) -> bool:
    return key.startswith("ask.") and key not in _voice()[1]
