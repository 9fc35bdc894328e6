"""``mlops-audit interview FILE``: walk the questions, saving the audit file after every answer."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.errors import AuditorError
from auditor.interview import driver
from auditor.interview.lock import audit_lock
from auditor.interview.store import real_path
from auditor.interview.terminal import Terminal
from auditor.render.terminal import started_closed


def run(
    path: Path,
    checklist: str | None,
    mode: str | None,
    meta: dict[str, str | None],
    only: Sequence[str],
    review: bool,
    unknowns: bool,
    extra_dirs: Sequence[Path],
    stdin: TextIO | None,
    stdout: TextIO | None,
) -> int:
    if stdout is None or started_closed(stdout):  # started with `>&-`
        raise AuditorError(
            f"{path}: standard output is closed, so the interview could not show its questions; "
            "nothing was written"
        )
    if stdin is not None and started_closed(stdin):  # started with `<&-`: no answer can come
        raise AuditorError("cannot read from standard input: it is closed")
    options = driver.Options(
        path=path,
        today=datetime.date.today().isoformat(),
        checklist=checklist,
        mode=mode,
        meta={key: value for key, value in meta.items() if value},
        only=tuple(only),
        review=review,
        unknowns=unknowns,
        extra_dirs=tuple(extra_dirs),
    )
    # Held for the whole session, from before the file is first read: a second interview on the
    # same file is refused before it asks anything.
    with audit_lock(real_path(path), path):
        return driver.run(options, Terminal(stdin, stdout))
