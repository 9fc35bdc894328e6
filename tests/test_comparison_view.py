"""The comparison data a trend is read from: the headline, the time axis, each dimension's
movement, the changed answers grouped by dimension, and every audit's standing against a target."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.assessment import assess
from auditor.audit import build_audit
from auditor.compare import compare
from auditor.comparison_view import MOVES_SHOWN, comparison_dict
from auditor.loading import load_checklist
from auditor.scoring import score_audit
from auditor.yamlio import parse_yaml
from tests.conftest import CHECKLISTS, EXAMPLES

Invoke = Callable[..., Result]
TREND = sorted((EXAMPLES / "trend").glob("*.yaml"))
TINY = load_checklist(CHECKLISTS / "tiny.yaml")


def _trend(invoke: Invoke, *args: object) -> dict[str, Any]:
    result = invoke("compare", *TREND, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


@pytest.mark.parametrize(
    ("args", "ending"),
    [
        (
            ("--target", "3"),
            "; level 3 not reached: one practice missing (an automated release pipeline).",
        ),
        (("--target", "2"), "; level 2 reached on 2026-07-20."),
        (("--target", "75"), "; target 75 not reached: 8 points short in two dimensions."),
        ((), "."),
    ],
)
def test_the_headline_of_the_bundled_trend(
    invoke: Invoke, args: tuple[str, ...], ending: str
) -> None:
    data = _trend(invoke, *args)
    assert data["headline"] == (
        "Score 16 → 79 (up 63) from January to October 2026; level 0 → 2" + ending
    )
    # It is read from the data, not written beside it: first and last audit, and their levels.
    audits = data["audits"]
    assert (audits[0]["overall"]["score"], audits[-1]["overall"]["score"]) == (16.0, 79.0)
    assert (audits[0]["decision"]["level"], audits[-1]["decision"]["level"]) == (0, 2)


def test_every_audit_stands_against_the_target(invoke: Invoke) -> None:
    data = _trend(invoke, "--target", "3")
    standings = [a["standing"] for a in data["audits"]]
    assert [s["text"] for s in standings] == [
        "level 0: 44 points short; three practices missing (an automated release pipeline, one "
        "team owning each model end to end and alerts that catch a degrading model); a knock-out "
        "answer caps it at level 1",
        "level 1: 27 points short; three practices missing (an automated release pipeline, one "
        "team owning each model end to end and alerts that catch a degrading model)",
        "level 2: 15 points short; two practices missing (an automated release pipeline and "
        "alerts that catch a degrading model)",
        "level 2: one practice missing (an automated release pipeline)",
    ]
    assert [a["total_gap"] for a in data["audits"]] == [256.0, 152.0, 74.0, 0.0]
    # Every dimension at target in the last audit, and still not the level: the practice is
    # what is missing, and the data says so rather than "gap 0".
    last = standings[-1]
    assert (last["reached"], last["short"], last["needs"]) == (
        False,
        0.0,
        [{"question": "ci-cd", "needs": "an automated release pipeline"}],
    )
    assert [a["score_level"] for a in data["audits"]] == [0, 1, 2, 3]
    assert all(a["standing"] is None for a in _trend(invoke)["audits"])


def test_each_dimension_moves_in_words(invoke: Invoke) -> None:
    data = _trend(invoke)
    moves = [(r["id"], r["movement"]) for r in [data["overall"], *data["dimensions"]]]
    assert moves[0] == ("overall", {"from": 16.0, "to": 79.0, "change": 63.0, "direction": "up"})
    assert all(m["direction"] == "up" and m["change"] > 0 for _, m in moves)


def test_changed_answers_are_grouped_by_dimension_biggest_first(invoke: Invoke) -> None:
    moves = _trend(invoke)["moves"]
    groups = moves["dimensions"]
    assert [g["dimension"] for g in groups] == [
        "monitoring",
        "data-foundations",
        "deploy-cycle",
        "ownership",
        "production-ratio",
        "compute",
    ]
    changes = [abs(g["movement"]["change"]) for g in groups]
    assert changes == sorted(changes, reverse=True)
    for group in groups:
        deltas = [abs(q["delta"]) for q in group["questions"] if q["delta"] is not None]
        assert deltas == sorted(deltas, reverse=True)
        assert group["shown"] <= MOVES_SHOWN
        assert group["shown"] + group["more"] == len(group["questions"])
        assert all(q["delta"] for q in group["questions"][: group["shown"]])
    monitoring = groups[0]["questions"]
    assert [(q["question"], q["before"], q["after"], q["delta"]) for q in monitoring[:3]] == [
        ("monitored-share", "0%", "100%", 100.0),
        ("runbooks", "No", "Yes", 100.0),
        (
            "last-degradation",
            "A customer, a business team or a report told us",
            "An alert fired and the on-call engineer picked it up",
            80.0,
        ),
    ]
    assert monitoring[0]["changed_in"] == ["2026-04-20", "2026-10-19"]
    # The counts behind the ratio are read within it, not listed again.
    ratio = next(g for g in groups if g["dimension"] == "production-ratio")["questions"]
    said = {q["question"]: (q["before"], q["after"]) for q in ratio}
    assert said["production-ratio"] == (
        "1 production model for 7 models in development",
        "4 production models for 4 models in development",
    )
    assert "models-in-production" not in said and "models-in-development" not in said
    assert (moves["count"], moves["shown"]) == (30, 18)


def test_values_read_naturally_everywhere_in_the_json(invoke: Invoke) -> None:
    text = json.dumps(_trend(invoke, "--target", "3"), ensure_ascii=False)
    assert "per model in development" not in text
    assert "1 production models" not in text
    assert "unknown (not-asked)" not in text
    steps = _trend(invoke)["changes"]
    first = {c["question"]: (c["before"], c["after"]) for c in steps[0]["questions"]}
    assert first["production-ratio"] == (
        "1 production model for 7 models in development",
        "2 production models for 6 models in development",
    )
    assert first["models-in-production"] == ("1 model", "2 models")


def test_the_time_axis_comes_from_the_dates(invoke: Invoke) -> None:
    timeline = _trend(invoke)["timeline"]
    assert (timeline["from"], timeline["to"]) == ("2026-01-01", "2026-11-01")
    # 304 days on the axis; the audits sit at their own days, not evenly spaced.
    assert timeline["at"] == [round(d / 304, 4) for d in (18, 109, 200, 291)]
    labels = [t["label"] for t in timeline["ticks"]]
    assert labels == [
        "Jan 2026",
        *["Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"],
    ]
    assert timeline["ticks"][0]["at"] == 0.0 and timeline["ticks"][-1]["at"] == 1.0


def test_side_by_side_has_no_trend_pieces(invoke: Invoke) -> None:
    offers = [EXAMPLES / f"{n}.yaml" for n in ("northwind-payments", "brightside-retail")]
    data = json.loads(invoke("compare", *offers, "--target", "3", "--format", "json").output)
    assert (data["headline"], data["timeline"], data["moves"]) == (None, None, None)
    assert data["dimensions"][0]["movement"] is None
    assert [a["standing"]["reached"] for a in data["audits"]] == [True, False]


# --- invariants over generated trends -----------------------------------------------------


def _dated(date: str, deploys: str, cycle: str, alerts: str, prod: int, dev: int) -> Any:
    text = textwrap.dedent(
        f"""\
        checklist: {{id: tiny, version: "1.0"}}
        mode: self
        company: Acme
        team: Ranking
        date: {date}
        answers:
          deploys: {{answer: {deploys}}}
          cycle: {cycle}
          alerts: {alerts}
          prod: {{answer: {prod}}}
          dev: {{answer: {dev}}}
        """
    )
    return score_audit(TINY, build_audit(parse_yaml(text, f"{date}.yaml"), TINY))


_STEP = st.tuples(
    st.sampled_from(["team", "ops", "nobody"]),
    st.sampled_from(["{answer: 0.5}", "{answer: 3}", "{unknown: not-asked}"]),
    st.sampled_from(["{answer: yes}", "{answer: no}", "{unknown: did-not-know}"]),
    st.integers(0, 9),
    st.integers(1, 9),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_STEP, min_size=2, max_size=5), st.integers(0, 4))
def test_moves_and_standings_hold_for_any_trend(
    steps: list[tuple[str, str, str, int, int]], level: int
) -> None:
    results = [_dated(f"2026-{i + 1:02}-15", *step) for i, step in enumerate(steps)]
    comparison = compare(results, target=(None, level))
    data = comparison_dict(comparison, [assess(r) for r in comparison.results])
    changed = {c["question"] for step in data["changes"] for c in step["questions"]}
    listed = [q["question"] for g in data["moves"]["dimensions"] for q in g["questions"]]
    # Every changed answer once, except the counts a changed ratio is read from.
    folded = {"prod", "dev"} if "ratio" in listed else set()
    assert sorted(listed) == sorted(changed - folded)
    for group in data["moves"]["dimensions"]:
        sizes = [abs(q["delta"]) for q in group["questions"] if q["delta"] is not None]
        assert sizes == sorted(sizes, reverse=True)
        assert 0 <= group["shown"] <= min(MOVES_SHOWN, len(group["questions"]))
    assert len([a["standing"] for a in data["audits"] if a["standing"]]) == len(steps)
    for audit in data["audits"]:
        standing = audit["standing"]
        assert standing["reached"] == (audit["level"] is not None and audit["level"] >= level)
        assert standing["text"]
    assert data["headline"].startswith("Score ") and f"level {level}" in data["headline"]
    at = data["timeline"]["at"]
    assert at == sorted(at) and at[0] >= 0 and at[-1] <= 1


def test_a_trend_file_order_does_not_matter(invoke: Invoke) -> None:
    shuffled = [TREND[2], TREND[0], TREND[3], TREND[1]]
    data = json.loads(invoke("compare", *shuffled, "--format", "json").output)
    assert data["headline"] == _trend(invoke)["headline"]


@pytest.mark.parametrize(
    ("dates", "labels"),
    [
        (["2026-03-02", "2026-03-05"], ["2 Mar 2026", "3 Mar", "4 Mar", "5 Mar"]),
        (["2026-03-02", "2026-04-10"], ["2 Mar 2026", *[f"{d} Mar" for d in (9, 16, 23, 30)],
                                        "6 Apr", "13 Apr"]),
        (["2025-11-15", "2026-12-01"], ["Oct 2025", "Jan 2026", "Apr", "Jul", "Oct", "Jan 2027"]),
        (["2021-06-30", "2026-01-01"], [str(y) for y in range(2021, 2028)]),
    ],
)  # fmt: skip
def test_the_time_axis_ticks_fit_the_span(dates: list[str], labels: list[str]) -> None:
    from auditor.comparison_view import _timeline

    timeline = _timeline(dates)
    assert timeline is not None
    assert [t["label"] for t in timeline["ticks"]] == labels
    assert all(0 <= at <= 1 for at in timeline["at"])
    assert _timeline(["Q1", "Q2"]) is None
