"""Start-up cost of the fast commands against the floor of Python + click + PyYAML.

Goal (issue 12): `--help`, `score`, `validate`, `plan` and the interview's first screen within
40 ms of `python -c "import click, yaml"` in the same venv, medians. The commands are run
interleaved (one of each per round, in a new order each round), so a busy moment of the machine
falls on all of them alike. The interview is timed in a pseudo-terminal, from start until its
first question is on the screen.

Run: `PYTHONDONTWRITEBYTECODE= .venv/bin/python bench/startup.py [--runs N]`; with `--imports
COMMAND...` it prints what each module costs to import for that command instead
(`python -X importtime`), largest first.
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import resource
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOOL = str(BIN / "mlops-audit")
DEMO = str(REPO / "examples" / "demo.yaml")
FIRST_QUESTION = b"How many models serve production traffic today?"


def _cpu() -> float:
    """CPU seconds used by this process's finished children so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one run."""
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, cwd=REPO)
    return (time.perf_counter() - start) * 1000, (_cpu() - cpu) * 1000


def interview_once() -> tuple[float, float]:
    """Wall and CPU milliseconds until the interview shows its first question, in a
    pseudo-terminal (then it is killed: its CPU is what it used to get there)."""
    with tempfile.TemporaryDirectory() as tmp:
        audit = str(Path(tmp) / "new.yaml")
        cpu, start = _cpu(), time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: the interview, on the terminal
            os.environ["COLUMNS"], os.environ["LINES"] = "100", "40"
            details = ["--mode", "candidate", "--company", "Bench", "--team", "Search"]
            details += ["--role", "ML engineer", "--respondent", "hiring manager"]
            os.execv(TOOL, [TOOL, "interview", audit, *details])
        seen = b""
        try:
            while FIRST_QUESTION not in seen:
                ready, _, _ = select.select([fd], [], [], 10)
                if not ready:
                    raise RuntimeError(f"no first question after 10 s: {seen[-300:]!r}")
                seen += os.read(fd, 65536)
            wall = (time.perf_counter() - start) * 1000
        finally:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            os.close(fd)
        return wall, (_cpu() - cpu) * 1000


CASES: dict[str, list[str] | None] = {
    "python -c 'import click, yaml' (floor)": [sys.executable, "-c", "import click, yaml"],
    "mlops-audit --help": [TOOL, "--help"],
    "mlops-audit score examples/demo.yaml": [TOOL, "score", DEMO],
    "mlops-audit score --format json": [TOOL, "score", DEMO, "--format", "json"],
    "mlops-audit validate checklists/mlops-culture.yaml": [
        TOOL,
        "validate",
        str(REPO / "checklists" / "mlops-culture.yaml"),
    ],
    "mlops-audit plan examples/demo.yaml": [TOOL, "plan", DEMO],
    "mlops-audit interview (first question on screen)": None,
}


def imports(command: list[str]) -> None:
    """What each module costs to import for ``command``, largest first (cumulative)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "auditor", *command],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or not parts[0].strip().isdigit():
            continue
        rows.append((int(parts[1]), int(parts[0]), parts[2].rstrip()))
    for total, own, name in sorted(rows, reverse=True)[:30]:
        print(f"{total / 1000:8.1f} ms cumulative {own / 1000:7.1f} ms own  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--imports", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    if options.imports:
        imports(options.imports)
        return
    walls: dict[str, list[float]] = {name: [] for name in CASES}
    cpus: dict[str, list[float]] = {name: [] for name in CASES}
    for command in CASES.values():  # warm-up: bytecode, the disk cache
        interview_once() if command is None else run_once(command)
    for _ in range(options.runs):
        order = list(CASES.items())
        random.shuffle(order)
        for name, command in order:
            wall, cpu = interview_once() if command is None else run_once(command)
            walls[name].append(wall)
            cpus[name].append(cpu)
    floor = statistics.median(next(iter(walls.values())))
    floor_cpu = statistics.median(next(iter(cpus.values())))
    print(f"{options.runs} interleaved runs; {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{'command':52} {'best':>6} {'median':>7} {'over':>6} {'CPU':>6} {'over':>6}  (ms)")
    for name, values in walls.items():
        median, cpu = statistics.median(values), statistics.median(cpus[name])
        floored = name.endswith("(floor)")
        over = "" if floored else f"{median - floor:+.0f}"
        over_cpu = "" if floored else f"{cpu - floor_cpu:+.0f}"
        print(f"{name:52} {min(values):6.0f} {median:7.0f} {over:>6} {cpu:6.0f} {over_cpu:>6}")


if __name__ == "__main__":
    main()
