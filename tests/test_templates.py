"""auditor/render/templates.py: a user's templates (`--template-dir`) run sandboxed, load nothing
from outside their folder, and their errors are the user's to fix; the bundled ones' are bugs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from auditor import cli as cli_module
from auditor.cli import cli
from tests.conftest import CHECKLISTS, FIXTURES

TINY_AUDIT = FIXTURES / "valid" / "tiny-audit.yaml"


def _report(template_dir: Path, template: str) -> Result:
    (template_dir / "report.html.j2").write_text(template, encoding="utf-8")
    return CliRunner().invoke(
        cli,
        [
            "report",
            str(TINY_AUDIT),
            "--checklist-dir",
            str(CHECKLISTS),
            "--template-dir",
            str(template_dir),
            "--format",
            "html",
            "-o",
            "-",
        ],
        catch_exceptions=False,
    )


@pytest.mark.parametrize(
    ("template", "line", "message"),
    [
        ("<p>\n{{ 1 / 0 }}\n", 2, "division by zero"),
        (
            "<p>\n\n{{ 3 | polar }}\n",
            3,
            "polar() missing 5 required positional arguments: 'index', 'count', 'radius', "
            "'cx', and 'cy'",
        ),
        ("{{ r.no_such_key }}", 1, "'dict object' has no attribute 'no_such_key'"),
        (
            "{{ r.__class__.__mro__ }}",
            1,
            "access to attribute '__class__' of 'dict' object is unsafe.",
        ),
        ("{{ 'a long label' | lines(0) }}", 1, "invalid width 0 (must be > 0)"),
    ],
)
def test_a_render_time_error_in_your_template_names_file_and_line(
    tmp_path: Path, template: str, line: int, message: str
) -> None:
    result = _report(tmp_path, template)
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {tmp_path / 'report.html.j2'}:{line}: template error: {message}\n"
    )


def test_a_template_cannot_run_a_command(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    result = _report(
        tmp_path, f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'report.html.j2'}:1: template error: access to attribute "
        "'__init__' of 'type' object is unsafe.\n"
    )
    assert not marker.exists()


def test_an_error_in_an_included_template_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "part.html.j2").write_text("one\ntwo\n{{ 0 / 0 }}\n", encoding="utf-8")
    result = _report(tmp_path, '<p>\n{% include "part.html.j2" %}\n')
    assert result.stderr == (
        f"Error: {tmp_path / 'part.html.j2'}:3: template error: division by zero\n"
    )


def test_an_include_may_not_follow_a_link_out_of_the_folder(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the user's private key", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "style.css").symlink_to(secret)
    result = _report(folder, '{% include "style.css" %}')
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder / 'style.css'}: is a link to {secret}, outside the template folder; "
        "templates are only loaded from inside it. Copy the file into the folder instead\n"
    )
    assert "private key" not in result.stdout


def test_a_link_inside_the_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "real.html.j2").write_text("<b>{{ r.meta.company }}</b>", encoding="utf-8")
    (tmp_path / "alias.html.j2").symlink_to(tmp_path / "real.html.j2")
    result = _report(tmp_path, '{% include "alias.html.j2" %}')
    assert (result.exit_code, result.stdout) == (0, "<b>Acme</b>")


def test_a_template_folder_that_is_itself_a_link_works(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "part.html.j2").write_text("ok", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(real)
    assert _report(link, '{% include "part.html.j2" %}').stdout == "ok"


def test_parent_paths_and_pipes_are_refused_without_hanging(tmp_path: Path) -> None:
    result = _report(tmp_path, '{% include "../x.html.j2" %}')
    assert result.exit_code == 1
    assert "no template ../x.html.j2" in result.stderr
    os.mkfifo(tmp_path / "pipe.css")
    result = _report(tmp_path, '{% include "pipe.css" %}')
    assert result.stderr == (
        f"Error: {tmp_path / 'pipe.css'}: is not a regular file; templates must be files\n"
    )


def test_an_error_in_a_bundled_template_is_a_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from auditor.render import templates

    (tmp_path / "report.html.j2").write_text("{{ 1 / 0 }}", encoding="utf-8")
    monkeypatch.setattr(templates, "bundled", lambda name: tmp_path)
    result = CliRunner().invoke(
        cli,
        [
            "report",
            str(TINY_AUDIT),
            "--checklist-dir",
            str(CHECKLISTS),
            "--format",
            "html",
            "-o",
            "-",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == cli_module.EXIT_BUG
    assert result.stderr.startswith("Internal error: this is a bug in mlops-audit")
    assert "ZeroDivisionError" in result.stderr


def test_compiled_templates_are_kept_and_a_damaged_cache_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from auditor.assessment import assess
    from auditor.loading import checklist_dirs, load_audit
    from auditor.render import templates
    from auditor.scoring import score_audit
    from tests.conftest import EXAMPLES

    audit, checklist = load_audit(EXAMPLES / "demo.yaml", checklist_dirs())
    view = assess(score_audit(checklist, audit))

    def rendered() -> str:
        templates._environment.cache_clear()  # as a new process would start
        context = templates.report_context(view, output_format="pdf", detail="full")
        return templates.render("report.html.j2", context, for_pdf=True)

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = rendered()
    (folder,) = (tmp_path / "cache" / "mlops-audit").iterdir()
    kept = sorted(folder.glob("*.cache"))
    assert kept and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in kept)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    stamps = [f.stat().st_mtime_ns for f in kept]
    assert rendered() == first
    assert [f.stat().st_mtime_ns for f in kept] == stamps  # read, not written again
    for cached in kept:
        cached.write_bytes(b"j2 damaged")
    assert rendered() == first  # compiled again
    assert all(f.read_bytes() != b"j2 damaged" for f in kept)  # and kept again
    # No folder to keep them in (a file in the way; no home): rendered all the same.
    (tmp_path / "file").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert rendered() == first
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "")
    monkeypatch.chdir(tmp_path)
    assert rendered() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "file"]
