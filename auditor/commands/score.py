"""``mlops-audit score AUDIT...``: a terminal summary or JSON for each audit."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.assessment import assess
from auditor.commands._batch import score_all, score_previous
from auditor.compare import parse_target
from auditor.loading import checklist_dirs
from auditor.render.terminal import writes_unicode
from auditor.render.text import render_text


def run(
    audits: Sequence[Path],
    output_format: str,
    explain: bool,
    extra_dirs: Sequence[Path],
    out: TextIO,
    err: TextIO | None = None,
    *,
    redact: bool = False,
    target: str | None = None,
    previous: Path | None = None,
) -> int:
    goal = parse_target(target) if target is not None else None
    dirs = checklist_dirs(extra_dirs)
    warnings: list[str] = []
    results = score_all(audits, dirs, err, warnings)
    before = score_previous(previous, audits, dirs)
    if err is not None:
        err.writelines(f"Warning: {w}\n" for w in warnings)
    views = (assess(r, redact=redact, target=goal, previous=before) for r in results)
    if output_format == "json":
        ascii_only = not writes_unicode(out)  # `\u` escapes keep the data exact on ASCII
        objects = list(views)
        if len(objects) == 1:
            out.write(
                json.dumps(objects[0], indent=2, ensure_ascii=ascii_only, allow_nan=False) + "\n"
            )
        else:
            # One compact object per line: still one JSON list, grep-able, and the C encoder
            # (which `indent` turns off) keeps 1,000 audits fast.
            lines = (
                json.dumps(o, ensure_ascii=ascii_only, separators=(",", ":"), allow_nan=False)
                for o in objects
            )
            out.write("[\n" + ",\n".join(lines) + "\n]\n")
        return 0
    for index, view in enumerate(views):
        if index:
            out.write("\n" + "─" * 60 + "\n\n")
        render_text(view, out, explain=explain)
    return 0
