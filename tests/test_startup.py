"""What the fast commands import: start-up is mostly imports, so what a command does not need
stays out (timings live in bench/startup.py; this guards against regressions, not speed)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, REPO

# Each is worth milliseconds at every start, and none is needed to score one audit.
NOT_AT_START = (
    "multiprocessing",  # only for a large batch
    "auditor.compare",  # only for --target, --previous and `compare`
    "auditor.roadmap",
    "auditor.view",  # the view's shapes are for type checking
    "hashlib",  # a bundled checklist comes compiled, with its hash
    "secrets",
    "statistics",
    "shlex",
    "jinja2",
    "weasyprint",
)


def _imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "auditor", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }


@pytest.mark.parametrize(
    "args",
    [
        ("score", str(EXAMPLES / "demo.yaml")),
        ("score", str(EXAMPLES / "demo.yaml"), "--format", "json"),
        ("validate", str(EXAMPLES / "demo.yaml")),
    ],
    ids=["score", "score-json", "validate"],
)
def test_the_fast_commands_import_only_what_they_use(args: tuple[str, ...]) -> None:
    imported = _imported(*args)
    assert "auditor.loading" in imported  # the measurement itself works
    assert sorted(imported.intersection(NOT_AT_START)) == []
