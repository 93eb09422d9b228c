"""The named conditions a dialog file may use in `conditions`/`unless`, resolved at load time.

Each reads only the conversation document, so the same names steer transitions, choose the
wording of a question (the Z-score emphasis for younger people) and are easy to test.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.engine.conversation_document import Document

Condition = Callable[[Document], bool]

# ISCD: Z-scores, not T-scores, for women before menopause and men under 50 (SPEC 6.1)
YOUNG_AGE = 50


def _fact(doc: Document, name: str) -> object:
    entry = doc.facts.get(name)
    return None if entry is None else entry.value


def consented(doc: Document) -> bool:
    return doc.flow.get("consent") is True


def female(doc: Document) -> bool:
    return _fact(doc, "sex") == "female"


def male(doc: Document) -> bool:
    return _fact(doc, "sex") == "male"


def young(doc: Document) -> bool:
    """Premenopausal women and men under 50: the Z-score is the number that counts."""
    age = _fact(doc, "age")
    status = _fact(doc, "menopausal_status")
    if female(doc):
        if status is not None:
            return status == "premenopausal"
        return isinstance(age, int | float) and age < YOUNG_AGE
    return isinstance(age, int | float) and age < YOUNG_AGE


def has_dexa(doc: Document) -> bool:
    return doc.flow.get("has_dexa") is True


def more_dexa(doc: Document) -> bool:
    return doc.flow.get("more_dexa") is True


def has_labs(doc: Document) -> bool:
    return doc.flow.get("has_labs") is True


def more_labs(doc: Document) -> bool:
    return doc.flow.get("more_labs") is True


def draft_needs_date(doc: Document) -> bool:
    # a date skipped is there as None: the results are kept undated, not asked about again
    return any("date" not in item for item in doc.draft)


def draft_needs_unit(doc: Document) -> bool:
    return any("test" in item and item.get("unit") is None for item in doc.draft)


def review_ok(doc: Document) -> bool:
    return doc.flow.get("review_ok") is True


def finished_questions(doc: Document) -> bool:
    return doc.flow.get("questions_done") is True


CONDITIONS: dict[str, Condition] = {
    function.__name__: function
    for function in (
        consented,
        female,
        male,
        young,
        has_dexa,
        more_dexa,
        has_labs,
        more_labs,
        draft_needs_date,
        draft_needs_unit,
        review_ok,
        finished_questions,
    )
}
