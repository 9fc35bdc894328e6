"""The interview under faults and odd files: a full disk, closed or failing input, absurd replies,
read-only, linked and older-version audits. A clear message every time, never a traceback, and
every confirmed answer kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from auditor.cli import cli

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
