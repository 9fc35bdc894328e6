"""The one family of errors the CLI turns into ``Error: ...`` and exit 1.

Anything that is not an :class:`AuditorError` reaching the CLI is a bug and is reported as one.

Reporting every problem, not only the first
--------------------------------------------
A check that can go on after a problem collects it in :class:`Problems` and raises once at the
end; the CLI prints :class:`InputErrors` one problem per line, in file order::

    problems = Problems()
    for index, item in enumerate(items):
        if item["id"] in seen:
            problems.add(doc.at(["items", index, "id"], f"duplicate id {item['id']!r}"))
            continue  # go on: the next item may have its own problem
        ...
    problems.raise_if_any()  # nothing, one InputError, or one InputErrors holding them all

``add`` takes any :class:`InputError` (an :class:`InputErrors` is taken apart), so a builder can
also call a function that raises and keep what it raised::

    try:
        check_buckets(doc, path, buckets)
    except InputError as exc:
        problems.add(exc)

Problems are sorted by file (in the order files were first named) and line; problems on one line
keep the order they were added in. The same problem added twice is reported once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


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
        return printable(f"{where}: {self.path}" if self.path else where)


def printable(text: str) -> str:
    """``text`` with control, format and line-break characters escaped (``\\x1b``, ``\\u202e``):
    a key path is the user's text, and must neither drive the terminal nor split an error line."""
    if text.isprintable():
        return text
    return "".join(_printable(ch) for ch in text)


def _printable(ch: str) -> str:
    if ch.isprintable():
        return ch
    if "\udc80" <= ch <= "\udcff":  # a byte of a file name that is not UTF-8
        return f"\\x{ord(ch) - 0xDC00:02x}"
    return repr(ch)[1:-1]


class InputError(AuditorError):
    """Bad content in an input file, located by file, line and key path."""

    def __init__(self, location: Location, message: str) -> None:
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")

    def __reduce__(self) -> tuple[Any, ...]:  # raised in a worker process, shown by the parent
        return (type(self), (self.location, self.message))


class InputErrors(InputError):
    """Several located problems, in file order; ``str()`` gives one problem per line.

    It is an :class:`InputError` located at the first problem, so code that catches or inspects
    an :class:`InputError` keeps working; :attr:`errors` holds them all.
    """

    def __init__(self, errors: Iterable[InputError]) -> None:
        self.errors = _in_file_order(errors)
        if not self.errors:
            raise ValueError("InputErrors needs at least one error")
        first = self.errors[0]
        super().__init__(first.location, first.message)
        self.args = ("\n".join(str(error) for error in self.errors),)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.errors,))

    def __str__(self) -> str:
        return str(self.args[0])


class Problems:
    """Collects located problems so that a check can report all of them (see the module doc)."""

    def __init__(self) -> None:
        self._errors: list[InputError] = []

    def add(self, error: InputError) -> None:
        """Keep ``error`` (each of them, for an :class:`InputErrors`) and carry on."""
        if isinstance(error, InputErrors):
            self._errors.extend(error.errors)
        else:
            self._errors.append(error)

    def extend(self, errors: Iterable[InputError]) -> None:
        for error in errors:
            self.add(error)

    def __len__(self) -> int:
        return len(self._errors)

    def __bool__(self) -> bool:
        return bool(self._errors)

    def __iter__(self) -> Iterator[InputError]:
        return iter(_in_file_order(self._errors))

    def raise_if_any(self) -> None:
        """Raise the one problem collected, or an :class:`InputErrors` with all of them."""
        errors = _in_file_order(self._errors)
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise InputErrors(errors)


def _in_file_order(errors: Iterable[InputError]) -> tuple[InputError, ...]:
    flat: list[InputError] = []
    for error in errors:
        flat.extend(error.errors if isinstance(error, InputErrors) else [error])
    files: dict[str, int] = {}
    for error in flat:
        files.setdefault(error.location.file, len(files))
    seen: set[tuple[Location, str]] = set()
    kept: list[InputError] = []
    for error in flat:
        key = (error.location, error.message)
        if key not in seen:
            seen.add(key)
            kept.append(error)
    return tuple(sorted(kept, key=lambda e: (files[e.location.file], e.location.line or 0)))
