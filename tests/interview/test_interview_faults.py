"""The interview under faults and odd files: a full disk, closed or failing input, absurd replies,
read-only, linked and older-version audits. A clear message every time, never a traceback, and
every confirmed answer kept."""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from auditor.cli import cli
from auditor.commands import interview as interview_command
from auditor.loading import load_audit

CHECKLISTS = Path(__file__).resolve().parent.parent / "fixtures" / "checklists"
META = ("--company", "Acme", "--team", "Ranking", "--role", "MLE", "--respondent", "HM")
NEW = ("--checklist", "tiny", "--checklist-dir", str(CHECKLISTS), "--mode", "self", *META)
AUDIT = """\
checklist: {id: tiny}
mode: candidate
company: Acme
answers:
  deploys: {answer: team}
"""


def interview(path: Path, lines: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["interview", str(path), *args], input=lines)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_full_disk_leaves_the_previous_file_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    real_fdopen = os.fdopen

    class NoSpace(io.BytesIO):
        """The temporary file's handle on a full disk: every write fails."""

        def __init__(self, fd: int) -> None:
            super().__init__()
            self.fd = fd

        def write(self, data: object) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def close(self) -> None:
            os.close(self.fd)
            super().close()

    def fdopen(fd: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        if mode == "wb":  # the save's temporary file (the interview opens nothing else so)
            return NoSpace(fd)
        return real_fdopen(fd, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "fdopen", fdopen)
    result = interview(path, "3\n", "--checklist-dir", str(CHECKLISTS))
    assert result.exit_code == 1
    assert "saved:" not in result.output
    assert result.output.endswith(
        f"Error: {path}: cannot write the audit file: No space left on device; the last change "
        "was not saved (the file still holds every answer confirmed before it)\n"
    )
    assert path.read_text(encoding="utf-8") == AUDIT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]  # no temp or lock file


FULL_DISK = """\
set -e
mount -t tmpfs -o size=64k tmpfs "$DIR"
cp "$SOURCE" "$DIR/a.yaml"
# Fill what is left: the next save needs a block for its temporary file.
dd if=/dev/zero of="$DIR/filler" bs=1k count=100 2>/dev/null || true
set +e
printf '3\\n' | "$PYTHON" -m auditor interview "$DIR/a.yaml" --checklist-dir "$CHECKLISTS" \
    >"$OUT/stdout" 2>"$OUT/stderr"
echo $? >"$OUT/code"
cp "$DIR/a.yaml" "$OUT/after.yaml"
ls -A "$DIR" >"$OUT/listing"
"""


def test_a_really_full_disk_leaves_the_previous_file_and_says_so(tmp_path: Path) -> None:
    """A 64 kB tmpfs, filled: mounted in a private mount namespace (as root, or a user namespace
    where the kernel allows one), so nothing outside the test sees it."""
    if shutil.which("unshare") is None or sys.platform != "linux":
        pytest.skip("needs Linux and unshare(1) to mount a small tmpfs")
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=4k tmpfs {tmp_path}"],
        capture_output=True,
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {probe.stderr.decode().strip()}")
    source, disk, out = tmp_path / "source.yaml", tmp_path / "disk", tmp_path / "out"
    source.write_text(AUDIT, encoding="utf-8")
    disk.mkdir()
    out.mkdir()
    env = {
        **os.environ,
        "DIR": str(disk),
        "SOURCE": str(source),
        "OUT": str(out),
        "PYTHON": sys.executable,
        "CHECKLISTS": str(CHECKLISTS),
    }
    subprocess.run(["unshare", "-rm", "sh", "-c", FULL_DISK], env=env, check=True, timeout=60)
    assert (out / "code").read_text() == "1\n"
    assert (out / "stderr").read_text() == (
        f"Error: {disk / 'a.yaml'}: cannot write the audit file: No space left on device; the "
        "last change was not saved (the file still holds every answer confirmed before it)\n"
    )
    assert "saved:" not in (out / "stdout").read_text()
    assert (out / "after.yaml").read_text(encoding="utf-8") == AUDIT
    assert (out / "listing").read_text().split() == ["a.yaml", "filler"]


@pytest.mark.parametrize(
    ("typed_before", "where"),
    [
        ("", "a choice question"),
        ("1\n", "a number question"),
        ("1\n3\n", "a yes/no question"),
    ],
)
def test_five_thousand_digits_are_not_a_number(
    tmp_path: Path, typed_before: str, where: str
) -> None:
    digits = "7" * 5000
    result = interview(tmp_path / "a.yaml", f"{typed_before}{digits}\nq\n", *NEW)
    assert result.exit_code == 0, (where, result.output)
    assert "777777777777... (5,000 digits) is not a number or answer here. Type" in flat(
        result.output
    )


def test_five_thousand_digits_at_the_unknown_prompt_are_refused(tmp_path: Path) -> None:
    result = interview(tmp_path / "a.yaml", f"u\n{'7' * 5000}\n2\nq\n", *NEW)
    assert result.exit_code == 0, result.output
    assert "saved: deploys = unknown (did-not-know)" in result.output


def test_standard_input_closed_from_the_start_is_refused(tmp_path: Path) -> None:
    """`mlops-audit interview a.yaml <&-`: no answer could ever come; nothing is written."""
    path = tmp_path / "a.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "auditor", "interview", str(path), *NEW],
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(0),
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (
        1,
        "Error: cannot read from standard input: it is closed\n",
    )
    assert not path.exists()


