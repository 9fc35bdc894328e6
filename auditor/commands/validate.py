"""``mlops-audit validate FILE...``: every file checked, every problem reported by line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.errors import AuditorError
from auditor.loading import checklist_dirs, load_audit, load_checklist
from auditor.yamlio import read_yaml


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
        out.write(f"{path}: valid {kind}\n")
    if len(files) > 1:
        out.write(f"{len(files) - failed} valid, {failed} invalid\n")
    return 1 if failed else 0


def _check(path: Path, dirs: Sequence[Path]) -> str:
    doc = read_yaml(path)
    if "answers" in doc.data or "dimensions" not in doc.data:
        load_audit(path, dirs)
        return "audit"
    load_checklist(path)
    return "checklist"
