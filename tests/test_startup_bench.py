"""`boneguide bench startup` runs each short command as a real process and prints its figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.bench import startup as bench
from assistant.settings import Settings


def test_the_startup_bench_prints_each_command_beside_bare_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "RUNS_QUICK", 1)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the index is built here
    user_store = tmp_path / "mine.db"
    bench.run(Settings.from_env({"BONEGUIDE_STORE": str(user_store)}), quick=True)
    out = capsys.readouterr().out
    rows = {line.split("  ")[1].strip(): line for line in out.splitlines()[1:] if "ms" in line}
    assert set(rows) == {probe.name for probe in bench._probes(tmp_path)}
    assert "1.00x" in rows["python -c pass"]
    assert all("bar" in line for name, line in rows.items() if name != "python -c pass")
    assert (tmp_path / "cache" / "boneguide").is_dir()
    assert not user_store.exists()  # the bench never touches the user's own store
