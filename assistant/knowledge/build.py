"""Building the knowledge base's index from its sources (YAML files and the document).

The result is a plain JSON-able snapshot: `KnowledgeBase` runs from it, and saves it as
knowledge/index.json so a cold start reads one JSON file instead of parsing YAML and stemming.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.errors import DefinitionError
from assistant.knowledge.analysis import Analyzer, compounds, words
from assistant.knowledge.entries import KnowledgeEntry, parse_entries, read_yaml
from assistant.knowledge.retrieval import Index, Intents, unique
from assistant.knowledge.source_document import SourceDocument, render

SOURCE_NAME = "source/anastrozole-bone-health.txt"
SETTINGS = (
    "min_coverage",
    "min_score",
    "unknown_weight",
    "external_prior",
    "coverage_exponent",
    "example_weight",
    "known_miss",
    "max_suggestions",
    "cue_weight",
    "min_example",
    "min_margin",
    "sure_example",
    "example_lead",
    "min_answer_coverage",
    "cue_gap",
    "full_margin",
    "nearly_said",
    "some_example",
    "subject_weight",
    "context_weight",
    "classifier_weight",
    "answer_probability",
    "sure_probability",
    "none_probability",
)


def source_files(directory: Path) -> list[Path]:
    """Every file the index is built from; a change to any of them rebuilds it."""
    names = [
        "lexicon.yaml",
        "out_of_scope.yaml",
        "retrieval.yaml",
        "why_we_ask.yaml",
        SOURCE_NAME,
    ]
    return sorted((directory / "entries").glob("*.yaml")) + [directory / name for name in names]


def build(directory: Path) -> dict[str, Any]:
    def label(path: Path) -> str:
        root = directory.parent
        return str(path.relative_to(root)) if root in path.parents else str(path)

    entries: list[KnowledgeEntry] = []
    problems: list[DefinitionError] = []
    entry_files = sorted((directory / "entries").glob("*.yaml"))
    if not entry_files:
        raise DefinitionError(label(directory / "entries"), None, "no entry files (*.yaml) found")
    for path in entry_files:
        found, trouble = parse_entries(path, label(path))
        entries.extend(found)
        problems.extend(trouble)

    def mapping(name: str) -> dict[str, Any]:
        data = read_yaml(directory / name, label(directory / name))
        if not isinstance(data, dict):
            raise DefinitionError(label(directory / name), 1, "expected a mapping")
        return data

    tuning = _settings(mapping("retrieval.yaml"), label(directory / "retrieval.yaml"))
    document = SourceDocument.load(directory / SOURCE_NAME)
    raw_intents, lacks = _intents(
        mapping("out_of_scope.yaml").get("intents") or {}, label(directory / "out_of_scope.yaml")
    )
    lexicon = mapping("lexicon.yaml")
    synonyms, ignore = lexicon.get("synonyms") or {}, lexicon.get("ignore") or []
    raw_cues = lexicon.get("cues") or {}
    _require_text(synonyms, ignore, label(directory / "lexicon.yaml"))
    _require_text(raw_cues, [], label(directory / "lexicon.yaml"))
    _require_text(raw_intents, [], label(directory / "out_of_scope.yaml"))

    texts = [
        *document.sections.values(),
        *(" ".join((e.title, *e.answer, *e.questions, *e.keywords)) for e in entries),
    ]
    vocabulary: set[str] = {word for text in texts for word in words(text)}
    intent_words = {
        word
        for items in [*raw_intents.values(), *raw_cues.values()]
        for p in items
        for word in words(p)
    }
    ignore_phrases = lexicon.get("ignore_phrases") or []
    _require_text({}, ignore_phrases, label(directory / "lexicon.yaml"))
    analyzer = Analyzer.from_lexicon(
        synonyms,
        ignore,
        vocabulary | intent_words,
        ignore_phrases,
        joined=[compound for text in texts for compound in compounds(text)],
    )

    def terms(items: tuple[str, ...]) -> list[str]:
        return [term for item in items for term in analyzer.analyse(item, expand=True).terms]

    fields = [
        {
            "title": terms((entry.title,)),
            "section": terms((entry.section or "",)),
            "keywords": terms(entry.keywords),
            "questions": terms(entry.questions),
            "answer": terms(entry.answer),
        }
        for entry in entries
    ]
    index = Index.from_fields(fields, tuning["field_weights"], tuning["k1"], tuning["b"])
    subjects = _subjects(lexicon.get("subjects") or {}, analyzer, label(directory / "lexicon.yaml"))
    intents = {
        str(name): [_phrase_stems(analyzer, str(phrase)) for phrase in items or []]
        for name, items in raw_intents.items()
    }
    cues = {
        str(name): [_phrase_stems(analyzer, str(phrase)) for phrase in items or []]
        for name, items in raw_cues.items()
    }
    return {
        "entries": [entry.to_dict() for entry in entries],
        "cues": cues,
        "cue_shares": [
            _cue_shares(Intents(cues, int(tuning["cue_gap"])), analyzer, entry) for entry in entries
        ],
        "subjects": subjects,
        "lacks": lacks,
        "aspects": {str(k): str(v) for k, v in (lexicon.get("aspects") or {}).items()},
        "entry_subjects": [
            _entry_subjects(subjects, [*item["title"], *item["keywords"], *item["questions"]])
            for item in fields
        ],
        "problems": [[p.file, p.line, p.problem] for p in problems],
        "texts": {entry.id: _render(entry, document) for entry in entries},
        "tf": index.tf,
        # What an entry says (its title, heading, keywords and answer), without the example
        # questions: the answer itself must speak to the question.
        "said": [
            sorted({*item["title"], *item["section"], *item["keywords"], *item["answer"]})
            for item in fields
        ],
        "examples": [
            [unique(analyzer.analyse(question).terms) for question in entry.questions]
            for entry in entries
        ],
        "analyzer": analyzer.tables(),
        "intents": intents,
        "settings": tuning,
        "why": {str(k): str(v) for k, v in mapping("why_we_ask.yaml").items()},
    }


def _intents(raw: Any, where: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Each intent's phrases (every class of question flattened), and what the document lacks
    for it (`lacks`)."""
    if not isinstance(raw, dict):
        raise DefinitionError(where, None, "intents: expected a mapping")
    phrases: dict[str, list[str]] = {}
    lacks: dict[str, str] = {}
    for name, body in raw.items():
        groups = body.get("phrases") if isinstance(body, dict) else None
        if not isinstance(groups, dict) or not all(isinstance(g, list) for g in groups.values()):
            raise DefinitionError(
                where, None, f"intent {name!r}: `phrases` must map each class of question to a list"
            )
        phrases[str(name)] = [phrase for group in groups.values() for phrase in group]
        lacks[str(name)] = str(body.get("lacks") or "")
    return phrases, lacks


