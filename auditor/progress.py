"""A progress bar on stderr for long batches: only on a terminal, never when piped or redirected.

It draws at most ten times a second and only for batches large enough to take a while, so short
runs and scripts see nothing; it erases itself when done, leaving the output as it would be.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import TextIO

MIN_ITEMS = 50
_REDRAW_SECONDS = 0.1
_BAR_WIDTH = 30


class Progress:
    def __init__(self, label: str, total: int, stream: TextIO | None) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = stream is not None and total >= MIN_ITEMS and bool(isatty and isatty())
        self.stream = stream
        self.label = label
        self.total = total
        self.done = 0
        self._drawn = 0.0

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.enabled and self._drawn and self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def step(self) -> None:
        self.done += 1
        if not self.enabled or self.stream is None:
            return
        now = time.monotonic()
        if now - self._drawn < _REDRAW_SECONDS and self.done < self.total:
            return
        self._drawn = now
        filled = round(_BAR_WIDTH * self.done / self.total)
        bar = "#" * filled + "·" * (_BAR_WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
        self.stream.flush()
