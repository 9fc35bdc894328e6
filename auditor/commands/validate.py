"""``mlops-audit validate FILE...``: every file checked, every problem reported by line.

Each file is read once, so that ``-`` and ``/dev/stdin`` work.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.audit import build_audit
from auditor.checklist import build_checklist
from auditor.errors import AuditorError
from auditor.loading import checklist_dirs, checklist_for
from auditor.yamlio import display_name, read_yaml


def run(files: Sequence[Path], extra_dirs: Sequence[Path], out: TextIO, err: TextIO) -> int:
    dirs = checklist_dirs(extra_dirs)
    failed = 0
    for path in files:
        try:
            kind = _check(path, dirs)
        except AuditorError as exc:
            failed += 1
            err.write(f"{exc}\n")
            continue
        out.write(f"{display_name(path)}: valid {kind}\n")
    if len(files) > 1:
        out.write(f"{len(files) - failed} valid, {failed} invalid\n")
    return 1 if failed else 0


def _check(path: Path, dirs: Sequence[Path]) -> str:
    doc = read_yaml(path)
    if "answers" in doc.data or "dimensions" not in doc.data:
        build_audit(doc, checklist_for(doc, dirs), shape_checked=True)
        return "audit"
    build_checklist(doc)
    return "checklist"
