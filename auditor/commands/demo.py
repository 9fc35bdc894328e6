"""``mlops-audit demo``: the bundled example audit, written out, scored and reported as a PDF."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from auditor.assessment import assess
from auditor.errors import AuditorError
from auditor.loading import bundled, checklist_dirs, load_audit
from auditor.render.output import publish
from auditor.render.templates import report_context
from auditor.render.text import render_text
from auditor.scoring import score_audit
from auditor.yamlio import write_atomic

DEMO_AUDIT = "demo.yaml"


def run(output_dir: Path, out: TextIO) -> int:
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditorError(
            f"{output_dir}: cannot create the folder: {exc.strerror or exc}"
        ) from None
    source = bundled("examples") / DEMO_AUDIT
    target = output_dir / "demo-audit.yaml"
    write_atomic(target, source.read_text(encoding="utf-8"), mode=0o600)
    audit, checklist = load_audit(target, checklist_dirs())
    view = assess(score_audit(checklist, audit))
    render_text(view, out)
    report = output_dir / "demo-report.pdf"
    publish(
        "report.html.j2",
        report_context(view, output_format="pdf"),
        "pdf",
        report,
        err=sys.stderr,
    )
    out.write(f"\nThe example audit is {target}: edit it and run `mlops-audit score {target}`.\n")
    out.write(f"The report is {report}: `mlops-audit report {target} -o my-report.pdf`.\n")
    return 0
