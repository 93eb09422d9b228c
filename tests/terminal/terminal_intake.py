"""Shared data of the terminal tests: the fixed today, the command, and a full intake."""

from __future__ import annotations

import sys
from pathlib import Path

TODAY = "2026-11-24"
BONEGUIDE = str(Path(sys.executable).parent / "boneguide")

# A whole intake, one message per line: a postmenopausal woman on anastrozole for breast
# cancer with two spine scans (so the chart is drawn) and one blood test.
INTAKE = [
    "yes",  # consent
    "female",
    "63",
    "after menopause",
    "breast cancer",
    "March 2024",
    "no",  # fragility fracture
    "yes",  # family history
    "no",  # smoker
    "4",  # alcohol units
    "yes",  # weight-bearing exercise
    "no",  # calcium from food
    "no",  # calcium supplement
    "yes",  # vitamin D supplement
    "no",  # glucocorticoids
    "none",  # bone medication
    "82",  # eGFR
    "yes",  # had a DEXA scan
    "spine -1.8 and hip -1.2 in February 2024",
    "yes",  # another scan
    "spine -2.3 in March 2025",
    "no",  # no more scans
    "yes",  # blood tests
    "vitamin D 45 nmol/L",
    "March 2025",
    "no",  # no more results
    "yes",  # review is correct
]
