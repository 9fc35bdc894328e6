"""``mlops-audit report AUDIT``: the scored report as a PDF (or one self-contained HTML file)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from auditor.loading import checklist_dirs, load_audit
from auditor.render.output import STDOUT, check_target, infer_format, produce, write_output
from auditor.render.templates import report_context
from auditor.scoring import score_audit

FORMATS = ("pdf", "html")


def run(
    audit_path: Path,
    output: Path | None,
    output_format: str | None,
    redact: bool,
    template_dir: Path | None,
    tagged: bool,
    extra_dirs: Sequence[Path],
    stdout: BinaryIO,
    err: TextIO,
) -> int:
    output_format = infer_format(output, output_format, FORMATS)
    if output is None:
        output = Path(f"{audit_path.stem}{'-redacted' if redact else ''}.{output_format}")
    check_target(output)
    audit, checklist = load_audit(audit_path, checklist_dirs(extra_dirs))
    result = score_audit(checklist, audit)
    context = report_context(result, redact=redact, output_format=output_format)
    content = produce(
        "report.html.j2",
        context,
        output_format,
        template_dir=template_dir,
        tagged=tagged,
        warn=lambda message: print(f"Warning: {message}", file=err),
    )
    # Unredacted reports carry private interview notes: readable by their owner only.
    write_output(content, output, stdout, mode=0o644 if redact else 0o600)
    if output != STDOUT:
        err.write(f"Wrote {output} ({_size(len(content))}{', redacted' if redact else ''})\n")
    return 0


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count >= 1024 else f"{count} bytes"
