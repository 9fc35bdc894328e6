"""Render a document and write it: the one path from template to file for every command.

HTML and Markdown are the template's text; PDF goes through :mod:`auditor.render.pdf`. Files are
written atomically (a crash leaves the old file or the new one); ``-`` writes to standard output.
"""

from __future__ import annotations

import os
import shlex
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from auditor.errors import AuditorError
from auditor.loading import bundled
from auditor.render.templates import render, template_root
from auditor.render.terminal import StreamError, clean, isatty, refuse_binary_on_terminal
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
    text = render(template, context, template_dir, for_pdf=output_format == "pdf")
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
    if target == STDOUT:
        refuse_binary_on_terminal(output_format, stdout)
    content = produce(
        template,
        context,
        output_format,
        template_dir=template_dir,
        tagged=tagged,
        warn=lambda message: print(f"Warning: {message}", file=err),
    )
    write_output(content, target, stdout, mode=0o600 if private else None, inputs=inputs)
    if target != STDOUT:
        size = f"{len(content) / 1024:.0f} KB" if len(content) >= 1024 else f"{len(content)} bytes"
        err.write(f"Wrote {target} ({size}{label})\n")


def write_output(
    content: bytes,
    target: Path,
    stdout: BinaryIO | None = None,
    *,
    mode: int | None = None,
    inputs: Sequence[Path] = (),
) -> None:
    """Write ``content`` to ``target`` atomically, or to ``stdout`` when ``target`` is ``-``.

    ``mode`` 0o600 for a private document; None for one to share, which gets the permissions
    any new file of the user's gets (0o666 less the umask). See :func:`write_atomic` for what
    is guaranteed about links, devices, owners and read-only files.
    """
    if target == STDOUT and stdout is not None:
        if isatty(stdout):  # HTML or Markdown on a terminal: user text must not drive it
            content = clean(content.decode("utf-8", "replace")).encode("utf-8")
        try:
            stdout.write(content)
            stdout.flush()
        except (BrokenPipeError, StreamError):
            raise
        except OSError as exc:  # the CLI says so, and keeps the exit from failing again
            raise StreamError("standard output", exc) from None
        return
    check_target(target, inputs)
    try:
        write_atomic(target, content, mode=mode)
    except FileNotFoundError:
        raise AuditorError(f"{target}: the folder {_folder(target)} does not exist") from None
    except OSError as exc:
        raise AuditorError(f"{target}: cannot write: {_reason(exc)}") from None


def check_target(
    target: Path, inputs: Sequence[Path] = (), *, inputs_are: str = "an input audit"
) -> None:
    """Fail before the seconds a PDF takes, not after, when ``target`` cannot be written, or
    would replace one of the ``inputs`` (an audit's notes are not to be lost to its report).

    A device or a pipe is fine (written in place); a read-only file, or a folder the user may
    not create files in, is not.
    """
    if target == STDOUT:
        return
    check_not_input(target, inputs, inputs_are=inputs_are)
    if target.is_dir():
        raise AuditorError(f"{target}: is a folder; give a file name, e.g. {target}/report.pdf")
    folder = _folder(target)
    if not folder.is_dir():
        raise AuditorError(f"{target}: the folder {folder} does not exist")
    try:
        existing = os.stat(target)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        return  # a device or a pipe: written in place, the folder is not touched
    if existing is not None and not existing.st_mode & 0o222:
        raise AuditorError(
            f"{target}: the file is read-only; make it writable "
            f"(chmod u+w {shlex.quote(str(target))}) or choose another file"
        )
    if existing is not None and not os.access(target, os.W_OK):
        raise AuditorError(f"{target}: cannot write: permission denied")
    real_folder = Path(os.path.realpath(target)).parent
    if not os.access(real_folder, os.W_OK | os.X_OK):
        raise AuditorError(f"{target}: cannot write: {_why_not_writable(real_folder)}")


def _why_not_writable(folder: Path) -> str:
    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        read_only = False
    if read_only:
        return f"{folder} is on a read-only file system"
    return f"no permission to create files in {folder}"


def is_folder_name(output: Path | str | None) -> bool:
    """``-o reports/`` as typed: a trailing slash means a folder, whether it exists or not."""
    return isinstance(output, str) and output != "-" and output.endswith(("/", os.sep))


def make_folder(folder: Path) -> None:
    """Create an output folder whose parent exists (checked before any rendering)."""
    try:
        folder.mkdir(exist_ok=True)
    except FileExistsError:
        raise AuditorError(f"{folder}: is a file; -o names a folder here") from None
    except OSError as exc:
        raise AuditorError(f"{folder}: cannot create the folder: {_reason(exc)}") from None


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def check_not_input(
    target: Path, inputs: Sequence[Path], *, inputs_are: str = "an input audit"
) -> None:
    for source in inputs:
        if _same_file(target, source):
            raise AuditorError(
                f"{target}: is {inputs_are}; writing there would replace it. Choose another -o"
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
