"""`boneguide bench store` runs end to end (at tiny sizes) and prints each figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.bench import store as bench
from assistant.settings import Settings


def test_the_store_bench_prints_its_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "SIZES_QUICK", (5, 40))
    monkeypatch.setattr(bench, "TURNS_QUICK", 20)
    user_store = tmp_path / "mine.db"
    bench.run(Settings.from_env({"BONEGUIDE_STORE": str(user_store)}), quick=True)
    out = capsys.readouterr().out
    assert "SQLite (WAL, synchronous=NORMAL" in out and "synchronous=FULL" in out
    rows = [line.split() for line in out.splitlines() if line.strip().startswith(("5 ", "40 "))]
    assert len(rows) >= 3 and all("ms" in row and "KB" in row for row in rows)
    assert "PostgreSQL" in out
    assert not user_store.exists()  # the bench never touches the user's own store
