"""Every invalid fixture file gets exactly these errors from `mlops-audit validate`, and exit 1.

An expectation is one error, or a tuple of every error in the file, in file order.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from auditor.loading import bundled
from tests.conftest import CHECKLISTS, FIXTURES

INVALID = FIXTURES / "invalid"
BUILT_IN = bundled("checklists")

LIMIT = "write a number between -1e12 and 1e12"

EXPECTED: dict[str, str | tuple[str, ...]] = {
    "alias-bomb.yaml": "6: YAML aliases expand to more than 200,000 values; write the content out "
    "or use fewer nested aliases",
    "alias-text-bomb.yaml": "6: YAML aliases expand to more than 2,097,152 bytes of text, the "
    "limit for an input file; write the content out or use fewer aliases",
    "audit-answer-and-unknown.yaml": "5: answers.alerts.unknown: give one of 'answer', 'unknown' "
    "or 'na', not 'answer' and 'unknown'",
    "audit-bad-hash.yaml": "2: checklist.hash: expected a checklist hash as the tool writes it "
    "('sha256:' and 16 hex digits), got 'sha256:my-edit'; remove the line to check the answers "
    "against the checklist's version instead",
    "audit-bad-date.yaml": "3: date: expected a date as YYYY-MM-DD, got '19 Jan 2026'",
    "audit-bad-mode.yaml": "2: mode: expected one of: candidate, self; got 'interviewer'",
    "audit-base-60.yaml": "5: answers.cycle.answer: expected a number of weeks, got '1:20'",
    "audit-bad-unknown.yaml": "5: answers.alerts.unknown: expected one of: not-asked, did-not-know; "
    "got 'maybe'",
    "audit-checklist-not-found.yaml": "1: checklist.id: checklist 'no-such-checklist' not found; "
    f"available: {', '.join(sorted(['tiny', *(p.stem for p in BUILT_IN.glob('*.yaml'))]))}",
    "audit-derived-answered.yaml": "5: answers.ratio.answer: is computed from prod and dev; "
    "answer those instead",
    "audit-duplicate-key.yaml": "6: answers.deploys: duplicate key (first on line 4); YAML would "
    "silently keep only the last",
    "audit-huge-integer.yaml": "4: answers.prod.answer: 77777777777777777777... (5,000 "
    f"characters) is too large; {LIMIT}",
    "audit-infinite-answer.yaml": (
        f"4: answers.cycle.answer: .inf (infinity) is not accepted; {LIMIT}",
        "5: answers.prod.answer: .nan (not a number) is not accepted; write a number",
        "6: answers.dev.anwser: unknown key 'anwser'; expected one of: answer, na, nature, note, "
        "responses, unknown",
    ),
    "audit-misplaced-comma.yaml": "4: answers.prod.answer: expected a number of models, got "
    "'1,2,3': a comma goes only between groups of three digits, as in 1,200",
    "audit-missing-answers.yaml": "1: missing required key 'answers'",
    "audit-non-ascii-digit.yaml": "4: answers.prod.answer: expected a number of models written "
    "with the digits 0-9, got '٣'",
    "audit-number-not-a-number.yaml": "5: answers.cycle.answer: expected a number of weeks, got 'six'",
    "audit-number-out-of-range.yaml": "5: answers.cycle.answer: expected at least 0 weeks, got -3",
    "audit-unknown-option.yaml": "5: answers.deploys.answer: expected one of: team, ops, nobody; "
    "got 'everyone'",
    "audit-wrong-unit.yaml": "4: answers.cycle.answer: expected a number of weeks, got '2 "
    "months'; write it in weeks, e.g. 6 or '6 weeks'",
    "audit-every-answer-problem.yaml": (
        "4: answers.deploys.answer: expected one of: team, ops, nobody; got 'everyone'",
        "5: answers.cycle.answer: expected a number of weeks, got 'six'",
        "6: answers.alerts.unknown: give one of 'answer', 'unknown' or 'na', not 'answer' and "
        "'unknown'",
        "7: answers.nope: no question 'nope' in checklist tiny 1.0",
    ),
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
    "checklist-every-semantic-problem.yaml": (
        "6: bands[1].min: bands must go up: 0 does not start above the previous band (0)",
        "19: dimensions[d].questions[q].answer.options[a].id: duplicate option id 'a' (first on "
        "line 18)",
        "20: dimensions[d].questions[q].id: duplicate question id 'q' (first on line 11)",
    ),
    "checklist-every-problem-in-file-order.yaml": (
        "12: dimensions[d].questions[q].wieght: unknown key 'wieght'; expected one of: action, "
        "answer, candidate, critical, effort, follow_ups, good_answer, id, not_applicable, "
        "red_flags, self, sources, weight, who, why",
        "24: dimensions[d].questions[r].answer.options[a].score: expected a number between 0 "
        "and 1, got 'high'",
    ),
    "checklist-id-not-file-name.yaml": "2: id: checklist id 'x' does not match the file name "
    "'checklist-id-not-file-name.yaml': audits find a checklist by its id, as x.yaml; rename "
    "the file or change the id",
    "checklist-non-finite-numbers.yaml": (
        "5: min_coverage: .nan (not a number) is not accepted; write a number",
        f"6: knockout_cap: .inf (infinity) is not accepted; {LIMIT}",
        f"12: dimensions[d].weight: -.inf (infinity) is not accepted; {LIMIT}",
        f"15: dimensions[d].questions[q].weight: 1.0e+308 is too large; {LIMIT}",
        "23: dimensions[d].questions[q].answer.buckets[fast].below: .NaN (not a number) is not "
        "accepted; write a number",
        "24: dimensions[d].questions[q].answer.buckets[slow].score: .nan (not a number) is not "
        "accepted; write a number",
    ),
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
    "not_applicable, red_flags, self, sources, weight, who, why",
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
    assert result.stderr == "".join(f"{line}\n" for line in _expected(path))
    assert "Traceback" not in result.output


def _expected(path: Path) -> list[str]:
    expected = EXPECTED[path.name]
    lines = [expected] if isinstance(expected, str) else list(expected)
    return [f"{path}{'' if line.startswith(':') else ':'}{line}" for line in lines]


def test_score_reports_each_problem_on_its_own_error_line(invoke: Callable[..., Result]) -> None:
    # Other commands than validate stop at the first stage with problems: here the numbers refused
    # as the file is read, before its keys are checked against the schema.
    path = INVALID / "audit-infinite-answer.yaml"
    result = invoke("score", "--checklist-dir", CHECKLISTS, path)
    assert result.exit_code == 1
    assert result.stderr == "".join(f"Error: {line}\n" for line in _expected(path)[:2])


def test_score_reports_the_same_error_and_exits_1(invoke: Callable[..., Result]) -> None:
    path = INVALID / "audit-unknown-option.yaml"
    result = invoke("score", "--checklist-dir", CHECKLISTS, path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}:{EXPECTED['audit-unknown-option.yaml']}\n"
