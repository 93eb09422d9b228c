"""phrases.yaml as data: one spelling, one meaning; nothing both ignored and a command; and the
counts `boneguide bench` prints."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.understanding import phrases


def test_the_phrase_lists_have_no_repeat_or_clash() -> None:
    assert phrases.phrase_problems() == []


@pytest.mark.parametrize(
    "patch, problem",
    [
        (
            {"commands": {"help": ["help", "menu"], "quit": ["menu"]}},
            "'menu' is also in commands.help",
        ),
        ({"yes_no": {"yes": ["yep", "yep"]}}, "'yep' is also in yes_no.yes"),
        ({"commands": {"back": ["back"]}, "never_commands": ["back"]}, "also a command phrase"),
    ],
)
def test_a_repeat_or_a_clash_is_reported(
    monkeypatch: pytest.MonkeyPatch, patch: dict[str, object], problem: str
) -> None:
    monkeypatch.setattr(phrases, "_DATA", patch)
    assert any(problem in text for _, text in phrases.phrase_problems())


def test_the_counts_cover_every_section() -> None:
    counts = phrases.phrase_counts()
    assert set(counts) >= {"yes_no", "commands", "never_commands", "sites", "lab_tests"}
    assert all(count > 0 for count in counts.values())


def test_check_passes_and_the_bench_prints_the_counts() -> None:
    check = subprocess.run(
        [sys.executable, "-m", "assistant", "check"], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    code = "from assistant.bench.engine import _data_counts; _data_counts()"
    bench = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "dialog synonyms" in bench.stdout and "ignore words" in bench.stdout
