"""The labels of the assessment layout at the terminal, beside assessment_view.py while the
summary's view is reworked; the rest of the terminal's wording is in assistant/wording.yaml."""

from __future__ import annotations

# Assessment layout ------------------------------------------------------------------------
TITLE = "Your bone health summary"
AS_OF = "as of {date}"
LABEL_DENSITY = "Bone density"
LABEL_CHANGE = "Change"
LABEL_LABS = "Labs"
LABEL_RISKS = "Risk factors"
LABEL_MONITORING = "Monitoring"
LABEL_DISCUSS = "To discuss with your clinician"
LABEL_SOURCES = "Sources"
NO_LABS = "no results recorded"
DENSITY_BASIS = "lowest {score} {value} at the {site} (scan of {date})"
DENSITY_UNKNOWN = "not known yet: no DEXA score that can be used is recorded"
CHANGE_LINE = "{site}: {direction} {amount} from {start} to {end}"
CHANGE_SIGNIFICANT = "significant"
CHANGE_NOT_SIGNIFICANT = "within measurement error"
DISCUSS_TREATMENT = "Your results meet the criteria to discuss bone-protecting treatment."
MONITORING_HEADERS = ("Test", "Status", "Last done", "Next due")
NONE_RECORDED = "none recorded"  # no result at all (missing baseline)
DATE_UNKNOWN = "-"  # a result without a date, or a test never needed so far
NOT_SCHEDULED = "-"
