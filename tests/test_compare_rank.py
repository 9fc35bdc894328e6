"""How ``compare`` ranks audits side by side: decision, then level, then evidence, then score.

The audits are the scenario companies (``tests/scenarios/``), changed where a case needs it:
Orchard Health is a "join" at level 3 scoring 83; Keel Logistics is Northstar Freight (a "join"
at level 4) with nobody owning a model end to end, a knock-out that makes it "walk away" at
level 1 while it still scores 98; Thinline has answered only Northstar's first five questions,
too few for a level, and scores 100.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from pypdf import PdfReader

from auditor.yamlio import dump_yaml

SCENARIOS = Path(__file__).parent / "scenarios"
Invoke = Callable[..., Result]

ORCHARD = "Orchard Health · Forecasting"
KEEL = "Keel Logistics · Pricing"
THIN = "Thinline · Pricing"
KNOCKOUT = "“Nobody really owns it end to end; it falls between teams”"


@pytest.fixture(autouse=True)
def _terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")


def _scenario(
    tmp_path: Path,
    name: str,
    company: str | None = None,
    answers: dict[str, Any] | None = None,
    keep: int | None = None,
) -> Path:
    """The audit of scenario ``name`` as a file: renamed, with ``answers`` changed, or only
    its first ``keep`` answers kept."""
    scenario = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
    audit = scenario["audit"]
    if company is not None:
        audit["company"] = company
    if keep is not None:
        audit["answers"] = dict(list(audit["answers"].items())[:keep])
    audit["answers"].update(answers or {})
    path = tmp_path / f"{(company or name).lower().replace(' ', '-')}.yaml"
    path.write_text(dump_yaml(audit), encoding="utf-8")
    return path


@pytest.fixture
def orchard(tmp_path: Path) -> Path:
    return _scenario(tmp_path, "06-situational-trouble")


@pytest.fixture
def keel(tmp_path: Path) -> Path:
    return _scenario(
        tmp_path,
        "01-strong-northstar",
        "Keel Logistics",
        {"end-to-end-owner": {"answer": "nobody-owns"}},
    )


@pytest.fixture
def thin(tmp_path: Path) -> Path:
    return _scenario(tmp_path, "01-strong-northstar", "Thinline", keep=5)


def _json(invoke: Invoke, *files: Path) -> dict[str, Any]:
    result = invoke("compare", *files, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, dict)
    return data


def _audits(data: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {
        a["label"]: (a["decision"]["decision"], a["level"], a["overall"]["score"])
        for a in data["audits"]
    }


def _lead(invoke: Invoke, *files: Path) -> dict[str, str]:
    """The CSV's ``lead`` column on the overall row, by audit."""
    rows = csv.DictReader(io.StringIO(invoke("compare", *files, "--format", "csv").output))
    return {r["audit"]: r["lead"] for r in rows if r["dimension"] == "overall"}


@pytest.mark.parametrize("order", [1, -1], ids=["join-first", "walk-away-first"])
def test_the_decision_ranks_before_a_higher_score(
    invoke: Invoke, orchard: Path, keel: Path, order: int
) -> None:
    """The reviewer's case: a walk-away that scores 98 is not ahead of a join that scores 83."""
    files = [orchard, keel][::order]
    data = _json(invoke, *files)
    assert _audits(data) == {ORCHARD: ("join", 3, 83.0), KEEL: ("walk-away", 1, 98.0)}
    overall = data["overall"]
    assert (overall["leader"], overall["separable"], overall["level_with"]) == (ORCHARD, True, [])
    assert overall["against"] == [{"audit": KEEL, "on": "decision", "clear": True}]
    why = f"{ORCHARD} ahead: join (level 3) against walk away (level 1, a knock-out: {KNOCKOUT})"
    assert overall["why"] == why
    # Overall, a cell takes its audit's level's colour: a capped 98 is not green.
    signals = {s["audit"]: s["signal"] for s in overall["scores"]}
    assert signals == {ORCHARD: "green", KEEL: "red"}

    text = invoke("compare", *files).output
    table = {line.split("  ")[0]: line for line in text.splitlines()}
    assert "★ 83 [83–83]" in table["Overall"]
    assert "98 [98–98]" in table["Overall"] and "★ 98" not in table["Overall"]
    assert f" Overall: ★ {why} " in " ".join(text.split())  # the terminal wraps long lines
    assert _lead(invoke, *files) == {ORCHARD: "clearly-ahead", KEEL: ""}


def test_a_dimension_is_still_ranked_by_its_score(
    invoke: Invoke, orchard: Path, keel: Path
) -> None:
    data = _json(invoke, orchard, keel)
    dims = {d["id"]: d for d in data["dimensions"]}
    monitoring = dims["monitoring"]
    assert [s["score"] for s in monitoring["scores"]] == [86.0, 100.0]
    assert (monitoring["leader"], monitoring["separable"]) == (KEEL, True)
    assert monitoring["against"] == [{"audit": ORCHARD, "on": "score", "clear": True}]
    assert monitoring["why"] is None


