"""Structure checks over the project's own surface: every command is documented in the README
and answers --help; every value of the rules' vocabularies has one label, in one catalogue; the
suite's own output stays quiet; an import inside a function says why it is not at the top; every
message of the wording catalogue is used, exists where it is asked for and gets its fields; module
and class names say one thing each."""

from __future__ import annotations

import ast
import enum
import re
import tomllib
from pathlib import Path
from typing import get_args

import pytest

from assistant import wording
from assistant.cli import COMMANDS, build_parser
from assistant.errors import DefinitionError
from assistant.rules import assessment, facts, labels

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


def _values(vocabulary: object) -> set[str]:
    if isinstance(vocabulary, type) and issubclass(vocabulary, enum.Enum):
        return {str(member.value) for member in vocabulary}
    return {str(value) for value in get_args(vocabulary)}


@pytest.mark.parametrize(
    ("table", "vocabularies"),
    [
        (labels.CATEGORIES, [assessment.Category]),
        (labels.BASES, [assessment.Basis]),
        (labels.MEASUREMENTS, [facts.ScanValue]),
        (labels.SITES, [facts.Site]),
        (labels.TESTS, [facts.LabTest, assessment.MonitoringTest]),
        (labels.TEST_NAMES, [facts.LabTest]),
        (labels.MONITORING_STATUSES, [assessment.MonitoringStatus]),
        (labels.LAB_STATUSES, [assessment.LabStatus]),
        (labels.RISK_FACTORS, [assessment.RiskFactor]),
    ],
)
def test_every_value_has_a_label_and_every_label_a_value(
    table: dict[object, str], vocabularies: list[object]
) -> None:
    expected = set().union(*(_values(vocabulary) for vocabulary in vocabularies))
    assert {str(key) for key in table} == expected
    assert all(text.strip() or key == "none" for key, text in table.items())


# A value of each vocabulary as a table key whose value is words (a space or a capital in it):
# a label table, unless it names a style ("class:...").
LABEL_TABLE_ENTRY = re.compile(
    r'(?:"(?:osteopenia|missing_baseline|low_for_age|lumbar_spine|femoral_neck|vitamin_d|p1np'
    r'|bone_turnover_markers|t_score|z_score|smoker|family_history_osteoporosis)"'
    r'|\b(?:Site|LabTest)\.[A-Z0-9_]+):\s*"(?!class:)[^"]*[ A-Z]'
)


def test_the_label_tables_live_in_one_catalogue() -> None:
    """No module but the catalogue words a category, a score, a site, a test, a status or a
    risk factor (style tables may key them)."""
    root = Path(__file__).resolve().parents[1] / "assistant"
    wording = LABEL_TABLE_ENTRY
    holders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "labels.py" and wording.search(path.read_text(encoding="utf-8"))
    ]
    assert holders == []


