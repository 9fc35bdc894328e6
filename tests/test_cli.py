"""The commands end to end, as a user runs them."""

from __future__ import annotations

import io
import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from auditor import cli as cli_module
from auditor.loading import bundled
from tests.conftest import CHECKLISTS, EXAMPLES, FIXTURES, assert_no_renderer_imported

TINY_AUDIT = FIXTURES / "valid" / "tiny-audit.yaml"


def test_version(invoke: Callable[..., Result]) -> None:
    from auditor import __version__

    assert invoke("--version").output == f"mlops-audit, version {__version__}\n"


def test_score_text_summary(invoke: Callable[..., Result]) -> None:
    result = invoke("score", "--checklist-dir", CHECKLISTS, TINY_AUDIT)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Acme · Ranking"
    # The decision first, then the level, then the score with its range in words.
    assert lines[4] == "WALK AWAY · Walk away, unless you are hired to fix it: level 0, Poor"
    assert "Level 0 · Poor" in lines
    assert "Score 40/100, between 32 and 48 · coverage 83%" in lines
    assert any(line.startswith("Shipping ") and line.endswith(" 35 · 100%") for line in lines)
    assert any(
        line.startswith("Monitoring ") and line.endswith(" 50, 25–75 · 50%") for line in lines
    )
    assert "  ? Do alerts fire? [alerts: up to 16.7 pts]" in lines
    assert "\x1b[" not in result.output  # not a terminal: no colour


def test_score_json_shape(invoke: Callable[..., Result]) -> None:
    result = invoke("score", "--checklist-dir", CHECKLISTS, TINY_AUDIT, "--format", "json")
    data = json.loads(result.output)
    # Scores as shown: whole numbers on the 0-100 scale, rounded half up.
    assert data["overall"] == {
        "score": 40.0,
        "low": 32.0,
        "high": 48.0,
        "coverage": 0.833,
        "not_applicable": 0.0,
    }
    assert (data["verdict"], data["level"], data["band"]) == ("Walk away.", 0, "Poor")
    assert data["decision"]["decision"] == "walk-away"
    assert (
        data["decision"]["headline"] == "Walk away, unless you are hired to fix it: level 0, Poor"
    )
    assert [d["id"] for d in data["dimensions"]] == ["ship", "watch"]
    assert {k for k in data["dimensions"][0]} >= {"id", "title", "score", "low", "high", "coverage"}
    assert data["next_questions"][0]["question"] == "alerts"
    assert data["red_flags"][0]["question"] == "cycle"


def test_score_json_several_files_is_a_list(invoke: Callable[..., Result]) -> None:
    result = invoke(
        "score", "--checklist-dir", CHECKLISTS, TINY_AUDIT, TINY_AUDIT, "--format", "json"
    )
    assert [d["meta"]["company"] for d in json.loads(result.output)] == ["Acme", "Acme"]


def test_score_explain_gives_a_reason_per_question(invoke: Callable[..., Result]) -> None:
    output = " ".join(
        invoke("score", "--checklist-dir", CHECKLISTS, TINY_AUDIT, "--explain").output.split()
    )
    assert "cycle (weight 1): 3 weeks falls in 'a week or more', which scores 20" in output
    assert (
        "ratio (weight 1): 2 / 8 = 0.25 scores 50, on a curve where 1 scores 90 and 0.25 scores 50"
        in output
    )
    # The arithmetic of each dimension and of the overall score, and the decision's rules.
    assert "Shipping: (1×50 + 1×20) / 2 = 35" in output
    assert "Overall: weighted mean of the dimensions (2×35 + 1×50) / 3 = 40" in output
    assert "Decision: walk-away (rules that fired: red-level)" in output


