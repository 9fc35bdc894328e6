"""Editors check audit files as they are typed: every audit file the tool writes starts with a
``# yaml-language-server: $schema=audit.schema.json`` line, ``schema audit -o`` writes that file,
and the line survives the interview's comment-keeping rewrite without changing any score."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from click.testing import CliRunner, Result

from auditor.cli import cli
from auditor.loading import load_checklist
from auditor.schema import AUDIT_SCHEMA_FILE, AUDIT_SCHEMA_LINE, SCHEMAS
from auditor.yamlio import parse_yaml
from tests.conftest import CHECKLISTS, EXAMPLES, FIXTURES

TINY = ("--checklist", "tiny", "--checklist-dir", str(CHECKLISTS))
META = ("--company", "Acme", "--team", "Ranking", "--role", "MLE", "--respondent", "HM")
NEW = (*TINY, *META, "--mode", "candidate")
CHECK_AUDIT = fastjsonschema.compile(SCHEMAS["audit"])


def _run(*args: object, lines: str | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=lines, catch_exceptions=False)


def _checked_by_the_editor_schema(path: Path) -> dict[str, Any]:
    """The file's data, checked against the published schema as an editor would."""
    data = parse_yaml(path.read_text(encoding="utf-8"), str(path)).data
    CHECK_AUDIT(json.loads(json.dumps(data, default=str)))
    return data


def test_the_line_points_to_the_file_schema_writes() -> None:
    assert AUDIT_SCHEMA_LINE == "# yaml-language-server: $schema=audit.schema.json\n"
    assert AUDIT_SCHEMA_FILE == "audit.schema.json"


def test_schema_o_writes_the_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / AUDIT_SCHEMA_FILE
    target.write_text("old", encoding="utf-8")
    result = _run("schema", "audit", "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote the audit schema to {target}.\n"
    assert json.loads(target.read_text(encoding="utf-8")) == SCHEMAS["audit"]
    assert target.read_text(encoding="utf-8") == _run("schema", "audit").stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # a schema is nothing private
    assert [p.name for p in tmp_path.iterdir()] == [AUDIT_SCHEMA_FILE]  # no temporary file left
    assert _run("schema", "checklist", "-o", "-").stdout == _run("schema", "checklist").stdout


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("nope/audit.schema.json", "Error: {path}: folder {parent} does not exist\n"),
        (".", "Error: {path} is a folder; name the schema file, e.g. audit.schema.json\n"),
    ],
)
def test_schema_o_refuses_a_place_it_cannot_write(tmp_path: Path, where: str, message: str) -> None:
    path = tmp_path / where
    result = _run("schema", "audit", "-o", path)
    assert result.exit_code == 1
    assert result.stderr == message.format(path=path, parent=path.parent)


def test_a_new_interview_file_starts_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    result = _run("interview", path, *NEW, lines="1\nq\n")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith(AUDIT_SCHEMA_LINE + "# mlops-audit interview file:")
    assert _checked_by_the_editor_schema(path)["answers"] == {"deploys": {"answer": "team"}}


def test_the_line_survives_the_comment_keeping_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    assert _run("interview", path, *NEW, lines="1\nq\n").exit_code == 0
    # The user adds comments of their own: the next save goes through the round trip.
    edited = path.read_text(encoding="utf-8").replace(
        "company: Acme", "company: Acme  # the parent company"
    )
    path.write_text(edited + "# ask about paging\n", encoding="utf-8")
    result = _run("interview", path, "--checklist-dir", CHECKLISTS, lines="3\nq\n")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith(AUDIT_SCHEMA_LINE)
    assert text.count("yaml-language-server") == 1
    assert "company: Acme  # the parent company" in text and "# ask about paging" in text
    assert _checked_by_the_editor_schema(path)["answers"]["cycle"] == {"answer": 3}


def test_a_file_from_before_the_line_gets_it_when_rewritten(tmp_path: Path) -> None:
    """A file whose only comments are the old header is ours: saved with the new header."""
    path = tmp_path / "acme.yaml"
    assert _run("interview", path, *NEW, lines="1\nq\n").exit_code == 0
    old = path.read_text(encoding="utf-8").removeprefix(AUDIT_SCHEMA_LINE)
    path.write_text(old, encoding="utf-8")
    assert _run("interview", path, "--checklist-dir", CHECKLISTS, lines="3\nq\n").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith(AUDIT_SCHEMA_LINE + "# mlops-audit interview file:")
    assert text.count("# mlops-audit interview file:") == 1


def test_the_line_changes_no_score_and_no_hash(tmp_path: Path) -> None:
    with_line = tmp_path / "with.yaml"
    assert _run("interview", with_line, *NEW, lines="1\n3\ny\n2\n8\n").exit_code == 0
    text = with_line.read_text(encoding="utf-8")
    without = tmp_path / "without.yaml"
    without.write_text(text.removeprefix(AUDIT_SCHEMA_LINE), encoding="utf-8")
    scored = [
        json.loads(_run("score", p, "--format", "json", "--checklist-dir", CHECKLISTS).stdout)
        for p in (with_line, without)
    ]
    assert scored[0]["checklist"]["hash"] == load_checklist(CHECKLISTS / "tiny.yaml").hash
    scored[1]["file"] = scored[0]["file"]
    assert scored[0] == scored[1]


def test_a_merged_file_starts_with_the_line(tmp_path: Path) -> None:
    merged = tmp_path / "harborview.yaml"
    result = _run("merge", *sorted((EXAMPLES / "respondents").glob("*.yaml")), "-o", merged)
    assert result.exit_code == 0, result.output
    assert merged.read_text(encoding="utf-8").startswith(AUDIT_SCHEMA_LINE + "# Merged by")
    assert _checked_by_the_editor_schema(merged)["respondents"]


def test_the_demo_copy_starts_with_the_line_and_has_its_schema(tmp_path: Path) -> None:
    result = _run("demo", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    copy = tmp_path / "demo-audit.yaml"
    bundled = (EXAMPLES / "demo.yaml").read_text(encoding="utf-8")
    assert copy.read_text(encoding="utf-8") == AUDIT_SCHEMA_LINE + bundled
    schema = json.loads((tmp_path / AUDIT_SCHEMA_FILE).read_text(encoding="utf-8"))
    assert schema == SCHEMAS["audit"]
    _checked_by_the_editor_schema(copy)
    again = _run("demo", "-o", tmp_path)
    assert "Kept" not in again.stdout  # the copy with its line is still the example


def test_the_survey_answers_file_starts_with_the_line() -> None:
    """The survey page writes this file byte for byte (the browser test checks it does)."""
    answers = FIXTURES / "survey" / "answers-tiny.yaml"
    assert answers.read_text(encoding="utf-8").startswith(AUDIT_SCHEMA_LINE)
    _checked_by_the_editor_schema(answers)
