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
from auditor.errors import AuditorError
from auditor.loading import checklist_for
from auditor.privacy import role_warnings
from auditor.progress import Progress
from auditor.scoring import Result, score_audit
from auditor.yamlio import read_yaml


def load_audits(
    paths: Sequence[Path],
    dirs: Sequence[Path],
    err: TextIO | None,
    label: str = "Reading",
    warnings: list[str] | None = None,
) -> list[tuple[Audit, Checklist]]:
    """The audits and their checklists; ``warnings`` (when given) collects what is worth saying
    but stops nothing, such as a name typed into a role field."""
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
            if warnings is not None:
                warnings.extend(role_warnings(doc))
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


def score_each(
    paths: Sequence[Path],
    dirs: Sequence[Path],
    err: TextIO | None,
    warnings: list[str] | None = None,
) -> Iterator[Result]:
    """Every audit read and checked first (a bad file stops the run before any output, as with
    :func:`score_all`), then scored one at a time as the caller asks: output written audit by
    audit never holds every result."""
    loaded = load_audits(paths, dirs, err, "Reading", warnings)
    loaded.reverse()

    def scored() -> Iterator[Result]:
        while loaded:  # popped, so each audit is let go once scored
            audit, checklist = loaded.pop()
            yield score_audit(checklist, audit)

    return scored()
