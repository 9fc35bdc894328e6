"""The interview under faults and odd files: a full disk, closed or failing input, absurd replies,
read-only, linked and older-version audits. A clear message every time, never a traceback, and
every confirmed answer kept."""

from __future__ import annotations

import errno
import io
import os
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


def test_standard_input_closed_from_the_start_is_the_end_of_input(tmp_path: Path) -> None:
    """`mlops-audit interview a.yaml <&-`: no answer to read, as with /dev/null."""
    path = tmp_path / "a.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "auditor", "interview", str(path), *NEW],
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(0),
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert "5 question(s) still open." in result.stdout
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answers"] == {}


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
