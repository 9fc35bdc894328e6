"""How long `mlops-audit report` takes, where the time goes, and how headless Chromium compares.

Measures, for one audit (the demo by default):
- one-shot wall time of `mlops-audit report AUDIT -o x.pdf` (a new process each run);
- in a warm process: scoring, templates, WeasyPrint layout and PDF write, each the median of runs;
- what importing WeasyPrint costs in a fresh interpreter, and what it spends it on;
- pages and bytes of the PDF;
- when `chromium` is installed: the same HTML (the same templates, fonts and CSS) printed to PDF
  by headless Chromium, one process per run, with its pages and bytes.

Run: .venv/bin/python bench/report.py [--runs 5] [AUDIT]
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
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        one_shot(args.audit, args.runs, work)
        weasyprint_import()
        html = warm(args.audit, args.runs)
        chromium(html, args.runs, work)


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


def weasyprint_import() -> None:
    """Import time in a fresh interpreter, and the modules that take most of it."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import weasyprint"],
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[0].startswith("import time:") and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    total = next((us for us, name in rows if name.strip() == "weasyprint"), 0)
    top = sorted(
        (r for r in rows if r[1].startswith("  ") and not r[1].startswith("   ")), reverse=True
    )
    print(f"import weasyprint (fresh interpreter): {total / 1e6:.2f} s; biggest direct imports:")
    for us, name in top[:6]:
        print(f"  {us / 1e6:.3f} s {name.strip()}")


def warm(audit: Path, runs: int) -> str:
    """Stage times in one process, after a first run has warmed every cache."""
    from auditor.loading import checklist_dirs, load_audit
    from auditor.render.output import produce
    from auditor.render.templates import render, report_context
    from auditor.scoring import score_audit

    stages: dict[str, list[float]] = {"scoring": [], "templates": [], "layout": [], "write": []}
    html = ""
    for run in range(runs + 1):
        started = time.perf_counter()
        loaded, checklist = load_audit(audit, checklist_dirs())
        result = score_audit(checklist, loaded)
        scored = time.perf_counter()
        context = report_context(result, redact=False, output_format="pdf")
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
