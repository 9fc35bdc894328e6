"""What Jinja's sandbox costs the bundled templates: compile and render, plain vs sandboxed.

The tool renders every template (bundled or from --template-dir) in a SandboxedEnvironment.
This measures, for the report of one audit (the demo by default), the median of runs of:
- compiling report.html.j2 and its includes in a fresh environment (what one `report` pays);
- rendering it again in a warm environment (what each further audit of a batch pays);
with jinja2.Environment and with jinja2.sandbox.SandboxedEnvironment, same options and filters.

Run: .venv/bin/python bench/templates.py [--runs 20] [AUDIT]
Figures are recorded in docs/benchmarks.md, section "Template sandbox and long words".
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from auditor.loading import bundled, checklist_dirs, load_audit  # noqa: E402
from auditor.render import templates  # noqa: E402
from auditor.scoring import score_audit  # noqa: E402


def make(kind: type[jinja2.Environment]) -> jinja2.Environment:
    env = kind(
        loader=templates.FolderLoader(bundled("report_templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(templates.environment().filters)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("audit", nargs="?", type=Path, default=REPO / "examples" / "demo.yaml")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    audit, checklist = load_audit(args.audit, checklist_dirs())
    context = templates.report_context(
        score_audit(checklist, audit), redact=False, output_format="pdf"
    )
    kinds: list[type[jinja2.Environment]] = [jinja2.Environment, SandboxedEnvironment]
    cold: dict[str, list[float]] = {kind.__name__: [] for kind in kinds}
    warm: dict[str, list[float]] = {kind.__name__: [] for kind in kinds}
    warm_envs = {kind.__name__: make(kind) for kind in kinds}
    for env in warm_envs.values():
        env.get_template("report.html.j2").render(context)
    # Interleaved, so that a machine shared with other work slows both kinds alike.
    for _ in range(args.runs):
        for kind in kinds:
            name = kind.__name__
            start = time.perf_counter()
            make(kind).get_template("report.html.j2").render(context)
            cold[name].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            warm_envs[name].get_template("report.html.j2").render(context)
            warm[name].append((time.perf_counter() - start) * 1000)
    print(f"{'environment':<22} {'compile + render ms':>20} {'warm render ms':>15}")
    for kind in kinds:
        name = kind.__name__
        print(
            f"{name:<22} {statistics.median(cold[name]):>20.1f} "
            f"{statistics.median(warm[name]):>15.1f}"
        )


if __name__ == "__main__":
    main()
