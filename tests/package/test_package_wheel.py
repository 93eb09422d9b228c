"""The built wheel is whole: installed away from the checkout (here: unpacked, first on the path,
read from another directory), it answers, checks its data, assesses and chats, and writes
nothing into its own files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("boneguide-*.whl")
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def _files(root: Path) -> dict[str, int]:
    return {str(path.relative_to(root)): path.stat().st_size for path in root.rglob("*")}


def _boneguide(
    site: Path, home: Path, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "BONEGUIDE_STORE": str(home / "store.db"),
        "BONEGUIDE_TODAY": "2026-12-05",
    }
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=home,
        env=env,
        timeout=120,
    )


def test_the_wheel_ships_its_data_and_types(installed: Path) -> None:
    package = installed / "assistant"
    assert (package / "py.typed").is_file()
    assert (package / "data" / "dialogs" / "intake.yaml").is_file()
    assert sorted((package / "data" / "knowledge" / "entries").glob("*.yaml"))
    assert (package / "data" / "knowledge" / "source" / "anastrozole-bone-health.txt").is_file()
    assert not (package / "data" / "knowledge" / "index.json").exists()  # computed, not shipped


def test_the_installed_package_runs_from_elsewhere_and_writes_nothing_into_itself(
    installed: Path, tmp_path: Path
) -> None:
    before = _files(installed)
    where = subprocess.run(
        [sys.executable, "-c", "import assistant; print(assistant.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)},
    )
    assert where.stdout.strip().startswith(str(installed)), where.stdout

    asked = _boneguide(installed, tmp_path, "ask", "--json", "what is a t-score")
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["entry_id"] == "t_score"

    checked = _boneguide(installed, tmp_path, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    facts = tmp_path / "facts.json"
    facts.write_text(
        json.dumps(
            {
                "sex": "female",
                "age": 60,
                "menopausal_status": "postmenopausal",
                "dexa": [{"date": "2026-01-10", "site": "total_hip", "t_score": -2.7}],
            }
        )
    )
    assessed = _boneguide(installed, tmp_path, "assess", str(facts), "--json")
    assert assessed.returncode == 0, assessed.stderr
    assert json.loads(assessed.stdout)["bone_density"]["category"] == "osteoporosis"

    chatted = _boneguide(installed, tmp_path, "chat", "--new", stdin="yes\nfemale\n58\n")
    assert chatted.returncode == 0, chatted.stderr
    assert "Noted: age 58" in chatted.stdout

    assert _files(installed) == before  # the index went to the cache, nothing into the package
    assert any((tmp_path / "cache" / "boneguide").glob("knowledge-index-*.json"))
