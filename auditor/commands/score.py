"""``mlops-audit score AUDIT...``: a terminal summary or JSON for each audit."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from auditor.commands._batch import score_all
from auditor.loading import checklist_dirs
from auditor.render.data import result_dict
from auditor.render.terminal import writes_unicode
from auditor.render.text import render_text


def run(
    audits: Sequence[Path],
    output_format: str,
    explain: bool,
    extra_dirs: Sequence[Path],
    out: TextIO,
    err: TextIO | None = None,
) -> int:
    results = score_all(audits, checklist_dirs(extra_dirs), err)
    if output_format == "json":
        ascii_only = not writes_unicode(out)  # `\u` escapes keep the data exact on ASCII
        objects = [result_dict(r) for r in results]
        if len(objects) == 1:
            out.write(json.dumps(objects[0], indent=2, ensure_ascii=ascii_only) + "\n")
        else:
            # One compact object per line: still one JSON list, grep-able, and the C encoder
            # (which `indent` turns off) keeps 1,000 audits fast.
            lines = (json.dumps(o, ensure_ascii=ascii_only, separators=(",", ":")) for o in objects)
            out.write("[\n" + ",\n".join(lines) + "\n]\n")
        return 0
    for index, result in enumerate(results):
        if index:
            out.write("\n" + "─" * 60 + "\n\n")
        render_text(result, out, explain=explain)
    return 0
