"""The Slack wording of replies and the assessment (wording.yaml), kept beside render.py while the
summary's view is reworked (the bot's other wording is in assistant/wording.yaml); and
patient_voice.yaml, the dialog's questions as asked of a clinician about "the patient"."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

WORDING_FILE = Path(__file__).with_name("wording.yaml")
VOICE_FILE = Path(__file__).with_name("patient_voice.yaml")


def _strings(data: object, where: str) -> dict[str, str]:
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{where}: expected a mapping of message keys to strings")
    return {str(k): v for k, v in data.items()}


@cache
def _messages() -> dict[str, str]:
    with WORDING_FILE.open(encoding="utf-8") as handle:
        return _strings(yaml.safe_load(handle), str(WORDING_FILE))


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


def say(key: str, **values: object) -> str:
    """The message `key` with its placeholders filled; values are inserted as given, so callers
    escape anything that came from a person before passing it."""
    return _messages()[key].format(**values)


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
