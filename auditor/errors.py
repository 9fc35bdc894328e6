"""The one family of errors the CLI turns into ``Error: ...`` and exit 1.

Anything that is not an :class:`AuditorError` reaching the CLI is a bug and is reported as one.
"""

from __future__ import annotations

from dataclasses import dataclass


class AuditorError(Exception):
    """A problem the user can act on: bad input, a missing file, an unknown id."""


@dataclass(frozen=True)
class Location:
    """Where in an input file a problem is: file, 1-based line, and a key path named by ids."""

    file: str
    line: int | None = None
    path: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}" if self.path else where


class InputError(AuditorError):
    """Bad content in an input file, located by file, line and key path."""

    def __init__(self, location: Location, message: str) -> None:
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")
