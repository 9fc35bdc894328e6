"""A manager's roadmap: actions with their effort, the gap to a target level for one audit, and
what changed since the team's previous audit, in the view and in the terminal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from auditor.assessment import assess
from auditor.commands._batch import score_all
from auditor.compare import gap
from auditor.loading import checklist_dirs
from auditor.roadmap import target_gap
from tests.conftest import EXAMPLES
from tests.test_decision import MIDDLING, _result

SELF = EXAMPLES / "self-audit-platform-team.yaml"
TREND = sorted((EXAMPLES / "trend").glob("*.yaml"))


def _json(invoke: Callable[..., Result], *args: Any) -> dict[str, Any]:
    result = invoke("score", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


# --- fix first --------------------------------------------------------------------------------


def test_fix_first_lists_actions_with_their_effort(invoke: Callable[..., Result]) -> None:
    view = _json(invoke, SELF)
    first = view["improvements"][0]
    assert (first["question"], first["effort"], first["effort_text"]) == (
        "skew",
        "large",
        "a quarter or more",
    )
    assert first["action"] == (
        "Compute features from one definition, a feature store or a shared library, in both "
        "training and serving, and compare the two on the same rows"
    )
    assert all(i["action"] and i["effort"] for i in view["improvements"])
    text = invoke("score", SELF).stdout
    assert (
        "Fix first (moves the level most)\n"
        "  > Compute features from one definition, a feature store or a shared library,\n"
        "    in both training and serving, and compare the two on the same rows.\n"
        "    a quarter or more · +5.8 points · today: Two separate implementations that\n"
        "    we compare by hand now and then [skew]\n"
        "  > Add a schema check where the last break came in, and alert the pipeline's\n"
        "    owner when an upstream table changes.\n"
        "    days · +4.4 points · today: Yes [schema-break]\n"
    ) in text


# --- target -----------------------------------------------------------------------------------


def test_target_gives_the_gap_per_dimension_and_the_practices_missing(
    invoke: Callable[..., Result],
) -> None:
    target = _json(invoke, SELF, "--target", "3")["target"]
    assert (target["level"], target["score"], target["label"]) == (3, 60.0, "level 3 (60/100)")
    assert target["reached"] is False
    gaps = {d["id"]: (d["score"], d["gap"]) for d in target["dimensions"]}
    assert gaps == {
        "production-ratio": (59.0, 1.0),
        "ownership": (38.0, 22.0),
        "deploy-cycle": (50.0, 10.0),
        "compute": (82.0, 0.0),  # above the target: it offsets nothing
        "monitoring": (43.0, 17.0),
        "data-foundations": (43.0, 17.0),
    }
    assert target["total_gap"] == 67.0
    assert [p["question"] for p in target["practices"]] == [
        "ci-cd",
        "end-to-end-owner",
        "last-degradation",
    ]
    assert target["summary"] == (
        "Level 3 (60/100) not reached yet: 5 of 6 dimensions below 60, 67 points short in all; "
        "it also needs an automated release pipeline, one team owning each model end to end and "
        "alerts that catch a degrading model."
    )
    assert target["knockouts"] == []


def test_a_surplus_never_offsets_a_gap() -> None:
    (result,) = score_all([SELF], checklist_dirs(), None)
    found = target_gap(result, None, 3)
    assert found.total == sum(gap(60, d.score).points or 0 for d in found.dimensions)
    assert found.total == sum(max(0.0, 60 - (d.score or 0)) for d in found.dimensions)


def test_a_knock_out_is_named_as_what_to_fix_first(
    tmp_path: Path, invoke: Callable[..., Result]
) -> None:
    path = tmp_path / "knocked.yaml"
    path.write_text(
        SELF.read_text(encoding="utf-8").replace(
            "  monitored-share:\n    answer: 33", "  monitored-share:\n    answer: 0"
        ),
        encoding="utf-8",
    )
    target = _json(invoke, path, "--target", "2")["target"]
    assert target["knockouts"] == ["monitored-share"]
    assert target["summary"].endswith(
        "; first fix the knock-out (0% (No production model is monitored)), which holds the "
        "level at 1 whatever the scores."
    )
    assert target["headline"] == (
        "Target level 2: not reached; 2 of 6 dimensions short (11 points), 1 knock-out."
    )


def test_a_target_reached_says_so(invoke: Callable[..., Result]) -> None:
    target = _json(invoke, TREND[-1], "--target", "2")["target"]
    assert target["reached"] is True
    assert target["summary"] == "Level 2 (40/100) reached: every dimension at 40 or above."
    assert target["headline"] == "Target level 2: reached; every dimension at 40 or above."
    score = _json(invoke, TREND[-1], "--target", "75")["target"]
    assert score["headline"] == "Target 75/100: reached; 2 of 6 dimensions still below (8 points)."


@pytest.mark.parametrize("given", ["L7", "101", "three"])
def test_a_bad_target_is_a_clear_error(given: str, invoke: Callable[..., Result]) -> None:
    result = invoke("score", SELF, "--target", given)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --target expects a maturity level 0-4 (e.g. 3 or L3) or a score 5-100, "
        f"got {given!r}\n"
    )


# --- since ------------------------------------------------------------------------------------


def test_since_shows_what_changed_grouped_by_dimension(invoke: Callable[..., Result]) -> None:
    since = _json(invoke, TREND[-1], "--previous", TREND[-2])["since"]
    assert since["summary"] == (
        "Since 2026-07-20: score 45 → 79 (+34), level 2, as before; 21 answers changed."
    )
    assert (since["score"], since["level"], since["decision"]) == (45.0, 2, "improve")
    assert (since["score_change"], since["level_change"], since["changed"]) == (34.0, 0, 21)
    assert [g["dimension"] for g in since["changes"]] == [
        "production-ratio",
        "deploy-cycle",
        "compute",
        "monitoring",
        "data-foundations",
    ]
    answers = {q["question"]: q for g in since["changes"] for q in g["questions"]}
    # Read as heard: the number beside its bucket, a ratio as the counts behind it.
    assert (answers["cycle-weeks"]["before"], answers["cycle-weeks"]["after"]) == (
        "12 weeks (1 to 6 months)",
        "3 weeks (1 week to 1 month)",
    )
    assert answers["production-ratio"]["before"] == (
        "2 production models for 6 models in development (1 in production per 3 to 10 in "
        "development)"
    )
    assert answers["runbooks"]["before"] == "not asked"
    # In each dimension the answers that moved its score most come first; a short document
    # lists `shown` of them (at most three, each one that moved the score) and counts the rest.
    monitoring = next(g for g in since["changes"] if g["dimension"] == "monitoring")
    assert [(q["question"], q["change"]) for q in monitoring["questions"]] == [
        ("latency-alerts", 80.0),
        ("last-degradation", 40.0),
        ("retraining", 35.0),
        ("monitored-share", 30.0),
        ("runbooks", None),
    ]
    assert (monitoring["shown"], monitoring["more"]) == (3, 2)
    ownership = next(d for d in since["dimensions"] if d["id"] == "ownership")
    assert (ownership["before"], ownership["after"], ownership["change"]) == (76.0, 76.0, 0.0)


def test_since_in_the_terminal(invoke: Callable[..., Result]) -> None:
    text = invoke("score", TREND[-1], "--previous", TREND[-2]).stdout
    assert (
        "Since the previous audit (2026-07-20)\n"
        "  Since 2026-07-20: score 45 → 79 (+34), level 2, as before; 21 answers changed.\n"
        "  Production-to-development ratio: 44 → 83 (+39)\n"
    ) in text
    assert (
        "    · Has an upstream data change broken one of our production models in the\n"
        "      last six months? Yes → No [schema-break]\n"
    ) in text


def test_previous_must_be_an_earlier_audit_of_the_same_team(
    tmp_path: Path, invoke: Callable[..., Result]
) -> None:
    later = invoke("score", TREND[1], "--previous", TREND[2])
    assert later.exit_code == 1
    assert later.stderr == (
        f"Error: --previous {TREND[2]} is dated 2026-07-20, not before this audit (2026-04-20); "
        "give the earlier audit as --previous\n"
    )
    other = invoke("score", SELF, "--previous", TREND[0])
    assert other.stderr == (
        f"Error: --previous {TREND[0]}: it audits Fernwood Health · Clinical ML, not Ledgerline · "
        "Risk ML; give an earlier audit of the same company and team\n"
    )
    several = invoke("score", TREND[2], TREND[3], "--previous", TREND[0])
    assert several.stderr == (
        "Error: --previous compares one audit with an earlier one; got 2 audits\n"
    )
    undated = tmp_path / "undated.yaml"
    undated.write_text(
        TREND[0].read_text(encoding="utf-8").replace("date: '2026-01-19'\n", ""),
        encoding="utf-8",
    )
    missing = invoke("score", TREND[1], "--previous", undated)
    assert missing.stderr == (
        f"Error: --previous: {undated} has no date; both audits need one to say which came "
        "first (date: YYYY-MM-DD)\n"
    )


def test_report_takes_target_and_previous(tmp_path: Path, invoke: Callable[..., Result]) -> None:
    out = tmp_path / "r.html"
    result = invoke(
        "report", TREND[-1], "--target", "3", "--previous", TREND[-2], "--format", "html", "-o", out
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_fix_first_leaves_good_answers_alone_unless_they_move_the_level() -> None:
    """A team sharing feature code between training and serving (green) is not told to "compute
    features from one definition": only what lifts a cap or reaches the next level, or is
    short of good, is scheduled."""
    result = _result({**MIDDLING, "skew": {"answer": "shared-library"}}, mode="self")
    assert next(q for q in result.questions() if q.question.id == "skew").signal == "green"
    for improvement in result.improvements:
        if improvement.item.signal == "green":
            assert improvement.lifts_cap or improvement.reaches_next
    assert "skew" not in [a["question"] for a in assess(result)["improvements"]]
    assert assess(result)["improvements"]  # the amber and red answers are still there


def test_fix_first_leads_with_what_holds_the_level_down() -> None:
    """Middling's team with a faster cycle, less ETL and its own budget averages level 3, but
    level 3 needs an automated release pipeline and alerts: those two come first, together,
    though neither alone reaches it. A knock-out comes before any cap it leaves in place."""
    answers = {
        **MIDDLING,
        "cycle-weeks": {"answer": 1},
        "etl-share": {"answer": 10},
        "budget-approval": {"answer": "own-budget"},
    }
    view = assess(_result(answers, mode="self"))
    assert [c["questions"] for c in view["caps"]] == [["ci-cd", "last-degradation"]]
    lead = [(a["question"], a["effect"]) for a in view["improvements"][:2]]
    assert lead == [
        ("ci-cd", "needed for level 3"),
        ("last-degradation", "needed for level 3"),
    ]
    knocked = _result({**answers, "monitored-share": {"answer": 0}}, mode="self")
    assert [k.question.id for k in knocked.knockouts] == ["monitored-share"]
    assert assess(knocked)["improvements"][0]["question"] == "monitored-share"
