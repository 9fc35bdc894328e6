"""Scoring many audits: 1,000 generated audit files scored by one `mlops-audit score` call.

Goal (issues 2 and 12): under 2 s on a 2-core machine. Run: `make bench` or
`PYTHONDONTWRITEBYTECODE= .venv/bin/python bench/scoring.py [--count N] [--runs 5]`.

The reference machine is a shared virtual machine whose speed wanders by a third from hour to
hour, so the script first times a fixed pure-Python loop (the "CPU probe"): figures are
comparable between runs only at a similar probe.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from auditor.loading import bundled, checklist_dirs, find_checklist
from auditor.yamlio import dump_yaml

BIN = Path(sys.executable).parent


def random_audit(rng: random.Random, index: int) -> str:
    checklist = find_checklist("mlops-culture", checklist_dirs())
    answers: dict[str, object] = {}
    for question in checklist.questions():
        kind = question.answer.kind
        roll = rng.random()
        if kind == "derived":
            continue
        if roll < 0.15:
            answers[question.id] = {"unknown": rng.choice(["did-not-know", "not-asked"])}
        elif kind == "number":
            low = question.answer.minimum or 0
            high = question.answer.maximum or 60
            answers[question.id] = {"answer": round(rng.uniform(low, high), 1), "note": "heard"}
        else:
            option = rng.choice(question.answer.options)
            answers[question.id] = {"answer": option.id, "note": f"note {index}"}
    return dump_yaml(
        {
            "checklist": {"id": checklist.id, "version": checklist.version, "hash": checklist.hash},
            "mode": rng.choice(["candidate", "self"]),
            "company": f"Company {index}",
            "date": "2026-11-20",
            "answers": answers,
        }
    )


def cpu_probe() -> float:
    """Seconds for ten million additions in pure Python: how fast the machine is right now."""
    started = time.perf_counter()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    count = options.count
    assert bundled("checklists").is_dir()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index in range(count):
            path = Path(folder) / f"audit-{index:04}.yaml"
            path.write_text(random_audit(rng, index), encoding="utf-8")
            paths.append(str(path))
        print(f"CPU probe {cpu_probe():.2f} s")
        for jobs in ("", "1"):
            for output in ("json", "text"):
                command = [str(BIN / "mlops-audit"), "score", "--format", output, *paths]
                if jobs:
                    command[2:2] = ["--jobs", jobs]
                times = sorted(_timed(command) for _ in range(options.runs))
                where = "one process" if jobs else "every core"
                print(
                    f"score {count} audits --format {output}, {where}: median "
                    f"{times[len(times) // 2]:.2f} s, best {times[0]:.2f} s"
                )
        print(f"CPU probe {cpu_probe():.2f} s")


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
