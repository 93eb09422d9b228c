"""The intent classifier: deterministic training, sensible classes, and never trained on a
blind set."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.cache_files import keep_cached, load_cached
from assistant.knowledge import KnowledgeBase
from assistant.knowledge.asking import from_question, opening
from assistant.knowledge.classifier import (
    NONE,
    Classifier,
    Sample,
    features,
    surface_features,
    train,
)
from assistant.knowledge.knowledge_base import classifier_code
from assistant.knowledge.training import (
    HELD_OUT,
    SHIPPED,
    SHIPPED_SURFACE,
    TRAINING_SETS,
    beyond_subject,
    samples,
    shipped_or_cached,
    stamp_of,
    training_files,
)

KB = KnowledgeBase.default()

TOY = [
    Sample(("dexa", "often", "dexa|often"), ("dexa_frequency",)),
    Sample(("dexa", "what"), ("dexa",)),
    Sample(("tscore", "mean"), ("t_score",)),
    Sample(("price", "insur"), ()),
]
CLASSES = ["dexa_frequency", "dexa", "t_score", NONE]


def test_same_data_gives_the_same_weights():
    first = train(TOY, CLASSES, epochs=10)
    second = train(TOY, CLASSES, epochs=10)
    assert first.to_json() == second.to_json()
    assert len(first)  # something was learnt


def test_weights_read_back_give_the_same_probabilities():
    model = train(TOY, CLASSES, epochs=10)
    again = Classifier.from_json(model.to_json())
    items = ["dexa", "often", "dexa|often"]
    assert again.probabilities(items) == model.probabilities(items)


def test_a_toy_model_learns_its_classes():
    model = train(TOY, CLASSES, epochs=30)
    chances = model.probabilities(["dexa", "often", "dexa|often"])
    assert max(range(len(CLASSES)), key=chances.__getitem__) == 0
    assert abs(sum(chances) - 1) < 1e-9
    none = model.probabilities(["price", "insur"])
    assert max(range(len(CLASSES)), key=none.__getitem__) == CLASSES.index(NONE)


def test_features_hold_terms_pairs_cues_and_intent():
    assert features(["dexa", "often"], ["schedule"], "dose", True) == [
        "dexa",
        "often",
        "dexa|often",
        "cue:schedule",
        "intent:dose",
        "strange",
    ]


def test_the_second_view_reads_every_word_and_adjacent_pairs():
    assert surface_features(["how", "often", "dexa", "often"]) == [
        "how",
        "often",
        "dexa",
        "how|often",
        "often|dexa",
        "dexa|often",
    ]
    # The words the analyser drops or maps are what this view keeps: "how often", "worth".
    read = KB.surface_features("Is a DEXA worth it, and how often?")
    assert {"how|often", "worth", "is|a"} <= set(read)
    assert "cue:schedule" not in read and not any(name.startswith("ask:") for name in read)
    # Its own words, not the lexicon's concepts: the brand name stays itself.
    assert "prolia" in KB.surface_features("what is prolia")


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("perfect thank you, is -2.1 bad", "is -2.1 bad"),
        ("sorry, one more question: what is PTH", "what is PTH"),
        ("thanks, and what is a Z-score?", "and what is a Z-score?"),
        # a question that opens the message, or none that opens a clause: the whole message
        ("Is DEXA worth it, and how often?", "Is DEXA worth it, and how often?"),
        ("I'm 66, on arimidex. My T is -2.1", "I'm 66, on arimidex. My T is -2.1"),
        ("dexa on arimidex", "dexa on arimidex"),
    ],
)
def test_the_second_view_reads_from_where_the_question_starts(message, asked):
    assert from_question(message) == asked
    assert KB.surface_features(message) == KB.surface_features(asked)


def test_the_second_view_is_trained_on_the_same_questions():
    files = training_files(KB.directory)
    first = samples(KB, files)
    second = samples(KB, files, KB.surface_features)
    # The same labels in the same order; a blind set's out-of-scope question may leave one view
    # nothing beyond its subject to train on, and then none there.
    assert [sample.classes for sample in first if sample.classes] == [
        sample.classes for sample in second if sample.classes
    ]
    assert sum(not sample.classes for sample in second) >= 300


def test_the_opening_question_word_is_read_alone_and_with_each_term():
    wh, auxiliaries = frozenset({"why", "how", "what"}), frozenset({"is", "can"})
    assert opening(("sorri", "one", "more", "question", "what", "is", "pth"), wh, auxiliaries) == (
        "what",
    )
    assert opening(("how", "often", "dexa"), wh, auxiliaries) == ("how", "often")
    assert opening(("how",), wh, auxiliaries) == ("how",)
    assert opening(("so", "is", "it", "safe"), wh, auxiliaries) == ("is",)
    # an auxiliary past the opening words opens nothing
    assert opening(("my", "tscore", "result", "is", "low"), wh, auxiliaries) == ()
    assert features(["dexa", "often"], opening=("how", "often")) == [
        "dexa",
        "often",
        "dexa|often",
        "ask:how",
        "ask:how|often",
        "ask:how&dexa",
        "ask:how&often",
    ]


def test_why_and_when_about_the_same_scan_read_differently():
    why = KB.intent_features("Why should I have a DEXA scan?")
    when = KB.intent_features("When should I have a DEXA scan?")
    assert "ask:whi&dexa" in why and "ask:when&dexa" in when
    assert set(why) - {"ask:whi", "ask:whi&dexa", "cue:mechanism"} == set(when) - {
        "ask:when",
        "ask:when&dexa",
    }


def test_no_held_out_set_is_trained_on():
    held_out = set(HELD_OUT)
    assert held_out <= {path.name for path in (KB.directory / "eval").glob("blind-*.yaml")}
    assert not held_out & set(TRAINING_SETS)
    assert not held_out & {path.name for path in training_files(KB.directory)}


def test_a_blind_sets_out_of_scope_question_trains_none_only_beyond_its_subject():
    blind = [path for path in training_files(KB.directory) if path.name.startswith("blind")]
    assert blind
    trained = samples(KB, blind)[len(samples(KB, [])) :]
    answerable = [sample for sample in trained if sample.classes]
    none = [sample for sample in trained if not sample.classes]
    assert answerable and none
    assert all(sample.prior for sample in answerable)
    assert not any(sample.prior for sample in none)
    # "what are prolia's side effects": the side effects teach "none", not prolia
    subject_terms = {term for subject in KB.subjects.values() for term in subject["terms"]}
    for sample in none:
        assert sample.features
        for name in sample.features:
            assert not name.startswith("cue:")
            assert not set(name.split("|")) & subject_terms, name
    features = tuple(KB.intent_features("what are the side effects of prolia"))
    beyond = beyond_subject(features, frozenset(subject_terms))
    assert "denosumab" in features and "denosumab" not in beyond
    assert beyond and all("denosumab" not in name for name in beyond)


def test_an_entry_example_is_classified_to_its_entry():
    model = KB.classifier
    right = 0
    total = 0
    for entry in KB.entries:
        for question in entry.questions:
            chances = KB.intent_probabilities(question)
            total += 1
            right += max(chances, key=chances.__getitem__) == entry.id
    assert right / total >= 0.9, (right, total)
    entry = KB.entry("bone_cells")
    assert entry is not None
    chances = KB.intent_probabilities(entry.questions[0])
    assert max(chances, key=chances.__getitem__) == "bone_cells"
    assert set(model.classes) == {entry.id for entry in KB.entries} | {NONE}


def test_a_sample_that_does_not_move_the_prior_leaves_the_biases_alone():
    plain = [Sample(("a",), ("x",)), Sample(("b",), ("y",))]
    beside = [Sample(("c",), (), prior=False)]
    alone = train(plain, ["x", "y", NONE], epochs=3)
    both = train(plain + beside, ["x", "y", NONE], epochs=3)
    assert both.bias == alone.bias
    assert both.row("c") != alone.row("c")


def test_the_none_class_takes_an_off_topic_question():
    for question in ("how much does anastrozole cost", "what dose of anastrozole should I take"):
        chances = KB.intent_probabilities(question)
        assert max(chances, key=chances.__getitem__) == NONE, question


def test_training_samples_are_labelled_and_in_a_fixed_order():
    first = samples(KB, training_files(KB.directory))
    assert first == samples(KB, training_files(KB.directory))
    assert sum(not sample.classes for sample in first) >= 300  # out of scope: the class "none"
    assert len(first) >= 2000


def test_the_shipped_weights_are_those_of_the_current_sources():
    # A fresh install's first question reads these instead of training for seconds.
    shipped = load_cached(KB.directory / SHIPPED, stamp_of(KB, classifier_code()))
    assert isinstance(shipped, dict), (
        "knowledge/classifier.json is stale: run `python -m assistant.knowledge.training`"
    )
    assert Classifier.from_json(shipped).classes == [entry.id for entry in KB.entries] + [NONE]


def test_the_shipped_second_view_is_that_of_the_current_sources():
    shipped = load_cached(KB.directory / SHIPPED_SURFACE, stamp_of(KB, classifier_code()))
    assert isinstance(shipped, dict), (
        "knowledge/surface.json is stale: run `python -m assistant.knowledge.training`"
    )
    model = Classifier.from_json(shipped)
    assert model.classes == [entry.id for entry in KB.entries] + [NONE]
    chances = model.probabilities(KB.surface_features("how often should I have a dexa scan"))
    assert max(range(len(chances)), key=chances.__getitem__) == model.classes.index(
        "dexa_frequency"
    )


def test_a_damaged_file_of_the_right_fingerprint_is_trained_again(tmp_path, monkeypatch):
    # Read as shipped, then from the cache: a file that does not read back is passed over.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    kb = SimpleNamespace(directory=tmp_path)
    model = Classifier.of(["x", NONE], {"a": [(0, 0.5)]}, [0.0, 0.0])
    damaged = {**model.to_json(), "weights": "not base64!"}
    keep_cached(tmp_path / "model.json", "stamp", damaged)
    made = []

    def make() -> Classifier:
        made.append(model)
        return model

    first = shipped_or_cached(kb, "stamp", "model.json", Classifier.from_json, make)
    assert first is model and len(made) == 1
    again = shipped_or_cached(kb, "stamp", "model.json", Classifier.from_json, make)
    assert len(made) == 1 and again.row("a") == [(0, 0.5)]  # from the cache, not made again
