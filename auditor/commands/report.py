"""``mlops-audit report AUDIT...``: the scored report as a PDF (or one self-contained HTML file).

Several audits are rendered by one process into one folder, so WeasyPrint's import (about half a
second) is paid once, not once per report. Every audit is loaded and checked before the first
report is written: a typo in the tenth file stops the run before it has spent time on nine.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from auditor.assessment import assess
from auditor.commands._batch import score_all, score_previous
from auditor.compare import parse_target
from auditor.errors import AuditorError
from auditor.loading import checklist_dirs
from auditor.progress import Progress
from auditor.render.output import (
    STDOUT,
    check_not_input,
    check_target,
    infer_format,
    is_folder_name,
    make_folder,
    publish,
)
from auditor.render.templates import report_context

FORMATS = ("pdf", "html")


def run(
    audit_paths: Sequence[Path],
    output: Path | str | None,
    output_format: str | None,
    redact: bool,
    template_dir: Path | None,
    tagged: bool,
    extra_dirs: Sequence[Path],
    stdout: BinaryIO,
    err: TextIO,
    *,
    target: str | None = None,
    previous: Path | None = None,
    detail: str = "summary",
) -> int:
    into_folder = len(audit_paths) > 1 or is_folder_name(output)
    output = Path(output) if output is not None else None
    goal = parse_target(target) if target is not None else None
    output_format = infer_format(None if into_folder else output, output_format, FORMATS)
    targets = _targets(audit_paths, output, output_format, redact, into_folder)
    dirs = checklist_dirs(extra_dirs)
    warnings: list[str] = []
    results = score_all(audit_paths, dirs, err if into_folder else None, warnings)
    before = score_previous(previous, audit_paths, dirs)
    err.writelines(f"Warning: {w}\n" for w in warnings)
    for folder in {destination.parent for destination in targets}:
        make_folder(folder)  # only once every audit has loaded
    with Progress("Rendering", len(results), err if into_folder else None) as progress:
        for result, destination in zip(results, targets, strict=True):
            publish(
                "report.html.j2",
                report_context(
                    assess(result, redact=redact, target=goal, previous=before),
                    output_format=output_format,
                    detail=detail,
                ),
                output_format,
                destination,
                err=err,
                stdout=stdout,
                template_dir=template_dir,
                tagged=tagged,
                private=not redact,  # an unredacted report carries the interview notes
                inputs=audit_paths,
                label=", redacted" if redact else "",
            )
            progress.step()
    return 0


def _targets(
    audit_paths: Sequence[Path],
    output: Path | None,
    output_format: str,
    redact: bool,
    into_folder: bool,
) -> list[Path]:
    """Where each report goes: ``-o`` for one audit; else a file per audit in the ``-o`` folder."""
    suffix = f"{'-redacted' if redact else ''}.{output_format}"
    if not into_folder:
        target = output or Path(audit_paths[0].stem + suffix)
        check_target(target, audit_paths)
        return [target]
    if output == STDOUT:
        raise AuditorError("several reports cannot go to standard output; give a folder with -o")
    folder = output or Path(".")
    if folder.exists() and not folder.is_dir():
        if len(audit_paths) == 1:
            raise AuditorError(f"{folder}: is a file; -o ending in '/' names a folder")
        raise AuditorError(f"{folder}: with several audits, -o names a folder, not a file")
    if not folder.parent.is_dir():
        raise AuditorError(f"{folder}: the folder {folder.parent} does not exist")
    targets = [folder / (path.stem + suffix) for path in audit_paths]
    seen: dict[Path, Path] = {}
    for path, target in zip(audit_paths, targets, strict=True):
        if folder.is_dir():
            check_target(target, audit_paths)  # read-only, a folder of that name...
        else:
            check_not_input(target, audit_paths)
        if target in seen:
            raise AuditorError(
                f"{seen[target]} and {path} would both be written to {target}; "
                "rename one or render them separately"
            )
        seen[target] = path
    return targets
