"""``mlops-audit plan AUDIT``: what to ask in the next round, of whom, in the time there is."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from auditor.commands._batch import score_all
from auditor.loading import checklist_dirs
from auditor.plan import make_plan
from auditor.plan_view import PlanView
from auditor.render.plan_text import render_plan_text
from auditor.roles import parse_roles

FORMATS = ("text", "md", "pdf", "html", "json")
TEMPLATES = {"pdf": "plan.html.j2", "html": "plan.html.j2", "md": "plan.md.j2"}


def run(
    audit: Path,
    roles: Sequence[str],
    minutes: int,
    output_format: str | None,
    output: Path | None,
    template_dir: Path | None,
    extra_dirs: Sequence[Path],
    out: TextIO,
    stdout: BinaryIO,
    err: TextIO,
) -> int:
    chosen = parse_roles(roles)
    if output is None and output_format not in TEMPLATES:
        # The terminal: no template, no file, so neither Jinja nor WeasyPrint is imported.
        plan = _plan(audit, chosen, minutes, extra_dirs)
        if output_format == "json":
            out.write(_json(plan))
        else:
            render_plan_text(plan, out)
        return 0
    from auditor.render.output import check_target, infer_format, publish, write_output

    output_format = infer_format(output, output_format, FORMATS)
    target = output or Path(f"{audit.stem}-plan.{output_format}")
    check_target(target, [audit])  # before any work, and never over the audit itself
    plan = _plan(audit, chosen, minutes, extra_dirs)
    if output_format in TEMPLATES:
        from auditor.render.templates import plan_context

        publish(
            TEMPLATES[output_format],
            plan_context(plan, output_format=output_format),
            output_format,
            target,
            err=err,
            stdout=stdout,
            template_dir=template_dir,
            inputs=[audit],  # private (mode 0600): it says what each person answered
        )
        return 0
    if output_format == "json":
        text = _json(plan)
    else:
        buffer = io.StringIO()
        render_plan_text(plan, buffer, colour=False)
        text = buffer.getvalue()
    write_output(text.encode("utf-8"), target, stdout, mode=0o600, inputs=[audit])
    if str(target) != "-":
        err.write(f"Wrote {target}\n")
    return 0


def _plan(audit: Path, roles: Sequence[str], minutes: int, extra_dirs: Sequence[Path]) -> PlanView:
    (result,) = score_all([audit], checklist_dirs(extra_dirs), None)
    return make_plan(result, roles=roles, minutes=minutes)


def _json(plan: PlanView) -> str:
    return json.dumps(plan, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
