"""The knowledge base: entries curated in knowledge/, answering questions with no language model.

    kb = KnowledgeBase.default()
    answer = kb.ask("what is a t-score")   # KnowledgeAnswer(answered=True, entry_id="t_score", ...)

Pure: it reads its files once (cached per directory) and never touches the store. The sources
are compiled into an index kept in the user's cache directory, rebuilt whenever a source (or the
code) changes; the package itself is never written to.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from assistant import wording
from assistant.cache_files import cache_file, fingerprint, keep_cached, load_cached
from assistant.errors import DefinitionError
from assistant.knowledge.analysis import Analysis, Analyzer
from assistant.knowledge.asking import (
    AUXILIARIES,
    WH_WORDS,
    asking_sentence,
    from_question,
    opening,
    refers_back,
)
from assistant.knowledge.build import SOURCE_NAME, build, source_files
from assistant.knowledge.classifier import NONE, WORD, Classifier, features, surface_features
from assistant.knowledge.entries import KnowledgeEntry
from assistant.knowledge.gate import Gate, shipped_gate
from assistant.knowledge.neighbours import Neighbours
from assistant.knowledge.retrieval import (
    Examples,
    Index,
    Intents,
    RetrievalSettings,
    rank,
    unique,
)
from assistant.knowledge.source_document import SourceDocument
from assistant.resources import KNOWLEDGE_DIR

# The code that shapes the index is part of its fingerprint: changing it rebuilds the index.
_BUILD_CODE = ("analysis.py", "build.py", "entries.py", "source_document.py")
# The intent of a question that names something neither the knowledge base nor English knows.
UNKNOWN_NAME = "unknown_name"
# The class of subject that is the setting of the whole document, not a topic of its own.
SETTING_CLASS = "the medicine"
MEDICINE_CLASSES = frozenset({SETTING_CLASS, "bone medicine"})
DEPTH = 8  # how many of the best entries are weighed against each other


@dataclass(frozen=True)
class _Considered:
    """A question read and ranked: what `ask` decides on."""

    question: str
    terms: list[str]  # the topic terms measured
    weights: dict[str, float]
    asked: frozenset[str]  # the subjects named
    intent: tuple[str, frozenset[str]] | None  # an out-of-scope intent named
    aspects: frozenset[str]  # aspects asked that not every entry answers
    aspect_answered: bool  # whether an entry on the subject answers those aspects
    features: list[str]  # what the classifier and the neighbours read of it
    chances: list[float] | None  # the classifier's, per entry, then "none"
    ranking: list[tuple[int, float, float]]  # (entry, score, coverage), best first
    on_subject: list[tuple[int, float, float]]  # ... that name a subject asked
    candidates: list[tuple[int, float, float]]  # ... that may answer
    asking_only: bool  # whether only the sentence that asks is measured


@dataclass(frozen=True)
class Suggestion:
    """An entry offered as "did you mean"."""

    entry_id: str
    title: str
    answer: str
    source: str

    @property
    def question(self) -> str:
        """The question that picks this suggestion (a choice's value: a button, a number)."""
        return PICK_PREFIX + self.title

    def to_json(self) -> dict[str, str]:
        return {
            "entry_id": self.entry_id,
            "title": self.title,
            "answer": self.answer,
            "source": self.source,
        }


@dataclass(frozen=True)
class KnowledgeAnswer:
    """One of three outcomes: answered; not answered with suggestions ("did you mean"); or not
    answered with none (abstained). `answer` holds the entry's text, or what to say instead."""

    question: str
    answered: bool
    entry_id: str | None
    title: str | None
    answer: str  # the entry's text, the "no answer" message, or what the document lacks
    source: str | None  # the document's section heading, or an external entry's citation
    external: bool
    score: float  # BM25 score of the best entry
    suggestions: tuple[Suggestion, ...]  # entries offered, when not answered

    @property
    def outcome(self) -> str:
        """ "answer", "offer" or "abstain"."""
        return "answer" if self.answered else "offer" if self.suggestions else "abstain"

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "entry_id": self.entry_id,
            "title": self.title,
            "answer": self.answer,
            "source": self.source,
            "score": self.score,
            "suggestions": [suggestion.to_json() for suggestion in self.suggestions],
        }


