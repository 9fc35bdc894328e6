"""Hostile inputs stay within the stated limits, and every step is linear (issue 10).

Four cases, each a fresh `mlops-audit` process (`python -m auditor`) on generated files:
- `checklists` over a folder of N checklist files (before the fix it globbed the folder again for
  every file: quadratic);
- `report --format html` of an audit whose notes are YAML aliases of one large anchor (before the
  fix a 2 MB file rendered as a 21 MB page; now the expanded text is limited like a file's);
- `score /dev/zero` (before the fix the size limit was checked with stat, which says 0 here, and the
  read never ended: run with `--zero` only on a build that has the fix, or under `timeout`);
- `validate` of an audit with N problems (every one is reported, so this must stay linear).

Run: `.venv/bin/python bench/input_limits.py [--files 2000] [--repo PATH]`. `--repo` points at
another checkout (e.g. `git archive COMMIT | tar -x -C /tmp/before`) to measure it with this
venv.
Figures go in docs/benchmarks.md, section "Hostile inputs".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 600


def run(repo: Path, args: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall time, exit code and the last line of stderr of ``mlops-audit ARGS``."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "auditor", *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, -1, f"killed after {TIMEOUT} s"
    lines = done.stderr.strip().splitlines()
    return time.perf_counter() - start, done.returncode, lines[-1][:150] if lines else ""


def checklist_folder(folder: Path, count: int) -> None:
    tiny = (REPO / "tests" / "fixtures" / "checklists" / "tiny.yaml").read_text(encoding="utf-8")
    folder.mkdir()
    for index in range(count):
        name = f"list-{index:05d}"
        text = tiny.replace("id: tiny", f"id: {name}", 1)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


def aliased_audit(path: Path, note_bytes: int) -> None:
    """Every answer of the mlops-culture checklist with the same large note, by alias."""
    from auditor.loading import checklist_dirs, find_checklist

    checklist = find_checklist("mlops-culture", checklist_dirs())
    lines = ["checklist: {id: mlops-culture}", "mode: candidate", "answers:"]
    first = True
    for question in checklist.questions():
        if question.answer.kind == "derived":
            continue
        note = f"&n '{'x' * note_bytes}'" if first else "*n"
        first = False
        lines.append(f"  {question.id}: {{unknown: not-asked, note: {note}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def many_problems(path: Path, count: int) -> None:
    lines = ["checklist: {id: mlops-culture}", "mode: candidate", "answers:"]
    lines += [f"  q{index}: {{answr: 1}}" for index in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=2000, help="checklist files in the folder")
    parser.add_argument("--problems", type=int, default=20000, help="problems in one audit")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to measure")
    parser.add_argument("--zero", action="store_true", help="also run `score /dev/zero`")
    options = parser.parse_args()
    repo = options.repo.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        checklist_folder(work / "lists", options.files)
        seconds, code, _ = run(repo, ["checklists", "--checklist-dir", "lists"], work)
        print(f"checklists, {options.files:,} files: {seconds:.2f} s, exit {code}")

        audit = work / "aliased.yaml"
        aliased_audit(audit, 600_000)
        size = audit.stat().st_size
        out = work / "aliased.html"
        seconds, code, message = run(repo, ["report", audit.name, "-o", out.name], work)
        rendered = f"{out.stat().st_size / 1e6:.1f} MB HTML" if out.exists() else "no output"
        print(f"report of a {size / 1e6:.1f} MB aliased audit: {seconds:.2f} s, exit {code}, ")
        print(f"  {rendered}; {message}")

        bad = work / "problems.yaml"
        many_problems(bad, options.problems)
        seconds, code, message = run(repo, ["validate", bad.name], work)
        print(f"validate, {options.problems:,} problems: {seconds:.2f} s, exit {code}")

        if options.zero:
            seconds, code, message = run(repo, ["score", "/dev/zero"], work)
            print(f"score /dev/zero: {seconds:.2f} s, exit {code}; {message}")


if __name__ == "__main__":
    main()