@pytest.mark.parametrize("order", [1, -1], ids=["levelled-first", "thin-first"])
def test_an_audit_without_a_level_is_never_clearly_ahead(
    invoke: Invoke, orchard: Path, thin: Path, order: int
) -> None:
    """Thinline's 100 rests on five answers: it cannot lead, nor be left clearly behind."""
    files = [orchard, thin][::order]
    data = _json(invoke, *files)
    assert _audits(data) == {ORCHARD: ("join", 3, 83.0), THIN: ("ask-more", None, 100.0)}
    overall = data["overall"]
    assert (overall["leader"], overall["separable"]) == (ORCHARD, False)
    assert overall["too_little_known"] == [THIN]
    assert overall["cannot_separate_from"] == []
    assert overall["against"] == [{"audit": THIN, "on": "evidence", "clear": False}]
    assert overall["why"] == (
        f"{ORCHARD} ahead: join (level 3); too little known about {THIN} to rank it "
        "(20% of the checklist answered, no level yet)"
    )
    # What would rank it: Thinline's open questions.
    assert {a["audit"] for a in overall["ask_to_separate"]} == {THIN}
    assert _lead(invoke, *files) == {ORCHARD: "ahead-overlapping", THIN: ""}
    overall_line = next(
        line for line in invoke("compare", *files).output.splitlines() if line.startswith("Overall")
    )
    assert "≈ 83" in overall_line and "★" not in overall_line


def test_an_audit_without_a_level_leads_a_walk_away_only_unclearly(
    invoke: Invoke, keel: Path, thin: Path
) -> None:
    """An "ask more" ranks above a "walk away", but an audit with no level is never clearly
    ahead of one with a level."""
    overall = _json(invoke, keel, thin)["overall"]
    assert (overall["leader"], overall["separable"]) == (THIN, False)
    assert overall["too_little_known"] == [KEEL]
    assert overall["why"] == (
        f"{THIN} ahead: ask more (no level yet) against walk away (level 1, a knock-out: "
        f"{KNOCKOUT}); but too little is known about {THIN} to call it clearly ahead (20% of "
        "the checklist answered, no level yet)"
    )


def test_a_knock_out_on_thin_evidence_is_clearly_behind(
    invoke: Invoke, tmp_path: Path, orchard: Path
) -> None:
    """A confirmed knock-out decides on thin evidence too: "walk away" with no level is clearly
    behind a "join" that has one."""
    knocked = _scenario(
        tmp_path,
        "01-strong-northstar",
        "Thinline",
        {"end-to-end-owner": {"answer": "nobody-owns"}},
        keep=5,
    )
    data = _json(invoke, orchard, knocked)
    assert _audits(data)[THIN][:2] == ("walk-away", None)
    overall = data["overall"]
    assert (overall["leader"], overall["separable"]) == (ORCHARD, True)
    assert overall["against"] == [{"audit": THIN, "on": "decision", "clear": True}]


@pytest.mark.parametrize("order", [1, -1], ids=["orchard-first", "twin-first"])
def test_an_exact_tie_reads_level_in_either_order(
    invoke: Invoke, tmp_path: Path, orchard: Path, order: int
) -> None:
    twin = _scenario(tmp_path, "06-situational-trouble", "Orchard Twin")
    files = [orchard, twin][::order]
    data = _json(invoke, *files)
    labels = [a["label"] for a in data["audits"]]
    for row in [data["overall"], *data["dimensions"]]:
        assert (row["leader"], row["separable"]) == (None, False), row["id"]
        assert row["level_with"] == labels, row["id"]
        assert row["cannot_separate_from"] == row["too_little_known"] == row["against"] == []
    names = " and ".join(labels)
    assert data["overall"]["why"] == f"{names} are level: join (level 3), 83 each"

    text = invoke("compare", *files).output
    titles = [row["title"] for row in [data["overall"], *data["dimensions"]]]
    table = [line for line in text.splitlines() if line.startswith(tuple(titles))]
    assert len(table) == len(titles)
    assert not [line for line in table if "★" in line or "≈" in line]
    assert table[0].split() == ["Overall", "=", "83", "[83–83]", "=", "83", "[83–83]"]
    said = " ".join(text.split())  # the terminal wraps long lines
    assert f" Overall: = {names} are level: join (level 3), 83 each " in said
    assert f" Monitoring coverage: {names} are level; no unknown left that could" in said
    assert set(_lead(invoke, *files).values()) == {"level"}
    markdown = invoke("compare", *files, "--format", "md").output
    assert "| **Overall** | 83 = | 83 = |" in markdown
    assert f"**Overall**: {names} are level: join (level 3), 83 each." in markdown


def test_the_html_shows_the_ranking_and_its_reason(
    invoke: Invoke, tmp_path: Path, orchard: Path, keel: Path
) -> None:
    out = tmp_path / "c.html"
    result = invoke("compare", keel, orchard, "-o", out)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<b>★ Overall:</b> Orchard Health · Forecasting ahead: join (level 3) against" in html
    cells = html.split('class="overall"', 1)[1].split("</tr>", 1)[0]
    assert '<b class="sig-red">98</b>' in cells
    assert '<b class="sig-green">★ 83</b>' in cells


def test_a_hyphenated_column_heading_uses_a_hyphen_the_font_has(
    invoke: Invoke, tmp_path: Path
) -> None:
    """A narrow heading breaks "Recommendations" with a plain hyphen: Inter has no U+2010,
    which came out as a fallback font's glyph."""
    audits = [
        _scenario(tmp_path, "01-strong-northstar", company=f"{name} Recommendations")
        for name in ("Alpha", "Bravo", "Charlie")
    ]
    out = tmp_path / "c.pdf"
    assert invoke("compare", *audits, "-o", out).exit_code == 0
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Recom-" in text or "Recommen-" in text or "Recommenda-" in text
    assert "\u2010" not in text