def _subjects(raw: Any, analyzer: Analyzer, where: str) -> dict[str, dict[str, Any]]:
    """Each subject: its class, its topic terms (after the lexicon) and its description."""
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise DefinitionError(where, None, "subjects: expected classes, each a mapping")
    out: dict[str, dict[str, Any]] = {}
    for kind, members in raw.items():
        for name, describe in members.items():
            terms = unique(analyzer.analyse(str(name)).terms)
            if terms:
                out[str(name)] = {
                    "class": str(kind),
                    "terms": terms,
                    "describe": str(describe or ""),
                }
    return out


def _entry_subjects(subjects: dict[str, dict[str, Any]], terms: list[str]) -> list[str]:
    """The subjects an entry is about: those its title, keywords or example questions name."""
    have = set(terms)
    return [name for name, subject in subjects.items() if set(subject["terms"]) <= have]


def _render(entry: KnowledgeEntry, document: SourceDocument) -> str:
    items = [render(item, document.table_header) for item in entry.answer]
    return ("\n" if any("|" in item for item in entry.answer) else " ").join(items)


def _settings(data: dict[str, Any], where: str) -> dict[str, Any]:
    try:
        return {
            "k1": float(data["bm25"]["k1"]),
            "b": float(data["bm25"]["b"]),
            "field_weights": {str(k): float(v) for k, v in data["field_weights"].items()},
            **{name: float(data[name]) for name in SETTINGS},
        }
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DefinitionError(where, None, f"missing or invalid setting: {error}") from None


def _require_text(mapping: Any, items: Any, where: str) -> None:
    if not isinstance(mapping, dict) or not isinstance(items, list):
        raise DefinitionError(where, None, "expected a mapping of lists")
    texts = [*mapping, *items, *(v for vs in mapping.values() for v in (vs or []))]
    odd = [repr(text) for text in texts if not isinstance(text, str)]
    if odd:
        raise DefinitionError(
            where, None, f"every word must be text (quote it): {', '.join(odd[:5])}"
        )


def _cue_shares(cues: Intents, analyzer: Analyzer, entry: KnowledgeEntry) -> dict[str, float]:
    """For each kind of question (cue), the share of the entry's example questions of that kind:
    an entry asked "how often..." suits a "when is my next..." question better than one only
    asked "what is...". Derived from the examples, so no entry is labelled by hand."""
    counts: dict[str, int] = {}
    for question in entry.questions:
        stems = analyzer.analyse(question).stems
        for name in cues.all(stems) | _numeric_kind(analyzer.phrases.apply(stems)):
            counts[name] = counts.get(name, 0) + 1
    total = len(entry.questions) or 1
    return {name: round(count / total, 3) for name, count in sorted(counts.items())}


def _numeric_kind(stems: list[str]) -> frozenset[str]:
    """A question holding a number ("calcium 9.8", "vitamin d 22") asks about a value; the
    stems come after the lexicon, so a name such as "25-OH" is not a number."""
    return NUMERIC_KIND if any(stem.isdigit() for stem in stems) else frozenset()


NUMERIC_KIND = frozenset({"value"})


def _phrase_stems(analyzer: Analyzer, phrase: str) -> list[str]:
    """A phrase's stems, keeping `*` (any one to three words) as it is."""
    stems: list[str] = []
    for part in phrase.split():
        stems.extend(["*"] if part == "*" else analyzer.stems.all(words(part)))
    return stems


LabelFn = Callable[[Path], str]
