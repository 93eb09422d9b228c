"""The parsers by name. Dialog data refers to these names and is checked against them at load."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from assistant.understanding.closed_answers import ChoiceParser, YesNoParser
from assistant.understanding.dates import parse_date
from assistant.understanding.dexa import DexaParser, SiteParser
from assistant.understanding.lab_results import LabParser, LabsParser
from assistant.understanding.numbers import normalize
from assistant.understanding.outcomes import Outcome, ParseContext, Parser
from assistant.understanding.values import (
    AgeParser,
    AlcoholParser,
    BmdParser,
    EgfrParser,
    NumberParser,
    ScoreParser,
)


class DateParser:
    """A past date (or today): value a PartialDate, whose `precision` is "day", "month" or "
    ""year"."""

    name = "date"

    def parse(self, text: str, ctx: ParseContext) -> Outcome:
        return parse_date(normalize(text), ctx.today)


_ALL: tuple[Parser, ...] = (
    AgeParser(),
    YesNoParser(),
    ChoiceParser(),
    DateParser(),
    ScoreParser("t_score"),
    ScoreParser("z_score"),
    BmdParser(),
    EgfrParser(),
    AlcoholParser(),
    NumberParser(),
    LabParser(),
    DexaParser(),
    LabsParser(),
    SiteParser(),
)
PARSERS: Mapping[str, Parser] = MappingProxyType({parser.name: parser for parser in _ALL})
