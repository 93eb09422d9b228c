"""The knowledge base: curated entries from knowledge/, answering questions without a language model.

    kb = KnowledgeBase.default()
    answer = kb.ask("what is a t-score")   # Answer(answered=True, entry_id="t_score", ...)

Pure: it reads its files once (cached per directory) and never touches the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from collections.abc import Callable

from assistant.errors import DefinitionError
from assistant.knowledge.analysis import Analyzer, words
from assistant.knowledge.document import SourceDocument, render
from assistant.knowledge.entries import Entry, answer_lines, parse_entries, read_yaml
from assistant.knowledge.retrieval import Index, Intents, RetrievalSettings, rank, unique
from assistant.resources import KNOWLEDGE_DIR

SOURCE_NAME = "source/anastrozole-bone-health.txt"


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
    def __init__(
        self,
        directory: Path,
        entries: list[Entry],
        problems: list[DefinitionError],
        document: SourceDocument,
        analyzer: Analyzer,
        intents: Intents,
        settings: RetrievalSettings,
        messages: dict[str, str],
        why: dict[str, str],
    ) -> None:
        self.directory = directory
        self.entries = tuple(entries)
        self.problems = problems
        self.document = document
        self.analyzer = analyzer
        self.intents = intents
        self.settings = settings
        self.messages = messages
        self.why = why
        self._by_id = {entry.id: entry for entry in entries}
        self._external = [entry.external for entry in entries]
        self._texts = {entry.id: self._render(entry) for entry in entries}
        vocabulary: set[str] = set(words(" ".join(self.document.sections.values())))
        for entry in entries:
            vocabulary.update(words(" ".join((entry.title, *entry.answer, *entry.questions,
                                              *entry.keywords))))
        vocabulary.update(intents.words)
        analyzer.learn(vocabulary, settings.fuzzy_cutoff)
        fields = [self._fields(entry) for entry in entries]
        self.index = Index(fields, settings.field_weights, settings.k1, settings.b,
                           settings.unknown_weight)

    # -- loading -----------------------------------------------------------------------------

    @classmethod
    def load(cls, directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
        """The knowledge base in `directory`, loaded once per directory."""
        return _load(directory.resolve())

    @classmethod
    def default(cls) -> KnowledgeBase:
        return cls.load(KNOWLEDGE_DIR)

    def _fields(self, entry: Entry) -> dict[str, list[str]]:
        def terms(items: tuple[str, ...]) -> list[str]:
            return [term for item in items for term in self.analyzer.analyse(item, expand=True).terms]

        return {
            "title": terms((entry.title,)),
            "keywords": terms(entry.keywords),
            "questions": terms(entry.questions),
            "answer": terms(entry.answer),
        }

    def _render(self, entry: Entry) -> str:
        items = [render(item, self.document.table_header) for item in entry.answer]
        joiner = "\n" if any("|" in item for item in entry.answer) else " "
        return joiner.join(items)

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
            terms = [term for term in terms if term not in intent[1]]
        if not terms:
            return self._abstain(question, 0.0, ())
        ranking = rank(self.index, terms, self._external, self.settings)
        best, score, coverage = ranking[0]
        entry = self.entries[best]
        allowed = intent is None or intent[0] in entry.intents
        settings = self.settings
        if allowed and score >= settings.min_score and coverage >= settings.min_coverage:
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
        suggestions = tuple(
            self.entries[n].title for n, value, _ in ranking[: settings.max_suggestions] if value > 0
        )
        return self._abstain(question, score, suggestions)

    def explain(self, question: str) -> dict[str, Any]:
        """The signals behind `ask`, for tuning and for reviewers curating unanswered questions."""
        analysis = self.analyzer.analyse(question, correct=True)
        terms = unique(analysis.terms)
        ranking = rank(self.index, terms, self._external, self.settings)[:3] if terms else []
        return {
            "terms": terms,
            "corrections": analysis.corrections,
            "intent": (self.intents.match(analysis.stems) or ("",))[0],
            "unknown": [term for term in terms if term not in self.index.idf],
            "top": [(self.entries[n].id, round(score, 3), round(coverage, 3))
                    for n, score, coverage in ranking],
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


@cache
def _load(directory: Path) -> KnowledgeBase:
    def label(path: Path) -> str:
        return str(path.relative_to(directory.parent)) if directory.parent in path.parents else str(path)

    entries: list[Entry] = []
    problems: list[DefinitionError] = []
    entry_files = sorted((directory / "entries").glob("*.yaml"))
    if not entry_files:
        raise DefinitionError(label(directory / "entries"), None, "no entry files (*.yaml) found")
    for path in entry_files:
        found, trouble = parse_entries(path, label(path))
        entries.extend(found)
        problems.extend(trouble)
    lexicon = _mapping(directory / "lexicon.yaml", label)
    synonyms = lexicon.get("synonyms") or {}
    ignore = lexicon.get("ignore") or []
    texts = [*synonyms, *ignore, *(v for vs in synonyms.values() for v in (vs or []))]
    odd = [repr(text) for text in texts if not isinstance(text, str)]
    if odd or not isinstance(synonyms, dict):
        raise DefinitionError(label(directory / "lexicon.yaml"), None,
                              f"every word must be text (quote it): {', '.join(odd[:5])}")
    analyzer = Analyzer(synonyms, ignore)
    raw_intents = _mapping(directory / "out_of_scope.yaml", label).get("intents") or {}
    intents = Intents(
        {str(name): [_phrase_stems(analyzer, phrase) for phrase in _phrases(items)]
         for name, items in raw_intents.items()},
        words={word for items in raw_intents.values() for p in _phrases(items) for word in words(p)},
    )
    tuning = _mapping(directory / "retrieval.yaml", label)
    try:
        settings = RetrievalSettings(
            k1=float(tuning["bm25"]["k1"]),
            b=float(tuning["bm25"]["b"]),
            field_weights={str(k): float(v) for k, v in tuning["field_weights"].items()},
            min_coverage=float(tuning["min_coverage"]),
            min_score=float(tuning["min_score"]),
            unknown_weight=float(tuning["unknown_weight"]),
            external_prior=float(tuning["external_prior"]),
            coverage_exponent=float(tuning["coverage_exponent"]),
            fuzzy_cutoff=float(tuning["fuzzy_cutoff"]),
            max_suggestions=int(tuning["max_suggestions"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DefinitionError(label(directory / "retrieval.yaml"), None,
                              f"missing or invalid setting: {error}") from None
    messages = {str(k): str(v) for k, v in _mapping(directory / "messages.yaml", label).items()}
    why = {str(k): str(v) for k, v in _mapping(directory / "why_we_ask.yaml", label).items()}
    document = SourceDocument.load(directory / SOURCE_NAME)
    return KnowledgeBase(directory, entries, problems, document, analyzer, intents, settings,
                         messages, why)


def _mapping(path: Path, label: Callable[[Path], str]) -> dict[str, Any]:
    data = read_yaml(path, label(path))
    if not isinstance(data, dict):
        raise DefinitionError(label(path), 1, "expected a mapping")
    return data


def _phrase_stems(analyzer: Analyzer, phrase: str) -> list[str]:
    """A phrase's stems, keeping `*` (any one to three words) as it is."""
    stems: list[str] = []
    for part in phrase.split():
        stems.extend(["*"] if part == "*" else analyzer.stems.all(words(part)))
    return stems


def _phrases(items: Any) -> list[str]:
    return [str(item) for item in items] if isinstance(items, list) else []
