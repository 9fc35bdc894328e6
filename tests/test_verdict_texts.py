"""What the report says around its verdict, as a fresh-eyes review of six new companies found it:
a capped level described by what holds it down, a situational knock-out asked about, "ask more"
with nothing open saying what to ask, no cap on a level too little is known for, and a brief
whose red flags carry their question."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from click.testing import Result

from auditor.render.templates import url_text

SCENARIOS = Path(__file__).parent / "scenarios"


def _audit(tmp_path: Path, scenario: str, **answers: Any) -> Path:
    data = yaml.safe_load((SCENARIOS / scenario).read_text(encoding="utf-8"))["audit"]
    data["answers"] = {**data["answers"], **answers}
    path = tmp_path / f"{scenario.split('-', 1)[1]}"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _html_text(invoke: Callable[..., Result], audit: Path, *options: str) -> str:
    out = audit.with_suffix(".html")
    result = invoke("report", audit, "--format", "html", "-o", out, *options)
    assert result.exit_code == 0, result.output
    page = re.sub(
        r"<style.*?</style>|<svg.*?</svg>", " ", out.read_text(encoding="utf-8"), flags=re.S
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_capped_level_says_what_holds_it_down_everywhere(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    audit = _audit(
        tmp_path, "01-strong-northstar.yaml", **{"end-to-end-owner": {"answer": "nobody-owns"}}
    )
    expected = (
        "The other answers read as level 4 (Full MLOps, automated operations), but a critical "
        "answer is at or near the worst (“Nobody really owns it end to end; it falls between "
        "teams”): so level 1."
    )
    terminal = " ".join(invoke("score", audit).output.split())
    assert expected in terminal
    assert expected in _html_text(invoke, audit)
    assert "manual, missing or unwatched" not in terminal


def test_too_little_known_shows_no_cap_and_the_range_on_the_gauge(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    data = yaml.safe_load((SCENARIOS / "01-strong-northstar.yaml").read_text(encoding="utf-8"))
    data = data["audit"]
    compute = ("gpu-days", "budget-approval", "scale-experiments", "contention", "tracking")
    data["answers"] = {k: v for k, v in data["answers"].items() if k in compute}
    audit = tmp_path / "thin.yaml"
    audit.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    view = json.loads(invoke("score", audit, "--format", "json").output)
    assert view["level"] is None and view["caps"] == []
    assert view["overall"]["score"] is not None and view["overall"]["coverage"] < 0.5
    assert [r["rule"] for r in view["decision"]["reasons"]] == ["insufficient"]
    out = tmp_path / "thin.html"
    invoke("report", audit, "--format", "html", "-o", out)
    gauge = re.search(r'<svg class="gauge-svg.*?</svg>', out.read_text(encoding="utf-8"), re.S)
    assert gauge is not None
    low, high = view["overall"]["low"], view["overall"]["high"]
    assert f"{low:g}–{high:g}" in gauge.group(0)
    assert f">{view['overall']['score']:g}<tspan" not in gauge.group(0)


def test_ask_more_with_nothing_open_names_the_flags_to_follow_up(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    audit = _audit(tmp_path, "04-middling.yaml")
    brief = _html_text(invoke, audit, "--brief")
    assert "Nothing left to ask" not in brief
    assert "Every question has an answer; what is left to ask is about the red flags:" in brief
    summary = _html_text(invoke, audit)
    assert "nothing is left to ask" not in summary
    assert "what is left to ask is whether the red flags below will be fixed" in summary


def test_the_brief_reads_each_red_flag_with_its_question(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    audit = _audit(tmp_path, "04-middling.yaml")
    view = json.loads(invoke("score", audit, "--format", "json").output)
    brief = _html_text(invoke, audit, "--brief")
    structural = [f for f in view["red_flags"] if f["nature"] == "structural"]
    assert structural
    assert f"{structural[0]['answer']} {structural[0]['text']} · structural" in brief


def test_several_voices_read_each_answer_once(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    """Four people all saying "No" are one red flag reading "No", not "No; No; No; No"; a
    reason groups who said what; the scoring reason names no respondent ids."""
    merged = tmp_path / "merged.yaml"
    files = sorted((Path(__file__).parent.parent / "examples" / "respondents").glob("*.yaml"))
    assert invoke("merge", *files, "-o", merged).exit_code == 0
    view = json.loads(invoke("score", merged, "--format", "json").output)
    runbooks = next(f for f in view["red_flags"] if f["question"] == "runbooks")
    assert runbooks["answer"] == "No" and len(runbooks["said_by"]) == 4
    texts = [r["text"] for r in view["decision"]["reasons"]]
    grouped = next(t for t in texts if "find out?" in t)
    assert grouped.count("said Someone spotted it on a dashboard") == 1
    assert "Lena Fischer (data engineer), Priya Raman (hiring manager) and Kwame Asante" in grouped
    reasons = [q["reason"] for d in view["dimensions"] for q in d["questions"]]
    assert any(r.startswith("4 respondents: all said 8 models (100)") for r in reasons)
    assert not any("data-engineer" in r or "hiring-manager" in r for r in reasons)
    assert any(
        r["rule"] == "range"
        and r["text"].startswith(
            "Depending on the open questions and on which of the differing answers holds"
        )
        for r in view["decision"]["reasons"]
    )
    assert view["decision"]["range_cause"] == (
        "the open questions and on which of the differing answers holds"
    )


def test_a_web_address_breaks_at_its_slashes() -> None:
    assert url_text("https://cloud.google.com/architecture/mlops").split("\u200b") == [
        "https://",
        "cloud.google.com/",
        "architecture/",
        "mlops",
    ]
