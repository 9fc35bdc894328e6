"""``mlops-audit sheet``: the printable probe sheet to take into an interview."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from auditor.loading import checklist_dirs, resolve_checklist
from auditor.render.output import STDOUT, check_target, infer_format, produce, write_output
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
    context = sheet_context(checklist, mode, dimensions, output_format=output_format)
    content = produce(
        TEMPLATES[output_format],
        context,
        output_format,
        template_dir=template_dir,
        warn=lambda message: print(f"Warning: {message}", file=err),
    )
    write_output(content, output, stdout)
    if output != STDOUT:
        err.write(f"Wrote {output}\n")
    return 0
