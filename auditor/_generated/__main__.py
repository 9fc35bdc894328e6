"""Regenerate the validators: ``python -m auditor._generated``."""

from pathlib import Path

from auditor.schema import SCHEMAS
from auditor.validation import generated_source

for kind in SCHEMAS:
    target = Path(__file__).with_name(f"{kind}_schema.py")
    target.write_text(generated_source(kind), encoding="utf-8")
    print(f"wrote {target}")
