"""One decision on every surface: the terminal, JSON, HTML, PDF and compare show the same
decision, level and reasons for the same audit, because each reads the one assessment."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from pypdf import PdfReader

from tests.conftest import EXAMPLES

SCENARIOS = Path(__file__).parent / "scenarios"
AUDITS = [
    EXAMPLES / "demo.yaml",
    EXAMPLES / "quillfeather-labs.yaml",
    EXAMPLES / "self-audit-platform-team.yaml",
]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _json(invoke: Callable[..., Result], path: Path) -> dict[str, Any]:
    result = invoke("score", path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("audit", AUDITS, ids=[a.stem for a in AUDITS])
def test_every_surface_shows_the_same_decision(
    audit: Path, invoke: Callable[..., Result], tmp_path: Path
) -> None:
    data = _json(invoke, audit)
    decision = data["decision"]
    headline = _squash(decision["headline"])
    reasons = [_squash(r["text"]) for r in decision["reasons"] if not r["rule"].endswith("-level")]
    level = f"Level {data['level']} · {data['band']}"

    text = _squash(invoke("score", audit).output)
    assert headline in text and level in text
    assert all(reason in text for reason in reasons)

    html_path = tmp_path / "r.html"
    assert invoke("report", audit, "-o", html_path).exit_code == 0
    html = _squash(re.sub(r"<[^>]+>", " ", html_path.read_text(encoding="utf-8")))
    html = html.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    assert headline in html and f"Level {data['level']}" in html
    assert all(_squash(r["text"]) in html for r in decision["reasons"])

    pdf_path = tmp_path / "r.pdf"
    assert invoke("report", audit, "-o", pdf_path).exit_code == 0
    pdf = _squash(" ".join(p.extract_text() or "" for p in PdfReader(pdf_path).pages))
    assert headline in pdf and f"Level {data['level']}" in pdf


def test_compare_shows_each_audits_own_decision(invoke: Callable[..., Result]) -> None:
    audits = AUDITS[:2]
    own = [_json(invoke, a)["decision"] for a in audits]
    result = invoke("compare", *audits, "--format", "json")
    compared = [a["decision"] for a in json.loads(result.output)["audits"]]
    assert compared == own
    text = _squash(invoke("compare", *audits).output)
    for decision in own:
        assert _squash(decision["headline"]) in text
