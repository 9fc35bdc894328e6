"""`mlops-audit demo`: an edited demo audit is the user's and is never replaced; the next command
is named the way the user can type it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from auditor.commands import demo
from auditor.schema import AUDIT_SCHEMA_LINE
from tests.conftest import EXAMPLES


def test_a_second_run_keeps_an_edited_audit_and_scores_it(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    audit = tmp_path / "demo-audit.yaml"
    first = invoke("demo", "-o", tmp_path)
    assert first.exit_code == 0 and "Kept" not in first.stdout
    edited = audit.read_text(encoding="utf-8").replace(
        "company: Acme Analytics", "company: Initech"
    )
    audit.write_text(edited, encoding="utf-8")
    again = invoke("demo", "-o", tmp_path)
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith(
        f"Kept your edited {audit} and scored it as it stands "
        "(delete it to start again from the example).\n\nInitech · "
    )
    assert (
        f"\nYour audit is {audit}: edit it and run `mlops-audit score {audit}`.\n" in again.stdout
    )
    assert audit.read_text(encoding="utf-8") == edited


def test_an_unedited_audit_is_written_afresh(invoke: Callable[..., Result], tmp_path: Path) -> None:
    audit = tmp_path / "demo-audit.yaml"
    example = (EXAMPLES / "demo.yaml").read_text(encoding="utf-8")
    audit.write_text(example, encoding="utf-8")
    audit.chmod(0o644)
    result = invoke("demo", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert "Kept" not in result.stdout
    assert f"\nThe example audit is {audit}: edit it" in result.stdout
    # A copy from before the schema line was added is the example too: written anew, with it.
    assert audit.read_text(encoding="utf-8") == AUDIT_SCHEMA_LINE + example
    assert audit.stat().st_mode & 0o777 == 0o600  # written anew, private as the first time


def test_an_edited_audit_that_is_broken_is_reported_and_left_alone(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    audit = tmp_path / "demo-audit.yaml"
    broken = (
        (EXAMPLES / "demo.yaml")
        .read_text(encoding="utf-8")
        .replace("mode: candidate", "mode: guess")
    )
    audit.write_text(broken, encoding="utf-8")
    result = invoke("demo", "-o", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {audit}:")
    assert "mode" in result.stderr
    assert audit.read_text(encoding="utf-8") == broken
    assert not (tmp_path / "demo-report.pdf").exists()


@pytest.fixture
def script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An `mlops-audit` program in tmp_path/venv/bin, run from tmp_path, with a PATH without it."""
    program = tmp_path / "venv" / "bin" / "mlops-audit"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    return program


def test_next_command_is_the_path_when_the_venv_is_not_active(
    script: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", [str(script), "demo"])
    assert demo._program() == os.path.join("venv", "bin", "mlops-audit")
    monkeypatch.setattr(sys, "argv", ["venv/bin/mlops-audit", "demo"])
    assert demo._program() == os.path.join("venv", "bin", "mlops-audit")


def test_next_command_is_the_name_when_path_finds_this_program(
    script: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{script.parent}:/usr/bin:/bin")
    monkeypatch.setattr(sys, "argv", [str(script), "demo"])
    assert demo._program() == "mlops-audit"


def test_next_command_outside_the_folder_is_an_absolute_path(
    script: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setattr(sys, "argv", [str(script), "demo"])
    assert demo._program() == str(script)


def test_next_command_under_python_dash_m_names_the_interpreter(
    script: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    python = tmp_path / "venv" / "bin" / "python"
    monkeypatch.setattr(sys, "argv", [str(demo._MAIN), "demo"])
    monkeypatch.setattr(sys, "executable", str(python))
    assert demo._program() == os.path.join("venv", "bin", "python") + " -m auditor"
