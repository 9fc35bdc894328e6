"""``mlops-audit demo``: the bundled example audit, written out and scored, to see the tool work."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from auditor.errors import AuditorError
from auditor.loading import bundled, checklist_dirs, load_audit
from auditor.render.text import render_text
from auditor.scoring import score_audit
from auditor.yamlio import write_atomic

DEMO_AUDIT = "demo.yaml"


def run(output_dir: Path, out: TextIO) -> int:
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditorError(
            f"{output_dir}: cannot create the folder: {exc.strerror or exc}"
        ) from None
    source = bundled("examples") / DEMO_AUDIT
    target = output_dir / "demo-audit.yaml"
    write_atomic(target, source.read_text(encoding="utf-8"), mode=0o600)
    audit, checklist = load_audit(target, checklist_dirs())
    render_text(score_audit(checklist, audit), out)
    out.write(f"\nThe example audit is {target}: edit it and run `mlops-audit score {target}`.\n")
    return 0
