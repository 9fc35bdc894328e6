"""`mlops-audit sheet`: the printable probe sheet, in PDF (rendered once per mode), HTML and
Markdown, from the same templates machinery as the report."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from auditor.cli import cli
from auditor.loading import checklist_dirs, find_checklist
from tests.conftest import CHECKLISTS, REPO

MAX_PAGES = 4  # 35 questions since checklist 2.0.0 (issue 3 aimed at 1-3 pages for 33)


def _run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=["candidate", "self"])
def sheet(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, PdfReader]:
    mode = request.param
    out = tmp_path_factory.mktemp("sheet") / f"{mode}.pdf"
    result = _run("sheet", "--mode", mode, "-o", out)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"Wrote {re.escape(str(out))} \(\d+ KB\)\n", result.stderr), result.stderr
    return mode, PdfReader(out)


def test_every_question_is_on_the_sheet_in_its_mode(sheet: tuple[str, PdfReader]) -> None:
    mode, reader = sheet
    text = _squash(" ".join(page.extract_text() or "" for page in reader.pages))
    checklist = find_checklist("mlops-culture", checklist_dirs())
    asked = [q for q in checklist.questions() if q.answer.kind != "derived"]
    assert asked
    for question in asked:
        assert _squash(question.phrasing(mode)) in text
        other = question.phrasing("candidate" if mode == "self" else "self")
        if other != question.phrasing(mode):
            assert _squash(other) not in text
        for option in question.answer.options if question.answer.kind != "number" else ():
            assert _squash(option.label) in text
        if question.good_answer:
            assert _squash(question.good_answer) in text
    for dimension in checklist.dimensions:
        assert dimension.title in text


def test_the_sheet_fits_a_clipboard(sheet: tuple[str, PdfReader]) -> None:
    _, reader = sheet
    assert 1 <= len(reader.pages) <= MAX_PAGES
    meta = reader.metadata
    assert meta is not None and meta.title == "Interview probes: Production ML culture audit"
    assert reader.attachments == {}


def test_only_some_dimensions_as_markdown(tmp_path: Path) -> None:
    out = tmp_path / "probes.md"
    result = _run(
        "sheet", "--only", "monitoring,compute", "--checklist", "mlops-culture", "-o", out
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    checklist = find_checklist("mlops-culture", checklist_dirs())
    for dimension in checklist.dimensions:
        wanted = dimension.id in ("monitoring", "compute")
        assert (f"## {dimension.title}\n" in text) is wanted
        for question in dimension.questions:
            if question.answer.kind != "derived":
                assert (question.candidate in text) is wanted
    assert "- [ ] ? (did not come up / did not know)" in text
    assert "&lt;" not in text and "&#34;" not in text  # plain text, not HTML-escaped


def test_unknown_dimension_is_a_clear_error() -> None:
    result = _run("sheet", "--checklist-dir", CHECKLISTS, "--checklist", "tiny", "--only", "nope")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: checklist 'tiny' has no dimension 'nope'; its dimensions are: ship, watch\n"
    )


def test_a_checklist_file_and_html_to_standard_output() -> None:
    result = _run("sheet", "--checklist", CHECKLISTS / "tiny.yaml", "--format", "html", "-o", "-")
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and "Who deploys?" in page
    assert "How many weeks to deploy?" in page and "Production to development ratio" not in page
    # One self-contained file: the bundled fonts are inlined, nothing is fetched.
    assert page.count("@font-face") == page.count('src: url("data:font/woff;base64,') == 4


def test_markdown_sheet_never_imports_weasyprint(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom auditor.cli import main\n"
        f"sys.argv = ['mlops-audit', 'sheet', '--format', 'md', '-o', {str(tmp_path / 'p.md')!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code in (0, None), exc.code\n"
        "assert 'weasyprint' not in sys.modules\n"
        "print('ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert out.stdout.endswith("ok\n"), out.stderr
