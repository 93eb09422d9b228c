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


# -- no import cycle inside the engine ---------------------------------------------------------

ENGINE = PACKAGE / "engine"


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(folder: Path) -> dict[str, set[str]]:
    """Which modules of the package in `folder` each of its modules imports: every import
    counts, at module level, under TYPE_CHECKING or inside a function."""
    root = folder.parents[1]  # `folder` is assistant/engine: names start at assistant
    modules = {_module_name(path, root): path for path in sorted(folder.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                # `from assistant.engine import slot_filling` imports a module; `from
                # assistant.engine import Engine` an attribute of the package
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    targets.add(submodule if submodule in modules else node.module)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as the list of its modules (first repeated last), or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph.get(node, ())):
            cycle = visit(target)
            if cycle is not None:
                return cycle
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start)
        if cycle is not None:
            return cycle
    return None


def test_the_engine_has_no_import_cycle() -> None:
    graph = import_graph(ENGINE)
    assert len(graph) > 15
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_check_sees_type_checking_and_local_imports(tmp_path: Path) -> None:
    package = tmp_path / "assistant" / "engine"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "first.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from assistant.engine.second import Second\n"
    )
    (package / "second.py").write_text("def f():\n    from assistant.engine import third\n")
    (package / "third.py").write_text("import assistant.engine.first\n")
    graph = import_graph(package)
    assert find_cycle(graph) == [
        "assistant.engine.first",
        "assistant.engine.second",
        "assistant.engine.third",
        "assistant.engine.first",
    ]
    (package / "third.py").write_text("import assistant.engine\n")
    assert find_cycle(import_graph(package)) is None
