"""The intent classifier's training data and its cached weights.

Trained on labelled questions the project holds: every entry's example questions, the tuning
sets (knowledge/eval/tune.yaml, tuning01.yaml-tuning23.yaml), the shared development set, and
the blind sets of TRAINING_SETS (real public questions and users' own words, each trained on
only once its first run was measured). Never on the held-out blind sets (HELD_OUT): they
measure it. The same questions, whole, are remembered as neighbours (neighbours.py) for the
answer gate, and the same questions, read as their own words (classifier.surface_features),
train the gate's second view.

The tuning sets' out-of-scope questions train the class "none". A blind set's out-of-scope
question is mostly a near miss: the subject of an entry, asked about an aspect the document
lacks ("what are prolia's side effects"). Whole, it would teach "none" the subject and the kind
of question, which plain questions share ("what is prolia"); so it trains "none" only through
what it asks beyond them (its words that name no subject), and without moving the prior of
"none": what is left of it is no longer a whole question, and the curated sets say how often
"none" is asked.

The weights ship with the knowledge base (knowledge/classifier.json; the neighbours in
knowledge/neighbours.json, the second view in knowledge/surface.json), keyed by a fingerprint
of everything they are trained from, so that a fresh install's first question does not wait for
training; a test fails when they are stale (`python -m assistant.knowledge.training` writes all
three again). When they are stale or missing, they are trained (a few seconds) and kept in the
user's cache beside the index.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from assistant.cache_files import cache_file, fingerprint, keep_cached, load_cached
from assistant.knowledge.asking import sentences
from assistant.knowledge.classifier import NONE, Classifier, Sample, train
from assistant.knowledge.neighbours import Neighbours

if TYPE_CHECKING:
    from assistant.knowledge.knowledge_base import KnowledgeBase

Learning = TypeVar("Learning", Classifier, Neighbours)  # what is learnt from the labelled questions

# The sets trained on, in knowledge/eval/. Blind sets are never among them.
TRAINING_SETS = (
    "tune.yaml",
    *(f"tuning{n:02d}.yaml" for n in range(1, 24)),
    "dev-questions.yaml",
    # each once its first run was measured; their out-of-scope questions beyond their subject
    *(f"blind-{letter}.yaml" for letter in "abcdefghjklmnpqrs"),
)
HELD_OUT = tuple(f"blind-{name}.yaml" for name in [*"iotuvwxyz", "aa", "ab", "ac", "ad", "ae"])
SHIPPED = "classifier.json"  # in the knowledge directory
SHIPPED_NEIGHBOURS = "neighbours.json"  # the same questions, remembered (neighbours.py)
SHIPPED_SURFACE = "surface.json"  # the same questions read as their own words
EPOCHS = 20
RATE = 0.5
L2 = 1e-4
WITH_TEXTS = True
# A word or pair of the second view counts from this many questions: one question's rare pair
# teaches it nothing it can use again (left out one set at a time, with the view reading the
# whole message, 1 gave the gate 2,415 questions answered rightly, 76 wrongly, 54 out of scope;
# 2 gave 2,441 / 75 / 60, and keeps 8,098 words and pairs instead of 16,768).
SURFACE_MIN_COUNT = 2


def training_files(directory: Path) -> list[Path]:
    return [directory / "eval" / name for name in TRAINING_SETS]


def samples(
    kb: KnowledgeBase,
    files: Sequence[Path],
    read: Callable[[str], Sequence[str]] | None = None,
) -> list[Sample]:
    """Every entry's example questions, then each training set's questions, in file order, as
    `read` sees them (the classifier's features unless told). A question of the shared set
    (labelled by phrases of its answer) goes to the entries whose answer holds one of its
    phrases; one that no entry holds is left out."""
    from assistant.knowledge.evaluation import load_questions  # lazy: only training reads them

    read = read or kb.intent_features
    out = [
        Sample(tuple(read(question)), (entry.id,))
        for entry in kb.entries
        for question in entry.questions
    ]
    if WITH_TEXTS:
        out += [
            Sample(tuple(read(text)), (entry.id,))
            for entry in kb.entries
            for text in [entry.title, *(s for item in entry.answer for s in sentences(item))]
        ]
    texts = {entry.id: (kb.text(entry.id) or "").lower() for entry in kb.entries}
    subject_terms = frozenset(term for subject in kb.subjects.values() for term in subject["terms"])
    for path in files:
        if not path.exists():
            continue
        for item in load_questions(path):
            classes = item.entries
            if item.must_contain_any:
                classes = tuple(
                    entry_id
                    for entry_id, text in texts.items()
                    if any(phrase in text for phrase in item.must_contain_any)
                )
                if not classes:
                    continue
            features = tuple(read(item.question))
            if not classes and path.name.startswith("blind"):
                beyond = beyond_subject(features, subject_terms)
                if beyond:
                    out.append(Sample(beyond, (), prior=False))
                continue
            out.append(Sample(features, classes))
    return out


def beyond_subject(features: Sequence[str], subject_terms: frozenset[str]) -> tuple[str, ...]:
    """A question's features without its subjects: no term that names a subject, no pair
    holding one, no kind of question ("cue:definition", "ask:what", "ask:what&denosumab")."""
    return tuple(
        name
        for name in features
        if not name.startswith(("cue:", "ask:"))
        and not any(part in subject_terms for part in name.split("|"))
    )


def stamp_of(kb: KnowledgeBase, code: Sequence[Path]) -> str:
    """The fingerprint of everything the weights are trained from. `code`: the files whose
    change must retrain it (the analyser's and this code)."""
    here = Path(__file__).parent
    files = training_files(kb.directory)
    return fingerprint(
        *kb.sources(),
        *files,
        *code,
        here / "training.py",
        here / "classifier.py",
        here / "neighbours.py",
        here / "packed.py",
    )


def trained(kb: KnowledgeBase, stamp: str) -> Classifier:
    """The classifier of `kb`: the shipped weights when their sources are unchanged (`stamp`,
    see stamp_of), else those kept in the cache, else trained and kept."""
    files = training_files(kb.directory)
    return shipped_or_cached(kb, stamp, SHIPPED, Classifier.from_json, lambda: fit(kb, files))


def surface_trained(kb: KnowledgeBase, stamp: str) -> Classifier:
    """The classifier of the questions' own words: shipped, cached or trained, as `trained`."""
    files = training_files(kb.directory)
    return shipped_or_cached(
        kb, stamp, SHIPPED_SURFACE, Classifier.from_json, lambda: fit_surface(kb, files)
    )


def remembered(kb: KnowledgeBase, stamp: str) -> Neighbours:
    """The labelled questions of `kb` as neighbours: shipped, cached or built, as `trained`."""
    files = training_files(kb.directory)
    return shipped_or_cached(
        kb, stamp, SHIPPED_NEIGHBOURS, Neighbours.from_json, lambda: neighbours(kb, files)
    )


def shipped_or_cached(
    kb: KnowledgeBase,
    stamp: str,
    shipped: str,
    read: Callable[[dict[str, Any]], Learning],
    make: Callable[[], Learning],
) -> Learning:
    """What is shipped as `shipped` when it is of `stamp`, else what the cache keeps under its
    name ("knowledge-classifier"), else what `make` gives (kept in the cache). A file of the
    right fingerprint that does not read back (edited by hand, say) is passed over, not fatal."""
    cached = cache_file(f"knowledge-{Path(shipped).stem}", kb.directory)
    for path in (kb.directory / shipped, cached):
        data = load_cached(path, stamp)
        if isinstance(data, dict):
            with contextlib.suppress(KeyError, TypeError, ValueError):
                return read(data)
    model = make()
    keep_cached(cached, stamp, model.to_json())
    return model


def write_shipped(kb: KnowledgeBase, code: Sequence[Path]) -> list[Path]:
    """Train the classifier afresh, gather its questions as neighbours, and write both where
    they ship."""
    model, found, surface = learnt(kb, training_files(kb.directory))
    stamp = stamp_of(kb, code)
    written = []
    for name, data in (
        (SHIPPED, model.to_json()),
        (SHIPPED_NEIGHBOURS, found.to_json()),
        (SHIPPED_SURFACE, surface.to_json()),
    ):
        keep_cached(kb.directory / name, stamp, data)
        written.append(kb.directory / name)
    return written


class Learnt(NamedTuple):
    classifier: Classifier
    neighbours: Neighbours
    surface: Classifier  # the gate's second view


def learnt(kb: KnowledgeBase, files: Sequence[Path]) -> Learnt:
    """The classifier trained on `files`, their questions as neighbours, and the classifier of
    their own words."""
    data = samples(kb, files)
    return Learnt(
        fit(kb, files, data), Neighbours.build(data, classes_of(kb)), fit_surface(kb, files)
    )


def fit_surface(kb: KnowledgeBase, files: Sequence[Path]) -> Classifier:
    """The classifier of the questions' own words (classifier.surface_features), trained as the
    first one is, on the words and pairs that at least SURFACE_MIN_COUNT questions hold."""
    return train(
        samples(kb, files, kb.surface_features),
        classes_of(kb),
        epochs=EPOCHS,
        rate=RATE,
        l2=L2,
        min_count=SURFACE_MIN_COUNT,
    )


def neighbours(kb: KnowledgeBase, files: Sequence[Path]) -> Neighbours:
    return Neighbours.build(samples(kb, files), classes_of(kb))


def classes_of(kb: KnowledgeBase) -> list[str]:
    return [entry.id for entry in kb.entries] + [NONE]


def fit(
    kb: KnowledgeBase,
    files: Sequence[Path],
    data: Sequence[Sample] | None = None,
    **options: float,
) -> Classifier:
    """The classifier trained on `files` (`data`: their samples, when already read)."""
    classes = classes_of(kb)
    settings: dict[str, float] = {"epochs": EPOCHS, "rate": RATE, "l2": L2, **options}
    return train(
        samples(kb, files) if data is None else data,
        classes,
        epochs=int(settings["epochs"]),
        rate=settings["rate"],
        l2=settings["l2"],
    )


if __name__ == "__main__":
    from assistant.knowledge.knowledge_base import KnowledgeBase, classifier_code

    base = KnowledgeBase.default()
    for path in write_shipped(base, classifier_code()):
        print(f"wrote {path}")
