"""The progress bar: drawn on a terminal for long batches, never when piped, erased when done."""

from __future__ import annotations

import io
from collections.abc import Callable

from click.testing import Result

from auditor.progress import MIN_ITEMS, Progress
from tests.conftest import FIXTURES

Invoke = Callable[..., Result]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_drawn_on_a_terminal_and_erased_at_the_end() -> None:
    stream = _Terminal()
    with Progress("Scoring", MIN_ITEMS, stream) as progress:
        for _ in range(MIN_ITEMS):
            progress.step()
    text = stream.getvalue()
    assert text.startswith("\rScoring [")
    assert f"] {MIN_ITEMS}/{MIN_ITEMS}" in text  # the last step is always drawn
    assert text.endswith("\r\x1b[K")


def test_nothing_when_piped_or_short() -> None:
    piped = io.StringIO()
    with Progress("Scoring", 1000, piped) as progress:
        for _ in range(1000):
            progress.step()
    assert piped.getvalue() == ""
    short = _Terminal()
    with Progress("Scoring", MIN_ITEMS - 1, short) as progress:
        for _ in range(MIN_ITEMS - 1):
            progress.step()
    assert short.getvalue() == ""


def test_commands_draw_nothing_when_stderr_is_not_a_terminal(invoke: Invoke) -> None:
    files = [FIXTURES / "valid" / "tiny-audit.yaml"] * (MIN_ITEMS + 10)
    result = invoke("score", "--format", "json", "--checklist-dir", FIXTURES / "checklists", *files)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.output.count('"company":"Acme"') == MIN_ITEMS + 10
