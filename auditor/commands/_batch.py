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
from auditor.errors import AuditorError, InputError, Location
from auditor.loading import find_checklist
from auditor.progress import Progress
from auditor.scoring import Result, score_audit
from auditor.yamlio import YamlDoc, read_yaml


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
                checklist = found[ref] = _find(ref, doc, dirs)
            loaded.append((build_audit(doc, checklist, shape_checked=True), checklist))
            progress.step()
    return loaded


def _find(ref: str, doc: YamlDoc, dirs: Sequence[Path]) -> Checklist:
    """The checklist an audit names; not found is an error at the audit's ``checklist.id``."""
    try:
        return find_checklist(ref, dirs)
    except InputError:
        raise
    except AuditorError as exc:
        where = Location(doc.file, doc.line_of(["checklist", "id"]), "checklist.id")
        raise InputError(where, str(exc)) from None


def score_all(paths: Sequence[Path], dirs: Sequence[Path], err: TextIO | None) -> list[Result]:
    return [
        score_audit(checklist, audit)
        for audit, checklist in load_audits(paths, dirs, err, "Scoring")
    ]
