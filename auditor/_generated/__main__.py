"""Regenerate the validators and the compiled bundled checklists: ``python -m auditor._generated``."""

import json
from pathlib import Path

from auditor.loading import COMPILED, bundled, compiled_form
from auditor.schema import SCHEMAS
from auditor.validation import generated_source

for kind in SCHEMAS:
    target = Path(__file__).with_name(f"{kind}_schema.py")
    target.write_text(generated_source(kind), encoding="utf-8")
    print(f"wrote {target}")

COMPILED.mkdir(exist_ok=True)
for stale in COMPILED.glob("*.json"):
    stale.unlink()
for source in sorted(bundled("checklists").glob("*.yaml")):
    target = COMPILED / f"{source.stem}.json"
    form = json.dumps(compiled_form(source), ensure_ascii=False, separators=(",", ":"))
    target.write_text(form + "\n", encoding="utf-8")
    print(f"wrote {target}")
