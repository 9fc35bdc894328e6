"""Two interviews on one file, as real processes: the second is refused, no confirmed answer lost.

Before the lock, a session waiting at a metadata prompt of a new file saved ``answers: {}`` over
the answers another session had confirmed meanwhile (54 of 60 concurrent runs lost answers).
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from auditor.loading import load_audit

CHECKLISTS = Path(__file__).resolve().parent.parent / "fixtures" / "checklists"
META = ["--company", "Acme", "--team", "Ranking", "--role", "MLE", "--respondent", "HM"]
# Two people's answers to the tiny checklist: what each types, and what the file then holds.
SCRIPTS = {
    "A": ("1\n3\ny\n2\n8\n", {"deploys": "team", "cycle": 3, "alerts": "yes", "prod": 2, "dev": 8}),
    "B": ("2\n9\nn\n4\n5\n", {"deploys": "ops", "cycle": 9, "alerts": "no", "prod": 4, "dev": 5}),
}


def command(path: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        *("-m", "auditor", "interview", str(path), "--checklist", "tiny"),
        *("--checklist-dir", str(CHECKLISTS), "--mode", "candidate", *args),
    ]


def refusal(path: Path, pid: int) -> str:
    return (
        f"Error: {path} is open in another interview (pid {pid}); finish or quit that one first\n"
    )


def saved_questions(output: str) -> list[str]:
    return [
        line.split("saved: ", 1)[1].split(" = ")[0]
        for line in output.splitlines()
        if "saved: " in line
    ]


def read_until(process: subprocess.Popen[str], text: str) -> str:
    """Output up to and including ``text`` (a prompt has no newline, so read by character)."""
    assert process.stdout is not None
    seen = ""
    while not seen.endswith(text):
        char = process.stdout.read(1)
        assert char, f"the interview ended before {text!r}:\n{seen}"
        seen += char
    return seen


def test_a_second_interview_is_refused_while_the_first_waits_at_a_metadata_prompt(
    tmp_path: Path,
) -> None:
    path = tmp_path / "acme.yaml"
    first = subprocess.Popen(
        command(path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    read_until(first, "Company: ")  # the lock is held; no file yet
    second = subprocess.run(
        command(path, *META), input=SCRIPTS["B"][0], capture_output=True, text=True, cwd=tmp_path
    )
    assert (second.returncode, second.stdout) == (1, "")  # refused before asking anything
    assert second.stderr == refusal(path, first.pid)
    assert not path.exists()
    # Company, team, role, respondent, and the respondent's name left blank.
    out, err = first.communicate("Acme\nRanking\nMLE\nHM\n\n" + SCRIPTS["A"][0], timeout=60)
    assert (first.returncode, err) == (0, "")
    assert saved_questions(out) == ["deploys", "cycle", "alerts", "prod", "dev"]
    audit, _ = load_audit(path, [CHECKLISTS])
    assert {k: r.value for k, r in audit.responses.items()} == {
        "deploys": "team",
        "cycle": 3.0,
        "alerts": "yes",
        "prod": 2.0,
        "dev": 8.0,
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.yaml"]  # lock file removed


def test_a_second_interview_on_a_resumed_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    subprocess.run(command(path, *META), input="1\nq\n", capture_output=True, text=True, check=True)
    before = path.read_bytes()
    first = subprocess.Popen(
        command(path), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    read_until(first, "> ")
    second = subprocess.run(command(path), input="3\ny\n", capture_output=True, text=True)
    assert second.returncode == 1
    assert second.stderr == refusal(path, first.pid)
    assert path.read_bytes() == before
    first.communicate("q\n", timeout=60)
    assert first.returncode == 0


def one_pair(index: int, folder: Path) -> str:
    """Start two interviews on one new file together; check every confirmation is in the file."""
    path = folder / f"pair-{index}.yaml"
    processes = {
        who: subprocess.Popen(
            command(path, *META),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in SCRIPTS
    }
    with ThreadPoolExecutor(2) as pool:  # both typed into at once
        talks = {
            who: pool.submit(p.communicate, SCRIPTS[who][0], 120) for who, p in processes.items()
        }
        outputs = {who: talk.result() for who, talk in talks.items()}
    in_file = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
    refused = []
    for who, (out, err) in outputs.items():
        other = processes["B" if who == "A" else "A"]
        if processes[who].returncode == 1:
            assert (out, err) == ("", refusal(path, other.pid)), (index, who)
            refused.append(who)
            continue
        assert (processes[who].returncode, err) == (0, ""), (index, who, err)
        for question in saved_questions(out):
            assert in_file[question] == {"answer": SCRIPTS[who][1][question]}, (index, who)
    load_audit(path, [CHECKLISTS])
    return "refused" if refused else "one after the other"


@pytest.mark.slow
def test_interviews_started_together_never_lose_a_confirmed_answer(tmp_path: Path) -> None:
    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(lambda i: one_pair(i, tmp_path), range(20)))
    assert len(outcomes) == 20
    print(f"20 pairs: {outcomes.count('refused')} refused the second interview")
