"""How long `mlops-audit report` takes, where the time goes, and how headless Chromium compares.

Measures, for one audit (the demo by default):
- one-shot wall time of `mlops-audit report AUDIT -o x.pdf` (a new process each run);
- in a warm process: scoring, templates, WeasyPrint layout and PDF write, each the median of runs;
- what importing WeasyPrint costs in a fresh interpreter, and what it spends it on;
- pages and bytes of the PDF;
- when `chromium` is installed: the same HTML (the same templates, fonts and CSS) printed to PDF
  by headless Chromium, one process per run, with its pages and bytes.

Goal (issue 12): the one-shot report at or under 1.0x Chromium's time on the same HTML, for the
default report and `--detail full`, measured in interleaved pairs (medians of at least 7).

Run: PYTHONDONTWRITEBYTECODE= .venv/bin/python bench/report.py [--runs 7] [--pairs-only] [AUDIT]
Figures are recorded in docs/benchmarks.md, section "Report rendering".
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-pdf-header-footer",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("audit", nargs="?", type=Path, default=REPO / "examples" / "demo.yaml")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--pairs-only", action="store_true", help="only the interleaved pairs against Chromium"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for detail in ("summary", "full"):
            pairs(args.audit, args.runs, work, detail)
        if args.pairs_only:
            return
        one_shot(args.audit, args.runs, work)
        fresh_stages(args.audit, args.runs)
        weasyprint_import()
        html = warm(args.audit, args.runs)
        chromium(html, args.runs, work)


# The issue's method: the report as HTML (fonts and images inlined), printed by Chromium.
ISSUE_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]


def pairs(audit: Path, runs: int, work: Path, detail: str) -> None:
    """One-shot `report -o x.pdf` against headless Chromium printing `report -o same.html`, in
    interleaved pairs (who goes first alternates), so a busy moment falls on both: the median
    of the per-pair ratios, and each side's median."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium: not installed (make testtools), pairs skipped")
        return
    tool = str(BIN / "mlops-audit")
    same = work / f"same-{detail}.html"
    ours_pdf, theirs_pdf = work / f"ours-{detail}.pdf", work / f"chromium-{detail}.pdf"
    subprocess.run([tool, "report", str(audit), "--detail", detail, "-o", str(same)], check=True)
    ours_cmd = [tool, "report", str(audit), "--detail", detail, "-o", str(ours_pdf)]
    theirs_cmd = [browser, *ISSUE_FLAGS, f"--print-to-pdf={theirs_pdf}", same.as_uri()]
    for command in (ours_cmd, theirs_cmd):  # warm-up: bytecode, Chromium's profile, disk cache
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    ours, theirs = [], []
    for run in range(runs):
        order = [(ours_cmd, ours), (theirs_cmd, theirs)]
        for command, times in order if run % 2 == 0 else order[::-1]:
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, timeout=120)
            times.append(time.perf_counter() - started)
    ratios = sorted(a / b for a, b in zip(ours, theirs, strict=True))
    pages = len(PdfReader(ours_pdf).pages), len(PdfReader(theirs_pdf).pages)
    print(
        f"--detail {detail}, {runs} interleaved pairs: mlops-audit median {_median(ours):.2f} s "
        f"({pages[0]} pages, {ours_pdf.stat().st_size / 1024:.0f} KB), Chromium median "
        f"{_median(theirs):.2f} s ({pages[1]} pages, {theirs_pdf.stat().st_size / 1024:.0f} KB); "
        f"ratio median {_median(ratios):.2f} (range {ratios[0]:.2f}-{ratios[-1]:.2f})"
    )


def one_shot(audit: Path, runs: int, work: Path) -> None:
    out = work / "one-shot.pdf"
    command = [str(BIN / "mlops-audit"), "report", str(audit), "-o", str(out)]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    reader = PdfReader(out)
    print(f"one-shot `mlops-audit report`: best {min(times):.2f} s, median {_median(times):.2f} s")
    print(f"  {len(reader.pages)} pages, {out.stat().st_size / 1024:.0f} KB")
    started = time.perf_counter()
    subprocess.run([str(BIN / "mlops-audit"), "--version"], check=True, capture_output=True)
    print(f"  for scale, `mlops-audit --version`: {time.perf_counter() - started:.2f} s")


