"""Global commands with forgiving spelling, without false positives; telling questions
from answers."""

from __future__ import annotations

import pytest

from assistant.rules.codec import field_names
from assistant.understanding.command_words import COMMAND_NAMES, FACT_NAMES, Command, detect_command
from assistant.understanding.questions import (
    asks_what_it_means,
    looks_like_question,
    split_question,
)


@pytest.mark.parametrize(
    "text, name",
    [
        ("help", "help"),
        ("Help", "help"),
        ("HELP!", "help"),
        ("help me", "help"),
        ("hlep", "help"),
        ("hepl", "help"),
        ("please help", "help"),
        ("help please", "help"),
        ("I need help", "help"),
        ("what can I say?", "help"),
        ("back", "back"),
        ("go back", "back"),
        ("bakc", "back"),
        ("previous question", "back"),
        ("go back please", "back"),
        ("undo", "undo"),
        ("undo that", "undo"),
        ("udno", "undo"),
        ("scratch that", "undo"),
        ("skip", "skip"),
        ("Skip.", "skip"),
        ("skp", "skip"),
        ("pass", "skip"),
        ("skip this question", "skip"),
        ("next question", "skip"),
        ("I'd rather not say", "skip"),
        ("prefer not to say", "skip"),
        ("why", "why"),
        ("why?", "why"),
        ("Why do you ask?", "why"),
        ("why do you need this", "why"),
        ("what's this for?", "why"),
        ("summary", "summary"),
        ("sumary", "summary"),
        ("summery", "summary"),
        ("show summary", "summary"),
        ("what do you have so far?", "summary"),
        ("recap", "summary"),
        ("restart", "restart"),
        ("start over", "restart"),
        ("strat over", "restart"),
        ("start again", "restart"),
        ("reset", "restart"),
        ("restrat", "restart"),
        ("let's start over", "restart"),
        ("quit", "quit"),
        ("Quit.", "quit"),
        ("qiut", "quit"),
        ("quit please", "quit"),
        ("exit", "quit"),
        ("bye", "quit"),
        ("goodbye", "quit"),
        ("stop", "quit"),
        ("I'm done", "quit"),
        ("ok quit", "quit"),
        ("can we stop now", "quit"),
        ("Can you help me?", "help"),
        ("  back  ", "back"),
    ],
)
def test_commands(text: str, name: str) -> None:
    command = detect_command(text)
    assert command is not None and command.name == name, command
    assert command.name in COMMAND_NAMES


@pytest.mark.parametrize(
    "text",
    [
        "I quit smoking last year",
        "does exercise help",
        "can exercise help my bones?",
        "yes",
        "no",
        "62",
        "I don't know",
        "don't know",
        "not sure",
        "summer",
        "last summer",
        "hip",
        "my back hurts",
        "back pain",
        "I stopped taking it",
        "why does anastrozole affect bones",
        "why is vitamin D important for bones?",
        "what is a T-score?",
        "spine -2.7",
        "quite",
        "quiet",
        "hello",
        "help with what?",
        "I need help understanding my scan results from the clinic",
        "the scan helped",
        "skipping meals",
        "I passed out once",
        "no thanks",
        "restarted anastrozole in 2024",
        "stop smoking advice",
        "",
        "   ",
        "backache",
        "exercise",
        "fractured my wrist",
        "edited",
    ],
)
def test_not_commands(text: str) -> None:
    assert detect_command(text) is None, detect_command(text)


