"""Numbered errors. One base class; the CLI and the batch runner turn them into
exit codes and ``errors`` rows. Match on types, never on message text."""

from __future__ import annotations


class KehoachError(Exception):
    """Base of every error the pipeline raises on purpose."""

    code = "K000"
    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None, stage: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.stage = stage

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        stage = f" [{self.stage}]" if self.stage else ""
        return f"{self.code}{stage} {where}{self.message}"


class InputError(KehoachError):
    """The input file cannot be read as a document (K1xx)."""

    code = "K100"
    exit_code = 2


class EmptyInputError(InputError):
    code = "K101"


class UnsupportedInputError(InputError):
    code = "K102"


class CorruptInputError(InputError):
    code = "K103"


class EncryptedInputError(InputError):
    code = "K104"


class LimitExceededError(InputError):
    """A configured limit (size, pages, pixels, time, memory) was exceeded."""

    code = "K105"


class NotADocumentError(InputError):
    """Decoded, but the text is not a Vietnamese document (binary, noise)."""

    code = "K106"


class DependencyError(KehoachError):
    """A required external program or model is missing (K2xx)."""

    code = "K200"
    exit_code = 3


class ConfigurationError(KehoachError):
    code = "K300"
    exit_code = 4


class OutputError(KehoachError):
    code = "K400"
    exit_code = 5


class StageError(KehoachError):
    """An unexpected failure inside a named stage (a bug, reported per file)."""

    code = "K500"
    exit_code = 6