def test_missing_file_is_a_clear_error(invoke: Callable[..., Result], tmp_path: Path) -> None:
    result = invoke("score", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.yaml'}: no such file\n"


def test_orphaned_answers_are_kept_and_reported(
    invoke: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    audit = write(
        "old.yaml",
        """\
        checklist: {id: tiny, version: "0.9", hash: "sha256:0000000000000000"}
        mode: candidate
        answers:
          deploys: {answer: team}
          retired-question: {answer: maybe, note: kept}
        """,
    )
    result = invoke("score", "--checklist-dir", CHECKLISTS, audit, "--format", "json")
    data = json.loads(result.output)
    assert data["checklist"]["changed_since"] is True
    assert data["orphaned_answers"] == [
        {"question": "retired-question", "answer": "maybe", "unknown": None, "note": "kept"}
    ]
    text = invoke("score", "--checklist-dir", CHECKLISTS, audit).output
    assert "  - retired-question: maybe" in text


def test_validate_reports_each_file(invoke: Callable[..., Result]) -> None:
    bad = FIXTURES / "invalid" / "audit-bad-mode.yaml"
    result = invoke("validate", "--checklist-dir", CHECKLISTS, TINY_AUDIT, bad)
    assert result.exit_code == 1
    assert result.stdout == f"{TINY_AUDIT}: valid audit\n1 valid, 1 invalid\n"
    assert result.stderr.startswith(f"{bad}:2: mode:")


def test_built_in_checklists_and_examples_are_valid(invoke: Callable[..., Result]) -> None:
    files = sorted(bundled("checklists").glob("*.yaml")) + sorted(
        bundled("examples").glob("*.yaml")
    )
    assert len(files) >= 2
    result = invoke("validate", *files)
    assert result.exit_code == 0, result.output


def test_checklists_lists_built_in_and_user_ones(invoke: Callable[..., Result]) -> None:
    result = invoke("checklists", "--checklist-dir", CHECKLISTS)
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split() for line in result.output.splitlines()[1:]}
    assert rows["tiny"][1:4] == ["1.0", "2", "6"]
    assert "mlops-culture" in rows and "quick-screen" in rows


def test_checklist_dirs_from_environment(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLOPS_AUDIT_CHECKLISTS", str(CHECKLISTS))
    assert invoke("score", TINY_AUDIT).exit_code == 0


def test_schema_is_json_schema(invoke: Callable[..., Result]) -> None:
    schema = json.loads(invoke("schema", "checklist").output)
    assert schema["$schema"].startswith("http://json-schema.org/draft-07")
    assert schema["additionalProperties"] is False


def test_demo_writes_a_private_audit_and_scores_it(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    result = invoke("demo", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    audit = tmp_path / "out" / "demo-audit.yaml"
    assert stat.S_IMODE(audit.stat().st_mode) == 0o600
    assert "Score " in result.output and str(audit) in result.output
    report = tmp_path / "out" / "demo-report.pdf"
    assert report.read_bytes().startswith(b"%PDF-") and f"The report is {report}" in result.output


def test_unexpected_exception_is_reported_as_a_bug(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from auditor.commands import score

    def explode(*args: object, **options: object) -> int:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(score, "run", explode)
    result = invoke("score", TINY_AUDIT)
    assert result.exit_code == cli_module.EXIT_BUG
    assert result.stderr.startswith("Internal error: this is a bug in mlops-audit")
    assert "ZeroDivisionError: boom" in result.stderr


def test_python_dash_m_works_and_help_imports_no_renderer() -> None:
    assert_no_renderer_imported("--help", as_module=True)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.assessment import assess
    from auditor.loading import checklist_dirs, load_audit
    from auditor.render.text import render_text
    from auditor.scoring import score_audit

    audit, checklist = load_audit(TINY_AUDIT, checklist_dirs([CHECKLISTS]))
    result = assess(score_audit(checklist, audit))
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = _Terminal()
    render_text(result, coloured)
    assert "\x1b[31m" in coloured.getvalue()  # the red flag is red on a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _Terminal()
    render_text(result, plain)
    assert "\x1b[" not in plain.getvalue()
    assert plain.getvalue() == _strip_ansi(coloured.getvalue())


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_score_imports_neither_weasyprint_nor_jinja() -> None:
    assert_no_renderer_imported("score", str(EXAMPLES / "demo.yaml"))


def test_summary_fits_a_60_column_terminal(
    invoke: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    examples = sorted(EXAMPLES.glob("*.yaml"))
    output = invoke("score", *examples).output
    assert "Red flags, structural" in output
    assert [line for line in output.splitlines() if len(line) > 60] == []


def test_an_audit_of_another_checklist_version_keeps_its_answers(
    invoke: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    audit = write(
        "v09.yaml",
        """\
        checklist: {id: tiny, version: "0.9"}
        mode: candidate
        answers:
          deploys: {answer: team}
          old-question: {answer: yes}
        """,
    )
    data = json.loads(
        invoke("score", "--checklist-dir", CHECKLISTS, audit, "--format", "json").output
    )
    assert data["checklist"]["changed_since"] is True
    assert [(o["question"], o["answer"]) for o in data["orphaned_answers"]] == [
        ("old-question", "yes")
    ]
    text = invoke("score", "--checklist-dir", CHECKLISTS, audit).output
    assert "Note: the checklist changed since this audit was answered." in text


def test_a_checklist_given_as_an_audit_is_named_for_what_it_is(
    invoke: Callable[..., Result],
) -> None:
    checklist = CHECKLISTS / "tiny.yaml"
    result = invoke("score", checklist)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {checklist}:2: is a checklist, not an audit; give an audit file "
        "(`mlops-audit validate` checks checklists)\n"
    )


def test_critical_marks_red_flags_not_strengths(
    invoke: Callable[..., Result], write: Callable[[str, str], Path]
) -> None:
    audit = write(
        "strong.yaml",
        """\
        checklist: {id: tiny}
        mode: candidate
        answers:
          deploys: {answer: team}
        """,
    )
    output = invoke("score", "--checklist-dir", CHECKLISTS, audit).output
    assert "  + The team\n" in output
    red = invoke(
        "score",
        "--checklist-dir",
        CHECKLISTS,
        write(
            "weak.yaml",
            """\
        checklist: {id: tiny}
        mode: candidate
        answers:
          deploys: {answer: nobody}
        """,
        ),
    ).output
    assert "  ! Nobody (critical)\n" in red


# Standard input: `-` reads it wherever an input file is read, once, named <stdin> in errors.


def _piped(*args: object, stdin: bytes) -> Result:
    from click.testing import CliRunner

    return CliRunner().invoke(cli_module.cli, [str(a) for a in args], input=stdin)


def test_dash_reads_an_audit_from_standard_input_in_every_reading_command(
    tmp_path: Path,
) -> None:
    audit = TINY_AUDIT.read_bytes()
    result = _piped("validate", "--checklist-dir", CHECKLISTS, "-", stdin=audit)
    assert (result.exit_code, result.stdout) == (0, "<stdin>: valid audit\n")
    result = _piped("score", "--checklist-dir", CHECKLISTS, "-", "--format", "json", stdin=audit)
    assert json.loads(result.stdout)["file"] == "<stdin>"
    result = _piped(
        "compare", "--checklist-dir", CHECKLISTS, TINY_AUDIT, "-", "--format", "json", stdin=audit
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "report.html"
    result = _piped("report", "--checklist-dir", CHECKLISTS, "-", "-o", out, stdin=audit)
    assert result.exit_code == 0, result.output
    assert "Acme" in out.read_text(encoding="utf-8")
    team = sorted((EXAMPLES / "respondents").glob("*.yaml"))
    merged = tmp_path / "merged.yaml"
    result = _piped("merge", team[0], "-", "-o", merged, stdin=team[1].read_bytes())
    assert result.exit_code == 0, result.output
    assert "file: <stdin>" in merged.read_text(encoding="utf-8")


def test_dash_errors_name_stdin_and_it_is_read_only_once() -> None:
    result = _piped("score", "--checklist-dir", CHECKLISTS, "-", stdin=b"mode: [\n")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: <stdin>:2: not valid YAML: did not find expected node content\n",
    )
    result = _piped("score", "-", "-", stdin=b"")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: - (standard input) is given more than once; it can be read only once\n",
    )


def test_a_report_read_from_standard_input_needs_a_name(invoke: Callable[..., Result]) -> None:
    result = _piped("report", "-", stdin=TINY_AUDIT.read_bytes())
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: a report of an audit read from standard input needs its own name: give one "
        "audit and -o FILE (or -o - for standard output)\n"
    )


def test_dev_stdin_is_read_once(tmp_path: Path) -> None:
    # validate used to read a file twice: a pipe has nothing left the second time ("is empty").
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "auditor", "validate", "--checklist-dir", CHECKLISTS, "/dev/stdin"],
        input=TINY_AUDIT.read_bytes(),
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, b"/dev/stdin: valid audit\n", b"")


def test_validate_and_checklists_agree_on_a_checklist_named_otherwise(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    wrong = folder / "other.yaml"
    wrong.write_bytes((CHECKLISTS / "tiny.yaml").read_bytes())
    message = (
        f"{wrong}:2: id: checklist id 'tiny' does not match the file name 'other.yaml': audits "
        "find a checklist by its id, as tiny.yaml; rename the file or change the id"
    )
    result = invoke("validate", wrong)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    result = invoke("checklists", "--checklist-dir", folder)
    assert result.exit_code == 1
    assert f"other          -        -           -          invalid: {message}" in result.stdout
    result = invoke("sheet", "--checklist", wrong, "--format", "md", "-o", tmp_path / "s.md")
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
