"""Every sentence the terminal adds around the engine's replies, in one place.

The dialog's own wording lives in dialogs/*.yaml; these are the terminal's frame: welcome,
resume, goodbye, and the labels of the assessment layout.
"""

from __future__ import annotations

WELCOME_TITLE = "BoneGuide: your bone health while you take anastrozole"
HOW_TO_HELP = "Type help for commands, Tab for choices, Ctrl-D to save and leave."
HOW_TO_HELP_PIPED = "Type help for commands; the end of input saves and leaves."

RESUME_QUESTION = "Continue where you left off {when}{where}? [Y/n] "
RESUME_WHERE = " ({section}, step {step} of {total})"
RESUME_AGAIN = "Please answer y (continue) or n (start afresh)."
RESUMING = "Continuing where you left off {when}{where}."
STARTING_AFRESH = "Starting a new conversation."
INPUT_REPLACED = (
    "Part of that line was not readable text and shows as \ufffd; retype it if it mattered."
)
LINE_NOT_SAVED = (
    'input line {line} ("{text}") was not saved, and nothing after it was read: {error}. '
    "Send it again from line {line} once the store works."
)
NOT_SAVED_RETRY = "Your text is still at the prompt: press Enter to send it again, or edit it."
LINE_CLEARED = "(line cleared; Ctrl-D saves and leaves)"
GOODBYE = "saved, see you"
FINISHED = "The conversation is finished; its answers are saved."
PROMPT = "you> "
ASSISTANT = "BoneGuide"

SOURCE = "Source: {source}"
SUGGESTIONS = "Perhaps you meant:"
CHOICES = "Choices: {choices}"
CONFIRM_HINT = "[y/n]"

TOOLBAR_WHERE = "{section}  ·  step {step} of {total}"
TOOLBAR_FINISHED = "Intake complete: ask a question"
TOOLBAR_KEYS = ("Tab: choices", "help", "Ctrl-D: save and leave")  # dropped from the end to fit
TOOLBAR_SEPARATOR = "  ·  "

# The global commands of the dialog (SPEC section 7), offered by Tab completion.
COMMANDS: dict[str, str] = {
    "help": "what you can type",
    "back": "return to the previous question",
    "undo": "take back the last answer",
    "skip": "skip a question you cannot answer",
    "why": "why this question is asked",
    "summary": "what you have told me so far",
    "change": "correct an answer, e.g. change my age",
    "restart": "start the intake again",
    "quit": "save and leave",
}

# The keys of the terminal, shown under the commands by `help` at a terminal.
KEYS: dict[str, str] = {
    "Tab": "the choices of the question, and the commands",
    "Up / Down": "your earlier answers",
    "Ctrl-R": "search your earlier answers",
    "Ctrl-D": "save and leave",
}
HELP_HEADING = "You can type an answer in your own words, a question, or:"
HELP_QUESTIONS = "Ask any question about anastrozole and bone health at any time."

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
NO_RISKS = "none recorded"
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