def test_standard_output_closed_from_the_start_is_refused(tmp_path: Path) -> None:
    """`mlops-audit interview a.yaml >&-`: no questions could be shown."""
    path = tmp_path / "a.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "auditor", "interview", str(path), *NEW],
        input="1\n",
        stdout=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(1),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {path}: standard output is closed, so the interview could not show its "
        "questions; nothing was written\n"
    )
    assert not path.exists()


def test_standard_input_closed_mid_interview_keeps_what_was_confirmed(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    process = subprocess.Popen(
        [sys.executable, "-m", "auditor", "interview", str(path), *NEW],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("1\n")
    process.stdin.flush()
    for line in process.stdout:
        if "saved: deploys" in line:
            break
    process.stdin.close()  # the other end goes away while the next question waits
    assert process.stderr is not None
    out, err = process.stdout.read(), process.stderr.read()
    process.wait(timeout=60)
    assert (process.returncode, err) == (0, "")
    assert "4 question(s) still open." in out
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answers"] == {
        "deploys": {"answer": "team"}
    }


class _FailingInput(io.StringIO):
    """Input that fails (EIO, as a terminal that went away) once its lines are read."""

    def readline(self, size: int | None = -1) -> str:
        line = super().readline()
        if not line:
            raise OSError(errno.EIO, "Input/output error")
        return line


def test_input_that_fails_mid_interview_ends_it_like_a_hangup(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    out = io.StringIO()
    code = interview_command.run(
        path,
        "tiny",
        "self",
        {"company": "Acme", "team": "Ranking", "role": "MLE", "respondent": "HM"},
        (),
        False,
        False,
        (CHECKLISTS,),
        _FailingInput("1\n3\n"),
        out,
    )
    assert code == 130
    assert "Interrupted. Every confirmed answer is saved in" in out.getvalue()
    audit, _ = load_audit(path, [CHECKLISTS])
    assert {k: r.value for k, r in audit.responses.items()} == {"deploys": "team", "cycle": 3.0}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_a_read_only_audit_is_refused_before_any_question(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    path.chmod(0o444)
    result = interview(path, "3\n", "--checklist-dir", str(CHECKLISTS))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: the file is read-only (mode 0444) and the interview saves every answer "
        f"into it; make it writable (chmod u+w {path}) or interview into a copy\n"
    )
    assert path.read_text(encoding="utf-8") == AUDIT


def test_a_pipe_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    os.mkfifo(path)
    result = interview(path, "", "--checklist-dir", str(CHECKLISTS))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: is not a regular file (a device, pipe or socket); the interview needs "
        "a YAML file it can replace\n"
    )


def test_an_interview_on_a_link_updates_the_file_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    real = tmp_path / "shared" / "acme.yaml"
    real.write_text(AUDIT, encoding="utf-8")
    link = tmp_path / "acme.yaml"
    link.symlink_to(real)
    first = interview(link, "3\nq\n", "--checklist-dir", str(CHECKLISTS))
    assert first.exit_code == 0, first.output
    second = interview(link, "y\nq\n", "--checklist-dir", str(CHECKLISTS))
    assert second.exit_code == 0, second.output
    assert link.is_symlink() and link.resolve() == real
    assert yaml.safe_load(real.read_text(encoding="utf-8"))["answers"] == {
        "deploys": {"answer": "team"},
        "cycle": {"answer": 3},
        "alerts": {"answer": "yes"},
    }
    assert sorted(p.name for p in real.parent.iterdir()) == ["acme.yaml"]


def test_an_audit_of_an_older_checklist_with_an_orphan_answer_resumes(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            checklist: {id: tiny, version: "0.9"}
            mode: candidate
            answers:
              deploys: {answer: team}
              oldq: {answer: maybe, note: asked in 0.9}
            """
        ),
        encoding="utf-8",
    )
    for typed in ("3\nq\n", "y\nq\n"):
        result = interview(path, typed, "--checklist-dir", str(CHECKLISTS))
        assert result.exit_code == 0, result.output
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answers"] == {
        "deploys": {"answer": "team"},
        "cycle": {"answer": 3},
        "alerts": {"answer": "yes"},
        "oldq": {"answer": "maybe", "note": "asked in 0.9"},
    }


def test_notes_like_no_and_1_20_in_a_commented_file_do_not_stop_the_interview(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("# round 1, by phone\n" + AUDIT, encoding="utf-8")
    result = interview(path, "note\nno\n3\nnote\n1:20\ny\nq\n", "--checklist-dir", str(CHECKLISTS))
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# round 1, by phone\n")
    audit, _ = load_audit(path, [CHECKLISTS])
    assert audit.data["answers"]["cycle"] == {"note": "no", "answer": 3}
    assert audit.data["answers"]["alerts"] == {"note": "1:20", "answer": "yes"}


def test_two_answers_sharing_an_anchor_in_a_commented_file_change_apart(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "# counted at the all-hands\n" + AUDIT + "  prod: &x {answer: 2}\n  dev: *x\n",
        encoding="utf-8",
    )
    # alerts: yes; prod: Enter keeps 2; dev: 7, which must not change prod too.
    result = interview(
        path, "y\n\n7\n", "--checklist-dir", str(CHECKLISTS), "--only", "watch", "--review"
    )
    assert result.exit_code == 0, result.output
    assert "saved: dev = 7 models" in result.output
    audit, _ = load_audit(path, [CHECKLISTS])
    assert {k: r.value for k, r in audit.responses.items()} == {
        "deploys": "team",
        "alerts": "yes",
        "prod": 2.0,
        "dev": 7.0,
    }
    assert path.read_text(encoding="utf-8").startswith("# counted at the all-hands\n")
