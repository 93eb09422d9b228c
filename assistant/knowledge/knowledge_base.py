"""The knowledge base: entries curated in knowledge/, answering questions with no language model.

    kb = KnowledgeBase.default()
    answer = kb.ask("what is a t-score")   # Answer(answered=True, entry_id="t_score", ...)

Pure: it reads its files once (cached per directory) and never touches the store. The sources
are compiled into an index kept in the user's cache directory, rebuilt whenever a source (or the
code) changes; the package itself is never written to.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from assistant.errors import DefinitionError
from assistant.knowledge.analysis import Analyzer
from assistant.knowledge.document import SourceDocument
from assistant.knowledge.entries import Entry
from assistant.knowledge.retrieval import (
    Examples,
    Index,
    Intents,
    RetrievalSettings,
    rank,
    unique,
)
from assistant.resources import KNOWLEDGE_DIR, cache_dir

# The code that shapes the index is part of its fingerprint: changing it rebuilds the index.
_BUILD_CODE = ("analysis.py", "build.py", "document.py", "entries.py")


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    entry_id: str | None
    title: str | None
    answer: str  # the entry's text, or the "no answer" message
    source: str | None  # the document's section heading, or an external entry's citation
    external: bool
    score: float  # BM25 score of the best entry
    suggestions: tuple[str, ...]  # entry titles, when not answered

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "entry_id": self.entry_id,
            "title": self.title,
            "answer": self.answer,
            "source": self.source,
            "score": self.score,
            "suggestions": list(self.suggestions),
        }


class KnowledgeBase:
    def __init__(self, directory: Path, snapshot: dict[str, Any]) -> None:
        self.directory = directory
        self.entries = tuple(Entry.from_dict(item) for item in snapshot["entries"])
        self.problems = [
            DefinitionError(file, line, problem) for file, line, problem in snapshot["problems"]
        ]
        self.analyzer = Analyzer.from_tables(snapshot["analyzer"])
        self.intents = Intents(snapshot["intents"])
        self.cues = Intents(snapshot["cues"])
        self._cue_shares: list[dict[str, float]] = snapshot["cue_shares"]
        tuning = snapshot["settings"]
        self.settings = RetrievalSettings(
            **{**tuning, "max_suggestions": int(tuning["max_suggestions"])}
        )
        self.messages: dict[str, str] = snapshot["messages"]
        self.why: dict[str, str] = snapshot["why"]
        self._texts: dict[str, str] = snapshot["texts"]
        self._by_id = {entry.id: entry for entry in self.entries}
        self._external = [entry.external for entry in self.entries]
        self._examples_raw: list[list[list[str]]] = snapshot["examples"]
        settings = self.settings
        self.index = Index(snapshot["tf"], settings.k1, settings.b, settings.unknown_weight)
        self._examples = Examples(self.index, self._examples_raw)

    # -- loading -----------------------------------------------------------------------------

    @classmethod
    def load(cls, directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
        """The knowledge base in `directory`, loaded once per directory."""
        return _load(directory.resolve())

    @classmethod
    def default(cls) -> KnowledgeBase:
        return cls.load(KNOWLEDGE_DIR)

    @cached_property
    def document(self) -> SourceDocument:
        from assistant.knowledge.build import SOURCE_NAME

        return SourceDocument.load(self.directory / SOURCE_NAME)

    # -- queries -----------------------------------------------------------------------------

    def entry(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def text(self, entry_id: str) -> str | None:
        """An entry's answer as shown to people (list markers and table rows spelled out)."""
        return self._texts.get(entry_id)

    def why_we_ask(self, fact: str) -> Entry | None:
        """The entry explaining why the intake asks `fact` (a Facts field, score or lab name)."""
        entry_id = self.why.get(fact)
        return self._by_id.get(entry_id) if entry_id else None

    def ask(self, question: str) -> Answer:
        analysis = self.analyzer.analyse(question, correct=True)
        intent = self.intents.match(analysis.stems)
        terms = unique(analysis.terms)
        if intent is not None:
            # The intent's own words ("dose", "how much") say what is asked, not what about: the
            # rest of the question must still be covered by an entry that answers this intent.
            rest = [stem for stem in analysis.stems if stem not in intent[1]]
            terms = unique(self.analyzer.terms(rest))
        if not terms:
            return self._abstain(question, 0.0, ())
        ranking = rank(
            self.index,
            terms,
            self._external,
            self._examples,
            self.settings,
            boost=self._kind_boost(analysis.stems),
            value=self._asks_value(analysis.stems),
        )
        # A question with an out-of-scope intent may only be answered by an entry made for it.
        candidates = [
            item for item in ranking if intent is None or intent[0] in self.entries[item[0]].intents
        ]
        best, score, coverage = candidates[0] if candidates else ranking[0]
        entry = self.entries[best]
        settings = self.settings
        # Answering despite an out-of-scope intent is the risky path: every topic word must match.
        needed = settings.min_coverage if intent is None else 1.0
        if candidates and score >= settings.min_score and coverage >= needed:
            return Answer(
                question=question,
                answered=True,
                entry_id=entry.id,
                title=entry.title,
                answer=self._texts[entry.id],
                source=entry.source,
                external=entry.external,
                score=round(score, 3),
                suggestions=(),
            )
        head = ranking[: settings.max_suggestions]
        suggestions = tuple(self.entries[n].title for n, value, _ in head if value > 0)
        return self._abstain(question, score, suggestions)

    def _asks_value(self, stems: tuple[str, ...]) -> bool:
        """A number asked about ("is vitamin D 18 low", "t score -1.9")."""
        return any(stem.isdigit() for stem in self.analyzer.phrases.apply(stems))

    def _kind_boost(self, stems: tuple[str, ...]) -> list[float] | None:
        """Per entry, 1 + weight x its share of example questions of the kinds this question is
        ("how often", "what is", "why"...): the question words BM25 ignores still say which of
        two close entries is meant."""
        kinds = self.cues.all(stems)
        if self._asks_value(stems):
            kinds |= {"value"}  # a number asked about: entries asked with numbers (see build)
        weight = self.settings.cue_weight
        if not kinds or not weight:
            return None
        return [
            1 + weight * max((shares.get(kind, 0.0) for kind in kinds), default=0.0)
            for shares in self._cue_shares
        ]

    def explain(self, question: str) -> dict[str, Any]:
        """The signals behind `ask`, for tuning and for reviewers curating unanswered questions."""
        analysis = self.analyzer.analyse(question, correct=True)
        terms = unique(analysis.terms)
        ranking = (
            rank(
                self.index,
                terms,
                self._external,
                self._examples,
                self.settings,
                boost=self._kind_boost(analysis.stems),
                value=self._asks_value(analysis.stems),
            )[:3]
            if terms
            else []
        )
        return {
            "terms": terms,
            "corrections": analysis.corrections,
            "intent": (self.intents.match(analysis.stems) or ("",))[0],
            "unknown": [term for term in terms if term not in self.index.idf],
            "top": [
                (self.entries[n].id, round(score, 3), round(coverage, 3))
                for n, score, coverage in ranking
            ],
        }

    def _abstain(self, question: str, score: float, suggestions: tuple[str, ...]) -> Answer:
        return Answer(
            question=question,
            answered=False,
            entry_id=None,
            title=None,
            answer=self.messages["no_answer"],
            source=None,
            external=False,
            score=round(score, 3),
            suggestions=suggestions,
        )

    # -- checking ----------------------------------------------------------------------------

    def check(self) -> list[DefinitionError]:
        """Every problem in knowledge/, each with its file and line."""
        from assistant.knowledge.validation import check_knowledge

        return check_knowledge(self)