@pytest.mark.parametrize(
    "text, argument, target",
    [
        ("change my age", "age", "age"),
        ("change age", "age", "age"),
        ("Change my age please", "age", "age"),
        ("chnage my age", "age", "age"),
        ("correct my T-score", "t-score", "dexa"),
        ("update my vitamin D", "vitamin d", "vitamin_d"),
        ("fix the calcium", "calcium", "calcium"),
        ("change my calcium supplement answer", "calcium supplement answer", "calcium_supplement"),
        ("actually my hip T-score was -2.2", "hip t-score was -2.2", "dexa"),
        ("Actually, my vitamin D was 45 nmol/L", "vitamin d was 45 nmol/l", "vitamin_d"),
        ("oops, I'm 63", "i'm 63", "age"),
        ("wait, my spine was -2.5", "spine was -2.5", "dexa"),
        ("my age is wrong", "age", "age"),
        ("the smoking answer was wrong", "smoking answer", "smoker"),
        ("I want to change my alcohol", "alcohol", "alcohol_units_per_week"),
        (
            "change the date I started anastrozole",
            "date i started anastrozole",
            "anastrozole_start",
        ),
        ("edit my eGFR", "egfr", "egfr"),
        ("correction: I do take steroids", "i do take steroids", "glucocorticoids"),
    ],
)
def test_change_commands(text: str, argument: str, target: str) -> None:
    assert detect_command(text) == Command("change", argument, target)


def test_change_alone_and_unknown_target() -> None:
    assert detect_command("change") == Command("change", None, None)
    assert detect_command("change something") == Command("change", "something", None)


@pytest.mark.parametrize("text", ["actually yes", "actually no", "actually I don't know", "oops"])
def test_correction_words_without_a_fact_are_answers(text: str) -> None:
    assert detect_command(text) is None


def test_fact_names_cover_the_facts_model_and_labs() -> None:
    from assistant.rules.facts import Facts, LabTest

    expected = set(field_names(Facts)) - {"patient_id", "labs"} | {t.value for t in LabTest}
    assert expected <= set(FACT_NAMES)


@pytest.mark.parametrize(
    "text",
    [
        "what is a T-score?",
        "what is a T-score",
        "What's osteopenia",
        "why does anastrozole affect bones",
        "tell me about vitamin D",
        "explain osteopenia",
        "Explain the DEXA scan please",
        "is -2.1 bad?",
        "does exercise help",
        "how often should I have a scan",
        "Can I take calcium with anastrozole",
        "should I take vitamin D?",
        "osteopenia?",
        "what does Z-score mean",
        "how long does anastrozole last?",
        "is it safe to exercise?",
        "I want to know about denosumab",
        "huh?",
        "what about calcium?",
        "are bisphosphonates safe",
        "no, what is that?",
        "Do I need a DEXA scan?",
    ],
)
def test_questions(text: str) -> None:
    assert looks_like_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "what? no",
        "62?",
        "-2.1?",
        "yes",
        "no",
        "I'm 62",
        "March 2024",
        "March 2024?",
        "yes?",
        "no?",
        "not sure?",
        "I don't know",
        "spine -2.7, hip -1.9",
        "",
        "   ",
        "I think so",
        "nope",
        "woman",
        "huh? yes",
        "vit D 45 nmol/L",
        "maybe?",
        "about 4 units a week",
        "May 2025",
        "may last year",
    ],
)
def test_answers_are_not_questions(text: str) -> None:
    assert not looks_like_question(text)


@pytest.mark.parametrize(
    "text, parts",
    [
        ("62, why do you ask?", ("62", "why do you ask?")),
        ("yes, but what is a DEXA?", ("yes", "what is a DEXA?")),
        (
            "what is a T-score? mine was -2.1 at the hip",
            ("mine was -2.1 at the hip", "what is a T-score?"),
        ),
        ("no and what does P1NP mean", ("no", "what does P1NP mean")),
        ("what is a T-score?", None),
        ("62", None),
        ("thanks, what is a Z-score?", None),  # courtesy is not an answer
        ("what? no", None),
        ("calcium 2.4 mmol/L, May 2025", None),
        ("spine was -1.1 in 2020 and is now -1.9", None),  # more of the answer
        ("not since I was 40, when I broke my ankle", None),  # a clause, not a question
    ],
)
def test_an_answer_and_a_question_in_one_message(text: str, parts: tuple[str, str] | None) -> None:
    assert split_question(text) == parts


@pytest.mark.parametrize(
    "text, meant",
    [
        ("what does that mean?", True),
        ("what's that", True),
        ("What do you mean?", True),
        ("what is a T-score?", False),
        ("why do you ask?", False),
    ],
)
def test_a_question_about_the_question_itself(text: str, meant: bool) -> None:
    assert asks_what_it_means(text) is meant
