"""Bands and levels any rubric can use: edges that include or exclude, any number of levels, raw
points, and Google's ML Test Score encoded as a checklist, checked on worked examples."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from auditor.checklist import build_checklist
from auditor.errors import InputError
from auditor.yamlio import parse_yaml
from tests.conftest import EXAMPLES

MLTS = EXAMPLES / "ml-test-score"

# The paper's rule, worked by hand for each example (see the comment at the top of each file):
# per section the sum of 0.5 (manual) and 1 (automated) points, and the minimum over sections.
WORKED = [
    ("research-project", 0.0, 0, "Research project", [0, 0, 0, 0]),
    ("serious-holes", 1.0, 1, "Serious holes", [1, 2.5, 4, 1]),
    ("first-pass", 1.5, 2, "First pass", [2, 3, 2.5, 1.5]),
    ("reasonably-tested", 3.0, 3, "Reasonably tested", [3, 3, 3, 3]),
    ("strong", 4.5, 4, "Strong", [5, 6, 4.5, 5]),
    ("exceptional", 5.5, 5, "Exceptional", [6, 6.5, 7, 5.5]),
]


@pytest.mark.parametrize(
    ("name", "final", "level", "band", "sections"), WORKED, ids=[w[0] for w in WORKED]
)
def test_ml_test_score_gives_the_papers_score_and_band(
    invoke: Callable[..., Result],
    name: str,
    final: float,
    level: int,
    band: str,
    sections: list[float],
) -> None:
    result = invoke("score", "--checklist-dir", MLTS, MLTS / f"{name}.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["overall"]["score"] == final
    assert (data["level"], data["band"]) == (level, band)
    assert [d["score"] for d in data["dimensions"]] == sections
    assert data["checklist"]["scale"] == {"kind": "points", "maximum": 7.0, "unit": "points"}


def test_ml_test_score_bands_read_as_in_the_paper(invoke: Callable[..., Result]) -> None:
    result = invoke("score", "--checklist-dir", MLTS, MLTS / "strong.yaml", "--format", "json")
    ranges = [b["range"] for b in json.loads(result.output)["checklist"]["bands"]]
    assert ranges == [
        "0",
        "above 0, up to 1",
        "above 1, up to 2",
        "above 2, up to 3",
        "above 3, up to 5",
        "above 5",
    ]
    text = invoke("score", "--checklist-dir", MLTS, MLTS / "strong.yaml").output
    assert "Score 4.5 of 7 points · coverage 100%" in text


BANDS = """\
    id: edges
    version: "1"
    title: Edges
    bands:
      - {{min: 0, level: 0, name: Zero, candidate: Z., self: Z.}}
      - {{{second}: 50, level: 7, name: Half, candidate: H., self: H.}}
    dimensions:
      - id: d
        title: D
        questions:
          - id: q
            candidate: Q?
            self: Q?
            why: W.
            answer: {{kind: choice, options: [{{id: a, label: A, score: 0.5}}, {{id: b, label: B, score: 1}}]}}
