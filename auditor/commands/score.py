"""``mlops-audit score AUDIT...``: a terminal summary, JSON, CSV or Markdown for each audit."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from auditor.assessment import assess
from auditor.commands._batch import score_each, score_previous
from auditor.compare import parse_target
from auditor.errors import AuditorError
from auditor.loading import checklist_dirs
from auditor.render.terminal import writes_unicode
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
    *,
    by: str | None = None,
    redact: bool = False,
    target: str | None = None,
    previous: Path | None = None,
) -> int:
    if by is not None and output_format != "csv":
        raise AuditorError(f"--by chooses the rows of --format csv, not of {output_format}")
    if explain and output_format in EXPORTS:
        raise AuditorError(
            f"--explain is for the terminal summary; --format {output_format} has no room for it "
            "(--format json has every step, under `explain`)"
        )
    goal = parse_target(target) if target is not None else None
    dirs = checklist_dirs(extra_dirs)
    warnings: list[str] = []
    # Every file is read and checked first; then each audit is scored and written in turn, so a
    # thousand audits never sit in memory at once, in any format.
    results = score_each(audits, dirs, err, warnings)
    before = score_previous(previous, audits, dirs)
    if err is not None:
        err.writelines(f"Warning: {w}\n" for w in warnings)
    views: Iterator[AssessmentView] = (
        assess(r, redact=redact, target=goal, previous=before) for r in results
    )
    if output_format == "csv":
        from auditor.render.csv_export import BY_AUDIT, write_assessments_csv

        write_assessments_csv(views, out, by or BY_AUDIT)
        return 0
    if output_format == "md":
        from auditor.render.markdown import write_assessments_markdown

        write_assessments_markdown(views, out)
        return 0
    if output_format == "json":
        _write_json(views, out, single=len(audits) == 1)
        return 0
    for index, view in enumerate(views):
        if index:
            out.write("\n" + "─" * 60 + "\n\n")
        render_text(view, out, explain=explain)
    return 0


def _write_json(views: Iterator[AssessmentView], out: TextIO, *, single: bool) -> None:
    """One object for one audit; for several, one JSON list with one compact object per line,
    written as each is scored (the C encoder, which ``indent`` turns off, keeps it fast)."""
    ascii_only = not writes_unicode(out)  # `\u` escapes keep the data exact on ASCII
    if single:
        (view,) = views
        out.write(json.dumps(view, indent=2, ensure_ascii=ascii_only, allow_nan=False) + "\n")
        return
    out.write("[\n")
    for index, view in enumerate(views):
        line = json.dumps(view, ensure_ascii=ascii_only, separators=(",", ":"), allow_nan=False)
        out.write(("" if index == 0 else ",\n") + line)
    out.write("\n]\n")
