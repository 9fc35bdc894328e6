"""``mlops-audit score AUDIT...``: a terminal summary or JSON for each audit."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.loading import checklist_dirs, load_audit
from auditor.render.data import result_dict
from auditor.render.text import render_text
from auditor.scoring import score_audit


def run(
    audits: Sequence[Path],
    output_format: str,
    explain: bool,
    extra_dirs: Sequence[Path],
    out: TextIO,
) -> int:
    dirs = checklist_dirs(extra_dirs)
    results = [
        score_audit(checklist, audit) for audit, checklist in (load_audit(p, dirs) for p in audits)
    ]
    if output_format == "json":
        objects = [result_dict(r) for r in results]
        out.write(
            json.dumps(objects[0] if len(objects) == 1 else objects, indent=2, ensure_ascii=False)
        )
        out.write("\n")
        return 0
    for index, result in enumerate(results):
        if index:
            out.write("\n" + "─" * 60 + "\n\n")
        render_text(result, out, explain=explain)
    return 0
