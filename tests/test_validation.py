"""The schema check: every problem found, worded as before, in agreement with the fast path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.errors import InputError, InputErrors
from auditor.loading import bundled
from auditor.validation import _validator, _walk, schema_problems, validate
from auditor.yamlio import parse_yaml, read_yaml
from tests.conftest import CHECKLISTS, FIXTURES

VALID = {
    "checklist": [
        *sorted(bundled("checklists").glob("*.yaml")),
        *sorted(bundled("examples").rglob("ml-test-score.yaml")),
        CHECKLISTS / "tiny.yaml",
    ],
    "audit": [
        *sorted(p for p in bundled("examples").rglob("*.yaml") if p.name != "ml-test-score.yaml"),
        FIXTURES / "valid" / "tiny-audit.yaml",
    ],
}
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6),
    st.text(max_size=8),
    st.sampled_from(["yes", "choice", "number", "mean", "2026-11-20", "did-not-know", "x-1"]),
    st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.sampled_from(["id", "kind", "x"]), st.integers(0, 2), max_size=2),
)


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in ``data``."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


def _fast_accepts(kind: str, data: Any) -> bool:
    from fastjsonschema import JsonSchemaValueException

    try:
        _validator(kind)(data)
    except JsonSchemaValueException:
        return False
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_walk_agrees_with_the_generated_validator(data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(sorted(VALID)))
    path = data.draw(st.sampled_from(VALID[kind]))
    document = copy.deepcopy(read_yaml(path).data)
    for _ in range(data.draw(st.integers(1, 3))):
        place = data.draw(st.sampled_from(_places(document)[1:]))
        parent = document
        for key in place[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[place[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["wieght", "id", "kind", "extra"]))] = data.draw(
                VALUES
            )
        else:
            parent[place[-1]] = data.draw(VALUES)
    failures = list(_walk(_schema(kind), document, []))
    assert _fast_accepts(kind, document) == (not failures)


def _schema(kind: str) -> dict[str, Any]:
    from auditor.schema import SCHEMAS

    return SCHEMAS[kind]


@pytest.mark.parametrize("kind", sorted(VALID))
def test_valid_files_have_no_problems(kind: str) -> None:
    for path in VALID[kind]:
        assert schema_problems(kind, read_yaml(path)) == []


def test_every_problem_is_found_with_its_line() -> None:
    doc = parse_yaml(
        """\
checklist: {id: Tiny}
mode: interviewer
colour: blue
date: 20 Nov
answers:
  a: {answer: [1], unknown: maybe}
  b: {note: 3, anwser: 1}
""",
        "a.yaml",
    )
    with pytest.raises(InputErrors) as caught:
        validate("audit", doc)
    assert str(caught.value).splitlines() == [
        "a.yaml:1: checklist.id: expected an id of lowercase letters, digits and dashes, got 'Tiny'",
        "a.yaml:2: mode: expected one of: candidate, self; got 'interviewer'",
        "a.yaml:3: colour: unknown key 'colour'; expected one of: answers, checklist, company, "
        "date, disagreement_threshold, interviewer, mode, respondent, respondent_name, "
        "respondents, role, team",
        "a.yaml:4: date: expected a date as YYYY-MM-DD, got '20 Nov'",
        "a.yaml:6: answers.a.answer: expected text or a number or true or false, got a list",
        "a.yaml:6: answers.a.unknown: expected one of: not-asked, did-not-know; got 'maybe'",
        "a.yaml:7: answers.b.note: expected text, got 3",
        "a.yaml:7: answers.b.anwser: unknown key 'anwser'; expected one of: answer, na, "
        "nature, note, responses, unknown",
    ]


def test_one_problem_is_a_plain_input_error() -> None:
    doc = parse_yaml("checklist: {id: tiny}\nmode: candidate\n", "a.yaml")
    with pytest.raises(InputError) as caught:
        validate("audit", doc)
    assert not isinstance(caught.value, InputErrors)
    assert str(caught.value) == "a.yaml:1: missing required key 'answers'"


def test_a_number_refused_as_read_is_not_reported_again(tmp_path: Path) -> None:
    from auditor.errors import Problems

    problems = Problems()
    doc = parse_yaml(
        "checklist: {id: tiny}\nmode: candidate\ndisagreement_threshold: .nan\nanswers: {}\n",
        "a.yaml",
        problems=problems,
    )
    assert [str(p) for p in problems] == [
        "a.yaml:3: disagreement_threshold: .nan (not a number) is not accepted; write a number"
    ]
    assert schema_problems("audit", doc) == []
