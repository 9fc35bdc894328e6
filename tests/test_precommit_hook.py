"""The pre-commit hook (``.pre-commit-hooks.yaml``): a manifest pre-commit accepts, a filter that
picks audit files and leaves a repository's configuration files alone, and, run for real by
pre-commit in a scratch repository, a commit blocked by a bad audit with its line and key."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pre_commit.clientlib import load_manifest

from tests.conftest import EXAMPLES, REPO

MANIFEST = REPO / ".pre-commit-hooks.yaml"
TRY_REPO = (sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "mlops-audit-validate")


def _hook() -> dict[str, object]:
    (hook,) = load_manifest(str(MANIFEST))  # pre-commit's own schema check of the manifest
    return dict(hook)


def test_the_manifest_declares_the_validate_hook() -> None:
    hook = _hook()
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "mlops-audit-validate",
        "mlops-audit validate",
        "python",
    )
    # The entry is the console script the package installs.
    assert "mlops-audit = auditor.cli:main" in (REPO / "setup.cfg").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("acme.yaml", True),
        ("audits/2026/acme-q1.yml", True),
        ("checklists/our-rubric.yaml", True),
        ("audits/notes.txt", False),
        (".pre-commit-config.yaml", False),
        (".github/workflows/ci.yml", False),
        ("docs/mkdocs.yml", False),
        ("docker-compose.override.yaml", False),
        (".gitlab-ci.yml", False),
    ],
)
def test_the_filter_picks_yaml_files_but_not_repository_configuration(
    path: str, checked: bool
) -> None:
    hook = _hook()
    picked = bool(re.search(str(hook["files"]), path)) and not re.search(str(hook["exclude"]), path)
    assert picked is checked


@pytest.mark.slow
def test_pre_commit_runs_the_hook_for_real(tmp_path: Path) -> None:
    """pre-commit installs this repository into its own environment (from PyPI, as for a user)
    and runs the hook on a good audit, a bad one and a CI file it must leave alone."""
    if shutil.which("git") is None:
        pytest.fail("git is needed to run pre-commit")
    project = tmp_path / "team-audits"
    (project / "audits").mkdir(parents=True)
    (project / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(EXAMPLES / "demo.yaml", project / "audits" / "good.yaml")
    bad = (EXAMPLES / "demo.yaml").read_text(encoding="utf-8")
    assert "answer: committee-weeks\n" in bad
    (project / "audits" / "bad.yaml").write_text(
        bad.replace("answer: committee-weeks\n", "answer: sometimes\n", 1), encoding="utf-8"
    )
    (project / ".github" / "workflows" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    subprocess.run(["git", "init", "-q", str(project)], check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        # try-repo: this working tree as the hook repository, as `repo: <url>` would fetch it.
        return subprocess.run(
            [*TRY_REPO, "--files", *files],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    failed = run("audits/good.yaml", "audits/bad.yaml", ".github/workflows/ci.yml")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "mlops-audit validate" in failed.stdout and "Failed" in failed.stdout
    assert "audits/good.yaml: valid audit" in failed.stdout
    assert (
        "audits/bad.yaml:69: answers.budget-approval.answer: expected one of: own-budget, "
        "manager-days, freeze, committee-weeks, no-budget; got 'sometimes'\n"
    ) in failed.stdout
    assert "ci.yml" not in failed.stdout  # excluded: never handed to validate
    passed = run("audits/good.yaml", ".github/workflows/ci.yml")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
