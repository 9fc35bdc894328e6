"""SIGKILL the interview at random moments: the file always loads and holds every confirmed answer.

The interview prints ``saved: <question> = ...`` only after the atomic write, and flushes it; so
every confirmation read from its output before the kill names an answer that must be in the file.
At most one more answer (the one being written when the kill came) may be there too.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from auditor.errors import AuditorError
from auditor.loading import load_audit

RUNS = 60
PARALLEL = 4
DIMENSIONS, PER_DIMENSION = 6, 15


def write_checklist(folder: Path) -> list[tuple[str, str, object]]:
    """A checklist of every askable kind, and a script: (question id, typed, value in the file)."""
    dimensions = []
    script: list[tuple[str, str, object]] = []
    rng = random.Random(7)
    for d in range(DIMENSIONS):
        questions = []
        for q in range(PER_DIMENSION):
            qid = f"q{d}-{q}"
            kind = ("choice", "yesno", "number")[q % 3]
            entry: dict[str, object] = {
                "id": qid,
                "candidate": f"Question {qid}?",
                "self": f"Our question {qid}?",
                "why": "Because.",
            }
            if kind == "choice":
                entry["answer"] = {
                    "kind": "choice",
                    "options": [
                        {"id": f"o{i}", "label": f"Option {i}", "score": i / 2} for i in range(3)
                    ],
                }
                pick = rng.randrange(3)
                script.append((qid, str(pick + 1), f"o{pick}"))
            elif kind == "yesno":
                entry["answer"] = {"kind": "yesno"}
                yes = rng.random() < 0.5
                script.append((qid, "y" if yes else "n", "yes" if yes else "no"))
            else:
                entry["answer"] = {
                    "kind": "number",
                    "unit": "weeks",
                    "curve": {"good": 1, "median": 6},
                }
                weeks = rng.randrange(1, 50)
                script.append((qid, f"{weeks} weeks", weeks))
            questions.append(entry)
        dimensions.append({"id": f"d{d}", "title": f"Dimension {d}", "questions": questions})
    checklist = {
        "id": "crash",
        "version": "1",
        "title": "Crash test",
        "bands": [{"min": 0, "level": 0, "name": "Any", "candidate": "-", "self": "-"}],
        "dimensions": dimensions,
    }
    (folder / "crash.yaml").write_text(yaml.safe_dump(checklist, sort_keys=False), encoding="utf-8")
    return script


def one_run(index: int, folder: Path, script: list[tuple[str, str, object]]) -> str:
    """Kill one interview at a random moment; return what was checked, or raise."""
    rng = random.Random(index)
    path = folder / f"run-{index}.yaml"
    command = [sys.executable, "-m", "auditor", "interview", str(path), "--checklist", "crash"]
    command += ["--checklist-dir", str(folder), "--mode", "candidate", "--company", "C"]
    command += ["--team", "T", "--role", "R", "--respondent", "HM"]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdin is not None and process.stdout is not None
    # The kill comes right after the k-th confirmation is read (k random; 0: right after the
    # start, mostly before the file exists), with one more answer typed: it lands wherever the
    # interview has got to with that one (reading it, writing, renaming, confirming) or while it
    # waits for the next. Ordered by the output, not by a pause, so a slow machine cannot move
    # it out of the walk.
    wanted = rng.randrange(0, len(script))
    process.stdin.write("".join(f"{typed}\n" for _, typed, _ in script[: wanted + 1]))
    process.stdin.flush()
    seen: list[str] = []
    if wanted > 0:
        for line in process.stdout:
            seen.append(line)
            if sum("saved: " in x for x in seen) == wanted:
                break
    process.send_signal(signal.SIGKILL)
    output = "".join(seen) + process.stdout.read()
    process.wait()
    confirmed = [
        line.split("saved: ", 1)[1].split(" = ")[0]
        for line in output.splitlines()
        if "saved: " in line
    ]
    expected = {qid: value for qid, _, value in script}
    order = [qid for qid, _, _ in script]
    assert confirmed == order[: len(confirmed)]
    assert wanted <= len(confirmed) <= wanted + 1
    if not path.exists():
        assert not confirmed
        return "no file"
    try:
        audit, _ = load_audit(path, [folder])
    except AuditorError as exc:  # pragma: no cover - the failure this test exists to catch
        raise AssertionError(f"run {index}: the file does not load: {exc}") from None
    in_file = {qid: response.value for qid, response in audit.responses.items()}
    for qid in confirmed:
        value = expected[qid]
        assert in_file[qid] == (float(value) if isinstance(value, int) else value), qid
    # Nothing but the confirmed answers and, at most, the one being written.
    allowed = set(order[: len(confirmed) + 1])
    assert set(in_file) <= allowed, (index, sorted(set(in_file) - allowed))
    return f"{len(confirmed)} confirmed"


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_a_confirmed_answer(tmp_path: Path) -> None:
    script = write_checklist(tmp_path)
    started = time.monotonic()
    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = list(pool.map(lambda i: one_run(i, tmp_path, script), range(RUNS)))
    elapsed = time.monotonic() - started
    counts = [int(o.split()[0]) for o in outcomes if o.endswith("confirmed")]
    assert len(outcomes) == RUNS
    # The kills land across the walk: after a random number of confirmations, by construction.
    assert len(set(counts)) > 20, outcomes
    print(f"{RUNS} kills in {elapsed:.1f} s; confirmed answers per run: {sorted(counts)}")


def test_a_reader_that_goes_away_ends_the_session_quietly(tmp_path: Path) -> None:
    """`... | head -1`: output fails with EPIPE; that ends the session like a hangup."""
    folder = Path(__file__).resolve().parent.parent / "fixtures" / "checklists"
    path = tmp_path / "a.yaml"
    command = [sys.executable, "-m", "auditor", "interview", str(path), "--checklist", "tiny"]
    command += ["--checklist-dir", str(folder), "--mode", "self", "--company", "C"]
    command += ["--team", "T", "--role", "R", "--respondent", "HM"]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdin is not None
    assert process.stdout.readline().startswith("New audit")
    process.stdout.close()
    _, err = process.communicate("1\n3\n")
    assert process.returncode == 130
    assert err == ""
    load_audit(path, [folder])  # whatever was saved loads
