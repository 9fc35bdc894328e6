"""Start-up cost of the fast commands against the floor of Python + click + PyYAML.

Goal (issue 2): `mlops-audit --help` and `mlops-audit score` within 60 ms of
`python -c "import click, yaml"` in the same venv. Run: `make bench` or
`.venv/bin/python bench/startup.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """Best and median wall time in milliseconds over ``runs`` runs (after one warm-up)."""
    subprocess.run(command, capture_output=True, check=True, cwd=REPO)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=REPO)
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    demo = str(REPO / "examples" / "demo.yaml")
    cases = {
        "python -c 'import click, yaml' (floor)": [sys.executable, "-c", "import click, yaml"],
        "mlops-audit --help": [str(BIN / "mlops-audit"), "--help"],
        "mlops-audit score examples/demo.yaml": [str(BIN / "mlops-audit"), "score", demo],
        "mlops-audit score --format json": [
            str(BIN / "mlops-audit"),
            "score",
            demo,
            "--format",
            "json",
        ],
        "mlops-audit validate checklists/mlops-culture.yaml": [
            str(BIN / "mlops-audit"),
            "validate",
            str(REPO / "checklists" / "mlops-culture.yaml"),
        ],
    }
    floor = None
    print(f"{'command':52} {'best ms':>8} {'median':>8} {'over floor':>11}")
    for name, command in cases.items():
        best, median = measure(command, runs)
        floor = median if floor is None else floor
        over = "" if name.endswith("(floor)") else f"{median - floor:+.0f} ms"
        print(f"{name:52} {best:8.0f} {median:8.0f} {over:>11}")


if __name__ == "__main__":
    main()
