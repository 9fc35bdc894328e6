"""``mlops-audit demo``: the bundled example audit, written out, scored and reported as a PDF.

The audit is written for the user to edit, so no run replaces an edited copy: a fresh one is
written only when the file is missing or still the bundled example; an edited one is kept and
scored as it stands.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path
from typing import TextIO

from auditor.assessment import assess
from auditor.commands.schema import schema_text
from auditor.errors import AuditorError
from auditor.loading import bundled, checklist_dirs, load_audit
from auditor.render.output import publish
from auditor.render.templates import report_context
from auditor.render.text import render_text
from auditor.schema import AUDIT_SCHEMA_FILE, AUDIT_SCHEMA_LINE
from auditor.scoring import score_audit
from auditor.syslibs import MissingSystemLibrary
from auditor.yamlio import write_atomic

DEMO_AUDIT = "demo.yaml"
_MAIN = Path(__file__).resolve().parent.parent / "__main__.py"


def run(output_dir: Path, out: TextIO) -> int:
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditorError(
            f"{output_dir}: cannot create the folder: {exc.strerror or exc}"
        ) from None
    bundled_text = (bundled("examples") / DEMO_AUDIT).read_text(encoding="utf-8")
    example = AUDIT_SCHEMA_LINE + bundled_text
    target = output_dir / "demo-audit.yaml"
    # A copy written before the schema line was added is the example too, not an edit.
    kept = _edited(target, example) and _edited(target, bundled_text)
    if kept:
        out.write(
            f"Kept your edited {target} and scored it as it stands "
            "(delete it to start again from the example).\n\n"
        )
    else:
        write_atomic(target, example, mode=0o600)
    # What the audit's first line points to, so an editor checks the copy as it is edited.
    write_atomic(output_dir / AUDIT_SCHEMA_FILE, schema_text("audit"))
    audit, checklist = load_audit(target, checklist_dirs())
    view = assess(score_audit(checklist, audit))
    render_text(view, out)
    report = output_dir / "demo-report.pdf"
    program = _program()
    try:
        publish(
            "report.html.j2",
            report_context(view, output_format="pdf"),
            "pdf",
            report,
            err=sys.stderr,
        )
    except MissingSystemLibrary as exc:
        raise exc.instead(
            f"The audit is in {target} all the same; for its report as HTML, which needs none:\n"
            f"  {program} report {target} -o {output_dir / 'demo-report.html'}"
        ) from None
    whose = "Your audit" if kept else "The example audit"
    out.write(f"\n{whose} is {target}: edit it and run `{program} score {target}`.\n")
    out.write(f"The report is {report}: `{program} report {target} -o my-report.pdf`.\n")
    return 0


def _edited(target: Path, example: str) -> bool:
    """Whether ``target`` holds anything but the bundled example: the user's to keep.

    A file that cannot be read is kept too; scoring it then says what is wrong with it.
    """
    try:
        return target.read_text(encoding="utf-8") != example
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError):
        return True


def _program() -> str:
    """How to run mlops-audit again from this folder: by name when the shell finds this very
    program on PATH, else by its path (``make demo`` runs ``.venv/bin/mlops-audit`` from a
    virtual environment that is not active, so the bare name would not be found).

    Paths are compared as typed, never resolved: a virtual environment's ``python`` is a link
    to the base interpreter, which does not have mlops-audit.
    """
    if Path(sys.argv[0]).resolve() == _MAIN:  # python -m auditor
        program, suffix = sys.executable, " -m auditor"
    elif Path(sys.argv[0]).name == "mlops-audit":
        program, suffix = sys.argv[0], ""
    else:  # embedded, e.g. in a test runner: the documented name
        return "mlops-audit"
    name = os.path.basename(program)
    found = shutil.which(name)
    if found is not None and os.path.abspath(found) == os.path.abspath(program):
        return name + suffix
    shown = Path(os.path.abspath(program))
    with contextlib.suppress(ValueError):
        shown = shown.relative_to(Path.cwd())
    return f"{shown}{suffix}"
