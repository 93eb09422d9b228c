"""The core never imports a channel: checked by reading the imports of every core module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import assistant

PACKAGE = Path(assistant.__file__).parent
CORE = ("engine", "rules", "knowledge", "understanding", "store", "records")
FORBIDDEN = ("prompt_toolkit", "slack_bolt", "slack_sdk", "assistant.channels")
MODULES = sorted(path for core in CORE for path in (PACKAGE / core).rglob("*.py"))


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            pytest.fail(f"{path}: relative import; use the full assistant.* path")
    return names


def test_the_core_is_found() -> None:
    assert len(MODULES) > 20
    assert any(path.name == "engine.py" for path in MODULES)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_core_module_imports_no_channel(path: Path) -> None:
    bad = [
        name
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_the_check_itself_catches_a_channel_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from assistant.channels.terminal import x\n")
    assert "assistant.channels.terminal" in _imports(module)
