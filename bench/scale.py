"""How `score`, `compare`, `merge` and a batch `report` scale: 10 to 10,000 audits.

Goal (issue 12): per-file cost flat, memory bounded, 1,000 audits scored in under 2 s; a batch
`report` stays one process and its cost per report is recorded. For each size, each command runs
in a fresh process on generated audits of the mlops-culture checklist (15% unknown; companies
for `score` and side-by-side `compare`, dated answers about one team for a trend and `merge`),
output discarded. Reported: median wall time, time per file, and peak resident memory of the
command's whole process tree (from `wait4`).

Run: `PYTHONDONTWRITEBYTECODE= .venv/bin/python bench/scale.py [--sizes 10 100 1000 10000]
[--repeat 3] [--reports 5 20]`; figures go in docs/benchmarks.md, section "Scale".
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from many_audits import write_folder  # the generator beside this script
from scoring import cpu_probe

BIN = Path(sys.executable).parent
TOOL = str(BIN / "mlops-audit")


def run(args: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak resident KiB of the process tree, and the exit code."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss, process.returncode


def measure(name: str, args: list[str], count: int, repeat: int) -> None:
    results = [run(args) for _ in range(repeat)]
    wall = statistics.median(r[0] for r in results)
    peak = max(r[1] for r in results)
    codes = {r[2] for r in results}
    note = "" if codes == {0} else f"  exit {sorted(codes)}"
    print(
        f"  {name:34} {count:>6} {wall:8.2f} s {wall / count * 1000:8.2f} ms/file "
        f"{peak / 1024:8.0f} MiB{note}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size under 10,000")
    parser.add_argument("--reports", type=int, nargs="+", default=[5, 20])
    options = parser.parse_args()
    largest = max(options.sizes)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        companies = [str(p) for p in write_folder(root / "companies", largest, False, 1)]
        team = [str(p) for p in write_folder(root / "team", largest, True, 2)]
        print(f"{sys.version.split()[0]}, {os.cpu_count()} cores; median wall, peak memory")
        print(f"CPU probe {cpu_probe():.2f} s (see bench/scoring.py)")
        for count in options.sizes:
            repeat = 1 if count >= 10000 else options.repeat
            some, dated = companies[:count], team[:count]
            merged = str(root / f"merged-{count}.yaml")
            measure("score", [TOOL, "score", *some], count, repeat)
            measure(
                "score --format json", [TOOL, "score", "--format", "json", *some], count, repeat
            )
            measure("score --jobs 1 --format json", [TOOL, "score", "--jobs", "1", "--format", "json", *some], count, repeat)  # fmt: skip
            measure("compare (side by side)", [TOOL, "compare", *some], count, repeat)
            measure("compare --target 3 (trend)", [TOOL, "compare", "--target", "3", *dated], count, repeat)  # fmt: skip
            measure("merge (respondents)", [TOOL, "merge", *dated, "-o", merged], count, repeat)
        print("report of several audits into a folder (one process):")
        for count in options.reports:
            out = str(root / f"reports-{count}") + "/"
            measure("report -o FOLDER/", [TOOL, "report", *companies[:count], "-o", out], count, 1)


if __name__ == "__main__":
    main()
