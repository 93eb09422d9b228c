"""Placeholder: the facts loader is being written."""

from __future__ import annotations

from assistant.rules.facts import Facts


def load_facts(text: str) -> Facts:
    return Facts.model_validate_json(text)
