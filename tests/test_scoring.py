"""Scoring: exact numbers on the tiny checklist, and invariants that hold for any answers."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.audit import build_audit
from auditor.checklist import Checklist, Curve
from auditor.loading import load_checklist
from auditor.scoring import Estimate, aggregate, score_audit
from auditor.yamlio import dump_yaml, parse_yaml
from tests.conftest import CHECKLISTS

TINY = load_checklist(CHECKLISTS / "tiny.yaml")


def percent(share: float | None) -> float | None:
    """A share on the 0-100 scale, to one decimal: how these tests state expected numbers."""
    return None if share is None else round(share * 100, 1)


def _score(answers: dict[str, Any], checklist: Checklist = TINY, mode: str = "candidate") -> Any:
    data = {"checklist": {"id": checklist.id}, "mode": mode, "answers": answers}
    doc = parse_yaml(dump_yaml(data), "audit.yaml")
    return score_audit(checklist, build_audit(doc, checklist))


def test_weighted_mean_with_an_interval_for_unknowns() -> None:
    result = _score(
        {
            "deploys": {"answer": "ops"},
            "cycle": {"answer": 3},
            "alerts": {"unknown": "did-not-know"},
            "prod": {"answer": 2},
            "dev": {"answer": 8},
        }
    )
    shipping, monitoring = result.dimensions
    assert percent(shipping.estimate.score) == 35.0  # (0.5 + 0.2) / 2
    # ratio 2/8 = 0.25 is the curve's median: 0.5; alerts unknown -> 0 .. 1
    assert percent(monitoring.estimate.score) == 50.0
    assert (percent(monitoring.estimate.low), percent(monitoring.estimate.high)) == (25.0, 75.0)
    assert monitoring.estimate.coverage == 0.5
    # Overall: shipping weighs 2, monitoring 1.
    assert percent(result.overall.score) == 40.0
    assert percent(result.overall.low) == pytest.approx(31.7)
    assert percent(result.overall.high) == pytest.approx(48.3)
    assert result.overall.coverage == pytest.approx(5 / 6)
    assert [n.item.question.id for n in result.next_questions] == ["alerts"]
    assert result.next_questions[0].swing == pytest.approx(1 / 6)


def test_unknown_is_not_zero() -> None:
    known_bad = _score(
        {"deploys": {"answer": "team"}, "cycle": {"answer": 0.5}, "alerts": {"answer": "no"}}
    )
    unknown = _score(
        {
            "deploys": {"answer": "team"},
            "cycle": {"answer": 0.5},
            "alerts": {"unknown": "not-asked"},
        }
    )
    assert known_bad.overall.score is not None and unknown.overall.score is not None
    assert unknown.overall.score > known_bad.overall.score
    assert unknown.overall.low == pytest.approx(known_bad.overall.score)


def test_nothing_answered_is_insufficient_evidence() -> None:
    result = _score({})
    assert result.overall.score is None
    assert (result.overall.low, result.overall.high, result.overall.coverage) == (0.0, 1.0, 0.0)
    assert result.insufficient


def test_critical_red_answer_caps_the_band() -> None:
    strong = {
        "cycle": {"answer": 0.5},
        "alerts": {"answer": "yes"},
        "prod": {"answer": 10},
        "dev": {"answer": 2},
    }
    assert _score({**strong, "deploys": {"answer": "team"}}).band.name == "Strong"
    capped = _score({**strong, "deploys": {"answer": "nobody"}})
    # (2 * 0.5 + (1 + curve(5)) / 2) / 3: the knockout caps the band, not the score
    assert percent(capped.overall.score) == pytest.approx(66.6, abs=0.1)
    assert capped.band.name == "Poor"  # knockout_cap 39 falls in the first band
    assert capped.point.band.name == "Fair"  # what the average alone would give
    assert [k.question.id for k in capped.knockouts] == ["deploys"]
    assert capped.red_flags[0].nature == "structural"


def test_derived_ratio_uses_both_counts_and_handles_zero() -> None:
    result = _score({"prod": {"answer": 3}, "dev": {"answer": 0}})
    ratio = next(q for q in result.questions() if q.question.id == "ratio")
    assert ratio.value == math.inf and ratio.score == pytest.approx(1.0)
    none = _score({"prod": {"answer": 0}, "dev": {"answer": 0}})
    assert next(q for q in none.questions() if q.question.id == "ratio").score == 0.0
    missing = _score({"prod": {"answer": 3}})
    item = next(q for q in missing.questions() if q.question.id == "ratio")
    assert item.score is None and item.reason == "unknown until prod and dev are answered"


@pytest.mark.parametrize(
    ("good", "median", "value", "expected"),
    [(2, 8, 2, 0.9), (2, 8, 8, 0.5), (90, 50, 90, 0.9), (90, 50, 50, 0.5), (2, 8, 0, 1.0)],
)
def test_curve_control_points(good: float, median: float, value: float, expected: float) -> None:
    assert Curve(good, median).score(value) == pytest.approx(expected)


def test_min_aggregation_is_the_weakest_link() -> None:
    estimate = aggregate("min", [(1, 0.9), (1, 0.2), (1, None)])
    assert estimate == Estimate(0.2, 0.0, 0.2, pytest.approx(2 / 3))  # type: ignore[arg-type]


def test_min_aggregation_checklist(tmp_path: Path) -> None:
    text = (
        (CHECKLISTS / "tiny.yaml")
        .read_text(encoding="utf-8")
        .replace("title: Tiny\n", "title: Tiny\naggregation: {dimensions: min}\n")
    )
    (tmp_path / "tiny.yaml").write_text(text, encoding="utf-8")
    checklist = load_checklist(tmp_path / "tiny.yaml")
    result = _score(
        {
            "deploys": {"answer": "team"},
            "cycle": {"answer": 0.5},
            "alerts": {"answer": "no"},
            "prod": {"answer": 1},
            "dev": {"answer": 1},
        },
        checklist,
    )
    assert percent(result.overall.score) == percent(
        min(d.estimate.score or 0 for d in result.dimensions)
    )


# Property tests: any combination of answers keeps the invariants.
_choice = st.one_of(st.none(), st.sampled_from(["team", "ops", "nobody"]), st.just("?"))
_number = st.one_of(st.none(), st.floats(0, 1000, allow_nan=False), st.just("?"))
_yesno = st.one_of(st.none(), st.sampled_from(["yes", "no"]), st.just("?"))


def _answers(deploys: Any, cycle: Any, alerts: Any, prod: Any, dev: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (
        ("deploys", deploys),
        ("cycle", cycle),
        ("alerts", alerts),
        ("prod", prod),
        ("dev", dev),
    ):
        if value == "?":
            out[key] = {"unknown": "did-not-know"}
        elif value is not None:
            out[key] = {"answer": value}
    return out


@settings(max_examples=200, deadline=None)
@given(_choice, _number, _yesno, _number, _number)
def test_scores_stay_in_range_and_the_point_lies_in_the_interval(
    deploys: Any, cycle: Any, alerts: Any, prod: Any, dev: Any
) -> None:
    result = _score(_answers(deploys, cycle, alerts, prod, dev))
    for estimate in [result.overall, *(d.estimate for d in result.dimensions)]:
        assert 0.0 <= estimate.low <= estimate.high <= 1.0
        assert 0.0 <= estimate.coverage <= 1.0
        if estimate.score is not None:
            assert estimate.low - 1e-9 <= estimate.score <= estimate.high + 1e-9
    for item in result.next_questions:
        assert 0.0 <= item.swing <= 1.0


_ORDER = {"deploys": ["nobody", "ops", "team"], "alerts": ["no", "yes"]}


@settings(max_examples=200, deadline=None)
@given(_choice, _number, _yesno, _number, _number, st.sampled_from(["deploys", "alerts", "cycle"]))
def test_a_better_answer_never_lowers_the_score(
    deploys: Any, cycle: Any, alerts: Any, prod: Any, dev: Any, which: str
) -> None:
    answers = _answers(deploys, cycle, alerts, prod, dev)
    base = _score(answers)
    current = answers.get(which, {}).get("answer")
    if which == "cycle":
        better = 0.1 if current is None else max(0.0, float(current) / 2)
    else:
        options = _ORDER[which]
        better = (
            options[-1]
            if current is None
            else options[min(options.index(current) + 1, len(options) - 1)]
        )
    improved = _score({**answers, which: {"answer": better}})
    assert improved.overall.low >= base.overall.low - 1e-9
    if current is not None:  # replacing a known answer: the point estimate cannot drop
        assert (improved.overall.score or 0) >= (base.overall.score or 0) - 1e-9


@pytest.mark.parametrize(
    ("parts", "shown"),
    [
        # (2×75 + 1×80 + 1×0) / 4 is 57.5 on paper but 57.49999... in floats: a reader who
        # checks the arithmetic rounds it half up, and so must the score.
        ([(2, 0.75), (1, 0.80), (1, 0.0)], 58.0),
        ([(1, 0.80), (1, 0.35)], 58.0),  # 57.5 again
        ([(1, 0.574), (1, 0.574)], 57.0),  # a true 57.4 stays 57
    ],
)
def test_a_score_on_a_half_rounds_up_as_its_arithmetic_reads(
    parts: list[tuple[int, float]], shown: float
) -> None:
    estimate = aggregate("mean", parts)
    assert estimate.score is not None
    assert TINY.scale.shown(estimate.score) == shown
