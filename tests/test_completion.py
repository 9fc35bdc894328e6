"""Shell completion: checklist ids after ``--checklist``, dimension ids after ``--only``, read
cheaply from the bundled and the user's checklists; and the scripts bash, zsh and fish load."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import CompletionItem, ShellComplete

from auditor.cli import cli
from tests.conftest import CHECKLISTS, EXAMPLES, REPO

CULTURE = [
    "production-ratio",
    "ownership",
    "deploy-cycle",
    "compute",
    "monitoring",
    "data-foundations",
]


@pytest.fixture(autouse=True)
def _no_user_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLOPS_AUDIT_CHECKLISTS", raising=False)


def complete(*words: str) -> list[CompletionItem]:
    """What the shell offers for the last of ``words`` (the word being typed)."""
    completer = ShellComplete(cli, {}, "mlops-audit", "_MLOPS_AUDIT_COMPLETE")
    return completer.get_completions(list(words[:-1]), words[-1])


def values(*words: str) -> list[str]:
    return [item.value for item in complete(*words)]


@pytest.mark.parametrize("command", ["sheet", "survey", "interview"])
def test_checklist_ids_with_their_titles(command: str) -> None:
    args = ["x.yaml"] if command == "interview" else []
    items = complete(command, *args, "--checklist", "")
    assert [(i.value, i.help) for i in items] == [
        ("mlops-culture", "Production ML culture audit"),
        ("quick-screen", "Production ML quick screen (10 minutes)"),
    ]
    assert values(command, *args, "--checklist", "q") == ["quick-screen"]


def test_your_own_checklists_are_offered_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(CHECKLISTS / "tiny.yaml", mine / "tiny.yaml")
    items = complete("sheet", "--checklist-dir", str(mine), "--checklist", "")
    assert [(i.value, i.help) for i in items] == [
        ("tiny", "Tiny"),
        ("mlops-culture", "Production ML culture audit"),
        ("quick-screen", "Production ML quick screen (10 minutes)"),
    ]
    monkeypatch.setenv("MLOPS_AUDIT_CHECKLISTS", str(mine))
    assert values("survey", "--checklist", "t") == ["tiny"]
    assert values("survey", "--checklist", "tiny", "--only", "") == ["ship", "watch"]


def test_a_checklist_file_completes_as_a_path() -> None:
    (item,) = complete("sheet", "--checklist", "./my")
    assert (item.value, item.type) == ("./my", "file")


def test_dimension_ids_of_the_default_or_the_named_checklist() -> None:
    items = complete("sheet", "--only", "")
    assert [i.value for i in items] == CULTURE
    assert items[4].help == "Monitoring coverage"
    assert values("sheet", "--checklist", "quick-screen", "--only", "") == [
        "delivery",
        "operations",
        "foundations",
    ]
    assert values("survey", "--only", "d") == ["deploy-cycle", "data-foundations"]


def test_comma_separated_ids_complete_the_last_one() -> None:
    assert values("sheet", "--only", "monitoring,co") == ["monitoring,compute"]
    assert "monitoring,monitoring" not in values("sheet", "--only", "monitoring,")
    assert len(values("sheet", "--only", "monitoring,")) == len(CULTURE) - 1


def test_an_interview_offers_the_dimensions_of_its_audits_checklist(tmp_path: Path) -> None:
    existing = EXAMPLES / "quick-screen-call.yaml"  # names quick-screen as a block
    assert values("interview", str(existing), "--only", "") == [
        "delivery",
        "operations",
        "foundations",
    ]
    flow = tmp_path / "flow.yaml"
    flow.write_text('checklist: {id: "tiny", version: "1.0"}\nanswers: {}\n', encoding="utf-8")
    dirs = ("--checklist-dir", str(CHECKLISTS))
    assert values("interview", *dirs, str(flow), "--only", "") == ["ship", "watch"]
    new = str(tmp_path / "new.yaml")  # a new audit: the checklist given, else the default
    assert values("interview", new, *dirs, "--checklist", "tiny", "--only", "") == ["ship", "watch"]
    assert values("interview", new, "--only", "") == CULTURE


def test_broken_files_offer_nothing_and_say_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.yaml").write_bytes(b"dimensions: [\x00\xff")
    (broken / "bomb.yaml").write_text(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                  for p, c in zip("abcdefgh", "bcdefghi", strict=True))
        + "dimensions: [*i]\n",
        encoding="utf-8",
    )  # fmt: skip
    dirs = ("--checklist-dir", str(broken))
    assert values("sheet", *dirs, "--checklist", "b") == ["bad", "bomb"]
    assert values("sheet", *dirs, "--checklist", "bad", "--only", "") == []
    assert values("sheet", *dirs, "--checklist", "bomb", "--only", "") == []
    assert values("sheet", "--checklist-dir", str(tmp_path / "missing"), "--checklist", "") == [
        "mlops-culture",
        "quick-screen",
    ]
    assert values("interview", str(tmp_path / "unreadable"), "--only", "") == CULTURE


def _shell(words: str, cword: int, shell: str) -> subprocess.CompletedProcess[str]:
    """mlops-audit as the shell's completion script calls it, in a fresh interpreter that then
    checks the heavy renderers were never imported."""
    code = (
        "import sys\nfrom auditor.cli import main\ntry:\n    main([])\n"
        "except SystemExit:\n    pass\n"
        "assert 'weasyprint' not in sys.modules and 'jinja2' not in sys.modules\n"
    )
    env = {
        **os.environ,
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
        "_MLOPS_AUDIT_COMPLETE": f"{shell}_complete",
        "PYTHONPATH": str(REPO),
    }
    env.pop("MLOPS_AUDIT_CHECKLISTS", None)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


def test_bash_and_zsh_get_ids_through_the_environment() -> None:
    bash = _shell("mlops-audit sheet --only mon", 3, "bash")
    assert (bash.returncode, bash.stdout, bash.stderr) == (0, "plain,monitoring\n", "")
    zsh = _shell("mlops-audit sheet --checklist q", 3, "zsh")
    assert zsh.stdout == "plain\nquick-screen\nProduction ML quick screen (10 minutes)\n"
    assert zsh.stderr == ""


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o nosort -F _mlops_audit_completion mlops-audit"),
        ("zsh", "compdef _mlops_audit_completion mlops-audit"),
        ("fish", "complete --no-files --command mlops-audit"),
    ],
)
def test_each_shell_gets_its_script(shell: str, marker: str) -> None:
    env = {**os.environ, "_MLOPS_AUDIT_COMPLETE": f"{shell}_source", "PYTHONPATH": str(REPO)}
    script = subprocess.run(
        [sys.executable, "-m", "auditor"], env=env, capture_output=True, text=True, check=False
    )
    assert script.returncode == 0, script.stderr
    assert marker in script.stdout


def test_bash_completes_through_its_own_script() -> None:
    """The script bash sources, run by bash itself as a Tab press would."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    program = Path(sys.executable).parent / "mlops-audit"
    if not program.exists():
        pytest.skip("mlops-audit is not installed beside this Python")
    script = (
        'eval "$(_MLOPS_AUDIT_COMPLETE=bash_source mlops-audit)"\n'
        'tab() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=();'
        ' _mlops_audit_completion mlops-audit; echo "${COMPREPLY[*]}"; }\n'
        'tab mlops-audit sheet --only mon\ntab mlops-audit survey --checklist ""\n'
    )
    env = {**os.environ, "PATH": f"{program.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("MLOPS_AUDIT_CHECKLISTS", None)
    done = subprocess.run(
        [bash, "--norc", "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert (done.stdout, done.stderr) == ("monitoring\nmlops-culture quick-screen\n", "")
