"""``mlops-audit checklists``: what can be audited, with dimension and question counts.

Each file is read once, in one pass over the folders: a checklist that is not listed as valid here
is refused by ``validate`` with the same message.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.errors import AuditorError
from auditor.loading import available_checklists, checklist_dirs, load_checklist


def run(extra_dirs: Sequence[Path], out: TextIO) -> int:
    rows = []
    problems = 0
    dirs = checklist_dirs(extra_dirs)
    for checklist_id, entry in available_checklists(dirs).items():
        origin = "built-in" if entry.bundled else str(entry.path)
        try:
            checklist = load_checklist(entry.path)
        except AuditorError as exc:
            problems += 1
            rows.append((checklist_id, "-", "-", "-", f"invalid: {exc}"))
            continue
        questions = sum(1 for _ in checklist.questions())
        rows.append(
            (
                checklist.id,
                checklist.version,
                str(len(checklist.dimensions)),
                str(questions),
                f"{checklist.title} ({origin})",
            )
        )
    header = ("ID", "VERSION", "DIMENSIONS", "QUESTIONS", "TITLE")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)))
        out.write(f"  {row[4]}\n")
    return 1 if problems else 0
