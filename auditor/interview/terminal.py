"""Reading lines and writing text for the interview, on a terminal or from a script.

On a terminal (stdin and stdout both TTYs) lines come from :func:`input`, with line editing, and
colour is used unless NO_COLOR is set. Otherwise answers are read line by line from the stream and
echoed, so a transcript reads like a session; no colour, no cursor tricks. Every write is flushed:
a line printed is a line the reader (or a test that kills the process) has.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import textwrap
from collections.abc import Iterator
from typing import TextIO

from auditor.render.terminal import Painter, clean, use_colour

_MIN_WIDTH, _MAX_WIDTH = 30, 100
_DEFERRED = (signal.SIGINT, signal.SIGHUP, signal.SIGTERM)


class Hangup(BaseException):
    """The terminal went away (SIGHUP) or the process was asked to stop (SIGTERM).

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` swallows it.
    """


class Terminal:
    def __init__(self, stdin: TextIO | None, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = _isatty(stdin) and _isatty(stdout)
        self.paint = Painter(self.interactive and use_colour(stdout))
        if self.interactive:
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401  (gives input() line editing and history)

    @property
    def width(self) -> int:
        """Columns to wrap to, read each time so that a resized window is followed."""
        columns = shutil.get_terminal_size((80, 24)).columns
        return max(_MIN_WIDTH, min(columns, _MAX_WIDTH)) - 1

    def write(self, text: str) -> None:
        try:
            self.stdout.write(text)
            self.stdout.flush()
        except OSError as exc:
            # The terminal or the reader went away (EIO, EPIPE): the same as a hangup; every
            # confirmed answer is saved already.
            raise Hangup(str(exc)) from None

    def say(self, text: str = "", style: str | None = None, indent: str = "") -> None:
        """A message wrapped to the width (a long path stays whole), then a newline."""
        lines = textwrap.wrap(
            clean(text),  # messages quote names and notes from the audit file
            self.width,
            initial_indent=indent,
            subsequent_indent=indent + "  " if indent else "",
            break_long_words=False,
            break_on_hyphens=False,
        )
        self.write("".join(self.paint(line, style) + "\n" for line in lines or [""]))

    def warn(self, text: str) -> None:
        """Something the user must know that did not stop the interview."""
        self.say(text, "amber")

    def command(self, text: str) -> None:
        """A command to copy: on its own line and never wrapped, so it pastes whole."""
        self.write("  " + self.paint(clean(text), "bold") + "\n")

    def read(self, prompt: str) -> str | None:
        """One line without its newline; None at end of input (Ctrl-D)."""
        prompt = clean(prompt)
        if self.interactive:
            try:
                return input(prompt)
            except EOFError:
                self.write("\n")
                return None
            except OSError as exc:  # the terminal went away (EIO): as a hangup
                raise Hangup(str(exc)) from None
        self.write(prompt)
        try:
            # None: started with standard input closed (`<&-`); read as the end of input.
            line = self.stdin.readline() if self.stdin is not None else ""
        except ValueError:  # closed meanwhile: the end of input too
            line = ""
        except OSError as exc:
            raise Hangup(str(exc)) from None
        if not line:
            self.write("\n")
            return None
        line = line.rstrip("\r\n")
        self.write(
            clean(line) + "\n"
        )  # echo, so that a scripted run's output reads as a transcript
        return line


@contextlib.contextmanager
def hangup_raises() -> Iterator[None]:
    """While inside, SIGHUP and SIGTERM raise :class:`Hangup` (as SIGINT raises
    KeyboardInterrupt), so the interview can say how to resume instead of dying silently."""

    def handler(signum: int, frame: object) -> None:
        raise Hangup(signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGHUP, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT, SIGHUP and SIGTERM until the block ends.

    Around a save, so that Ctrl-C lands after the file is written and the answer confirmed
    rather than in between; the write is atomic either way, this only makes the outcome
    predictable. SIGKILL cannot be held: the atomic rename is what protects against it.
    """
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _isatty(stream: TextIO | None) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
