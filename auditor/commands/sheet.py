"""``mlops-audit sheet``: the printable probe sheet to take into an interview."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from auditor.loading import checklist_dirs, resolve_checklist
from auditor.render.output import check_target, infer_format, publish
from auditor.render.templates import sheet_context

FORMATS = ("pdf", "md", "html")
TEMPLATES = {"pdf": "sheet.html.j2", "html": "sheet.html.j2", "md": "sheet.md.j2"}


def run(
    checklist_ref: str,
    mode: str,
    only: Sequence[str],
    output: Path | None,
    output_format: str | None,
    template_dir: Path | None,
    extra_dirs: Sequence[Path],
    stdout: BinaryIO,
    err: TextIO,
) -> int:
    output_format = infer_format(output, output_format, FORMATS)
    checklist = resolve_checklist(checklist_ref, checklist_dirs(extra_dirs))
    # `--only a,b` and `--only a --only b` both work: people type either.
    dimensions = [d.strip() for item in only for d in item.split(",") if d.strip()]
    if output is None:
        output = Path(f"{checklist.id}-probes.{output_format}")
    check_target(output)
    publish(
        TEMPLATES[output_format],
        sheet_context(checklist, mode, dimensions, output_format=output_format),
        output_format,
        output,
        err=err,
        stdout=stdout,
        template_dir=template_dir,
        private=False,  # questions only, no answers
    )
    return 0
