"""Renderers only format: nothing under ``auditor/render/`` imports the modules that score,
decide or build the view. What users see is computed once, in scoring, and read everywhere."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RENDER = Path(__file__).resolve().parent.parent / "auditor" / "render"
DECIDING = {"auditor.scoring", "auditor.decision", "auditor.assessment", "auditor.compare",
            "auditor.merge", "auditor.comparison_view", "auditor.plan"}  # fmt: skip


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("path", sorted(RENDER.glob("*.py")), ids=lambda p: p.name)
def test_a_renderer_imports_nothing_that_scores_or_decides(path: Path) -> None:
    assert _imports(path) & DECIDING == set()


def test_the_boundary_is_checked_on_real_files() -> None:
    # The test above must be able to fail: the module that builds the view does import scoring.
    assessment = RENDER.parent / "assessment.py"
    assert "auditor.scoring" in _imports(assessment)
    assert len(list(RENDER.glob("*.py"))) >= 5
