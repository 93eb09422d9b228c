"""Every sentence the parsers say to a person, in one place, so that wording changes never
touch logic."""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, str] = {
    # dates
    "date.none": "I could not find a date there. "
    'Try 2024-03-15, March 2024, 2023 or "2 years ago".',
    "date.several": "I found more than one date there; please give just one.",
    "date.invalid": "{date} is not a real date; please check the day and month.",
    "date.future": "{date} is in the future; please give a date on or before today ({today}).",
    "date.too_old": "{date} is too long ago to be right; please check the year.",
    "date.year_assumed": "read as {date} (the year was not given)",
    "date.order_assumed": "read as {date} (the other day/month order would be in the future)",
    "date.ask_order": "Is {text} the {first} or the {second}?",
    "date.ask_which": "Do you mean {options} by {text}?",
    "date.about": "read as about {date}",
    "date.season": "{season} read as about {date}",
    # numbers and values
    "number.none": "I could not find a number there. Please type it in digits, e.g. {example}.",
    "number.several": "I found several numbers there ({numbers}); which one is the {what}?",
    "number.thousands": "Is {text} {first} or {second}?",
    "number.rounded": "{what} {original} read as {value}",
    "value.implausible": "{what} {value} is not possible; it should be between {low} and "
    "{high}{unit}. "
    "Please check the number.",
    "age.decade": "Please give your age in years, e.g. 62.",
    "age.next": "age read as {age} ({said} at the next birthday)",
    "alcohol.several": "Which is it: {options} units a week?",
    "age.birth_year": "Are you {first} or {second}? (born in {year})",
    "age.from_birth": "age {age} worked out from the date of birth {date}",
    "score.sign": "A {what} of {value} without a minus sign is unusual. Is it {positive} or "
    "{negative}?",
    "score.other_kind": "That looks like a {found}, but I asked for the {wanted}.",
    "egfr.bound": 'eGFR "{text}" stored as {value}; the report gives only a bound',
    "egfr.decimal": "An eGFR is reported as a whole number, such as 82; {value} looks more like a "
    "creatinine in mg/dL. What is the eGFR (mL/min/1.73m²) on the report?",
    "dexa.label_after": "Are those T-scores or Z-scores? Please write the kind before each number, "
    'for example "spine Z -1.7, hip Z -1.2".',
    "egfr.age": "Is {value} the eGFR itself? Please give the eGFR number from the report "
    '(mL/min/1.73m²), or say "don\'t know".',
    "egfr.stage": "The stage of kidney disease is not the eGFR itself; what is the eGFR number "
    '(mL/min/1.73m²) on the report? Or say "don\'t know".',
    "age.today": "How old are you today, in years? For example 62.",
    "egfr.creatinine": "That looks like a creatinine value; I need the eGFR (mL/min/1.73m²) from "
    "the report.",
    "alcohol.glasses": 'Drinks vary in strength, so I cannot turn "{text}" into units exactly. '
    "How many units a week is it? (a single measure of spirits is 1 unit, a pint "
    "of ordinary beer about 2, a 175 ml glass of wine about 2.1)",
    "alcohol.per_month": "{value} units a month read as {weekly} units a week",
    "alcohol.vague": "How many units a week, roughly? A number is enough, e.g. 4.",
    # yes/no and choices
    "yes_no.none": "Please answer yes, no, or not sure.",
    "yes_no.both": "I read both a yes and a no there; please answer yes, no, or not sure.",
    "choice.none": "Please choose one of: {options}.",
    "choice.several": "Did you mean {options}?",
    "choice.fuzzy": 'read "{text}" as {value}',
    "choice.unset": "There are no choices for this question.",
    # sites and scans
    "site.none": "Which site is it: lumbar spine, total hip, femoral neck or forearm?",
    "site.ask": "Which site is {value} for?",
    "dexa.none": 'I could not read a DEXA result there. Try e.g. "spine -2.7, hip -1.9".',
    "dexa.duplicate": "I read two {what}s for the {site} ({values}); please give one per site.",
    "dexa.unplaced": "Which site is {value} for?",
    "dexa.label_assumed": "{value} at the {site} read as a {what}",
    "dexa.bmd_guess": "{value} at the {site} read as a BMD in g/cm²",
    # labs
    "lab.none": 'I could not read a lab result there. Try e.g. "vitamin D 45 nmol/L".',
    "lab.which_test": "Which test is {value} for?",
    "lab.other_test": "{name} is another test than the ones I record (blood calcium, 25-OH "
    'vitamin D, PTH, P1NP, CTX, BSAP, NTX); please give one of those, or say "no".',
    "lab.duplicate": "I read two values for {test} ({first} and {second}); please give one.",
    "lab.unit_unknown": "{unit} is not a unit for {test}; use {units}.",
    "lab.unit_assumed": "{test} {value} read as {unit} (the only unit where that value is "
    "possible)",
    "lab.ask_unit": "{test} {value}: is that {units}?",
    "lab.implausible": "{test} {value} {unit} is not possible; it should be between {low} and "
    "{high} {unit}. "
    "Please check the number and the unit.",
    "lab.implausible_any": "{test} {value} is not possible in any unit ({ranges}). Please check "
    "the number.",
    "interpret.date_unplaced": 'I could not tell what the date "{date}" refers to.',
    "interpret.number_unplaced": "I could not tell what {value} is.",
    "interpret.fracture_how": "How did the fracture happen: a fall from standing height or less "
    "(or no injury), or more force (sport, a road accident, a fall from a height)?",
    "interpret.year_only": "Which month in {year} was that? A result dated by its year alone is "
    "not recorded.",
    "too_many_ambiguities": "I was not sure about several things there: {questions}",
}


def text(key: str, **values: Any) -> str:
    """The message for `key` with its fields filled in."""
    return MESSAGES[key].format(**values)
