"""Exceptions with messages an economist can act on.

Every bad-input error names the file, the column, the row and what was expected, so the
message alone is enough to find and fix the offending cell.
"""

from __future__ import annotations


class AilaborError(Exception):
    """Base class for errors raised by the pipeline."""


class ConfigError(AilaborError):
    """The configuration is invalid (unknown key, wrong type, inconsistent choice)."""


class InputError(AilaborError):
    """A raw or staged input file does not have the expected content.

    Parameters mirror what a reader needs to fix the file: ``row`` is the 1-based line or
    spreadsheet row as a human sees it in the file (header = row 1) when known.
    """

    def __init__(
        self,
        file: str,
        expected: str,
        *,
        column: str | None = None,
        row: int | None = None,
        found: object = None,
        hint: str | None = None,
    ) -> None:
        self.file = str(file)
        self.column = column
        self.row = row
        self.expected = expected
        self.found = found
        parts = [f"file {self.file}"]
        if column is not None:
            parts.append(f"column {column!r}")
        if row is not None:
            parts.append(f"row {row}")
        msg = ", ".join(parts) + f": expected {expected}"
        if found is not None:
            msg += f", found {found!r}"
        if hint:
            msg += f". {hint}"
        super().__init__(msg)


class ChecksumError(AilaborError):
    """A file's sha256 differs from the recorded or pinned value; ``hint`` says what to do in
    this case (a pinned official file, a read-only mirror's list, a recorded file)."""

    def __init__(self, file: str, expected: str, actual: str, where: str, hint: str | None = None) -> None:
        self.file, self.expected, self.actual = str(file), expected, actual
        super().__init__(
            f"checksum mismatch for {file}:\n  expected sha256 {expected} ({where})\n"
            f"  actual   sha256 {actual}\n" + (hint or "Restore the file.")
        )


class DownloadError(AilaborError):
    """A download failed after all retries."""
