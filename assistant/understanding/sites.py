"""DEXA sites and score labels as people name them ("LS", "L1-L4", "neck of femur", "T",
"Z-score")."""

from __future__ import annotations

from dataclasses import dataclass

from assistant import wording
from assistant.patterns import compiled
from assistant.rules.facts import Site
from assistant.understanding.canonical_spelling import correct_spelling
from assistant.understanding.closed_answers import match_choice
from assistant.understanding.numbers import clean
from assistant.understanding.outcomes import NoMatch, Outcome, Parsed
from assistant.understanding.phrases import phrase_table
from assistant.understanding.wordlists import alternation

SITE_SYNONYMS: dict[Site, tuple[str, ...]] = {
    Site(site): words for site, words in phrase_table("sites").items()
}

_SITE_WORDS = sorted(
    ((syn, site) for site, syns in SITE_SYNONYMS.items() for syn in syns),
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_SITE_LOOKUP = {syn: site for syn, site in _SITE_WORDS}
SITE_PATTERN = compiled(r"(?<![\w/])(?:" + alternation(_SITE_LOOKUP) + r")(?![\w/])")

# "T -1.8", "T-score", "Z score of", "BMD": the kind of number that follows
_LABEL_PATTERN = compiled(
    r"(?<![\w-])(?:(?P<t>t[- ]?scores?|t(?=\s*[:=]?\s*(?:of\s+)?[-+]?\d)|t(?=\s*[,;]?\s*$))"
    r"|(?P<z>z[- ]?scores?|z(?=\s*[:=]?\s*(?:of\s+)?[-+]?\d))"
    r"|(?P<bmd>bmd|bone mineral density|bone density)|(?P<lsc>lsc|least significant change))(?!\w)"
)
BMD_UNIT_PATTERN = compiled(
    r"(?P<unit>g|mg)\s*/\s*cm\s*\^?2|(?P<unit2>g|mg)\s*per\s*cm\s*(?:2|squared)"
)


@dataclass(frozen=True)
class Mark:
    """A site, label or unit found in text, with its span."""

    kind: str  # "site", "label", "bmd_unit"
    value: str  # a Site value, "t_score"/"z_score"/"bmd"/"lsc", or "g/cm2"/"mg/cm2"
    start: int
    end: int


def find_sites(text: str) -> list[Mark]:
    return [
        Mark("site", _SITE_LOOKUP[m[0]], m.start(), m.end()) for m in SITE_PATTERN.finditer(text)
    ]


def find_labels(text: str) -> list[Mark]:
    marks = []
    for m in _LABEL_PATTERN.finditer(text):
        kind = "t_score" if m["t"] else "z_score" if m["z"] else "lsc" if m["lsc"] else "bmd"
        marks.append(Mark("label", kind, m.start(), m.end()))
    for m in BMD_UNIT_PATTERN.finditer(text):
        unit = (m["unit"] or m["unit2"]) + "/cm2"
        marks.append(Mark("bmd_unit", unit, m.start(), m.end()))
    return sorted(marks, key=lambda mark: mark.start)


def match_site(text: str) -> Outcome:
    """The one site named in `text`, spelled loosely ("femural neck" is confirmed, not refused)."""

    found = {mark.value for mark in find_sites(correct_spelling(clean(text)))}
    if len(found) == 1:
        return Parsed(str(found.pop()))
    outcome = match_choice(text, {str(site): synonyms for site, synonyms in SITE_SYNONYMS.items()})
    if isinstance(outcome, NoMatch):
        return NoMatch(wording.text("site.none"))
    return outcome