"""


@pytest.mark.parametrize(("edge", "level"), [("min", 7), ("above", 0)])
def test_a_band_edge_includes_or_excludes_its_score(edge: str, level: int) -> None:
    checklist = build_checklist(parse_yaml(textwrap.dedent(BANDS.format(second=edge)), "c.yaml"))
    assert checklist.band_for(50.0).level == level  # exactly on the edge
    assert checklist.band_for(50.01).level == 7
    assert checklist.band_for(49.99).level == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            BANDS.format(second="min").replace(
                "{min: 50, level: 7", "{min: 50, above: 50, level: 7"
            ),
            "c.yaml:6: bands[1]: give the band's lower edge as either 'min' or 'above'",
        ),
        (
            BANDS.format(second="min").replace("level: 7", "level: 0"),
            "c.yaml:6: bands[1].level: levels must go up: 0 is not above 0",
        ),
        (
            BANDS.format(second="above").replace("{min: 0, level: 0", "{min: 1, level: 0"),
            "c.yaml:5: bands[0]: the first band must start at min: 0 so every score has a band",
        ),
    ],
)
def test_bands_that_cannot_be_read_are_located(text: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        build_checklist(parse_yaml(textwrap.dedent(text), "c.yaml"))
    assert str(raised.value) == message


def test_a_points_scale_needs_summed_questions_and_equal_sections(tmp_path: Path) -> None:
    text = (MLTS / "ml-test-score.yaml").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="a points scale needs questions summed"):
        build_checklist(parse_yaml(text.replace("questions: sum", "questions: mean"), "c.yaml"))
    uneven = text.replace(
        "      - id: feature-code-tested\n", "      - id: feature-code-tested\n        weight: 2\n"
    )
    with pytest.raises(InputError, match="the same maximum, got data 8, model 7"):
        build_checklist(parse_yaml(uneven, "c.yaml"))


@pytest.mark.parametrize("name", [w[0] for w in WORKED])
def test_a_points_question_shows_the_points_it_earns(
    invoke: Callable[..., Result], name: str
) -> None:
    """Half a point for a manual test, one for an automated one: per question as in the paper,
    so that a section's questions add up to the section's score."""
    result = invoke("score", "--checklist-dir", MLTS, MLTS / f"{name}.yaml", "--format", "json")
    data = json.loads(result.output)
    worth = {"not-done": 0.0, "manual": 0.5, "automated": 1.0}
    for dimension in data["dimensions"]:
        questions = dimension["questions"]
        assert [q["score"] for q in questions] == [worth[q["value"]] for q in questions]
        assert sum(q["score"] for q in questions) == dimension["score"]
        for q in questions:
            points = f"{worth[q['value']]:g} point{'' if worth[q['value']] == 1 else 's'}"
            assert q["reason"] == f"'{q['answer']}' scores {points}"


def test_a_points_explanation_adds_up_points(invoke: Callable[..., Result], tmp_path: Path) -> None:
    result = invoke("score", "--checklist-dir", MLTS, MLTS / "reasonably-tested.yaml", "--explain")
    assert "Tests for features and data: 1 + 1 + 0.5 + 0.5 + 0 + 0 + 0 = 3 points" in result.output
    assert "×100" not in result.output

    # Three tests unasked: the estimate scales the answered points up to the section's seven.
    text = (MLTS / "reasonably-tested.yaml").read_text(encoding="utf-8")
    open_ = tmp_path / "open.yaml"
    open_.write_text(
        "".join(
            line
            for line in text.splitlines(keepends=True)
            if not line.lstrip().startswith(("privacy-controls", "new-features", "feature-cost"))
        ),
        encoding="utf-8",
    )
    result = invoke("score", "--checklist-dir", MLTS, open_, "--format", "json")
    data = json.loads(result.output)
    assert data["dimensions"][0]["explain"] == (
        "Tests for features and data: 1 + 1 + 0.5 + 0 = 2.5 of the 4 points answered, 4.38 of 7"
        " when scaled to all; 3 unknown, so the range is 2.5 to 5.5"
    )
    unknown = next(q for q in data["dimensions"][0]["questions"] if q["id"] == "feature-cost")
    assert unknown["reason"] == "unknown (not-asked): counted 0 points at worst and 1 point at best"


def test_a_points_scale_refuses_summed_dimensions(tmp_path: Path) -> None:
    """A section's 3 of 7 and a total of 28 cannot share one scale's bars and bands."""
    text = (MLTS / "ml-test-score.yaml").read_text(encoding="utf-8")
    with pytest.raises(InputError) as raised:
        build_checklist(parse_yaml(text.replace("dimensions: min}", "dimensions: sum}"), "c.yaml"))
    assert str(raised.value) == (
        "c.yaml:21: aggregation.dimensions: a points scale shows each dimension and the overall "
        "score in the same points, so dimensions combine by min or mean, not sum"
    )


def test_the_full_report_words_a_points_question_in_points(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    result = invoke(
        "report", "--checklist-dir", MLTS, MLTS / "reasonably-tested.yaml",
        "--detail", "full", "--format", "html", "-o", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "earns 0.5 of 1 point" in html
    assert "earns 1 of 1 point" in html
    assert "scores 7" not in html and "scores 3.5" not in html


def test_points_respondents_disagree_in_points(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    text = (MLTS / "reasonably-tested.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(
        text.replace("date:", "respondent: ML engineer\ndate:"), encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        text.replace("date:", "respondent: Platform\ndate:").replace(
            "feature-schema: {answer: automated}", "feature-schema: {answer: not-done}"
        ),
        encoding="utf-8",
    )
    merged = tmp_path / "m.yaml"
    result = invoke(
        "merge", "--checklist-dir", MLTS, tmp_path / "a.yaml", tmp_path / "b.yaml", "-o", merged
    )
    assert "  ! feature-schema: conflict, 1 point apart" in result.output
    data = json.loads(invoke("score", "--checklist-dir", MLTS, merged, "--format", "json").output)
    assert [d["spread"] for d in data["disagreements"]] == [1.0]
    question = data["dimensions"][0]["questions"][0]
    assert (question["score"], question["low"], question["high"]) == (0.0, 0.0, 1.0)
    assert "Automated, run repeatedly (1 point); " in question["reason"]


def test_compare_shows_half_points(invoke: Callable[..., Result]) -> None:
    """4.5 points is not 4: the comparison prints scores as the view gives them."""
    result = invoke(
        "compare", "--checklist-dir", MLTS, MLTS / "strong.yaml", MLTS / "first-pass.yaml"
    )
    overall = next(line for line in result.output.splitlines() if line.startswith("Overall"))
    assert "4.5 [4.5–4.5]" in overall and "1.5 [1.5–1.5]" in overall
