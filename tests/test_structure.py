"""Structure checks over the project's own surface: every command is documented in the README
and answers --help."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import COMMANDS, build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"`boneguide {command}" in README or f"`boneguide {command}`" in README, command


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_answers_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as leaving:
        build_parser().parse_args([command, "--help"])
    assert leaving.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith(f"usage: boneguide {command}")
    assert COMMANDS[command][1] in " ".join(shown.split())  # its one-line description
