"""``mlops-audit schema checklist|audit [-o FILE]``: publish the JSON Schema for editors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from auditor.errors import AuditorError
from auditor.schema import SCHEMAS
from auditor.yamlio import write_atomic


def schema_text(kind: str) -> str:
    return json.dumps(SCHEMAS[kind], indent=2, ensure_ascii=False) + "\n"


def run(kind: str, output: Path | None, out: TextIO) -> int:
    text = schema_text(kind)
    if output is None or str(output) == "-":
        out.write(text)
        return 0
    if output.parent != Path() and not output.parent.is_dir():
        raise AuditorError(f"{output}: folder {output.parent} does not exist")
    if output.is_dir():
        raise AuditorError(f"{output} is a folder; name the schema file, e.g. {kind}.schema.json")
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise AuditorError(f"{output}: cannot write: {exc.strerror or exc}") from None
    out.write(f"Wrote the {kind} schema to {output}.\n")
    return 0
