"""Answers read as a person says them in comparisons: ratios as counts, units, unknowns in words."""

from __future__ import annotations

import textwrap

import pytest

from auditor.audit import build_audit
from auditor.loading import load_checklist
from auditor.natural import answer_text, ratio_text
from auditor.scoring import QuestionScore, score_audit
from auditor.yamlio import parse_yaml
from tests.conftest import CHECKLISTS

TINY = load_checklist(CHECKLISTS / "tiny.yaml")
UNIT = "production models per model in development"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (1, 7, "1 production model for 7 models in development"),
        (5, 8, "5 production models for 8 models in development"),
        (4, 1, "4 production models for 1 model in development"),
        (1, 1, "1 production model for 1 model in development"),
        (3, 0, "3 production models for 0 models in development"),
    ],
)
def test_a_ratio_reads_as_its_two_counts(a: float, b: float, expected: str) -> None:
    assert ratio_text(a, b, UNIT) == expected


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("engineers per company", "2 engineers for 3 companies"),
        ("boxes per batch", "2 boxes for 3 batches"),
        ("tests per service in production", "2 tests for 3 services in production"),
        (None, "2 for 3"),
    ],
)
def test_the_denominator_is_made_plural_at_its_head_noun(unit: str | None, expected: str) -> None:
    assert ratio_text(2, 3, unit) == expected


def _answers(answers: str) -> dict[str, QuestionScore]:
    text = textwrap.dedent(
        """\
        checklist: {id: tiny, version: "1.0"}
        mode: self
        company: Acme
        answers:
        """
    ) + textwrap.indent(textwrap.dedent(answers), "  ")
    result = score_audit(TINY, build_audit(parse_yaml(text, "a.yaml"), TINY))
    return {q.question.id: q for q in result.questions()}


def test_answers_in_words() -> None:
    found = _answers(
        """\
        deploys: {answer: ops}
        cycle: {answer: 1}
        alerts: {unknown: not-asked}
        prod: {answer: 1}
        dev: {answer: 7}
        """
    )
    said = {q_id: answer_text(item, found) for q_id, item in found.items()}
    assert said == {
        "deploys": "Another team",
        "cycle": "1 week",
        "alerts": "unknown (not asked)",
        "prod": "1 model",
        "dev": "7 models",
        "ratio": "1 production model for 7 models in development",
    }
    # The raw ratio and the unit's plural after "1" are what a reader must never see.
    assert not any("0.143" in s or "1 production models" in s for s in said.values())


def test_a_ratio_without_its_counts_is_still_read_as_counts() -> None:
    found = _answers("prod: {answer: 2}\ndev: {answer: 8}\n")
    ratio = found["ratio"]
    assert answer_text(ratio, found) == "2 production models for 8 models in development"
    # Without the counts at hand (another audit's lookup), the value itself is read as counts.
    assert answer_text(ratio, {}) == "1 production model for 4 models in development"
    assert answer_text(found["alerts"], found) == "unknown (not asked)"
