"""auditor/render/output.py and the `-o` of `report` and `sheet`, end to end: what a document is
written onto, where, with which permissions, and the errors when it cannot be."""

from __future__ import annotations

import io
import os
import shlex
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from auditor.cli import cli
from auditor.commands import report
from auditor.errors import AuditorError
from tests.conftest import CHECKLISTS, FIXTURES, REPO

TINY_AUDIT = FIXTURES / "valid" / "tiny-audit.yaml"
TINY = ("--checklist-dir", str(CHECKLISTS))


def _run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


def test_a_fifo_gets_the_report_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = _run("report", TINY_AUDIT, *TINY, "--format", "html", "-o", fifo)
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert received and received[0].startswith(b"<!DOCTYPE html>")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_linked_output_is_written_through_the_link(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "acme.html"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "acme.html"
    link.symlink_to(real)
    result = _run("report", TINY_AUDIT, *TINY, "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_read_only_output_is_refused_before_rendering(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"the previous report")
    out.chmod(0o444)
    result = _run("report", TINY_AUDIT, *TINY, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {out}: the file is read-only; make it writable (chmod u+w {out}) or choose "
        "another file\n"
    )
    assert out.read_bytes() == b"the previous report"


@pytest.mark.parametrize(("mask", "mode"), [(0o077, 0o600), (0o022, 0o644)])
def test_shared_documents_follow_the_umask(
    tmp_path: Path, umask: None, mask: int, mode: int
) -> None:
    os.umask(mask)
    redacted = tmp_path / "redacted.html"
    sheet = tmp_path / "probes.md"
    assert _run("report", TINY_AUDIT, *TINY, "--redact", "-o", redacted).exit_code == 0
    assert _run("sheet", "--checklist", "tiny", *TINY, "-o", sheet).exit_code == 0
    assert stat.S_IMODE(redacted.stat().st_mode) == mode
    assert stat.S_IMODE(sheet.stat().st_mode) == mode


def test_an_unredacted_report_is_private_whatever_the_umask(tmp_path: Path, umask: None) -> None:
    os.umask(0)
    out = tmp_path / "report.html"
    assert _run("report", TINY_AUDIT, *TINY, "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_sheet_never_writes_over_the_checklist_it_prints(tmp_path: Path) -> None:
    checklist = tmp_path / "tiny.yaml"  # a checklist file is named after its id
    shutil.copy(CHECKLISTS / "tiny.yaml", checklist)
    before = checklist.read_bytes()
    result = _run("sheet", "--checklist", checklist, "--format", "md", "-o", checklist)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {checklist}: is the checklist this sheet is printed from; writing there would "
        "replace it. Choose another -o\n"
    )
    assert checklist.read_bytes() == before


def test_a_trailing_slash_means_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("report", TINY_AUDIT, *TINY, "--format", "html", "-o", "reports/")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Wrote reports/tiny-audit.html (")
    assert (tmp_path / "reports" / "tiny-audit.html").is_file()
    result = _run("sheet", "--checklist", "tiny", *TINY, "--format", "md", "-o", "sheets/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sheets" / "tiny-probes.md").is_file()


def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "reports").write_text("not a folder", encoding="utf-8")
    result = _run("report", TINY_AUDIT, *TINY, "--format", "html", "-o", f"{tmp_path}/reports/")
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {tmp_path}/reports: is a file; -o ending in '/' names a folder\n"
    )


def test_a_full_disk_keeps_the_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.html"
    out.write_text("the previous report", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = _run("report", TINY_AUDIT, *TINY, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out}: cannot write: No space left on device\n"
    assert out.read_text(encoding="utf-8") == "the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_onto_a_full_device_is_an_error() -> None:
    result = _run("report", TINY_AUDIT, *TINY, "--format", "html", "-o", "/dev/full")
    assert result.exit_code == 1
    assert result.stderr == "Error: /dev/full: cannot write: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def _as_a_user(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``command`` with the permissions of an ordinary user: as root, without the capability
    to override file permissions (capsh), so that a 0555 folder is really not writable."""
    program = f"{shlex.quote(sys.executable)} -m auditor"
    shell = command.replace("mlops-audit", program)
    argv = ["sh", "-c", shell]
    if os.geteuid() == 0:
        capsh = shutil.which("capsh")
        if capsh is None:
            pytest.skip("as root, needs capsh to drop the permission override")
        argv = [capsh, "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", shell]
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
        check=False,
    )


def test_an_unwritable_folder_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        audit = shlex.quote(str(TINY_AUDIT))
        done = _as_a_user(f"mlops-audit report {audit} {' '.join(TINY)} -o out.html", locked)
        assert (done.returncode, done.stderr) == (
            1,
            f"Error: out.html: cannot write: no permission to create files in {locked}\n",
        )
        done = _as_a_user(f"mlops-audit report {audit} {' '.join(TINY)} -o sub/", locked)
        assert (done.returncode, done.stderr) == (
            1,
            "Error: sub: cannot create the folder: Permission denied\n",
        )
    finally:
        locked.chmod(0o755)


class _TerminalBytes(io.BytesIO):
    def isatty(self) -> bool:
        return True


def test_a_pdf_to_a_terminal_is_refused_before_rendering() -> None:
    with pytest.raises(AuditorError) as caught:
        report.run(
            [TINY_AUDIT],
            "-",
            "pdf",
            False,
            None,
            False,
            [CHECKLISTS],
            _TerminalBytes(),
            io.StringIO(),
        )
    assert str(caught.value) == (
        "-: a PDF is binary and standard output is a terminal; redirect to a file "
        "(> out.pdf) or use -o FILE"
    )


def test_html_to_a_terminal_carries_no_escape_sequences(tmp_path: Path) -> None:
    audit = tmp_path / "audit.yaml"
    audit.write_text(
        TINY_AUDIT.read_text(encoding="utf-8").replace(
            "The platform team deploys for us", "\\e[2J\\e]52;c;QUFB\\a cleared"
        ),
        encoding="utf-8",
    )
    screen = _TerminalBytes()
    report.run(
        [audit], "-", "html", False, None, False, [CHECKLISTS], screen, io.StringIO(),
        detail="full",  # the notes are in the full report's evidence
    )  # fmt: skip
    page = screen.getvalue().decode("utf-8")
    assert "\x1b" not in page and "\x07" not in page
    assert " cleared" in page
