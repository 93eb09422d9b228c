"""The error tree. Raised in the core, translated only at the edges (CLI, REPL, Slack).

BoneGuideError                 anything the product reports to a person; has `exit_code`
 ├── UsageError                a command was given input it cannot use (exit 2)
 │    └── FactsError           a facts file is invalid: names the field and the problem
 ├── ConfigError               configuration from the environment is missing or bad (exit 2)
 ├── DefinitionError           a dialog or knowledge file is invalid: names file and line
 └── StoreError                the conversation store failed
      ├── StoreUnavailable     the database cannot be reached or opened
      ├── SchemaTooNew         the database was migrated by a newer program
      └── ConversationBusy     another process kept the conversation locked too long
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
