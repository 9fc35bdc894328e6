"""``mlops-audit merge A.yaml B.yaml ... -o combined.yaml``: several respondents, one audit."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.audit import Audit, build_audit
from auditor.checklist import Checklist, points
from auditor.commands._batch import load_audits
from auditor.errors import AuditorError
from auditor.loading import checklist_dirs
from auditor.merge import merge_audits
from auditor.render.terminal import clean
from auditor.schema import AUDIT_SCHEMA_LINE
from auditor.scoring import score_audit
from auditor.yamlio import MAX_BYTES, dump_yaml, parse_yaml, read_yaml, write_atomic

HEADER = AUDIT_SCHEMA_LINE + (
    "# Merged by `mlops-audit merge`: `responses` keeps what each respondent said, and each\n"
    "# question is scored from all of them. Write an `answer:` beside `responses` to settle one.\n"
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
    _check_one_version(checklist, [audit for audit, _ in loaded])
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
    result = score_audit(checklist, merged)
    answered = sum(
        1 for q in result.questions() if q.status == "answered" and q.question.answer.asked
    )
    disagreements = result.disagreements
    conflicts = sum(1 for d in disagreements if d.conflict)
    summary = [
        f"Merged {len(loaded)} audits into {output}: {answered} questions answered, "
        f"{len(disagreements)} where answers disagree ({conflicts} in conflict).",
        *(
            f"  ! {d.item.question.id}: {'conflict' if d.conflict else 'differs'}, "
            f"{points(checklist.scale.delta(d.spread, d.item.question.weight))} apart"
            for d in disagreements
        ),
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


def _check_one_version(checklist: Checklist, audits: Sequence[Audit]) -> None:
    """Answers given against different versions of a checklist are not merged; say which file
    is the odd one out, at its line (a survey's answers file edited by hand, or saved from an
    older survey page). The reference is the current checklist when a file was answered
    against it, else the first file."""
    hashes = [audit.checklist_hash for audit in audits if audit.checklist_hash]
    if len(set(hashes)) < 2:
        return
    reference = checklist.hash if checklist.hash in hashes else hashes[0]
    first = next(audit for audit in audits if audit.checklist_hash == reference)
    odd = next(audit for audit in audits if audit.checklist_hash not in (None, reference))
    raise read_yaml(Path(odd.path)).at(
        ["checklist", "hash"],
        f"answered against another version of checklist {checklist.id} ({_version(odd)}) than "
        f"{first.path} ({_version(first)}); merge answers to one version: ask for a new answers "
        "file, or leave this one out",
    )


def _version(audit: Audit) -> str:
    return ", ".join(v for v in (audit.checklist_version, audit.checklist_hash) if v)
