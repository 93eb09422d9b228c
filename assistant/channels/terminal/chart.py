"""A small text chart of one site's scores over time, with the category lines drawn: -1.0 and
-2.5 for T-scores, -2.0 for Z-scores (whichever score the assessment used).

Time runs left to right in proportion to the dates; each row is a quarter of a score unit
(half a unit when the values spread wide), so every threshold falls on a row.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.channels.terminal.capabilities import Capabilities
from assistant.channels.terminal.styled import Fragment, Line, merge, wrap
from assistant.rules.labels import MEASUREMENTS
from assistant.summary import Score, score

LABEL_WIDTH = 6  # "-2.5 " plus the axis


@dataclass(frozen=True)
class Threshold:
    level: float
    style: str
    legend: str
    # True when a score exactly on the line is in the worse category (-2.5 is osteoporosis,
    # Z -2.0 is low for age); False when it is still in the better one (-1.0 is normal).
    inclusive: bool


# WHO 1994, as quoted in the document: below -1.0 is osteopenia, at or below -2.5 osteoporosis.
OSTEOPENIA = Threshold(-1.0, "class:chart.osteopenia", "below it: osteopenia", inclusive=False)
OSTEOPOROSIS = Threshold(-2.5, "class:chart.osteoporosis", "at or below: osteoporosis", True)
# ISCD: a Z-score at or below -2.0 is below the expected range for age.
LOW_FOR_AGE = Threshold(-2.0, "class:chart.osteoporosis", "at or below: low for age", True)
THRESHOLDS: dict[Score, tuple[Threshold, ...]] = {
    "t_score": (OSTEOPENIA, OSTEOPOROSIS),
    "z_score": (LOW_FOR_AGE,),
}


def score_chart(
    site_label: str,
    points: Sequence[tuple[dt.date, float]],
    caps: Capabilities,
    kind: Score = "t_score",
) -> list[Line]:
    """The chart of `kind` scores as styled lines; empty when fewer than two dated scores."""
    points = sorted(points)
    if len(points) < 2:
        return []
    values = [value for _, value in points]
    step = 0.25 if max(values) - min(values) <= 3.0 else 0.5
    top = max(0.0, math.ceil(max(values) / step) * step)
    thresholds = THRESHOLDS[kind]
    bottom = min(-3.0, math.floor(min(values) / step) * step)
    rows = round((top - bottom) / step) + 1
    plot_width = max(min(caps.width - LABEL_WIDTH - 2, 44), len(points) * 2)
    columns = _columns([day for day, _ in points], plot_width)

    g = _Glyphs(caps.unicode)
    lines: list[Line] = [[("class:chart.title", f"{MEASUREMENTS[kind]}, {site_label}")]]
    for row in range(rows):
        level = top - row * step
        threshold = _threshold_style(level, step, thresholds)
        cells: list[Fragment] = [(threshold, g.dash) if threshold else ("", " ")] * plot_width
        for (_, value), column in zip(points, columns, strict=True):
            if abs(_row_level(value, step, thresholds) - level) < step / 2:
                cells[column] = ("class:chart.point", g.point)
        labelled = _labelled(level, thresholds)
        label = f"{level:5.1f}" if labelled else " " * 5
        axis = g.cross if threshold else (g.tick if labelled else g.vertical)
        lines.append([("class:chart.axis", label + axis), *merge(cells)])
    lines.append([("class:chart.axis", " " * 5 + g.corner + _axis(columns, plot_width, g))])
    for line in thresholds:
        lines += wrap(
            [(line.style, f"{g.dash * 2} {line.level:.1f}"), ("", f" {line.legend}")],
            caps.width,
            indent="         ",
            first_indent="      ",
        )
    readings = "   ".join(f"{day:%b %Y}: {score(value)}" for day, value in points)
    lines.extend(wrap([("class:chart.values", readings)], caps.width, indent="      "))
    return lines


def _row_level(value: float, step: float, thresholds: Sequence[Threshold]) -> float:
    """The nearest row, moved by one when rounding would cross a threshold line.

    A T-score of -0.95 must not be drawn on the -1.0 line, nor -2.45 on the -2.5 line, nor a
    Z-score of -1.95 on the -2.0 line: the picture has to tell the same category as the number.
    """
    level = round(value / step) * step
    for line in thresholds:
        if value > line.level >= level - step / 2:
            level = line.level + step
        elif value < line.level <= level and not line.inclusive:
            level = line.level - step
    return level


def _labelled(level: float, thresholds: Sequence[Threshold]) -> bool:
    return level.is_integer() or any(level == line.level for line in thresholds)


def _threshold_style(level: float, step: float, thresholds: Sequence[Threshold]) -> str:
    for line in thresholds:
        if abs(level - line.level) < step / 2:
            return line.style
    return ""


def _columns(days: Sequence[dt.date], width: int) -> list[int]:
    """Column of each date, proportional to time, never two dates in one column."""
    span = (days[-1] - days[0]).days
    columns: list[int] = []
    for index, day in enumerate(days):
        if span:
            column = 1 + round((day - days[0]).days / span * (width - 3))
        else:
            column = 1 + round(index / max(len(days) - 1, 1) * (width - 3))
        if columns and column <= columns[-1]:
            column = columns[-1] + 1
        columns.append(min(column, width - 1))
    return columns


def _axis(columns: Sequence[int], width: int, g: _Glyphs) -> str:
    cells = [g.horizontal] * width
    for column in columns:
        cells[column] = g.axis_tick
    return "".join(cells)


class _Glyphs:
    def __init__(self, unicode: bool) -> None:
        if unicode:
            self.point, self.dash, self.vertical, self.tick, self.cross = "●", "┄", "│", "┤", "┼"
            self.corner, self.horizontal, self.axis_tick = "└", "─", "┬"
        else:
            self.point, self.dash, self.vertical, self.tick, self.cross = "*", ".", "|", "+", "+"
            self.corner, self.horizontal, self.axis_tick = "+", "-", "+"
