"""auditor/render/terminal.py: colour conventions, control sequences kept off the terminal, and
standard streams that fail with `Error:` instead of a traceback, driven as a user runs them."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from auditor.cli import cli
from auditor.render.terminal import Painter, clean, scrub, use_colour
from tests.conftest import CHECKLISTS, EXAMPLES, FIXTURES, REPO

TINY_AUDIT = FIXTURES / "valid" / "tiny-audit.yaml"
CLEAR_SCREEN = "\x1b[2J\x1b[H"
CLIPBOARD = "\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07"  # OSC 52: "evil clipboard"
FAKE_VERDICT = "\r\x1b[2K\x1b[31mOverall 99/100 · Level 4 · JOIN NOW\x1b[0m"
DANGEROUS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# --------------------------------------------------------------------------- clean, scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x1b[2Jb", "ab"),
        (f"a{CLIPBOARD}b", "ab"),
        ("a\x1b]52;c;QUFB\x1b\\b", "ab"),  # OSC ended by ST
        ("a\x1b]0;new title\x07b", "ab"),
        ("a\x1bP1$r0m\x1b\\b", "ab"),  # DCS
        ("a\x9b2Jb", "ab"),  # 8-bit CSI
        ("a\x9d52;c;QUFB\x9cb", "ab"),  # 8-bit OSC
        ("a\x1bcb", "ab"),  # full reset
        ("a\x1b(Bb", "ab"),
        ("a\x1b]52;c;QUFB", "a52;c;QUFB"),  # unterminated: the introducer goes, text stays
        ("a\rb\x08c\x07d\x7fe\x00f", "abcdef"),
        ("invoice\u202egnp.exe\u2066x\u2069", "invoicegnp.exex"),
        (FAKE_VERDICT, "Overall 99/100 · Level 4 · JOIN NOW"),
        ("two\nlines\tand a tab", "two\nlines\tand a tab"),
        ("Zürich · 東京 — naïve ★ ≈", "Zürich · 東京 — naïve ★ ≈"),
    ],
)
def test_clean_removes_whole_sequences_and_every_control(text: str, expected: str) -> None:
    assert clean(text) == expected


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_clean_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    cleaned = clean(text)
    assert DANGEROUS.search(cleaned) is None
    assert clean(cleaned) == cleaned
    if DANGEROUS.search(text) is None:
        assert cleaned is text  # ordinary text is not even copied


def test_scrub_keeps_our_colour_and_progress_codes_only() -> None:
    ours = "\x1b[1mbold\x1b[0m \x1b[31mred\x1b[0m\r\x1b[K"
    assert scrub(ours) == ours
    assert scrub(f"a{CLEAR_SCREEN}{CLIPBOARD}\x1b[5Ab\x07") == "ab"


def test_a_painted_output_is_kept_unless_a_file_brought_escapes() -> None:
    paint = Painter(colour=True)
    plain = f"{paint('Overall', 'bold')} {paint('66/100', 'green')}\n"
    assert paint.finish(plain) == plain
    paint = Painter(colour=True)
    hostile = f"{paint('Acme', 'bold')}{FAKE_VERDICT}\n"
    assert paint.finish(hostile) == "AcmeOverall 99/100 · Level 4 · JOIN NOW\n"
    assert Painter(colour=False).finish("a\x9b2Jb") == "ab"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("environment", "tty", "colour"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # set but empty does not count (no-color.org)
        ({"FORCE_COLOR": "1"}, False, True),  # `| less -R`
        ({"CLICOLOR_FORCE": "1"}, False, True),
        ({"FORCE_COLOR": "0"}, False, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
        ({"TERM": "dumb"}, True, False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, True, True),
    ],
)
def test_colour_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], tty: bool, colour: bool
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert use_colour(_Tty() if tty else io.StringIO()) is colour


# --------------------------------------------------------------------------- hostile files


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The demo audit with escape sequences in its company, team, respondent and notes."""
    data = yaml.safe_load((EXAMPLES / "demo.yaml").read_text(encoding="utf-8"))
    data["company"] = f"Evil{CLEAR_SCREEN} Corp"
    data["team"] = f"T{CLIPBOARD}eam"
    data["respondent"] = "hm\x9b2J\u202e"
    data["answers"]["models-in-production"]["note"] = f"fine\n{FAKE_VERDICT}"
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _run(*args: object, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    return CliRunner().invoke(
        cli, [str(a) for a in args], env=env, input=stdin, catch_exceptions=False
    )


def test_score_prints_hostile_names_as_plain_text_even_with_forced_colour(hostile: Path) -> None:
    result = _run("score", hostile, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert result.exit_code == 0, result.output
    assert DANGEROUS.search(result.stdout) is None  # no clear, no clipboard, no fake red
    assert result.stdout.startswith("Evil Corp · Team\n")
    assert "answered by hm\n" in result.stdout
    coloured = _run("score", EXAMPLES / "demo.yaml", env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[31m" in coloured.stdout  # an honest file keeps its colour


def test_compare_prints_hostile_names_as_plain_text(hostile: Path) -> None:
    result = _run("compare", hostile, EXAMPLES / "northwind-payments.yaml")
    assert result.exit_code == 0, result.output
    assert DANGEROUS.search(result.stdout) is None
    assert "Evil Corp" in result.stdout


def test_the_interview_shows_a_hostile_note_as_plain_text(hostile: Path) -> None:
    result = _run("interview", hostile, "--review", stdin="q\n")
    assert result.exit_code == 0, result.output
    assert DANGEROUS.search(result.stdout) is None
    assert "  Note: fine\n  Overall 99/100 · Level 4 · JOIN NOW\n" in result.stdout


def test_error_messages_echo_values_without_their_escapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("score", f"evil{CLIPBOARD}{CLEAR_SCREEN}.yaml")
    assert result.exit_code == 1
    # The escapes show as text (the name is still recognisable); none reaches the terminal.
    assert (
        result.stderr
        == "Error: evil\\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\\x07\\x1b[2J\\x1b[H.yaml: no such file\n"
    )
    assert DANGEROUS.search(result.stderr) is None


def test_the_merge_summary_has_no_escapes(tmp_path: Path) -> None:
    respondents = sorted((EXAMPLES / "respondents").glob("*.yaml"))
    out = tmp_path / f"merged{CLEAR_SCREEN}.yaml"
    result = _run("merge", *respondents, "-o", out)
    assert result.exit_code == 0, result.output
    assert DANGEROUS.search(result.stdout) is None
    assert result.stdout.startswith(f"Merged 4 audits into {tmp_path}/merged.yaml: ")


# --------------------------------------------------------------------------- real processes


def _process(
    command: str, *, env: dict[str, str] | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess[bytes]:
    """``mlops-audit`` (as ``python -m auditor``) in a shell, for the redirections a user types."""
    program = f"{shlex.quote(sys.executable)} -m auditor"
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE", "NO_COLOR"):
        if name not in (env or {}):
            environment.pop(name, None)
    return subprocess.run(
        ["sh", "-c", command.replace("mlops-audit", program)],
        capture_output=True,
        env=environment,
        cwd=cwd,
        timeout=120,
        check=False,
    )


DEMO = shlex.quote(str(EXAMPLES / "demo.yaml"))


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_on_standard_output_is_an_error() -> None:
    for command in ("score", "report --format html -o -"):
        done = _process(f"mlops-audit {command} {DEMO} > /dev/full")
        assert (done.returncode, done.stderr) == (
            1,
            b"Error: cannot write to standard output: No space left on device\n",
        )


def test_closed_standard_output_is_an_error_only_for_what_writes_there(tmp_path: Path) -> None:
    for command in ("score", "report --format html -o -"):
        done = _process(f"mlops-audit {command} {DEMO} >&-")
        assert (done.returncode, done.stderr) == (
            1,
            b"Error: cannot write to standard output: it is closed\n",
        )
    report = tmp_path / "demo.html"
    done = _process(f"mlops-audit report {DEMO} -o {report} >&-")
    assert done.returncode == 0, done.stderr
    # The report did not get descriptor 1: nothing meant for the terminal went into it.
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_closed_standard_input_is_an_error(tmp_path: Path) -> None:
    done = _process(f"mlops-audit interview {tmp_path / 'new.yaml'} <&-")
    assert done.returncode == 1
    assert done.stderr.endswith(b"Error: cannot read from standard input: it is closed\n")


def test_closed_standard_error_still_gives_the_exit_code() -> None:
    done = _process("mlops-audit score no-such-file.yaml 2>&-")
    assert (done.returncode, done.stdout) == (1, b"")


def test_an_ascii_terminal_gets_ascii_fallbacks_not_a_traceback() -> None:
    done = _process(f"mlops-audit score {DEMO}", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("ascii")
    assert text.startswith("Acme Analytics - Search Ranking\n")
    assert "Score 66/100, between 63 and 68 - coverage 95%" in text
    assert "Production-to-development ratio ###" in text
    assert "|" in text and "\u2503" not in text  # the estimate's marker, in ASCII


def test_json_on_an_ascii_terminal_is_exact() -> None:
    ascii_run = _process(
        f"mlops-audit score {DEMO} --format json", env={"PYTHONIOENCODING": "ascii"}
    )
    utf8_run = _process(f"mlops-audit score {DEMO} --format json")
    assert ascii_run.returncode == 0, ascii_run.stderr
    assert ascii_run.stdout.isascii()
    assert json.loads(ascii_run.stdout) == json.loads(utf8_run.stdout)


def test_a_file_name_that_is_not_utf8_is_named_not_a_crash(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "auditor", "score", b"\xff.yaml"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=tmp_path,
        check=False,
    )
    assert (done.returncode, done.stderr) == (1, b"Error: \\xff.yaml: no such file\n")


def test_forced_colour_reaches_a_pipe() -> None:
    done = _process(f"mlops-audit score {DEMO}", env={"FORCE_COLOR": "1"})
    assert b"\x1b[31m" in done.stdout
    done = _process(f"mlops-audit score {DEMO}")
    assert b"\x1b[" not in done.stdout


# --------------------------------------------------------------------------- a real terminal


def _terminal(argv: list[str], environment: dict[str, str]) -> tuple[int, str]:
    """Run a program on a pseudo-terminal; its exit status and everything it printed."""
    pexpect = pytest.importorskip("pexpect")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "COLUMNS", "LINES")
    }
    env.update({"PYTHONPATH": str(REPO), "TERM": "xterm", **environment})
    child = pexpect.spawn(
        sys.executable, argv, env=env, cwd=str(REPO), encoding="utf-8", timeout=60
    )
    output = child.read()
    child.close()
    return child.exitstatus, output


def test_a_pdf_is_not_written_to_a_terminal() -> None:
    status, output = _terminal(
        ["-m", "auditor", "report", str(TINY_AUDIT), "--checklist-dir", str(CHECKLISTS), "-o", "-"],
        {},
    )
    assert status == 1
    assert output == (
        "Error: -: a PDF is binary and standard output is a terminal; redirect to a file "
        "(> out.pdf) or use -o FILE\r\n"
    )


def test_colour_on_a_terminal_and_none_for_a_dumb_one() -> None:
    argv = ["-m", "auditor", "score", str(EXAMPLES / "demo.yaml")]
    assert "\x1b[31m" in _terminal(argv, {})[1]
    assert "\x1b[" not in _terminal(argv, {"TERM": "dumb"})[1]
    assert "\x1b[" not in _terminal(argv, {"NO_COLOR": "1"})[1]


def test_standard_output_on_a_terminal_passes_only_our_own_sequences() -> None:
    """The last wall: text that reached stdout without being cleaned still cannot clear the
    screen or write the clipboard; colour and the progress bar's codes pass."""
    code = (
        "from auditor.render.terminal import setup_standard_streams\n"
        "setup_standard_streams()\n"
        f"print({'a' + CLEAR_SCREEN + CLIPBOARD + 'b'!r} + '\\x1b[1mB\\x1b[0m\\r\\x1b[K')\n"
    )
    status, output = _terminal(["-c", code], {})
    assert (status, output) == (0, "ab\x1b[1mB\x1b[0m\r\x1b[K\r\n")


def test_hostile_names_do_not_reach_a_real_terminal(hostile: Path) -> None:
    status, output = _terminal(["-m", "auditor", "score", str(hostile)], {})
    assert status == 0
    assert DANGEROUS.search(output.replace("\r\n", "\n")) is None
    assert output.startswith("Evil Corp · Team\r\n")
