"""``mlops-audit sheet``: the printable probe sheet to take into an interview."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from auditor.errors import AuditorError
from auditor.loading import checklist_dirs, resolve_checklist
from auditor.render.output import check_target, infer_format, is_folder_name, make_folder, publish
from auditor.render.templates import sheet_context

FORMATS = ("pdf", "md", "html")
TEMPLATES = {"pdf": "sheet.html.j2", "html": "sheet.html.j2", "md": "sheet.md.j2"}


def run(
    checklist_ref: str,
    mode: str,
    only: Sequence[str],
    output: Path | str | None,
    output_format: str | None,
    template_dir: Path | None,
    extra_dirs: Sequence[Path],
    stdout: BinaryIO,
    err: TextIO,
) -> int:
    """``output`` as typed: a trailing slash (``-o sheets/``) names a folder to write into."""
    folder = Path(output) if output is not None and is_folder_name(output) else None
    target = None if output is None or folder is not None else Path(output)
    output_format = infer_format(target, output_format, FORMATS)
    checklist = resolve_checklist(checklist_ref, checklist_dirs(extra_dirs))
    # `--only a,b` and `--only a --only b` both work: people type either.
    dimensions = [d.strip() for item in only for d in item.split(",") if d.strip()]
    if target is None:
        target = (folder or Path()) / f"{checklist.id}-probes.{output_format}"
    if folder is not None:
        if not folder.parent.is_dir():
            raise AuditorError(f"{folder}: the folder {folder.parent} does not exist")
        make_folder(folder)
    # The checklist the sheet is printed from is an input like an audit: never written over.
    check_target(
        target, [Path(checklist.path)], inputs_are="the checklist this sheet is printed from"
    )
    publish(
        TEMPLATES[output_format],
        sheet_context(checklist, mode, dimensions, output_format=output_format),
        output_format,
        target,
        err=err,
        stdout=stdout,
        template_dir=template_dir,
        private=False,  # questions only, no answers
        inputs=[Path(checklist.path)],
    )
    return 0
