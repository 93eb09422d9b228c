"""`boneguide bench knowledge`: answer quality and speed, next to the paragraph baseline.

Figures: accuracy among answerable questions, abstention among out-of-scope ones, p50/p99 latency
in process, for every labelled set (the blind ones with their failures by class), then the
held-out blind sets together; then the cold start of `boneguide ask` against the interpreter's
own start-up.
"""

from __future__ import annotations

import time

from assistant.bench import startup
from assistant.knowledge import KnowledgeBase
from assistant.knowledge.baseline import ParagraphBaseline
from assistant.knowledge.evaluation import (
    LabelledQuestion,
    ReplyUnderTest,
    Result,
    as_reply,
    evaluate,
    load_questions,
    merged,
)
from assistant.knowledge.training import HELD_OUT
from assistant.knowledge.validation import data_counts
from assistant.resources import KNOWLEDGE_DIR
from assistant.settings import Settings

EVAL_DIR = KNOWLEDGE_DIR / "eval"
# name -> file. Parameters were chosen on "tune" and the shared dev set (public, for development).
# Tuning sets 1-23 were each measured once, then fixed against: they guard against regressions
# and say nothing about new questions. The blind sets were written by people who had read
# neither knowledge/ nor the code, labelled with the document's passages; their first
# measurement is in each file's header.
BLIND = {
    f"blind {path.stem.removeprefix('blind-')}": path.name
    for path in sorted(EVAL_DIR.glob("blind-*.yaml"))
}
SETS = {
    "tune": "tune.yaml",
    **{f"tuning {n}": f"tuning{n:02d}.yaml" for n in range(1, 24)},
    "shared dev": "dev-questions.yaml",
    **BLIND,
}


def calibrate(
    baseline: ParagraphBaseline,
    questions: list[LabelledQuestion],
    entry_texts: dict[str, tuple[str, ...]],
) -> float:
    """The baseline's best abstention threshold on the tuning set (fair to the baseline)."""
    scores = sorted({round(baseline.ask(q.question).score, 3) for q in questions})
    best, best_total = 0.0, -1.0
    for threshold in [0.0, *scores]:
        baseline.threshold = threshold
        result = evaluate("", lambda text: as_reply(baseline.ask(text)), questions, entry_texts)
        total = result.accuracy + result.abstention
        if total > best_total:
            best, best_total = threshold, total
    return best


def compare(kb: KnowledgeBase, repeat: int = 1) -> list[tuple[str, Result, Result]]:
    """For each evaluation set: the knowledge base's result and the baseline's."""
    entry_texts = {entry.id: entry.answer for entry in kb.entries if not entry.external}
    sets = {
        name: load_questions(EVAL_DIR / file)
        for name, file in SETS.items()
        if (EVAL_DIR / file).exists()
    }
    baseline = ParagraphBaseline(kb.document, kb.analyzer.ignore_words)
    baseline.threshold = calibrate(baseline, sets["tune"], entry_texts)

    def ask(text: str) -> ReplyUnderTest:
        return as_reply(kb.ask(text))

    def ask_baseline(text: str) -> ReplyUnderTest:
        return as_reply(baseline.ask(text))

    def first(text: str) -> str | None:
        top = kb.explain(text)["top"]
        return str(top[0][0]) if top else None

    rows = []
    for name, questions in sets.items():
        rows.append(
            (
                name,
                evaluate(f"{name}: knowledge base", ask, questions, entry_texts, repeat, first),
                evaluate(
                    f"{name}: paragraph BM25 baseline", ask_baseline, questions, entry_texts, repeat
                ),
            )
        )
    return rows


def run(settings: Settings, quick: bool) -> None:
    started = time.perf_counter()
    kb = KnowledgeBase.load(KNOWLEDGE_DIR)
    print(
        f"knowledge base: {len(kb.entries)} entries loaded in "
        f"{(time.perf_counter() - started) * 1000:.1f} ms"
    )

    counts = data_counts(KNOWLEDGE_DIR)
    print("data: " + ", ".join(f"{count} {name}" for name, count in counts.items()))
    held_out: list[tuple[Result, Result]] = []
    for name, ours, baseline in compare(kb, repeat=3 if quick else 20):
        print(ours.line())
        print(baseline.line())
        if name in BLIND:
            # Failures by class, most frequent first: study these before changing anything.
            for kind, count in sorted(ours.causes.items(), key=lambda item: (-item[1], item[0])):
                print(f"    {count:>3}  {kind}")
        if SETS[name] in HELD_OUT:
            held_out.append((ours, baseline))
    # The sets nothing was trained on or fixed against, as one: the figure to compare over time.
    together = "held-out blind sets together"
    print(merged(f"{together}: knowledge base", [ours for ours, _ in held_out]).line())
    print(merged(f"{together}: paragraph BM25 baseline", [base for _, base in held_out]).line())
    runs = 5 if quick else 20
    timings = startup.measure(runs, only=(startup.BARE, startup.ASK))
    ask, bare = timings[startup.ASK], timings[startup.BARE]
    print(
        f"cold start, {runs} runs: boneguide ask median {startup.median(ask):.0f} ms, "
        f"max {max(ask):.0f} ms; bare python median {startup.median(bare):.0f} ms"
    )
