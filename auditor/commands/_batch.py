"""Load (and score) many audit files at once, with a progress bar on a terminal.

Each checklist is found and built once per batch, not once per file: over a folder of a thousand
audits, finding the checklist again for each would cost more than reading the audits.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.audit import Audit, build_audit, checklist_ref
from auditor.checklist import Checklist
from auditor.errors import AuditorError
from auditor.loading import checklist_for
from auditor.privacy import role_warnings
from auditor.progress import Progress
from auditor.scoring import Result, score_audit
from auditor.yamlio import read_yaml


class Reader:
    """Reads and checks the audit files of a batch by index, each checklist found once."""

    def __init__(self, paths: Sequence[Path], dirs: Sequence[Path]) -> None:
        self.paths = paths
        self.dirs = dirs
        self.found: dict[str, Checklist] = {}

    def __call__(self, index: int) -> tuple[Audit, Checklist, list[str]]:
        """The audit, its checklist, and what is worth saying about it but stops nothing
        (a name typed into a role field)."""
        doc = read_yaml(self.paths[index])
        ref = checklist_ref(doc)
        checklist = self.found.get(ref)
        if checklist is None:
            checklist = self.found[ref] = checklist_for(doc, self.dirs)
        return build_audit(doc, checklist, shape_checked=True), checklist, role_warnings(doc)


def load_audits(
    paths: Sequence[Path],
    dirs: Sequence[Path],
    err: TextIO | None,
    label: str = "Reading",
    warnings: list[str] | None = None,
) -> list[tuple[Audit, Checklist]]:
    """The audits and their checklists, in order; the first bad file stops it. ``warnings``
    (when given) collects what is worth saying but stops nothing."""
    read = Reader(paths, dirs)
    loaded: list[tuple[Audit, Checklist]] = []
    with Progress(label, len(paths), err) as progress:
        for index in range(len(paths)):
            audit, checklist, said = read(index)
            loaded.append((audit, checklist))
            if warnings is not None:
                warnings.extend(said)
            progress.step()
    return loaded


def score_all(
    paths: Sequence[Path],
    dirs: Sequence[Path],
    err: TextIO | None,
    warnings: list[str] | None = None,
) -> list[Result]:
    return [
        score_audit(checklist, audit)
        for audit, checklist in load_audits(paths, dirs, err, "Scoring", warnings)
    ]


def score_previous(
    previous: Path | None, audits: Sequence[Path], dirs: Sequence[Path]
) -> Result | None:
    """``--previous``: the earlier audit of the one team the command was given, scored."""
    if previous is None:
        return None
    if len(audits) != 1:
        raise AuditorError(
            f"--previous compares one audit with an earlier one; got {len(audits)} audits"
        )
    (result,) = score_all([previous], dirs, None)
    return result
