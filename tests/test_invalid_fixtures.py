"""Every invalid fixture file gets exactly this error from `mlops-audit validate`, and exit 1."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import Result

from auditor.loading import bundled
from tests.conftest import CHECKLISTS, FIXTURES

INVALID = FIXTURES / "invalid"
BUILT_IN = bundled("checklists")

EXPECTED = {
    "alias-bomb.yaml": "6: YAML aliases expand to more than 200,000 values; write the content out "
    "or use fewer nested aliases",
    "audit-answer-and-unknown.yaml": "5: answers.alerts.unknown: give one of 'answer', 'unknown' "
    "or 'na', not 'answer' and 'unknown'",
    "audit-bad-date.yaml": "3: date: expected a date as YYYY-MM-DD, got '19 Jan 2026'",
    "audit-bad-mode.yaml": "2: mode: expected one of: candidate, self; got 'interviewer'",
    "audit-bad-unknown.yaml": "5: answers.alerts.unknown: expected one of: not-asked, did-not-know; "
    "got 'maybe'",
    "audit-checklist-not-found.yaml": "1: checklist.id: checklist 'no-such-checklist' not found; "
    f"available: {', '.join(sorted(['tiny', *(p.stem for p in BUILT_IN.glob('*.yaml'))]))}",
    "audit-derived-answered.yaml": "5: answers.ratio.answer: is computed from prod and dev; "
    "answer those instead",
    "audit-duplicate-key.yaml": "6: answers.deploys: duplicate key (first on line 4); YAML would "
    "silently keep only the last",
    "audit-missing-answers.yaml": "1: missing required key 'answers'",
    "audit-number-not-a-number.yaml": "5: answers.cycle.answer: expected a number of weeks, got 'six'",
    "audit-number-out-of-range.yaml": "5: answers.cycle.answer: expected at least 0 weeks, got -3",
    "audit-unknown-option.yaml": "5: answers.deploys.answer: expected one of: team, ops, nobody; "
    "got 'everyone'",
    "audit-unknown-question.yaml": "6: answers.deploy-owner: no question 'deploy-owner' in "
    "checklist tiny 1.0",
    "checklist-buckets-out-of-order.yaml": "19: dimensions[d].questions[q].answer.buckets[b].below: "
    "buckets must go up: 2 is not above the previous bound 4",
    "checklist-derived-missing-input.yaml": "19: dimensions[d].questions[ratio].answer.inputs[1]: "
    "derived metric refers to a missing question 'dev'",
    "checklist-duplicate-option.yaml": "18: dimensions[d].questions[q].answer.options[a].id: "
    "duplicate option id 'a' (first on line 17)",
    "checklist-duplicate-question.yaml": "15: dimensions[d].questions[q].id: duplicate question id "
    "'q' (first on line 10)",
    "checklist-nothing-scored.yaml": "10: dimensions[d].questions: every question has weight 0, "
    "so nothing here is scored; give one a weight or give the dimension weight 0",
    "checklist-score-not-number.yaml": "17: dimensions[d].questions[q].answer.options[a].score: "
    "expected a number between 0 and 1, got 'high'",
    "checklist-score-out-of-range.yaml": "17: dimensions[d].questions[q].answer.options[a].score: "
    "expected a number between 0 and 1, got 1.5",
    "checklist-unknown-answer-kind.yaml": "14: dimensions[d].questions[q].answer.kind: expected one "
    "of: choice, yesno, number, derived; got 'multiple'",
    "checklist-unknown-key.yaml": "11: dimensions[d].questions[q].wieght: unknown key 'wieght'; "
    "expected one of: action, answer, candidate, critical, effort, follow_ups, good_answer, id, "
    "not_applicable, red_flags, self, sources, weight, why",
    "comment-only.yaml": ": is empty, expected a YAML mapping",
    "empty.yaml": ": is empty, expected a YAML mapping",
    "not-yaml.yaml": "3: not valid YAML: did not find expected ',' or ']'",
    "top-level-list.yaml": "1: expected a mapping of keys at the top level, got a list",
}


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture(name: str, invoke: Callable[..., Result]) -> None:
    path = INVALID / name
    result = invoke("validate", "--checklist-dir", CHECKLISTS, path)
    assert result.exit_code == 1
    separator = "" if EXPECTED[name].startswith(":") else ":"
    assert result.stderr == f"{path}{separator}{EXPECTED[name]}\n"
    assert "Traceback" not in result.output


def test_score_reports_the_same_error_and_exits_1(invoke: Callable[..., Result]) -> None:
    path = INVALID / "audit-unknown-option.yaml"
    result = invoke("score", "--checklist-dir", CHECKLISTS, path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}:{EXPECTED['audit-unknown-option.yaml']}\n"
