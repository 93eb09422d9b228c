"""Yes/no/not sure, choices from the dialog's synonyms, and DEXA sites."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.understanding import PARSERS, Ambiguous, NoMatch, ParseContext, Parsed
from assistant.understanding.phrases import CHOICE_SYNONYMS

CTX = ParseContext(dt.date(2026, 11, 25))


def yes_no(text: str) -> object:
    return PARSERS["yes_no"].parse(text, CTX)


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "Yes",
        "YES",
        "yes!",
        "yes.",
        "y",
        "Y",
        "yep",
        "yeah",
        "yeh",
        "yup",
        "ya",
        "sure",
        "I do",
        "yes I do",
        "yes, I do",
        "of course",
        "definitely",
        "absolutely",
        "correct",
        "that's right",
        "yesss",
        "yeahhh",
        "ok",
        "okay",
        "uh huh",
        "I think so",
        "yes please",
        "I am",
        "I have",
        "yes I smoke",
        "Yes, 10 a day",
        "yes daily",
        "affirmative",
        "indeed",
        "aye",
        "I did",
    ],
)
def test_yes(text: str) -> None:
    outcome = yes_no(text)
    assert isinstance(outcome, Parsed) and outcome.value is True, outcome


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "No",
        "NO",
        "no.",
        "n",
        "nope",
        "nah",
        "never",
        "not that I know of",
        "not as far as I know",
        "I don't",
        "I do not",
        "no I don't",
        "no, never",
        "not really",
        "none",
        "no way",
        "not at all",
        "I don't smoke",
        "I have never smoked",
        "I've never",
        "no longer",
        "not anymore",
        "nooo",
        "negative",
        "definitely not",
        "I haven't",
        "I didn't",
        "never have",
        "No, I do not",
        "not yet",
    ],
)
def test_no(text: str) -> None:
    outcome = yes_no(text)
    assert isinstance(outcome, Parsed) and outcome.value is False, outcome


@pytest.mark.parametrize(
    "text",
    [
        "not sure",
        "Not sure",
        "unsure",
        "don't know",
        "I don't know",
        "dont know",
        "no idea",
        "I have no idea",
        "dunno",
        "idk",
        "can't remember",
        "I can't remember",
        "maybe",
        "perhaps",
        "not certain",
        "I'm not sure",
        "who knows",
        "don't remember",
        "no clue",
        "?",
        "hmm not sure",
        "I do not know",
    ],
)
def test_unsure_is_a_valid_answer(text: str) -> None:
    outcome = yes_no(text)
    assert isinstance(outcome, Parsed) and outcome.value is None, outcome


@pytest.mark.parametrize("text", ["", "hmm", "I quit", "I used to", "blue", "62", "what"])
def test_yes_no_no_match(text: str) -> None:
    assert isinstance(yes_no(text), NoMatch)


@pytest.mark.parametrize(
    "text", ["I'm 62", "I'm vegan", "I am a teacher", "it is what it is?", "was it?"]
)
def test_short_words_count_only_alone(text: str) -> None:
    assert isinstance(yes_no(text), NoMatch)


@pytest.mark.parametrize(
    "text, value",
    [
        ("I am", True),
        ("yes I am", True),
        ("I'm not", False),
        ("sure, why not", True),
        ("nothing at all", False),
    ],
)
def test_short_words_alone_or_with_an_answer(text: str, value: bool) -> None:
    outcome = yes_no(text)
    assert isinstance(outcome, Parsed) and outcome.value is value


def test_yes_and_no_together_is_asked_again() -> None:
    assert isinstance(yes_no("yes and no"), NoMatch)


SEX = ParseContext(
    CTX.today, choices={"female": ("woman", "female", "F", "lady"), "male": ("man", "male", "M")}
)
INDICATION = ParseContext(
    CTX.today,
    choices={
        "breast_cancer": ("breast cancer", "BC"),
        "trt": ("TRT", "testosterone"),
        "other": ("other",),
    },
)
MENOPAUSE = ParseContext(CTX.today, choices=CHOICE_SYNONYMS["menopausal_status"])
MEDICATION = ParseContext(CTX.today, choices=CHOICE_SYNONYMS["bone_medication"])


@pytest.mark.parametrize(
    "ctx, text, expected",
    [
        (SEX, "woman", "female"),
        (SEX, "Female", "female"),
        (SEX, "F", "female"),
        (SEX, "lady", "female"),
        (SEX, "I'm a woman", "female"),
        (SEX, "female", "female"),
        (SEX, "male", "male"),
        (SEX, "M", "male"),
        (SEX, "man", "male"),
        (SEX, "1", "female"),
        (SEX, "2", "male"),
        (SEX, "  Woman. ", "female"),
        (INDICATION, "breast cancer", "breast_cancer"),
        (INDICATION, "for my breast cancer", "breast_cancer"),
        (INDICATION, "BC", "breast_cancer"),
        (INDICATION, "TRT", "trt"),
        (INDICATION, "testosterone", "trt"),
        (INDICATION, "I'm on testosterone", "trt"),
        (INDICATION, "other", "other"),
        (MENOPAUSE, "post", "postmenopausal"),
        (MENOPAUSE, "went through menopause", "postmenopausal"),
        (MENOPAUSE, "postmenopausal", "postmenopausal"),
        (MENOPAUSE, "post-menopausal", "postmenopausal"),
        (MENOPAUSE, "pre", "premenopausal"),
        (MENOPAUSE, "perimenopausal", "perimenopausal"),
        (MENOPAUSE, "I still have periods", "premenopausal"),
        (MEDICATION, "Fosamax", "bisphosphonate"),
        (MEDICATION, "alendronate", "bisphosphonate"),
        (MEDICATION, "alendronic acid weekly", "bisphosphonate"),
        (MEDICATION, "Prolia", "denosumab"),
        (MEDICATION, "prolia injections", "denosumab"),
        (MEDICATION, "Forteo", "teriparatide"),
        (MEDICATION, "Evenity", "romosozumab"),
        (MEDICATION, "none", "none"),
        (MEDICATION, "nothing", "none"),
        (MEDICATION, "zoledronic acid", "bisphosphonate"),
        (MEDICATION, "Actonel", "bisphosphonate"),
    ],
)
def test_choices(ctx: ParseContext, text: str, expected: str) -> None:
    outcome = PARSERS["choice"].parse(text, ctx)
    assert isinstance(outcome, Parsed) and outcome.value == expected and outcome.certain, outcome


@pytest.mark.parametrize(
    "ctx, text, expected",
    [
        (MEDICATION, "fosomax", "bisphosphonate"),
        (MEDICATION, "prollia", "denosumab"),
        (MEDICATION, "alendronat", "bisphosphonate"),
        (SEX, "femail", "female"),
    ],
)
def test_choice_misspelled_is_confirmed(ctx: ParseContext, text: str, expected: str) -> None:
    outcome = PARSERS["choice"].parse(text, ctx)
    assert isinstance(outcome, Parsed) and outcome.value == expected and not outcome.certain


def test_two_choices_are_asked() -> None:
    outcome = PARSERS["choice"].parse("Fosamax then Prolia", MEDICATION)
    assert isinstance(outcome, Ambiguous) and set(outcome.options) == {
        "bisphosphonate",
        "denosumab",
    }


@pytest.mark.parametrize("text", ["blah", "", "aspirin", "7"])
def test_choice_no_match_lists_options(text: str) -> None:
    outcome = PARSERS["choice"].parse(text, SEX)
    assert isinstance(outcome, NoMatch) and "female" in outcome.message


def test_choice_without_choices() -> None:
    assert isinstance(PARSERS["choice"].parse("woman", CTX), NoMatch)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("spine", "lumbar_spine"),
        ("lumbar spine", "lumbar_spine"),
        ("LS", "lumbar_spine"),
        ("L1-L4", "lumbar_spine"),
        ("lower back", "lumbar_spine"),
        ("hip", "total_hip"),
        ("total hip", "total_hip"),
        ("left hip", "total_hip"),
        ("TH", "total_hip"),
        ("femoral neck", "femoral_neck"),
        ("neck of femur", "femoral_neck"),
        ("FN", "femoral_neck"),
        ("forearm", "forearm"),
        ("1/3 radius", "forearm"),
        ("wrist", "forearm"),
        ("the spine", "lumbar_spine"),
    ],
)
def test_sites(text: str, expected: str) -> None:
    assert PARSERS["site"].parse(text, CTX) == Parsed(expected)


def test_site_misspelled_and_unknown() -> None:
    outcome = PARSERS["site"].parse("femural nek", CTX)
    assert isinstance(outcome, Parsed) and outcome.value == "femoral_neck" and not outcome.certain
    assert isinstance(PARSERS["site"].parse("knee", CTX), NoMatch)
