"""``mlops-audit score AUDIT...``: a terminal summary, JSON, CSV or Markdown for each audit."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from auditor.assessment import assess
from auditor.audit import Audit
from auditor.checklist import Checklist
from auditor.commands._batch import Reader, score_previous
from auditor.errors import AuditorError
from auditor.loading import checklist_dirs
from auditor.parallel import Batch
from auditor.progress import Progress
from auditor.render.terminal import use_colour, writes_unicode
from auditor.render.text import render_text
from auditor.scoring import score_audit
from auditor.yamlio import STDIN

if TYPE_CHECKING:  # the view's shapes, for annotations only: importing them costs start-up
    from auditor.view import AssessmentView

EXPORTS = ("csv", "md")


def run(
    audits: Sequence[Path],
    output_format: str,
    explain: bool,
    extra_dirs: Sequence[Path],
    out: TextIO,
    err: TextIO | None = None,
    *,
    by: str | None = None,
    redact: bool = False,
    target: str | None = None,
    previous: Path | None = None,
    jobs: int | None = None,
) -> int:
    if by is not None and output_format != "csv":
        raise AuditorError(f"--by chooses the rows of --format csv, not of {output_format}")
    if explain and output_format in EXPORTS:
        raise AuditorError(
            f"--explain is for the terminal summary; --format {output_format} has no room for it "
            "(--format json has every step, under `explain`)"
        )
    goal = None
    if target is not None:
        from auditor.compare import parse_target  # comparing costs start-up only when asked

        goal = parse_target(target)
    dirs = checklist_dirs(extra_dirs)
    before = score_previous(previous, audits, dirs)
    read = Reader(audits, dirs)
    loaded: dict[int, tuple[Audit, Checklist]] = {}

    def check(index: int) -> list[str]:
        audit, checklist, warnings = read(index)
        loaded[index] = (audit, checklist)
        return warnings

    def view(index: int) -> AssessmentView:
        audit, checklist = loaded.pop(index)  # let go of each audit once scored
        return assess(score_audit(checklist, audit), redact=redact, target=goal, previous=before)

    ascii_only = not writes_unicode(out)  # `\u` escapes keep the data exact on ASCII
    colour = use_colour(out)
    sink = _Sink(out)

    def produce(index: int) -> str | bytes | AssessmentView:
        """What one audit adds to the output: its text or JSON line, rendered and encoded
        where it was scored; or its view, for an export that makes one table of them all."""
        if output_format == "json":  # the C encoder, which `indent` turns off, keeps it fast
            return sink.encode(
                json.dumps(
                    view(index), ensure_ascii=ascii_only, separators=(",", ":"), allow_nan=False
                )
            )
        if output_format == "text":
            buffer = io.StringIO()
            render_text(view(index), buffer, explain=explain, colour=colour)
            return sink.encode(buffer.getvalue())
        return view(index)

    if len(audits) == 1 and output_format == "json":
        if err is not None:
            err.writelines(f"Warning: {w}\n" for w in check(0))
        else:
            check(0)
        out.write(json.dumps(view(0), indent=2, ensure_ascii=ascii_only, allow_nan=False) + "\n")
        return 0
    # Every file is read and checked first (a bad file stops the run before any output); then
    # each audit is scored and written in turn, across the cores for a large batch, so a
    # thousand audits never sit in memory as results or documents at once.
    if STDIN in audits:  # standard input is this process's to read
        jobs = 1
    with Batch(check, produce, len(audits), jobs=jobs) as batch:
        with Progress("Reading", len(audits), err) as progress:
            warnings = [w for said in batch.check(step=progress.step) for w in said]
        if err is not None:
            err.writelines(f"Warning: {w}\n" for w in warnings)
        produced = batch.produce()
        if output_format == "csv":
            from auditor.render.csv_export import BY_AUDIT, write_assessments_csv

            write_assessments_csv(produced, out, by or BY_AUDIT)  # type: ignore[arg-type]
        elif output_format == "md":
            from auditor.render.markdown import write_assessments_markdown

            write_assessments_markdown(produced, out)  # type: ignore[arg-type]
        elif output_format == "json":  # one JSON list, one compact object per line
            sink.write("[\n")
            for index, line in enumerate(produced):
                if index:
                    sink.write(",\n")
                sink.write(line)  # type: ignore[arg-type]
            sink.write("\n]\n")
        else:
            for index, text in enumerate(produced):
                if index:
                    sink.write("\n" + "─" * 60 + "\n\n")
                sink.write(text)  # type: ignore[arg-type]
    return 0


class _Sink:
    """The output stream. Standard output takes bytes (:meth:`_Standard.write_bytes`): each
    audit's output is then encoded where it was made, in the workers, and the parent only
    copies it out. Any other stream (a test's, a file's) takes text."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.write_bytes = getattr(out, "write_bytes", None)
        self.encoding = getattr(out, "encoding", None) or "utf-8"
        self.errors = getattr(out, "errors", None) or "strict"

    def encode(self, text: str) -> str | bytes:
        return text if self.write_bytes is None else text.encode(self.encoding, self.errors)

    def write(self, chunk: str | bytes) -> None:
        if self.write_bytes is None:
            self.out.write(str(chunk))
        else:
            self.write_bytes(chunk if isinstance(chunk, bytes) else self.encode(chunk))