def test_the_suite_prints_nothing_of_its_own() -> None:
    """pytest's default output stays one line of dots a file: a figure or table a test wants
    to show goes into its assertion message, where it shows when the test fails."""
    tests = Path(__file__).resolve().parent
    printing = [
        f"{path.relative_to(tests)}:{node.lineno}"
        for path in sorted(tests.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
    ]
    assert printing == []


def test_a_warning_fails_the_suite() -> None:
    project = tomllib.loads(
        (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    )
    assert "error" in project["tool"]["pytest"]["ini_options"]["filterwarnings"]


LAZY = re.compile(r"# lazy: \S")  # the fixed form of the reason a function-local import gives


def unexplained_local_imports(source: str) -> list[int]:
    """Lines of imports inside a function (or lambda) with no `# lazy: <reason>` on any of
    their lines. Start-up time or a real import cycle are the reasons to keep one there."""
    lines = source.splitlines()
    found: list[int] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                own = lines[child.lineno - 1 : child.end_lineno]
                if not any(LAZY.search(line) for line in own):
                    found.append(child.lineno)
            function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, in_function or function)

    visit(ast.parse(source), False)
    return found


def test_the_lazy_import_check_finds_an_unexplained_one() -> None:
    source = (
        "import json\n"
        "def f():\n"
        "    import yaml\n"
        "    import re  # lazy: a reason\n"
        "    from a import (  # lazy: another\n"
        "        b,\n"
        "    )\n"
        "    def g():\n"
        "        from c import d\n"
        "    import csv  # lazy:\n"
    )
    assert unexplained_local_imports(source) == [3, 9, 10]


def test_every_function_local_import_says_why() -> None:
    root = Path(__file__).resolve().parents[1] / "assistant"
    unexplained = [
        f"{path.relative_to(root.parent)}:{line}"
        for path in sorted(root.rglob("*.py"))
        for line in unexplained_local_imports(path.read_text(encoding="utf-8"))
    ]
    assert unexplained == [], "move these to the top of the module, or add `# lazy: <reason>`"


ROOT = Path(__file__).resolve().parents[1] / "assistant"
MODULES = sorted(ROOT.rglob("*.py"))

# Module names that two packages may share, each with why the name is right in both places.
SHARED_MODULE_NAMES: dict[str, str] = {
    "assess": "commands/assess.py is `boneguide assess`; rules/assess.py is the rules' entry point",
    "engine": "bench/engine.py measures the engine that engine/engine.py holds",
    "export": "commands/export.py is `boneguide export`; records/export.py builds what it prints",
    "interpret": "commands/interpret.py is `boneguide interpret`; bench/interpret.py measures it",
    "purge": "commands/purge.py is `boneguide purge`; store/purge.py deletes what it names",
    "render": "engine/render.py words stored values; slack/render.py lays replies out as blocks",
    "slack": "commands/slack.py is `boneguide slack`; bench/slack.py measures the bot",
}


def test_no_two_modules_share_a_name_unless_allowed() -> None:
    by_name: dict[str, list[str]] = {}
    for path in MODULES:
        if path.stem not in {"__init__", "__main__"}:
            by_name.setdefault(path.stem, []).append(str(path.relative_to(ROOT)))
    shared = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    assert {name: shared[name] for name in shared.keys() - SHARED_MODULE_NAMES.keys()} == {}
    # an allowance that no longer applies is removed, so the list stays true
    assert sorted(SHARED_MODULE_NAMES.keys() - shared.keys()) == []


def test_no_two_modules_define_a_public_class_of_the_same_name() -> None:
    by_name: dict[str, list[str]] = {}
    for path in MODULES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                by_name.setdefault(node.name, []).append(str(path.relative_to(ROOT)))
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}


def _wording_calls() -> list[tuple[str, str, ast.Call]]:
    """Every call of `wording.text` or `wording.section` in the package: where, which, the call."""
    calls = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "wording"
                and node.func.attr in {"text", "section"}
            ):
                calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.func.attr, node))
    return calls


def _keys_of(call: ast.Call) -> list[str]:
    """The keys a call asks for: a literal, or each branch of a conditional of literals."""
    (argument,) = call.args
    options = [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]
    keys = [o.value for o in options if isinstance(o, ast.Constant) and isinstance(o.value, str)]
    assert len(keys) == len(options), "name a message by a literal key, so that it can be checked"
    return keys


CALLS = _wording_calls()
MESSAGES = wording.catalogue()
USED = {key for _, kind, call in CALLS if kind == "text" for key in _keys_of(call)}
SECTIONS = {key for _, kind, call in CALLS if kind == "section" for key in _keys_of(call)}


def test_the_wording_is_found_in_the_package() -> None:
    assert len(CALLS) > 100
    assert len(MESSAGES) > 100


@pytest.mark.parametrize(("where", "kind", "call"), CALLS, ids=[where for where, _, _ in CALLS])
def test_every_message_asked_for_exists_and_gets_its_fields(
    where: str, kind: str, call: ast.Call
) -> None:
    for key in _keys_of(call):
        if kind == "section":
            assert any(name.startswith(key + ".") for name in MESSAGES), f"{where}: {key}"
            continue
        assert key in MESSAGES, f"{where}: no message {key!r} in assistant/wording.yaml"
        if any(keyword.arg is None for keyword in call.keywords):
            continue  # fields passed as **mapping: text() checks them when it runs
        given = {keyword.arg for keyword in call.keywords}
        assert given == wording.fields_of(MESSAGES[key]), f"{where}: {key}"


def test_every_message_is_used() -> None:
    in_sections = {key for key in MESSAGES for prefix in SECTIONS if key.startswith(prefix + ".")}
    assert [key for key in MESSAGES if key not in USED | in_sections] == []


def test_an_unknown_message_or_a_missing_field_fails_loudly() -> None:
    with pytest.raises(DefinitionError, match=re.escape("no message 'date.nonesuch'")):
        wording.text("date.nonesuch")
    with pytest.raises(DefinitionError, match=re.escape("date.invalid: no value for date")):
        wording.text("date.invalid")
    with pytest.raises(DefinitionError, match=re.escape("no section 'terminal.nonesuch'")):
        wording.section("terminal.nonesuch")
    assert wording.text("date.invalid", date="31 February") == (
        "31 February is not a real date; please check the day and month."
    )
