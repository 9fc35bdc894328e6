"""Problems collected across a file come out one per line, in file order, each once."""

from __future__ import annotations

import pytest

from auditor.errors import AuditorError, InputError, InputErrors, Location, Problems


def _error(file: str, line: int | None, message: str) -> InputError:
    return InputError(Location(file, line, "key"), message)


def test_problems_come_out_by_file_then_line_and_each_once() -> None:
    problems = Problems()
    problems.add(_error("b.yaml", 9, "late"))
    problems.add(_error("a.yaml", 30, "third"))
    problems.add(InputErrors([_error("a.yaml", 2, "first"), _error("a.yaml", 2, "second")]))
    problems.add(_error("a.yaml", 2, "first"))
    with pytest.raises(InputErrors) as caught:
        problems.raise_if_any()
    assert str(caught.value).splitlines() == [
        "b.yaml:9: key: late",
        "a.yaml:2: key: first",
        "a.yaml:2: key: second",
        "a.yaml:30: key: third",
    ]
    assert caught.value.location == Location("b.yaml", 9, "key")


def test_one_problem_is_raised_as_itself_and_none_raises_nothing() -> None:
    problems = Problems()
    problems.raise_if_any()
    assert not problems
    error = _error("a.yaml", None, "empty")
    problems.add(error)
    with pytest.raises(InputError) as caught:
        problems.raise_if_any()
    assert caught.value is error


def test_several_problems_are_still_an_auditor_error() -> None:
    errors = InputErrors([_error("a.yaml", 3, "x"), _error("a.yaml", 1, "y")])
    assert isinstance(errors, AuditorError)
    assert [e.message for e in errors.errors] == ["y", "x"]
    with pytest.raises(ValueError, match="at least one"):
        InputErrors([])


def test_a_hostile_key_path_is_printed_escaped() -> None:
    location = Location("a.yaml", 3, "answers.\x1b[2J\u202ex\nnext")
    assert str(location) == "a.yaml:3: answers.\\x1b[2J\\u202ex\\nnext"
    assert str(Location("a.yaml", 3, "dimensions[d].weight")) == "a.yaml:3: dimensions[d].weight"
