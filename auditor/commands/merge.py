"""``mlops-audit merge A.yaml B.yaml ... -o combined.yaml``: several respondents, one audit."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.audit import build_audit
from auditor.commands._batch import load_audits
from auditor.errors import AuditorError
from auditor.loading import checklist_dirs
from auditor.merge import merge_audits
from auditor.render.terminal import clean
from auditor.yamlio import MAX_BYTES, dump_yaml, parse_yaml, write_atomic

HEADER = (
    "# Merged by `mlops-audit merge`: each answer is the respondents' consensus (the median of\n"
    "# their scores and the option nearest it); `responses` keeps what each of them said.\n"
)


def run(
    audits: Sequence[Path],
    output: Path,
    threshold: float,
    extra_dirs: Sequence[Path],
    out: TextIO,
    err: TextIO,
) -> int:
    if len(audits) < 2:
        raise AuditorError(f"merge needs at least two audits, got {len(audits)}")
    _refuse_overwriting_inputs(audits, output)
    loaded = load_audits(audits, checklist_dirs(extra_dirs), err)
    checklist = loaded[0][1]
    data = merge_audits(checklist, [audit for audit, _ in loaded], threshold=threshold)
    text = HEADER + dump_yaml(data)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise AuditorError(
            f"the merged audit would be {size:,} bytes, over the {MAX_BYTES:,}-byte limit for "
            "audit files; merge fewer respondents at a time"
        )
    # Read the merged file back before writing it: it must be a normal, loadable audit.
    merged = build_audit(parse_yaml(text, str(output)), checklist)
    if output.parent != Path() and not output.parent.is_dir():
        raise AuditorError(f"{output}: folder {output.parent} does not exist")
    try:
        write_atomic(output, text, mode=0o600)
    except OSError as exc:
        raise AuditorError(f"{output}: cannot write: {exc.strerror or exc}") from None
    answered = sum(1 for r in merged.responses.values() if r.answered)
    disagreements = [r for r in merged.responses.values() if r.disagreement]
    summary = [
        f"Merged {len(loaded)} audits into {output}: {answered} questions answered, "
        f"{len(disagreements)} where answers disagree (spread over {threshold:g} points).",
        *(f"  ! {r.question}: spread {r.spread:g} points" for r in disagreements),
        f"Score it with `mlops-audit score {output}`.",
    ]
    out.write(clean("\n".join(summary) + "\n"))  # names from files: no escape sequences
    return 0


def _refuse_overwriting_inputs(audits: Sequence[Path], output: Path) -> None:
    if not output.exists():
        return
    for path in audits:
        try:
            same = path.exists() and os.path.samefile(path, output)
        except OSError:
            same = False
        if same:
            raise AuditorError(
                f"{output} is one of the audits being merged; write the merge to another file"
            )
