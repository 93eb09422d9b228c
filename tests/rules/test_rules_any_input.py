"""`boneguide assess` on anything at all: an assessment (exit 0) or one line naming the problem
(exit 2), never a traceback. Hypothesis throws bytes, JSON-ish text, nested and mutated facts at
the command in process; two named attacks run as real processes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import cli

FACT_FIELDS = [
    "patient_id", "sex", "age", "menopausal_status", "indication", "anastrozole_start",
    "prior_fragility_fracture", "smoker", "alcohol_units_per_week", "egfr", "dexa", "labs",
]  # fmt: skip
VALID = {
    "sex": "female",
    "age": 61,
    "menopausal_status": "postmenopausal",
    "dexa": [{"date": "2025-02-20", "site": "lumbar_spine", "t_score": -1.8, "bmd": 0.9}],
    "labs": [{"date": "2025-02-20", "test": "vitamin_d", "value": 45, "unit": "nmol/L"}],
}


def run_assess(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """`boneguide assess - --today 2026-01-01` in this process, `data` on stdin."""
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["assess", "-", "--today", "2026-01-01"])
    return code, out.getvalue(), err.getvalue()


def unsafe(text: str) -> list[str]:
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs")]


def check(code: int, out: str, err: str) -> None:
    if code == 0:
        assert out.startswith("Bone health assessment") and err == ""
    else:
        assert code == 2, err
        assert out == ""
        assert err.startswith("boneguide: ") and err.endswith("\n")
        assert err.count("\n") == 1, err
        assert not unsafe(err)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)
keys = st.sampled_from(FACT_FIELDS) | st.text(max_size=12)


def nested(depth: int, opener: str) -> str:
    closer = {"[": "]", "{": "}"}[opener]
    inner = '{"a": ' if opener == "{" else "["
    return '{"dexa": ' + inner * depth + "1" + closer * depth + "}"


documents = st.one_of(
    st.binary(max_size=300),
    st.text(alphabet='{}[]",:0123456789-+.eEtrufalsn \\\n', max_size=200).map(str.encode),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(keys, json_values, max_size=6).map(
        lambda d: json.dumps({**VALID, **d}).encode()
    ),
    st.builds(nested, st.integers(1, 5000), st.sampled_from("[{")).map(str.encode),
    st.builds(
        lambda field, digits, sign: (
            json.dumps(VALID)[:-1].encode() + f', "{field}": {sign}{"7" * digits}}}'.encode()
        ),
        st.sampled_from(["age", "egfr", "patient_id", "smoker"]),
        st.integers(1, 6000),
        st.sampled_from(["", "-"]),
    ),
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=documents)
def test_any_input_assesses_or_gives_one_line(
    monkeypatch: pytest.MonkeyPatch, document: bytes
) -> None:
    check(*run_assess(document, monkeypatch))


def test_valid_document_still_assesses(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run_assess(json.dumps(VALID).encode(), monkeypatch)
    assert code == 0 and "osteopenia" in out


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("[" * 100_000 + "]" * 100_000, "levels deep"),
        ('{"dexa": ' + "[" * 5_000 + "]" * 5_000 + "}", "levels deep"),
        ('{"age": ' + "9" * 5_000 + "}", "5000 digits"),
        ('{"egfr": -' + "1" * 4_400 + "}", "4400 digits"),
        ('{"sex": "' + "x" * 50_000 + '"}', "..."),
    ],
)
def test_attacks_exit_2_with_one_line(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "facts.json"
    path.write_text(content, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "assess", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "BONEGUIDE_STORE": str(tmp_path / "store.db")},
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-500:]
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and fragment in done.stderr
    assert len(done.stderr) < 300


def test_a_file_too_large_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "assess", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "larger than" in done.stderr
    assert done.stderr.count("\n") == 1
