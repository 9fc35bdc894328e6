"""Many audits at once: `score`, `compare` and `merge` over a folder of 1,000 audit files.

Goal (issue 5): each finishes in seconds on a 2-core machine. Two folders are generated with the
built-in mlops-culture checklist: 1,000 different companies (side by side), and 1,000 answers
about one team (a trend over 1,000 dates, and a merge of 1,000 respondents).
Run: `.venv/bin/python bench/many_audits.py [--count N] [--repeat R]`; figures go in
docs/benchmarks.md, section "Many audits".
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from auditor.checklist import Checklist
from auditor.loading import checklist_dirs, find_checklist
from auditor.yamlio import dump_yaml

BIN = Path(sys.executable).parent
CHECKLIST = "mlops-culture"


def random_answers(checklist: Checklist, rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in checklist.questions():
        kind = question.answer.kind
        if kind == "derived":
            continue
        if rng.random() < 0.15:
            answers[question.id] = {"unknown": rng.choice(["did-not-know", "not-asked"])}
        elif kind == "number":
            low = question.answer.minimum or 0
            high = question.answer.maximum or 60
            answers[question.id] = {"answer": round(rng.uniform(low, high), 1)}
        else:
            answers[question.id] = {"answer": rng.choice(question.answer.options).id}
    return answers


def write_folder(folder: Path, count: int, one_team: bool, seed: int) -> list[Path]:
    checklist = find_checklist(CHECKLIST, checklist_dirs())
    rng = random.Random(seed)
    start = datetime.date(2020, 1, 1)
    folder.mkdir()
    paths = []
    for index in range(count):
        audit = {
            "checklist": {"id": checklist.id, "version": checklist.version, "hash": checklist.hash},
            "mode": "self",
            "company": "Acme" if one_team else f"Company {index}",
            "team": "Ranking" if one_team else f"Team {index % 7}",
            "date": (start + datetime.timedelta(days=index)).isoformat(),
            "respondent": f"member {index}",
            "answers": random_answers(checklist, rng),
        }
        path = folder / f"audit-{index:04}.yaml"
        path.write_text(dump_yaml(audit), encoding="utf-8")
        paths.append(path)
    return paths


def timed(args: list[str], repeat: int) -> float:
    """Median wall time of the command, output discarded (piped: no progress bar)."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    tool = str(BIN / "mlops-audit")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        companies = [str(p) for p in write_folder(root / "companies", options.count, False, 1)]
        team = [str(p) for p in write_folder(root / "team", options.count, True, 2)]
        merged = root / "merged.yaml"
        runs = {
            "score (companies)": [tool, "score", *companies],
            "score --format json (companies)": [tool, "score", "--format", "json", *companies],
            "compare side by side (companies)": [tool, "compare", *companies],
            "compare trend --target 3 (one team)": [tool, "compare", "--target", "3", *team],
            "compare --format json (companies)": [tool, "compare", "--format", "json", *companies],
            "merge (one team, 1 respondent per file)": [tool, "merge", *team, "-o", str(merged)],
        }
        print(f"{options.count} audit files, checklist {CHECKLIST}, median of {options.repeat}")
        for name, args in runs.items():
            print(f"  {name:45} {timed(args, options.repeat):6.2f} s")
        size = merged.stat().st_size
        print(f"  {'score the merged file':45} {timed([tool, 'score', str(merged)], options.repeat):6.2f} s"
              f"  ({size / 1024:.0f} KiB)")  # fmt: skip


if __name__ == "__main__":
    main()
