"""`boneguide bench startup`: wall time of the short commands as fresh processes, interleaved
with a bare `python -c pass` in the same rounds, as medians and as multiples of that baseline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import Settings

FACTS = {
    "patient_id": "P-0042",
    "sex": "female",
    "age": 58,
    "menopausal_status": "postmenopausal",
    "indication": "breast_cancer",
    "dexa": [{"date": "2024-02-20", "site": "lumbar_spine", "t_score": -1.8}],
    "labs": [{"date": "2024-02-20", "test": "vitamin_d", "value": 45, "unit": "nmol/L"}],
}
NOTE = "63F breast ca, DXA 14 Oct 2026: L1-L4 T -2.1, FN -2.6. E2 12 pg/mL\n"
FIRST_ANSWER = "yes\n"  # one line of a piped chat: its reply is the first one after the greeting
QUESTION = "what is a T-score"
BARE, ASK = "python -c pass", f'ask "{QUESTION}"'
RATIO_BAR = 4.0  # assess, interpret and the first piped reply: at most 4 times bare Python
ASK_BAR_MS = 150.0  # ask, with the knowledge index already cached
RUNS, RUNS_QUICK = 15, 5


@dataclass(frozen=True)
class Probe:
    name: str
    args: tuple[str, ...]
    stdin: str | None = None


def _probes(scratch: Path) -> list[Probe]:
    facts = scratch / "facts.json"
    facts.write_text(json.dumps(FACTS), encoding="utf-8")
    main = (sys.executable, "-m", "assistant")
    return [
        Probe(BARE, (sys.executable, "-c", "pass")),
        Probe("assess FILE", (*main, "assess", str(facts), "--today", "2026-12-05")),
        Probe("interpret (stdin)", (*main, "interpret", "--today", "2026-12-05"), NOTE),
        Probe(ASK, (*main, "ask", QUESTION)),
        Probe("chat --new, first piped reply", (*main, "--new"), FIRST_ANSWER),
    ]


def _time(probe: Probe, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        probe.args, env=env, input=probe.stdin, text=True, capture_output=True, check=True
    )
    return (time.perf_counter() - started) * 1000


def measure(runs: int, only: Collection[str] | None = None) -> dict[str, list[float]]:
    """Wall times (ms) of each probe (or those named in `only`): one warm-up each, then `runs`
    interleaved rounds."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "BONEGUIDE_STORE": str(Path(scratch) / "bench.db"), "NO_COLOR": "1"}
        # An installed program runs from compiled bytecode: let the warm-up write it. The
        # knowledge index is read from the user's cache, built by the warm-up if missing.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("BONEGUIDE_TODAY", None)
        probes = [p for p in _probes(Path(scratch)) if only is None or p.name in only]
        for probe in probes:
            _time(probe, env)
        timings: dict[str, list[float]] = {probe.name: [] for probe in probes}
        for _ in range(runs):
            for probe in probes:
                timings[probe.name].append(_time(probe, env))
    return timings


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def run(settings: Settings, quick: bool) -> None:
    runs = RUNS_QUICK if quick else RUNS
    timings = measure(runs)
    bare = median(timings[BARE])
    print(f"  {runs} interleaved rounds; medians, and multiples of the bare start")
    for name, samples in timings.items():
        middle = median(samples)
        ratio = middle / bare
        verdict = ""
        if name == ASK:
            verdict = f"   bar < {ASK_BAR_MS:g} ms: {'met' if middle < ASK_BAR_MS else 'NOT MET'}"
        elif name != BARE:
            verdict = f"   bar <= {RATIO_BAR:g}x: {'met' if ratio <= RATIO_BAR else 'NOT MET'}"
        print(f"  {name:<32} {middle:7.1f} ms  {ratio:5.2f}x{verdict}")
