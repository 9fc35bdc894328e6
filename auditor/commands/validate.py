"""``mlops-audit validate FILE...``: every file checked, every problem reported by line.

Each file is read once (so ``-`` and ``/dev/stdin`` work). Every problem is reported, in file
order: those found as it is read and against its schema first; when there are none, every problem
the checks after those find (ids unique, answers that name real options, bands in order...).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.audit import build_audit
from auditor.errors import AuditorError, InputError, InputErrors, Problems
from auditor.loading import checklist_dirs as default_dirs
from auditor.loading import checklist_for, checklist_from_doc
from auditor.privacy import role_warnings
from auditor.validation import validate
from auditor.yamlio import display_name, read_yaml


def run(files: Sequence[Path], extra_dirs: Sequence[Path], out: TextIO, err: TextIO) -> int:
    dirs = default_dirs(extra_dirs)
    failed = 0
    for path in files:
        try:
            kind, warnings = _check(path, dirs)
        except InputErrors as exc:
            failed += 1
            err.writelines(f"{error}\n" for error in exc.errors)
            continue
        except AuditorError as exc:
            failed += 1
            err.write(f"{exc}\n")
            continue
        err.writelines(f"Warning: {w}\n" for w in warnings)
        out.write(f"{display_name(path)}: valid {kind}\n")
    if len(files) > 1:
        out.write(f"{len(files) - failed} valid, {failed} invalid\n")
    return 1 if failed else 0


def _check(path: Path, dirs: Sequence[Path]) -> tuple[str, list[str]]:
    """What the file is, and the warnings worth a look that do not make it invalid."""
    problems = Problems()
    doc = read_yaml(path, problems=problems)
    kind = "audit" if "answers" in doc.data or "dimensions" not in doc.data else "checklist"
    try:
        validate(kind, doc)
    except InputError as exc:
        problems.add(exc)
    problems.raise_if_any()  # nothing below may build from a document with problems
    if kind == "checklist":
        checklist_from_doc(doc, path)
        return kind, []
    build_audit(doc, checklist_for(doc, dirs), shape_checked=True)
    return kind, role_warnings(doc)
