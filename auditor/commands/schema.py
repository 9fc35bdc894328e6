"""``mlops-audit schema checklist|audit``: publish the JSON Schema for editors."""

from __future__ import annotations

import json
from typing import TextIO

from auditor.schema import SCHEMAS


def run(kind: str, out: TextIO) -> int:
    out.write(json.dumps(SCHEMAS[kind], indent=2, ensure_ascii=False) + "\n")
    return 0
