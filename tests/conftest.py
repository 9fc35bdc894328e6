"""Shared fixtures: a tiny checklist written by each test, and the CLI driven through CliRunner."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from auditor.cli import cli

# Compiled templates are cached under $XDG_CACHE_HOME: the tests' own, never the user's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="mlops-audit-tests-cache-")

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


CHECKLISTS = FIXTURES / "checklists"


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def invoke() -> Callable[..., Result]:
    def _invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return _invoke


class Listener:
    """A loopback TCP server that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        """Stop, counting the connections still waiting in the backlog too."""
        self.stop.set()
        self.thread.join()
        self.sock.setblocking(False)
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                break
            self.connections += 1
            conn.close()
        self.sock.close()


def assert_no_renderer_imported(*argv: str, as_module: bool = False) -> None:
    """Run ``mlops-audit ARGV`` in a fresh interpreter (``python -m auditor`` when ``as_module``)
    and check it succeeds without importing WeasyPrint or Jinja2: fast commands stay fast."""
    run = (
        "import runpy; runpy.run_module('auditor', run_name='__main__')"
        if as_module
        else "from auditor.cli import main; main()"
    )
    code = (
        f"import sys\nsys.argv = ['mlops-audit', *{list(argv)!r}]\n"
        f"try:\n    {run}\nexcept SystemExit as exc:\n    assert exc.code in (0, None), exc.code\n"
        "assert 'weasyprint' not in sys.modules and 'jinja2' not in sys.modules\n"
        "print('ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert out.stdout.endswith("ok\n"), out.stderr


SELF_AUDIT = EXAMPLES / "self-audit-platform-team.yaml"
# What the team answered worse three months before the self-audit example: four answers in MLOps
# ownership (so one of them is counted, not listed, where a document lists three) and one in
# the experiment-to-deploy cycle.
_EARLIER_ANSWERS = {  # question: (the example's answer, the earlier one)
    "who-deploys": ("platform-on-request", "rewritten"),
    "on-call": ("best-effort", "nobody"),
    "end-to-end-owner": ("split-by-stage", "nobody-owns"),
    "platform-team": ("team-maintained", "generic-devops"),
    "cycle-weeks": ("3.5", "12"),
}


def write_previous_audit(folder: Path) -> Path:
    """An earlier audit of the self-audit example's team (for ``--previous``): dated 2026-08-01,
    with five answers worse than in the example."""
    source = SELF_AUDIT.read_text(encoding="utf-8")
    text = source.replace('date: "2026-11-20"', 'date: "2026-08-01"')
    for question, (now, then) in _EARLIER_ANSWERS.items():
        answer = f"  {question}:\n    answer: {now}\n"
        assert answer in text, answer
        text = text.replace(answer, f"  {question}:\n    answer: {then}\n")
    path = folder / "self-audit-2026-08.yaml"
    path.write_text(text, encoding="utf-8")
    return path
