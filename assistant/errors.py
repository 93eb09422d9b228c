"""The error tree. Raised in the core, translated only at the edges (CLI, REPL, Slack).

BoneGuideError                 anything the product reports to a person; has `exit_code`
 ├── UsageError                a command was given input it cannot use (exit 2)
 │    └── FactsError           a facts file is invalid: names the field and the problem
 ├── ConfigError               configuration from the environment is missing or bad (exit 2)
 ├── DefinitionError           a dialog or knowledge file is invalid: names file and line
 └── StoreError                the conversation store failed
      ├── StoreUnavailable     the database cannot be reached, opened or written
      ├── SchemaTooNew         the database was migrated by a newer program
      ├── ConversationBusy     another process kept the conversation locked too long
      ├── TurnNotSaved         a message's turn could not be written: it must be sent again
      │    └── RecordsErased   the patient or conversation was purged while it was open
      └── RecordUnreadable     a stored row is not what BoneGuide wrote: names it, says what to do
"""

from __future__ import annotations


class BoneGuideError(Exception):
    """Base of every error the product reports to a person."""

    exit_code = 1


class UsageError(BoneGuideError):
    exit_code = 2


class FactsError(UsageError):
    """A facts document that cannot be assessed: one field, one problem."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class ConfigError(BoneGuideError):
    exit_code = 2


class DefinitionError(BoneGuideError):
    """A problem in dialogs/ or knowledge/, located by file and line."""

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.problem = problem
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {problem}")


class StoreError(BoneGuideError):
    pass


class StoreUnavailable(StoreError):
    exit_code = 3


class SchemaTooNew(StoreError):
    exit_code = 3


class ConversationBusy(StoreError):
    pass


class TurnNotSaved(StoreError):
    """A turn whose write failed (after a short retry): nothing of it was stored, so the
    question it answered still stands and nothing sent after it may be read as an answer."""

    exit_code = 3

    def __init__(self, reason: str, *, what: str = "your answer") -> None:
        self.reason = reason
        super().__init__(f"could not save {what}: {reason}")


class RecordsErased(TurnNotSaved):
    """A write naming a patient or conversation that `purge` erased while it was open: final,
    since sending it again would bring back what was erased."""

    def __init__(self) -> None:
        super().__init__(
            "this conversation's records were erased by `boneguide purge` while it was open, "
            "and nothing more is stored for it"
        )


class RecordUnreadable(StoreError):
    """A stored conversation or patient row that cannot be read (not JSON, or not the shape
    BoneGuide writes): names the row and the way out, instead of a traceback."""

    def __init__(self, what: str, patient_id: str | None, problem: str) -> None:
        self.what = what
        self.patient_id = patient_id
        self.problem = problem
        if patient_id:
            remedy = (
                f"start afresh with `boneguide chat --patient {patient_id} --new`, or remove "
                f"the patient's records with `boneguide purge --patient {patient_id}`"
            )
        else:
            remedy = "remove it with `boneguide purge --older-than DAYS`"
        super().__init__(f"{what} cannot be read ({problem}); {remedy}")

    @classmethod
    def conversation(
        cls, conversation_id: str, patient_id: str | None, problem: str
    ) -> RecordUnreadable:
        of = f" of patient {patient_id}" if patient_id else ""
        return cls(f"the stored conversation {conversation_id}{of}", patient_id, problem)
