"""``mlops-audit compare A.yaml B.yaml ...``: side by side, or a trend for one team over time."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.commands._batch import score_all
from auditor.compare import compare, parse_target
from auditor.errors import AuditorError
from auditor.loading import checklist_dirs
from auditor.render.compare_data import comparison_dict
from auditor.render.compare_text import render_comparison_text


def run(
    audits: Sequence[Path],
    output_format: str,
    view: str,
    target: str | None,
    redact: bool,
    extra_dirs: Sequence[Path],
    out: TextIO,
    err: TextIO,
) -> int:
    if len(audits) < 2:
        raise AuditorError(f"compare needs at least two audits, got {len(audits)}")
    seen: set[Path] = set()
    for path in audits:
        if path in seen:
            raise AuditorError(f"{path} is given twice; compare each audit once")
        seen.add(path)
    goal = parse_target(target) if target is not None else None
    results = score_all(audits, checklist_dirs(extra_dirs), err)
    data = comparison_dict(compare(results, view=view, target=goal), redact=redact)
    if output_format == "json":
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        render_comparison_text(data, out)
    return 0