FRESH = """
import sys, time, json
started = time.perf_counter()
from pathlib import Path
from auditor.loading import checklist_dirs, load_audit
from auditor.render.output import produce
from auditor.render.templates import render, report_context
from auditor.assessment import assess
from auditor.scoring import score_audit
imported = time.perf_counter()
audit, checklist = load_audit(Path(sys.argv[1]), checklist_dirs())
view = assess(score_audit(checklist, audit))
scored = time.perf_counter()
context = report_context(view, output_format="pdf")
render("report.html.j2", context)
rendered = time.perf_counter()
timings = {}
produce("report.html.j2", context, "pdf", template_dir=None, timings=timings)
print(json.dumps({"our imports": imported - started, "loading and scoring": scored - imported,
                  "templates (compile and render)": rendered - scored,
                  "import weasyprint": timings["import"], "layout": timings["layout"],
                  "write": timings["write"]}))
"""


def fresh_stages(audit: Path, runs: int) -> None:
    """The stages of one report in a new process, as a one-shot command pays them."""
    import json

    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", FRESH, str(audit)], check=True, capture_output=True, text=True
        )
        for name, value in json.loads(done.stdout).items():
            samples.setdefault(name, []).append(value)
    medians = {name: _median(values) for name, values in samples.items()}
    total = sum(medians.values())
    print(f"one report in a fresh process, median of {runs} (interpreter start-up not included):")
    for name, value in medians.items():
        print(f"  {name:<31} {value * 1000:6.0f} ms {value / total:6.1%}")
    ours = total - medians["import weasyprint"] - medians["layout"] - medians["write"]
    print(f"  ours (all but WeasyPrint's import, layout and write): {ours / total:.1%}")


def weasyprint_import() -> None:
    """Import time in a fresh interpreter, and the modules that take most of it."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import weasyprint"],
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []  # (cumulative us, nesting level, module) in the order Python prints them
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2][1:]
            rows.append((int(parts[1]), (len(name) - len(name.lstrip())) // 2, name.strip()))
    end = next(i for i, row in enumerate(rows) if row[2] == "weasyprint" and row[1] == 0)
    begin = max((i for i in range(end) if rows[i][1] == 0), default=-1) + 1
    total = rows[end][0]
    top = sorted(((us, name) for us, level, name in rows[begin:end] if level == 1), reverse=True)
    print(f"import weasyprint (fresh interpreter): {total / 1e6:.2f} s; biggest direct imports:")
    for us, name in top[:6]:
        print(f"  {us / 1e6:.3f} s {name}")


def warm(audit: Path, runs: int) -> str:
    """Stage times in one process, after a first run has warmed every cache."""
    from auditor.assessment import assess
    from auditor.loading import checklist_dirs, load_audit
    from auditor.render.output import produce
    from auditor.render.templates import render, report_context
    from auditor.scoring import score_audit

    stages: dict[str, list[float]] = {"scoring": [], "templates": [], "layout": [], "write": []}
    html = ""
    for run in range(runs + 1):
        started = time.perf_counter()
        loaded, checklist = load_audit(audit, checklist_dirs())
        view = assess(score_audit(checklist, loaded))
        scored = time.perf_counter()
        context = report_context(view, output_format="pdf")
        html = render("report.html.j2", context)
        rendered = time.perf_counter()
        timings: dict[str, float] = {}
        produce("report.html.j2", context, "pdf", template_dir=None, timings=timings)
        if run == 0:
            continue  # the first run pays for imports and font loading
        stages["scoring"].append(scored - started)
        stages["templates"].append(rendered - scored)
        stages["layout"].append(timings["layout"])
        stages["write"].append(timings["write"])
    medians = {name: _median(values) for name, values in stages.items()}
    total = sum(medians.values())
    ours = medians["scoring"] + medians["templates"]
    print(f"warm process, median of {runs} runs (loading and scoring includes reading the files):")
    for name, value in medians.items():
        print(f"  {name:<10} {value * 1000:7.0f} ms  {value / total:6.1%}")
    print(f"  ours (scoring + templates) {ours / total:.1%} of {total * 1000:.0f} ms")
    return html


def chromium(html: str, runs: int, work: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium: not installed (apt-get install chromium), comparison skipped")
        return
    # The same HTML, beside a copy of the templates folder so that fonts/ resolves as it does
    # for WeasyPrint.
    from auditor.loading import bundled

    folder = work / "chromium"
    shutil.copytree(bundled("report_templates"), folder)
    page = folder / "report.html"
    page.write_text(html, encoding="utf-8")
    out = work / "chromium.pdf"
    times = []
    for _ in range(runs):
        profile = tempfile.mkdtemp(dir=work)
        command = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        times.append(time.perf_counter() - started)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    version = subprocess.run([browser, "--version"], capture_output=True, text=True).stdout.strip()
    print(
        f"{version} printing the same HTML: best {min(times):.2f} s, median {_median(times):.2f} s"
    )
    print(f"  {len(reader.pages)} pages, {out.stat().st_size / 1024:.0f} KB")


def _median(values: list[float]) -> float:
    return statistics.median(values)


if __name__ == "__main__":
    main()