def _inputs(directory: Path) -> list[Path]:
    from assistant.knowledge.build import source_files

    code = Path(__file__).parent
    return [*source_files(directory), *(code / name for name in _BUILD_CODE)]


def fingerprint(directory: Path) -> str:
    """A checksum of every source file's content and of the code that builds the index (CRC-32
    detects edits; it needs no cryptographic strength, and hashlib costs ~4 ms to import)."""
    parts: list[str] = []
    for path in _inputs(directory):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"missing"
        parts.append(f"{path.name}:{len(data)}:{zlib.crc32(data):08x}")
    return ";".join(parts)


def index_path(directory: Path) -> Path:
    """The cached index of one knowledge directory (a checkout and an install may both be used)."""
    return cache_dir() / f"knowledge-index-{zlib.crc32(str(directory).encode()):08x}.json"


@cache
def _load(directory: Path) -> KnowledgeBase:
    index = index_path(directory)
    stamp = fingerprint(directory)
    try:
        snapshot = json.loads(index.read_text(encoding="utf-8"))
        if snapshot.get("fingerprint") == stamp:
            return KnowledgeBase(directory, snapshot)
    except (OSError, ValueError):
        pass
    from assistant.knowledge.build import build

    snapshot = {"fingerprint": stamp, **build(directory)}
    _save(index, snapshot)
    return KnowledgeBase(directory, snapshot)


def _save(path: Path, snapshot: dict[str, Any]) -> None:
    """Write the index atomically; with no writable cache it is simply rebuilt in memory."""
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        scratch.write_text(
            json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        os.replace(scratch, path)
    except OSError:
        scratch.unlink(missing_ok=True)
