"""What reaches a terminal: colour when wanted, and nothing a file's author can use against it.

Three layers, from the outside in:

- :func:`setup_standard_streams` (called once by the CLI's entry point) gives the process
  standard streams that cannot crash it: a closed descriptor becomes an error that names it, a
  stream that cannot encode a character gets an ASCII fallback instead of a
  ``UnicodeEncodeError``, and a write that fails (a full disk) says which stream failed.
- On a terminal, every text written to stdout and stderr goes through :func:`scrub`, which lets
  through only what this program's own output uses (colour, ``\\r`` and erase-line for the
  progress bar) and removes every other control character and escape sequence: no code path
  that forgets to clean a value can clear the screen, move the cursor, retitle the window or
  write the clipboard (OSC 52).
- :func:`clean` removes all of them, colour included, from user-supplied text. The terminal
  renderers end with :meth:`Painter.finish`, which returns their output as it is when every
  escape in it is one the painter made, and cleaned otherwise, so a note cannot fake a red
  verdict line, on a terminal or in a file that is later ``cat``-ed. The stream filter alone
  could not do that: it cannot tell our colour codes from a note's.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import sys
import unicodedata
from typing import Any, BinaryIO, TextIO

from auditor.errors import AuditorError

_COLOURS = {
    "green": "32",
    "amber": "33",
    "red": "31",
    "mixed": "33",
    "unknown": "2",
    "not-applicable": "2",
    "bold": "1",
    "dim": "2",
}
_OFF = ("", "0", "false")


def use_colour(stream: TextIO) -> bool:
    """Colour on a terminal, with the conventions users set in their environment.

    ``NO_COLOR`` (https://no-color.org) turns it off; ``FORCE_COLOR`` or ``CLICOLOR_FORCE``
    turn it on even into a pipe (``| less -R``); ``TERM=dumb`` turns it off. The order is
    CPython's own (3.13): NO_COLOR wins over FORCE_COLOR, which wins over TERM.
    """
    if os.environ.get("NO_COLOR"):
        return False
    if any(os.environ.get(name, "").lower() not in _OFF for name in _FORCE):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return isatty(stream)


_FORCE = ("FORCE_COLOR", "CLICOLOR_FORCE")


class Painter:
    """Wraps text in the colour of a style, or leaves it alone when colour is off.

    It counts the escape sequences it makes, so that :meth:`finish` can tell the output it
    coloured from output that carries escape sequences of its own (from a file's text).
    """

    def __init__(self, colour: bool) -> None:
        self.colour = colour
        self.escapes = 0

    def __call__(self, text: str, style: str | None) -> str:
        code = _COLOURS.get(style or "")
        if not (self.colour and code):
            return text
        self.escapes += 2
        return f"\x1b[{code}m{text}\x1b[0m"

    def finish(self, text: str) -> str:
        """``text``, a whole output this painter coloured, made safe to print.

        When every escape in it is one this painter made and no other control character is
        there, it is returned as it is: the check is two scans of the text, where cleaning
        every string of the data first cost more than rendering it. Otherwise a file's text
        carried control characters or sequences: all of them go, with this output's colour
        (which cannot be told apart from a note's ``\x1b[31m``), and the text stays.
        """
        if text.count("\x1b") == self.escapes and not _SUSPECT_BUT_ESC.search(text):
            return text
        return clean(text)


# --------------------------------------------------------------------------- cleaning text

# Control sequences as a terminal parses them, so that a whole sequence goes (an OSC 52
# clipboard write with its payload, not only its ESC): CSI, then OSC/DCS/SOS/PM/APC strings
# up to their terminator, their 8-bit forms, the other two-character ESC sequences, and last
# any single C0 (except newline and tab) or C1 control or bidirectional override left over.
_STRING_BODY = "[^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)"
_SEQUENCE = re.compile(
    "\x1b\\[[0-?]*[ -/]*[@-~]"
    f"|\x1b[\\]PX^_]{_STRING_BODY}"
    "|\x9b[0-?]*[ -/]*[@-~]"
    f"|[\x90\x98\x9d\x9e\x9f]{_STRING_BODY}"
    "|\x1b[ -/]*[0-~]"
    "|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)
# A quick test before the substitution: almost every string has none of these.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SUSPECT_BUT_ESC = re.compile("[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What our own output sends to a terminal: colour (SGR), erase to end of line, carriage return.
_OURS = re.compile("\x1b\\[[0-9;]*[mK]|\r")


def decision_word(decision: str) -> str:
    """A decision as the plain-text outputs lead with it: ``ask-more`` is ``ASK MORE``."""
    return decision.replace("-", " ").upper()


def clean(text: str) -> str:
    """``text`` without control characters or escape sequences; newlines and tabs stay.

    Removed: C0 controls (ESC, BEL, backspace, carriage return...), DEL, C1 controls, whole
    escape sequences (CSI such as ``\\x1b[2J`` or a colour, OSC such as a clipboard write or a
    window title, DCS and the other string sequences), and the bidirectional embeddings,
    overrides and isolates (U+202A-U+202E, U+2066-U+2069) that reorder what is shown.
    """
    if not _SUSPECT.search(text):
        return text
    return _SEQUENCE.sub("", text)


def scrub(text: str) -> str:
    """:func:`clean`, except for the sequences this program's own output uses."""
    if not _SUSPECT.search(text):
        return text
    return _SEQUENCE.sub(_keep_ours, text)


def _keep_ours(match: re.Match[str]) -> str:
    found = match.group()
    return found if _OURS.fullmatch(found) else ""


# --------------------------------------------------------------------------- binary output


def refuse_binary_on_terminal(output_format: str, stream: BinaryIO | None) -> None:
    """A PDF written to a terminal is pages of garbage, and can leave it in a bad state."""
    if output_format == "pdf" and stream is not None and isatty(stream):
        raise AuditorError(
            "-: a PDF is binary and standard output is a terminal; redirect to a file "
            "(> out.pdf) or use -o FILE"
        )


# --------------------------------------------------------------------------- standard streams

ERRORS = "mlops-audit-fallback"

# What a character the output stream cannot encode becomes. The summary's bars and
# separators first, then the compatibility decomposition (``é`` -> ``e``), then ``?``.
_FALLBACK = {
    "–": "-",
    "—": "--",
    "─": "-",
    "−": "-",
    "…": "...",
    "→": "->",
    "←": "<-",
    "≈": "~",
    "≠": "!=",
    "≥": ">=",
    "≤": "<=",
    "±": "+/-",
    "×": "x",
    "★": "*",
    "•": "*",
    "█": "#",
    "▓": "=",
    "▒": "-",
    "░": ".",
    "┃": "|",
    "↑": "^",
    "↓": "v",
    "Δ": "d",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "✓": "v",
    "✗": "x",
}


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object
    out = []
    for index in range(exc.start, exc.end):
        char = text[index]
        if "\udc80" <= char <= "\udcff":  # a byte of a file name that was not UTF-8
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char == "·":  # a separator between spaces, a dot in a bar
            spaced = text[index - 1 : index] == " " and text[index + 1 : index + 2] == " "
            out.append("-" if spaced else ".")
        elif char in _FALLBACK:
            out.append(_FALLBACK[char])
        else:
            ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(ascii_form or "?")
    return "".join(out), exc.end


codecs.register_error(ERRORS, _fallback)


def writes_unicode(stream: TextIO) -> bool:
    """Whether ``stream`` can encode any character (UTF-8), or would need fallbacks (ASCII).

    JSON goes out with ``\\u`` escapes to a stream that cannot: the data stays exact, where
    the fallbacks above would change it.
    """
    try:
        "\u2588\U0001f600".encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class StreamError(OSError):
    """A standard stream that could not be written or read, named for the user."""

    def __init__(self, label: str, cause: OSError) -> None:
        number = cause.errno if cause.errno is not None else errno.EIO
        reason = "it is closed" if number == errno.EBADF else (cause.strerror or str(cause))
        verb = "read from" if label == "standard input" else "write to"
        super().__init__(number, f"cannot {verb} {label}: {reason}")

    def __str__(self) -> str:
        return str(self.strerror)


class _Standard(io.TextIOWrapper):
    """Standard output or error: scrubbed on a terminal, a failure named by the stream's name."""

    def __init__(self, buffer: Any, label: str, *, terminal: bool, **options: Any) -> None:
        super().__init__(buffer, **options)
        self._label = label
        self._filter = scrub if terminal else _same

    def write(self, text: str) -> int:
        try:
            super().write(self._filter(text))
        except (BrokenPipeError, StreamError):
            raise  # a reader that went away ends the program quietly (see the CLI)
        except OSError as exc:
            raise StreamError(self._label, exc) from None
        return len(text)

    def flush(self) -> None:
        try:
            super().flush()
        except (BrokenPipeError, StreamError):
            raise
        except OSError as exc:
            raise StreamError(self._label, exc) from None

    def write_bytes(self, data: bytes) -> None:
        """Text already encoded in this stream's encoding (a batch encodes where it renders):
        straight to the file when nothing is scrubbed, through :meth:`write` on a terminal."""
        if self._filter is not _same:
            self.write(data.decode(self.encoding, self.errors or "strict"))
            return
        self.flush()  # what went through the text layer first stays first
        try:
            self.buffer.write(data)
        except (BrokenPipeError, StreamError):
            raise
        except OSError as exc:
            raise StreamError(self._label, exc) from None


def _same(text: str) -> str:
    return text


class _Closed(io.RawIOBase):
    """A standard stream that was closed when the program started (``>&-``, ``<&-``)."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self._label = label

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise StreamError(self._label, OSError(errno.EBADF, os.strerror(errno.EBADF)))

    def write(self, data: Any) -> int:
        raise StreamError(self._label, OSError(errno.EBADF, os.strerror(errno.EBADF)))


def started_closed(stream: object) -> bool:
    """Whether ``stream`` stands in for a standard stream that was closed when the program
    started (``<&-``, ``>&-``): reading or writing it would fail."""
    buffer = getattr(stream, "buffer", None)
    raw = getattr(buffer, "raw", buffer)
    return isinstance(raw, _Closed)


def setup_standard_streams() -> None:
    """Give the process standard streams that fail cleanly (see the module's docstring).

    Only the process's own streams are replaced, and once: a harness that swapped in its own
    (click's CliRunner, pytest's capture) keeps them.
    """
    closed = _reopen_closed_descriptors()
    if 0 in closed and sys.stdin is sys.__stdin__:
        sys.stdin = io.TextIOWrapper(io.BufferedReader(_Closed("standard input")), encoding="utf-8")
    for fd, name, label in ((1, "stdout", "standard output"), (2, "stderr", "standard error")):
        current = getattr(sys, name)
        if current is not getattr(sys, f"__{name}__") or isinstance(current, _Standard):
            continue
        setattr(sys, name, _standard(fd, label, None if fd in closed else current))


def _standard(fd: int, label: str, current: TextIO | None) -> _Standard:
    if current is None:
        # Closed at start. Standard error has nowhere to say anything, so its text goes to the
        # /dev/null now on descriptor 2 (the exit code still tells); output is an error.
        buffer: Any = io.FileIO(2, "w", closefd=False) if fd == 2 else _Closed(label)
        return _Standard(
            buffer, label, terminal=False, encoding="utf-8", errors=ERRORS, write_through=True
        )
    current.flush()
    return _Standard(
        current.buffer,
        label,
        terminal=isatty(current),
        encoding=current.encoding,
        errors=ERRORS,
        line_buffering=current.line_buffering,
        write_through=getattr(current, "write_through", False),
    )


def _reopen_closed_descriptors() -> set[int]:
    """Open /dev/null on any of descriptors 0-2 that is closed, and say which were.

    Otherwise the next file the program opens (a report's temporary file) would get the number
    of the closed stream, and text meant for the terminal could end up in the report.
    """
    closed = set()
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.add(fd)
    for fd in sorted(closed):
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    return closed


def silence_stdout() -> None:
    """After standard output failed (a full disk, a closed reader): point it at /dev/null so
    that the interpreter's final flush of what is left in its buffer cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(null, 1)
    except OSError:
        pass
    finally:
        os.close(null)


def isatty(stream: object) -> bool:
    """Whether ``stream`` is a terminal; False for anything closed or without ``isatty``."""
    method = getattr(stream, "isatty", None)
    try:
        return bool(method and method())
    except (ValueError, OSError):  # a closed stream
        return False
