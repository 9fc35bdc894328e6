"""Load (and score) many audit files at once, with a progress bar on a terminal.

Each checklist is found and built once per batch, not once per file: over a folder of a thousand
audits, finding the checklist again for each would cost more than reading the audits.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from auditor.audit import Audit, build_audit, checklist_ref
from auditor.checklist import Checklist
from auditor.loading import checklist_for
from auditor.progress import Progress
from auditor.scoring import Result, score_audit
from auditor.yamlio import read_yaml


def load_audits(
    paths: Sequence[Path], dirs: Sequence[Path], err: TextIO | None, label: str = "Reading"
) -> list[tuple[Audit, Checklist]]:
    found: dict[str, Checklist] = {}
    loaded: list[tuple[Audit, Checklist]] = []
    with Progress(label, len(paths), err) as progress:
        for path in paths:
            doc = read_yaml(path)
            ref = checklist_ref(doc)
            checklist = found.get(ref)
            if checklist is None:
                checklist = found[ref] = checklist_for(doc, dirs)
            loaded.append((build_audit(doc, checklist, shape_checked=True), checklist))
            progress.step()
    return loaded


def score_all(paths: Sequence[Path], dirs: Sequence[Path], err: TextIO | None) -> list[Result]:
    return [
        score_audit(checklist, audit)
        for audit, checklist in load_audits(paths, dirs, err, "Scoring")
    ]


def score_each(paths: Sequence[Path], dirs: Sequence[Path], err: TextIO | None) -> Iterator[Result]:
    """Every audit read and checked first (a bad file stops the run before any output, as with
    :func:`score_all`), then scored one at a time as the caller asks: an export written row by
    row never holds every result."""
    loaded = load_audits(paths, dirs, err)
    loaded.reverse()

    def scored() -> Iterator[Result]:
        while loaded:  # popped, so each audit is let go once scored
            audit, checklist = loaded.pop()
            yield score_audit(checklist, audit)

    return scored()
