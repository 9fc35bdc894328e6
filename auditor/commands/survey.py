"""``mlops-audit survey``: a one-file offline survey page that team members fill in and save as
answers files, which ``merge`` reads like any audit."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from auditor.loading import checklist_dirs, resolve_checklist
from auditor.render.output import check_target, publish
from auditor.render.templates import survey_context

TEMPLATE = "survey/survey.html.j2"


def run(
    checklist_ref: str,
    mode: str,
    only: Sequence[str],
    title: str | None,
    company: str | None,
    team: str | None,
    output: Path | None,
    extra_dirs: Sequence[Path],
    stdout: BinaryIO,
    err: TextIO,
) -> int:
    checklist = resolve_checklist(checklist_ref, checklist_dirs(extra_dirs))
    # `--only a,b` and `--only a --only b` both work, as in `sheet`.
    dimensions = [d.strip() for item in only for d in item.split(",") if d.strip()]
    if output is None:
        output = Path(f"{checklist.id}-survey.html")
    check_target(output)
    context = survey_context(checklist, mode, dimensions, title=title, company=company, team=team)
    publish(
        TEMPLATE,
        context,
        "html",
        output,
        err=err,
        stdout=stdout,
        private=False,  # questions only: the answers stay in each respondent's browser
        label=f", {context['s']['count']} questions",
    )
    return 0
