"""Render a document and write it: the one path from template to file for every command.

HTML and Markdown are the template's text; PDF goes through :mod:`auditor.render.pdf`. Files are
written atomically (a crash leaves the old file or the new one); ``-`` writes to standard output.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from auditor.errors import AuditorError
from auditor.loading import bundled
from auditor.render.templates import render, template_root
from auditor.yamlio import write_atomic

STDOUT = Path("-")


def produce(
    template: str,
    context: dict[str, Any],
    output_format: str,
    *,
    template_dir: Path | None,
    warn: Callable[[str], None] | None = None,
    timings: dict[str, float] | None = None,
    tagged: bool = False,
) -> bytes:
    """The document as bytes: ``template`` rendered, then laid out as a PDF when asked."""
    text = render(template, context, template_dir)
    if output_format != "pdf":
        return text.encode("utf-8")
    from auditor.render.pdf import render_pdf

    return render_pdf(
        text,
        template_root(template_dir),
        warn=warn,
        timings=timings,
        tagged=tagged,
        fallback_dir=None if template_dir is None else bundled("report_templates"),
    )


def publish(
    template: str,
    context: dict[str, Any],
    output_format: str,
    target: Path,
    *,
    err: TextIO,
    stdout: BinaryIO | None = None,
    template_dir: Path | None = None,
    tagged: bool = False,
    private: bool = True,
    inputs: Sequence[Path] = (),
    label: str = "",
) -> None:
    """Render ``template`` and write it to ``target``, saying where on ``err``.

    ``private`` documents carry interview notes: readable by their owner only (mode 0600).
    Warnings from the renderer (a character no font has) go to ``err`` as well.
    """
    content = produce(
        template,
        context,
        output_format,
        template_dir=template_dir,
        tagged=tagged,
        warn=lambda message: print(f"Warning: {message}", file=err),
    )
    write_output(content, target, stdout, mode=0o600 if private else 0o644, inputs=inputs)
    if target != STDOUT:
        size = f"{len(content) / 1024:.0f} KB" if len(content) >= 1024 else f"{len(content)} bytes"
        err.write(f"Wrote {target} ({size}{label})\n")


def write_output(
    content: bytes,
    target: Path,
    stdout: BinaryIO | None = None,
    *,
    mode: int = 0o644,
    inputs: Sequence[Path] = (),
) -> None:
    """Write ``content`` to ``target`` atomically, or to ``stdout`` when ``target`` is ``-``."""
    if target == STDOUT and stdout is not None:
        stdout.write(content)
        stdout.flush()
        return
    check_target(target, inputs)
    try:
        write_atomic(target, content, mode=mode)
    except FileNotFoundError:
        raise AuditorError(f"{target}: the folder {target.parent} does not exist") from None
    except OSError as exc:
        raise AuditorError(f"{target}: cannot write: {exc.strerror or exc}") from None


def check_target(target: Path, inputs: Sequence[Path] = ()) -> None:
    """Fail before the seconds a PDF takes, not after, when ``target`` cannot be written, or
    would replace one of the ``inputs`` (an audit's notes are not to be lost to its report)."""
    if target == STDOUT:
        return
    check_not_input(target, inputs)
    if target.is_dir():
        raise AuditorError(f"{target}: is a folder; give a file name, e.g. {target}/report.pdf")
    if not target.parent.is_dir():
        raise AuditorError(f"{target}: the folder {target.parent} does not exist")


def check_not_input(target: Path, inputs: Sequence[Path]) -> None:
    for source in inputs:
        if _same_file(target, source):
            raise AuditorError(
                f"{target}: is an input audit; writing there would replace it. Choose another -o"
            )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare the paths
        return a.resolve() == b.resolve()


def infer_format(target: Path | None, given: str | None, allowed: tuple[str, ...]) -> str:
    """``--format`` if given, else the output file's extension when it is one of ``allowed``."""
    if given:
        return given
    suffix = target.suffix.lower().lstrip(".") if target is not None else ""
    suffix = {"htm": "html", "markdown": "md"}.get(suffix, suffix)
    return suffix if suffix in allowed else allowed[0]