# A suggestion picked ("tell me about Osteocytes") asks for that entry by its title.
PICK_PREFIX = "tell me about "


class KnowledgeBase:
    def __init__(self, directory: Path, snapshot: dict[str, Any]) -> None:
        self.directory = directory
        self.entries = tuple(KnowledgeEntry.from_dict(item) for item in snapshot["entries"])
        self.problems = [
            DefinitionError(file, line, problem) for file, line, problem in snapshot["problems"]
        ]
        self.analyzer = Analyzer.from_tables(snapshot["analyzer"])
        self.intents = Intents(snapshot["intents"])
        self._cue_shares: list[dict[str, float]] = snapshot["cue_shares"]
        tuning = snapshot["settings"]
        self.settings = RetrievalSettings(
            **{
                **tuning,
                "max_suggestions": int(tuning["max_suggestions"]),
                "cue_gap": int(tuning["cue_gap"]),
            }
        )
        # Kinds and aspects of a question wrap what they ask about: "how is the prolia injection
        # actually given" is still "how is * given".
        self.cues = Intents(snapshot["cues"], self.settings.cue_gap)
        self.why: dict[str, str] = snapshot["why"]
        self._texts: dict[str, str] = snapshot["texts"]
        self._by_id = {entry.id: entry for entry in self.entries}
        self._external = [entry.external for entry in self.entries]
        self._examples_raw: list[list[list[str]]] = snapshot["examples"]
        settings = self.settings
        self.index = Index(snapshot["tf"], settings.k1, settings.b, settings.unknown_weight)
        self._examples = Examples(self.index, self._examples_raw)
        self._said = [frozenset(terms) for terms in snapshot["said"]]
        self.subjects: dict[str, dict[str, Any]] = snapshot["subjects"]
        self._entry_subjects = [frozenset(names) for names in snapshot["entry_subjects"]]
        self.lacks: dict[str, str] = snapshot["lacks"]  # per out-of-scope intent
        self.aspects: dict[str, str] = snapshot["aspects"]
        self._by_title = {
            " ".join(entry.title.lower().split()): n for n, entry in enumerate(self.entries)
        }

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

        return SourceDocument.load(self.directory / SOURCE_NAME)

    def sources(self) -> list[Path]:
        """The files the index is built from, and the code that builds it."""
        return _inputs(self.directory)

    @cached_property
    def classifier(self) -> Classifier:
        """The intent classifier, trained on labelled questions (see training.py)."""
        from assistant.knowledge.training import trained  # lazy: only a question needs it

        return trained(self, self._learnt_stamp)

    @cached_property
    def neighbours(self) -> Neighbours:
        """The labelled questions the classifier learnt from, remembered (see neighbours.py)."""
        from assistant.knowledge.training import remembered  # lazy: only the gate needs them

        return remembered(self, self._learnt_stamp)

    @cached_property
    def surface(self) -> Classifier:
        """The classifier of the question's own words, the gate's second view (see
        classifier.surface_features and training.py)."""
        from assistant.knowledge.training import surface_trained  # lazy: only the gate needs it

        return surface_trained(self, self._learnt_stamp)

    @cached_property
    def _learnt_stamp(self) -> str:
        """The fingerprint of what the classifier, the neighbours and the second view are
        learnt from (read once: it reads every source and training set)."""
        from assistant.knowledge.training import stamp_of  # lazy: only a question needs it

        return stamp_of(self, classifier_code())

    @cached_property
    def gate(self) -> Gate | None:
        """The answer gate learnt from blind questions (knowledge/gate.json, see gate.py), or
        None when none ships: then the hand-set checks alone decide. Its signals mean the same
        whatever the entries, so it is used even when the knowledge has changed since it was
        trained; a test holds the shipped one to the shipped classifier."""
        return shipped_gate(self.directory)

    def intent_features(self, question: str) -> list[str]:
        """What the intent classifier sees of a question (classifier.features)."""
        analysis, asking, _ = self._read(question)
        return self._features(analysis, asking)

    def _features(self, analysis: Analysis, asking: Analysis) -> list[str]:
        intent = self.intents.match(asking.stems)
        return features(
            analysis.terms,
            self.cues.all(analysis.stems),
            intent[0] if intent else None,
            bool(analysis.strange),
            opening(asking.stems, *self._question_words),
        )

    @cached_property
    def _question_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """asking.WH_WORDS and asking.AUXILIARIES as the analyser stems them ("why": "whi")."""
        stems = self.analyzer.stems.all
        return frozenset(stems(WH_WORDS)), frozenset(stems(AUXILIARIES))

    def surface_features(self, question: str) -> list[str]:
        """What the second view sees of a question (classifier.surface_features): its words
        from where it starts asking (asking.from_question)."""
        words = WORD.findall(from_question(question).lower())
        return surface_features(self.analyzer.stems.all(words))

    def intent_probabilities(self, question: str) -> dict[str, float]:
        """The classifier's probability of each entry (and of "none"), for tuning and tests."""
        model = self.classifier
        return dict(
            zip(model.classes, model.probabilities(self.intent_features(question)), strict=True)
        )

    # -- queries -----------------------------------------------------------------------------

    def entry(self, entry_id: str) -> KnowledgeEntry | None:
        return self._by_id.get(entry_id)

    def text(self, entry_id: str) -> str | None:
        """An entry's answer as shown to people (list markers and table rows spelled out)."""
        return self._texts.get(entry_id)

    def why_we_ask(self, fact: str) -> KnowledgeEntry | None:
        """The entry explaining why the intake asks `fact` (a Facts field, score or lab name)."""
        entry_id = self.why.get(fact)
        return self._by_id.get(entry_id) if entry_id else None

    def ask(self, question: str) -> KnowledgeAnswer:
        picked = self._picked(question)
        if picked is not None:
            return self._answer(question, picked, 0.0)
        seen = self._consider(question)
        if seen is None:
            return self._abstain(question, 0.0, ())
        if seen.candidates and self._answers(seen):
            best = seen.candidates[0]
            return self._answer(question, best[0], best[1])
        ranking, on_subject, asked = seen.ranking, seen.on_subject, seen.asked
        settings = self.settings
        score = ranking[0][1]
        missing = ""
        if seen.intent is not None:
            missing = self.lacks.get(seen.intent[0], "")
        elif seen.aspects and not seen.aspect_answered:
            missing = self.aspects[sorted(seen.aspects)[0]]
        # What the document lacks is said plainly, and what it has on the subject is offered.
        lacking = self._lacking(asked, missing)
        # An offer may also hold an entry whose answer names the subject asked (the least
        # significant change speaks of osteoporosis without being asked about it).
        near = on_subject + [
            item
            for item in ranking[:DEPTH]
            if item not in on_subject and self._mentioned(asked, item[0])
        ]
        offered = [n for n, value, _ in near[: settings.max_suggestions] if value > 0]
        # The subject filter decides what may be answered, not what may be picked: the ranking's
        # first choice is always offered, in the last place ('which hormones control bone apart
        # from estrogen' offers bone remodelling, which does not name estrogen).
        first = ranking[0][0] if ranking and ranking[0][1] > 0 else None
        if first is not None and first not in offered:
            offered = [*offered[: settings.max_suggestions - 1], first]
        return self._abstain(question, score, tuple(self._suggestion(n) for n in offered), lacking)

    def gate_signals(self, question: str) -> tuple[str, list[float]] | None:
        """The entry the gate would weigh for `question`, and what it reads of it (training)."""
        seen = self._consider(question)
        if seen is None or not seen.candidates:
            return None
        return self.entries[seen.candidates[0][0]].id, self._signals(seen)

    def _consider(self, question: str) -> _Considered | None:
        """The question read and ranked, and the entries that may answer it; None when it has
        no topic word left to rank by."""
        analysis, asking, whole = self._read(question)
        # What is asked is told by the sentence that asks: "150mg a week" in the story around
        # "could this harm my bones?" is no question about a dose.
        intent = self.intents.match(asking.stems)
        if intent is None and analysis.strange:
            # A name neither the knowledge base nor English knows ("ribociclib", "kisqali"): no
            # entry is made for it, so nothing answers, as for a listed out-of-scope intent.
            intent = (UNKNOWN_NAME, frozenset(self.analyzer.stems.all(analysis.strange)))
        terms = unique(analysis.terms)
        if intent is not None:
            # The intent's own words ("dose", "how much") say what is asked, not what about: the
            # rest of the question must still be covered by an entry that answers this intent.
            rest = [stem for stem in analysis.stems if stem not in intent[1]]
            terms = unique(self.analyzer.terms(rest))
        if not terms:
            return None
        # A name the lexicon spells out in several terms ("fosamax": alendronate, bisphosphonate)
        # weighs as the one word typed, so it does not outweigh what is asked about it.
        weights = self.analyzer.weights(analysis.stems)
        asked = self.subjects_of(terms)
        # The story around the asking sentence still says what it is about ("... her T-score went
        # from -1.9 to -2.6. What are the options?"): it helps rank, weakly, but is not measured.
        ranked_terms, ranked_weights = self._with_context(analysis, whole, terms, weights)
        # The intent classifier's probability of each entry, then of "none" (when it is used).
        features = self._features(analysis, asking)
        chances = self._chances(analysis, features)
        ranking = rank(
            self.index,
            ranked_terms,
            self._external,
            self._examples,
            self.settings,
            boost=self._fused(self._boost(analysis.stems, asked), chances),
            value=self._asks_value(analysis.stems),
            weights=ranked_weights,
        )
        if ranked_terms is not terms:
            known_miss = self.settings.known_miss
            ranking = [
                (
                    n,
                    score,
                    self.index.coverage(terms, n, known_miss, weights=weights) if near else 0.0,
                )
                for n, score, near in ranking
            ]
        aspects = self.cues.all(analysis.stems) & self.aspects.keys()

        def suits(number: int) -> bool:
            # An aspect not every entry answers ("side effects", "how is it given") is answered
            # only by an entry whose own example questions ask it.
            shares = self._cue_shares[number]
            return all(shares.get(aspect, 0.0) > 0 for aspect in aspects)

        # An answer shares the question's subject: the risks of bone medicines do not answer a
        # question on anastrozole's side effects.
        on_subject = [item for item in ranking if self._on_subject(asked, item[0])]
        # A question with an out-of-scope intent may only be answered by an entry made for it.
        candidates = [
            item
            for item in on_subject
            if suits(item[0]) and (intent is None or intent[0] in self.entries[item[0]].intents)
        ]
        return _Considered(
            question=question,
            terms=terms,
            weights=weights,
            asked=asked,
            intent=intent,
            aspects=aspects,
            aspect_answered=any(suits(n) for n, _, _ in on_subject[:DEPTH]),
            features=features,
            chances=chances,
            ranking=ranking,
            on_subject=on_subject,
            candidates=candidates,
            asking_only=analysis is not whole,
        )

    def _answers(self, seen: _Considered) -> bool:
        """Whether the best candidate is answered: by the gate learnt from blind questions when
        it ships, else by the hand-set checks alone."""
        gate = self.gate
        if gate is None or seen.chances is None:
            # Without the classifier's opinion (a bare concept: "PTH") the gate lacks its
            # strongest signals; the hand-set checks were made for such questions.
            return self._hand_verdict(seen)
        return gate.answers(self._signals(seen))

    def _hand_verdict(self, seen: _Considered) -> bool:
        """The hand-set checks: the best candidate names the subjects asked, the classifier
        believes it, and the ranking is confident of it (or the classifier sure)."""
        candidates, chances = seen.candidates, seen.chances
        # Answering despite an out-of-scope intent is the risky path: every topic word must match.
        needed = self.settings.min_coverage if seen.intent is None else 1.0
        return (
            self._agrees(seen.asked, candidates)
            and self._believed(candidates[0], chances, needed)
            and (
                self._confident(candidates, seen.terms, needed, seen.weights, chances)
                or self._sure(candidates[0], chances, needed)
            )
        )

    def _signals(self, seen: _Considered) -> list[float]:
        """What the gate reads of the best candidate (gate.SIGNALS, in order)."""
        candidates, chances, settings = seen.candidates, seen.chances, self.settings
        best, score, coverage = candidates[0]
        runner = candidates[1] if len(candidates) > 1 else None
        said = self.index.coverage(
            seen.terms, best, settings.known_miss, self._said[best], seen.weights
        )
        example, rival = self._example_closeness(candidates, seen.terms)
        if chances is None:
            probability = none = top = runner_up = -1.0
        else:
            probability, none, top = chances[best], chances[-1], max(chances[:-1])
            runner_up = chances[runner[0]] if runner is not None else 0.0
        lead = math.log((score + 1e-6) / (runner[1] + 1e-6)) if runner and runner[1] else 5.0
        return [
            probability,
            none,
            top,
            runner_up,
            float(chances is None),
            lead,
            coverage,
            said,
            example,
            rival,
            float(len(seen.terms)),
            float(len(seen.asked)),
            float(seen.intent is not None),
            float(self._agrees(seen.asked, candidates)),
            float(best == seen.ranking[0][0]),
            float(seen.asking_only),
            float(len(candidates)),
            float(len(seen.aspects)),
            math.log(score + 1e-3),
            float(chances is not None and probability >= top - 1e-9),
            example - rival,
            probability - runner_up,
            *self._second_view(seen.question, best),
            *self.neighbours.signals(seen.features, self.entries[best].id),
            float(self._hand_verdict(seen)),
        ]

    def _second_view(self, question: str, best: int) -> tuple[float, float, float, float]:
        """What the classifier of the question's own words says of entry `best`: its
        probability, that of "none", its lead over the likeliest other entry, and whether it is
        the first choice."""
        chances = self.surface.probabilities(self.surface_features(question))
        own = chances[best]
        other = max(value for number, value in enumerate(chances[:-1]) if number != best)
        return own, chances[-1], own - other, float(own >= max(chances))

    @property
    def _classifying(self) -> bool:
        settings = self.settings
        return (
            settings.classifier_weight > 0
            or settings.answer_probability > 0
            or settings.sure_probability <= 1
            or settings.none_probability <= 1
        )

    def _chances(self, analysis: Analysis, items: list[str]) -> list[float] | None:
        """The classifier's probability of each entry, in entry order, then of "none"; None
        when the classifier is not used (its weights are not even read), or has no opinion: it
        has learnt nothing of any of the question's topic terms (a word only an entry's keywords
        hold), or the question is a bare concept ("PTH"): that belongs to its main entry, while
        the classifier would only echo how often the training questions asked each entry of it."""
        if not self._classifying:
            return None
        model = self.classifier
        if len(items) < 2 or not any(term in model for term in analysis.terms):
            return None
        found = dict(zip(model.classes, model.probabilities(items), strict=True))
        return [found.get(entry.id, 0.0) for entry in self.entries] + [found.get(NONE, 0.0)]

    def _fused(self, boost: list[float] | None, chances: list[float] | None) -> list[float] | None:
        """The ranking's factor per entry times 1 + weight x the classifier's probability."""
        weight = self.settings.classifier_weight
        if chances is None or not weight:
            return boost
        return [
            (boost[n] if boost is not None else 1.0) * (1 + weight * chances[n])
            for n in range(len(self.entries))
        ]

    def _believed(
        self, best: tuple[int, float, float], chances: list[float] | None, needed: float
    ) -> bool:
        """Whether the classifier lets the best candidate answer: it gives the entry at least
        `answer_probability`, and "none of these" less than `none_probability`."""
        if chances is None:
            return True
        settings = self.settings
        return (
            chances[best[0]] >= settings.answer_probability
            and chances[-1] < settings.none_probability
        )

    def _sure(
        self, best: tuple[int, float, float], chances: list[float] | None, needed: float
    ) -> bool:
        """Whether the classifier is sure of the ranking's first choice when the ranking's own
        margins are not: its first choice too, at `sure_probability` or more, covering enough of
        the question's topic."""
        if chances is None:
            return False
        number, _, coverage = best
        return (
            coverage >= needed
            and chances[number] >= self.settings.sure_probability
            and chances[number] >= max(chances)
        )

    def _agrees(
        self, asked: frozenset[str], candidates: Sequence[tuple[int, float, float]]
    ) -> bool:
        """Whether the best candidate names as many of the question's subjects as any close
        rival: "kidney function and zoledronic acid" is not answered by the entry on
        bisphosphonates while the one on kidneys and bone drugs names both."""
        if len(asked) < 2:
            return True
        named = [len(self._mentioned(asked, n)) for n, _, _ in candidates[:DEPTH]]
        return named[0] >= max(named)

    def _mentioned(self, asked: frozenset[str], number: int) -> frozenset[str]:
        """The subjects of `asked` that an entry names anywhere, its answer included."""
        have = self.index.terms[number]
        return frozenset(name for name in asked if have.issuperset(self.subjects[name]["terms"]))

    def _confident(
        self,
        candidates: Sequence[tuple[int, float, float]],
        terms: Sequence[str],
        needed: float,
        weights: Mapping[str, float],
        chances: list[float] | None = None,
    ) -> bool:
        """Whether the best candidate clearly answers. Its score is high enough; it covers
        enough of the question's topic, and so does what its answer says (words that only its
        example questions hold do not make it answer); and the signals agree: no entry offered
        beside it has an example question as close to this one, and it leads them by a margin
        of closeness or of score (less of score when its answer holds every word asked).
        Otherwise the question is offered ("did you mean"): a wrong answer is worse than none."""
        settings = self.settings
        best, score, coverage = candidates[0]
        if score < settings.min_score or coverage < needed:
            return False
        said = self.index.coverage(terms, best, settings.known_miss, self._said[best], weights)
        if said < settings.min_answer_coverage:
            return False
        near, rival = self._example_closeness(candidates, terms)
        if near >= settings.sure_example and near >= rival:
            return True
        if near >= settings.min_example and near - rival >= settings.example_lead:
            return True
        runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
        if chances is not None and len(candidates) > 1:
            # The lead is measured as the two were ranked: with the classifier's factor.
            weight = settings.classifier_weight
            score *= 1 + weight * chances[best]
            runner_up *= 1 + weight * chances[candidates[1][0]]
        # An entry whose own words hold every topic word of the question (or nearly every one,
        # with an example question of some likeness) needs a smaller lead.
        full = said >= 1.0 or (said >= settings.nearly_said and near >= settings.some_example)
        margin = settings.full_margin if full else settings.min_margin
        return score >= margin * runner_up

    def _example_closeness(
        self, candidates: Sequence[tuple[int, float, float]], terms: Sequence[str]
    ) -> tuple[float, float]:
        """How close the best candidate's nearest example question comes to the question, and
        the closest of the candidates offered beside it."""
        asked = frozenset(terms)
        weight = self._examples.weight(asked)
        near = self._examples.nearest(candidates[0][0], asked, weight)
        others = candidates[1 : 1 + self.settings.max_suggestions]
        rival = max((self._examples.nearest(n, asked, weight) for n, _, _ in others), default=0.0)
        return near, rival

    def _with_context(
        self, measured: Analysis, whole: Analysis, terms: list[str], weights: dict[str, float]
    ) -> tuple[list[str], dict[str, float]]:
        """The terms to rank by: those measured, and when only the asking sentence is measured,
        the rest of the message's topic words at `context_weight` of their weight."""
        weight = self.settings.context_weight
        if not weight or measured is whole:
            return terms, weights
        context = [term for term in unique(whole.terms) if term not in terms]
        if not context:
            return terms, weights
        return [*terms, *context], {**weights, **{term: weight for term in context}}

    def _read(self, question: str) -> tuple[Analysis, Analysis, Analysis]:
        """What is measured, the sentence that asks, and the whole message. What is measured is
        the sentence that asks when it names at least two topic words and does not point back
        at what was said before it ("does that matter?"); else the whole message."""
        sentence = asking_sentence(question)
        whole = self.analyzer.analyse(question, correct=True)
        if sentence == question:
            return whole, whole, whole
        asking = self.analyzer.analyse(sentence, correct=True)
        if not refers_back(sentence) and len(unique(asking.terms)) >= 2:
            return asking, asking, whole
        return whole, asking, whole

    def subjects_of(self, terms: Sequence[str]) -> frozenset[str]:
        """The subjects `terms` name. The medicine itself is the setting of nearly every
        question ("on anastrozole, how often is the scan"): it is the subject only alone."""
        have = set(terms)
        found = {name for name, s in self.subjects.items() if set(s["terms"]) <= have}
        setting = {name for name in found if self.subjects[name]["class"] == SETTING_CLASS}
        return frozenset(found - setting if found - setting else found)

    def _on_subject(self, asked: frozenset[str], number: int) -> bool:
        """Whether an entry may answer a question on `asked`: it names one of them; or the
        question names only the medicine that is the document's setting ("long-term effects of
        anastrozole on men's bones") and the entry is about no medicine at all (estrogen in men),
        never about another one (the risks of bone medicines)."""
        have = self._entry_subjects[number]
        if not asked or asked & have:
            return True
        setting_only = all(self.subjects[name]["class"] == SETTING_CLASS for name in asked)
        return setting_only and not any(
            self.subjects[name]["class"] in MEDICINE_CLASSES for name in have
        )

    def entry_subjects(self, entry_id: str) -> frozenset[str]:
        """The subjects an entry is about (named by its title, keywords or example questions)."""
        number = next((n for n, e in enumerate(self.entries) if e.id == entry_id), None)
        return self._entry_subjects[number] if number is not None else frozenset()

    def _lacking(self, asked: frozenset[str], aspect: str) -> str | None:
        """ "The document describes X as Y, but not Z": the subject is in the document, the aspect
        asked is not. None unless exactly one described subject is asked about."""
        described = [name for name in asked if self.subjects[name]["describe"]]
        if len(described) != 1 or not aspect:
            return None
        name = described[0]
        return wording.text(
            "knowledge.not_covered",
            subject=name,
            description=self.subjects[name]["describe"],
            aspect=aspect,
        )

    def _picked(self, question: str) -> int | None:
        text = " ".join(question.lower().split()).rstrip("?.! ")
        if text.startswith(PICK_PREFIX):
            text = text[len(PICK_PREFIX) :]
        return self._by_title.get(text)

    def _suggestion(self, number: int) -> Suggestion:
        entry = self.entries[number]
        return Suggestion(entry.id, entry.title, self._texts[entry.id], entry.source)

    def _answer(self, question: str, number: int, score: float) -> KnowledgeAnswer:
        entry = self.entries[number]
        return KnowledgeAnswer(
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

    def _asks_value(self, stems: tuple[str, ...]) -> bool:
        """A number asked about ("is vitamin D 18 low", "t score -1.9")."""
        return any(stem.isdigit() for stem in self.analyzer.phrases.apply(stems))

    def _boost(self, stems: tuple[str, ...], asked: frozenset[str]) -> list[float] | None:
        """Per entry, how well it suits the question: its kind (`_kind_boost`) times the share of
        the question's subjects it names (an entry on two of the subjects asked before one on
        one of them)."""
        kind = self._kind_boost(stems)
        weight = self.settings.subject_weight
        if len(asked) < 2 or not weight:
            return kind
        return [
            (kind[n] if kind is not None else 1.0) * (1 + weight * len(asked & have) / len(asked))
            for n, have in enumerate(self._entry_subjects)
        ]

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
        analysis, asking, whole = self._read(question)
        terms = unique(analysis.terms)
        ranked, weights = self._with_context(
            analysis, whole, terms, self.analyzer.weights(analysis.stems)
        )
        ranking = (
            rank(
                self.index,
                ranked,
                self._external,
                self._examples,
                self.settings,
                boost=self._fused(
                    self._boost(analysis.stems, self.subjects_of(terms)),
                    self._chances(analysis, self._features(analysis, asking)),
                ),
                value=self._asks_value(analysis.stems),
                weights=weights,
            )[:3]
            if terms
            else []
        )
        return {
            "terms": terms,
            "corrections": analysis.corrections,
            "intent": (self.intents.match(asking.stems) or ("",))[0],
            "unknown": [term for term in terms if term not in self.index.idf],
            "subjects": sorted(self.subjects_of(terms)),
            "aspects": sorted(self.cues.all(analysis.stems) & self.aspects.keys()),
            "top": [
                (self.entries[n].id, round(score, 3), round(coverage, 3))
                for n, score, coverage in ranking
            ],
            "gate": self._gate_probability(question),
        }

    def _gate_probability(self, question: str) -> float | None:
        """The gate's probability that the best candidate answers (None: no candidate, or no
        gate ships)."""
        seen = self.gate_signals(question)
        gate = self.gate
        return round(gate.probability(seen[1]), 3) if gate is not None and seen else None

    def _abstain(
        self,
        question: str,
        score: float,
        suggestions: tuple[Suggestion, ...],
        text: str | None = None,
    ) -> KnowledgeAnswer:
        if text is None:
            text = wording.text("knowledge.offer" if suggestions else "knowledge.no_answer")
        return KnowledgeAnswer(
            question=question,
            answered=False,
            entry_id=None,
            title=None,
            answer=text,
            source=None,
            external=False,
            score=round(score, 3),
            suggestions=suggestions,
        )

    # -- checking ----------------------------------------------------------------------------

    def check(self) -> list[DefinitionError]:
        """Every problem in knowledge/, each with its file and line."""
        from assistant.knowledge.validation import check_knowledge  # lazy: only `check` validates

        return check_knowledge(self)


def _inputs(directory: Path) -> list[Path]:

    code = Path(__file__).parent
    return [*source_files(directory), *(code / name for name in _BUILD_CODE)]


def classifier_code() -> list[Path]:
    """The code whose change must train the intent classifier again, beside training.py: this
    module, and asking.py, which finds the words that open a question and where it starts."""
    return [Path(__file__), Path(__file__).with_name("asking.py")]


def index_path(directory: Path) -> Path:
    """The cached index of one knowledge directory (a checkout and an install may both be used)."""
    return cache_file("knowledge-index", directory)


@cache
def _load(directory: Path) -> KnowledgeBase:
    index = index_path(directory)
    # every source file's content and the code that builds the index (CRC-32 detects edits; it
    # needs no cryptographic strength, and hashlib costs ~4 ms to import)
    stamp = fingerprint(*_inputs(directory))
    snapshot = load_cached(index, stamp)
    if not isinstance(snapshot, dict):
        snapshot = build(directory)
        keep_cached(index, stamp, snapshot)  # with no writable cache it is rebuilt in memory
    return KnowledgeBase(directory, snapshot)
