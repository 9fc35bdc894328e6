"""``mlops-audit compare A.yaml B.yaml ...``: side by side, or a trend for one team over time."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from auditor.assessment import assess
from auditor.commands._batch import score_all
from auditor.compare import compare, parse_target
from auditor.comparison_view import compared, comparison_dict
from auditor.errors import AuditorError
from auditor.loading import checklist_dirs
from auditor.render.compare_text import render_comparison_text
from auditor.render.terminal import writes_unicode

DOCUMENT_FORMATS = ("pdf", "html")


def run(
    audits: Sequence[Path],
    output_format: str | None,
    output: Path | None,
    view: str,
    target: str | None,
    redact: bool,
    extra_dirs: Sequence[Path],
    out: TextIO,
    err: TextIO,
    stdout: BinaryIO,
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
    comparison = compare(results, view=view, target=goal, redact=redact)
    views = [compared(assess(r, redact=redact)) for r in comparison.results]
    data = comparison_dict(comparison, views, redact=redact)
    if output_format is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        output_format = suffix if suffix in DOCUMENT_FORMATS else "text"
    if output_format in DOCUMENT_FORMATS:
        return _document(data, output_format, output, redact, err, stdout, audits)
    if output is not None:
        raise AuditorError(
            f"-o writes a PDF or HTML file; for {output_format}, redirect the output"
        )
    if output_format == "json":
        out.write(
            json.dumps(data, indent=2, ensure_ascii=not writes_unicode(out), allow_nan=False) + "\n"
        )
    elif output_format == "csv":
        from auditor.render.csv_export import write_comparison_csv

        write_comparison_csv(data, out)
    elif output_format == "md":
        from auditor.render.markdown import render_comparison_markdown

        out.write(render_comparison_markdown(data))
    else:
        render_comparison_text(data, out)
    return 0


def _document(
    data: dict[str, Any],
    output_format: str,
    output: Path | None,
    redact: bool,
    err: TextIO,
    stdout: BinaryIO,
    audits: Sequence[Path],
) -> int:
    """The comparison as a PDF or HTML file, through the report's one template path."""
    from auditor.render.output import check_target, publish
    from auditor.render.templates import compare_context

    target = output or Path(f"compare{'-redacted' if redact else ''}.{output_format}")
    check_target(target, audits)
    publish(
        "compare.html.j2",
        compare_context(data, redact=redact, output_format=output_format),
        output_format,
        target,
        err=err,
        stdout=stdout,
        private=not redact,
        inputs=audits,
    )
    return 0
