"""``mlops-audit score AUDIT...``: a terminal summary, JSON, CSV or Markdown for each audit."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from auditor.assessment import assess
from auditor.commands._batch import score_all, score_each
from auditor.errors import AuditorError
from auditor.loading import checklist_dirs
from auditor.render.text import render_text
from auditor.view import AssessmentView

EXPORTS = ("csv", "md")


def run(
    audits: Sequence[Path],
    output_format: str,
    explain: bool,
    extra_dirs: Sequence[Path],
    out: TextIO,
    err: TextIO | None = None,
    by: str | None = None,
    redact: bool = False,
) -> int:
    if by is not None and output_format != "csv":
        raise AuditorError(f"--by chooses the rows of --format csv, not of {output_format}")
    if explain and output_format in EXPORTS:
        raise AuditorError(
            f"--explain is for the terminal summary; --format {output_format} has no room for it "
            "(--format json has every step, under `explain`)"
        )
    if output_format in EXPORTS:
        # Written as each audit is scored: a thousand audits never sit in memory at once.
        views: Iterator[AssessmentView] = (
            assess(r, redact=redact) for r in score_each(audits, checklist_dirs(extra_dirs), err)
        )
        if output_format == "csv":
            from auditor.render.csv_export import BY_AUDIT, write_assessments_csv

            write_assessments_csv(views, out, by or BY_AUDIT)
        else:
            from auditor.render.markdown import write_assessments_markdown

            write_assessments_markdown(views, out)
        return 0
    results = score_all(audits, checklist_dirs(extra_dirs), err)
    if output_format == "json":
        objects = [assess(r, redact=redact) for r in results]
        if len(objects) == 1:
            out.write(json.dumps(objects[0], indent=2, ensure_ascii=False, allow_nan=False) + "\n")
        else:
            # One compact object per line: still one JSON list, grep-able, and the C encoder
            # (which `indent` turns off) keeps 1,000 audits fast.
            lines = (
                json.dumps(o, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
                for o in objects
            )
            out.write("[\n" + ",\n".join(lines) + "\n]\n")
        return 0
    for index, result in enumerate(results):
        if index:
            out.write("\n" + "─" * 60 + "\n\n")
        render_text(assess(result, redact=redact), out, explain=explain)
    return 0
