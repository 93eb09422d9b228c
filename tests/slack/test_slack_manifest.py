"""The app manifest asks for exactly what the bot listens to and calls."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import yaml

import assistant.channels.slack as slack_package
from assistant.channels.slack.app import COMMAND

PACKAGE = Path(slack_package.__file__).parent
# Web API methods the bot may call, and the bot scope each needs.
SCOPE_OF_METHOD = {
    "chat_postMessage": "chat:write",
    "chat_postEphemeral": "chat:write",
    "chat_update": "chat:write",
    "conversations_open": "im:write",
    "views_publish": None,  # the Home tab needs no scope
}


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((PACKAGE / "manifest.yaml").read_text())
    return data


def called_methods() -> set[str]:
    """Every WebClient method named in the package's code (as attribute or getattr string)."""
    names: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in SCOPE_OF_METHOD:
                names.add(node.attr)
            if isinstance(node, ast.Constant) and node.value in SCOPE_OF_METHOD:
                names.add(str(node.value))
    return names


def test_scopes_are_exactly_those_used() -> None:
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    needed = {SCOPE_OF_METHOD[m] for m in called_methods()} - {None}
    # Receiving mentions, DMs, thread replies in public channels and the slash command needs
    # these, beyond the methods called.
    needed |= {"app_mentions:read", "im:history", "channels:history", "commands"}
    assert scopes == needed


def test_events_command_and_interactivity_match_the_app() -> None:
    data = manifest()
    assert set(data["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_mention",
        "message.channels",
        "message.im",
    }
    assert data["features"]["app_home"]["home_tab_enabled"] is True
    assert [c["command"] for c in data["features"]["slash_commands"]] == [COMMAND]
    assert data["settings"]["interactivity"]["is_enabled"] is True
    assert data["features"]["app_home"]["messages_tab_enabled"] is True


def test_the_bot_reads_no_private_attribute_of_bolt_or_slack_sdk() -> None:
    # `context.bot_user_id` rather than `app._middleware_list`, and the like: private
    # attributes change between releases without notice.
    private = []
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            ):
                private.append(f"{path.name}:{node.lineno} {node.attr}")
    assert private == []
