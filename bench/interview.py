"""What saving after every answer costs in `mlops-audit interview`.

Goal (issue 3): saving an answer (check, dump, atomic write with fsync) stays far below what a
person notices (100 ms), so the file can be written after every single answer. Run:
`.venv/bin/python bench/interview.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from auditor.interview.session import Session, new_audit
from auditor.interview.store import AuditStore
from auditor.loading import checklist_dirs, find_checklist
from auditor.yamlio import dump_yaml

BIN = Path(sys.executable).parent
META = ["--mode", "candidate", "--company", "A", "--team", "B", "--role", "C", "--respondent", "D"]


def one_shot(folder: Path, lines: str) -> float:
    """Wall time in ms of one scripted interview of a new file, answers given as ``lines``."""
    path = folder / "bench.yaml"
    path.unlink(missing_ok=True)
    command = [str(BIN / "mlops-audit"), "interview", str(path), *META]
    start = time.perf_counter()
    subprocess.run(command, input=lines, capture_output=True, text=True, check=True)
    return (time.perf_counter() - start) * 1000


def in_process(folder: Path) -> dict[str, float]:
    """Median ms per save over a whole interview, and its parts."""
    checklist = find_checklist("mlops-culture", checklist_dirs())
    store = AuditStore(folder / "inproc.yaml", checklist)
    session = Session(checklist, new_audit(checklist, "candidate", {"company": "A"}, "2026-11-23"))
    saves, dumps, checks = [], [], []
    while not session.done:
        change = session.mark_unknown("not-asked")
        start = time.perf_counter()
        store.save(session, change)
        saves.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        text = dump_yaml(session.data)
        dumps.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        store._check(text)
        checks.append((time.perf_counter() - start) * 1000)
    return {
        "questions": len(saves),
        "save (check + dump + atomic write + fsync)": statistics.median(saves),
        "  of which dump_yaml": statistics.median(dumps),
        "  of which parse and check": statistics.median(checks),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        parts = in_process(folder)
        count = int(parts.pop("questions"))
        quit_now = [one_shot(folder, "q\n") for _ in range(runs)]
        answer_all = [one_shot(folder, "u\n1\n" * count) for _ in range(runs)]
    print(f"in-process, mlops-culture ({count} questions), median ms per save:")
    for name, value in parts.items():
        print(f"  {name:45} {value:6.2f}")
    best_quit, best_all = min(quit_now), min(answer_all)
    print("one-shot, best of", runs)
    print(f"  {'start, create the file, quit, score':45} {best_quit:6.0f} ms")
    print(f"  {f'answer all {count} questions, score':45} {best_all:6.0f} ms")
    print(f"  {'per answer (difference / questions)':45} {(best_all - best_quit) / count:6.1f} ms")


if __name__ == "__main__":
    main()
