"""The plain baseline retrieval is measured against: BM25 over the document's paragraphs.

No lexicon, no typo correction, no curated entries: stemmed words and a stop list only. It
abstains below a score threshold, which `calibrate` picks on the tuning set in the same run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.knowledge.analysis import Stems, words
from assistant.knowledge.retrieval import Index, unique
from assistant.knowledge.source_document import SourceDocument


@dataclass(frozen=True)
class BaselineAnswer:
    question: str
    answered: bool
    answer: str  # the best paragraph, or "" when abstaining
    score: float


class ParagraphBaseline:
    def __init__(self, document: SourceDocument, ignore: Iterable[str], threshold: float = 0.0):
        self.stems = Stems()
        self.ignore = frozenset(ignore)
        # Headings and reference lists are not answers.
        self.paragraphs = [
            text
            for heading, text in document.paragraphs
            if heading not in ("References", "Reflection") and len(text.split()) > 3
        ]
        documents = [{"text": self.terms(text)} for text in self.paragraphs]
        self.index = Index.from_fields(documents, {"text": 1.0}, k1=1.2, b=0.75)
        self.threshold = threshold

    def terms(self, text: str) -> list[str]:
        return [self.stems(word) for word in words(text) if word not in self.ignore]

    def ask(self, question: str) -> BaselineAnswer:
        terms = unique(self.terms(question))
        scores = self.index.scores(terms)
        best = max(range(len(scores)), key=lambda n: scores[n])
        score = scores[best]
        if score <= 0 or score < self.threshold:
            return BaselineAnswer(question, False, "", score)
        return BaselineAnswer(question, True, self.paragraphs[best], score)
