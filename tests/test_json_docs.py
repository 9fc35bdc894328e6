"""docs/json-output.md documents exactly the keys of the typed view, and real output has them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_type_hints

import pytest
from click.testing import Result

from auditor import view
from tests.conftest import EXAMPLES

DOC = Path(__file__).resolve().parent.parent / "docs" / "json-output.md"
SECTION = re.compile(r"^### .*\(`(\w+)`\)\s*$")
ROW = re.compile(r"^\| (`[^|]+`) \|")


def _documented() -> dict[str, set[str]]:
    """Type name -> the keys its table lists (``a``, ``b`` rows list several)."""
    found: dict[str, set[str]] = {}
    current: str | None = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = SECTION.match(line)
        if heading:
            current = heading.group(1)
            found[current] = set()
            continue
        row = ROW.match(line)
        if row and current is not None:
            found[current].update(re.findall(r"`([a-z_]+)`", row.group(1)))
    return found


DOCUMENTED = _documented()
TYPES = {
    name: obj
    for name, obj in vars(view).items()
    if isinstance(obj, type) and name.endswith("View") and hasattr(obj, "__annotations__")
}


def test_every_view_type_has_a_table() -> None:
    missing = sorted(
        name
        for name in TYPES
        if name not in DOCUMENTED
        and name not in {"ScaleView", "SourceView", "VersionView", "AggregationView"}
    )
    assert missing == []


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_a_table_lists_exactly_the_keys_of_its_type(name: str) -> None:
    keys = set(get_type_hints(TYPES[name]))
    documented = DOCUMENTED[name]
    if name == "DimensionView":  # the score fields are documented with the score object
        keys -= set(get_type_hints(view.ScoreView))
        documented -= set(get_type_hints(view.ScoreView))
    assert documented == keys


def _check(value: Any, kind: Any) -> None:
    """``value`` has exactly the keys of TypedDict ``kind``, recursively through lists."""
    hints = get_type_hints(kind)
    assert set(value) == set(hints), kind.__name__
    for key, hint in hints.items():
        inner = getattr(hint, "__args__", ())
        if getattr(hint, "__origin__", None) is list and inner and inner[0] in TYPES.values():
            for item in value[key]:
                _check(item, inner[0])
        elif hint in TYPES.values():
            _check(value[key], hint)


@pytest.mark.parametrize(
    "audit", [EXAMPLES / "demo.yaml", EXAMPLES / "quillfeather-labs.yaml"], ids=lambda p: p.stem
)
def test_real_output_has_exactly_the_documented_shape(
    audit: Path, invoke: Callable[..., Result]
) -> None:
    data = json.loads(invoke("score", audit, "--format", "json").output)
    _check(data, view.AssessmentView)
