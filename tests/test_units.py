"""One reading of a quantity, for audit files and interview answers alike."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.units import MAX_MAGNITUDE, parse_quantity, quantity_or_none


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (6, "weeks", 6.0),
        (2.5, "weeks", 2.5),
        ("6", "weeks", 6.0),
        (" 6 weeks ", "weeks", 6.0),
        ("1 week", "weeks", 1.0),
        ("6w", "weeks", 6.0),
        ("6 W", "weeks", 6.0),
        ("2 d", "days", 2.0),
        ("40%", "percent", 40.0),
        ("40 %", "percent", 40.0),
        ("40 percent", "percent", 40.0),
        ("1,200", "models", 1200.0),
        ("1,200,000.5", "models", 1200000.5),
        ("-3", "weeks", -3.0),
        ("+.5", "weeks", 0.5),
        ("1e3", "models", 1000.0),
        ("12", None, 12.0),
    ],
)
def test_accepted(value: object, unit: str | None, expected: float) -> None:
    assert parse_quantity(value, unit) == expected


@pytest.mark.parametrize(
    ("value", "unit", "message"),
    [
        ("six", "weeks", "expected a number of weeks, got 'six'"),
        ("", "weeks", "expected a number of weeks, got ''"),
        (True, "weeks", "expected a number of weeks, got true"),
        (None, "weeks", "expected a number of weeks, got nothing"),
        ([1], "weeks", "expected a number of weeks, got a list"),
        ("1:20", "weeks", "expected a number of weeks, got '1:20'"),
        ("nan", "models", "expected a number of models, got 'nan'"),
        ("1_000", "models", "expected a number of models, got '1_000'"),
        (
            "1,2,3",
            "models",
            "expected a number of models, got '1,2,3': a comma goes only between groups of "
            "three digits, as in 1,200",
        ),
        (
            "12,00",
            "models",
            "expected a number of models, got '12,00': a comma goes only between groups of "
            "three digits, as in 1,200",
        ),
        (
            "\u0663",
            "models",
            "expected a number of models written with the digits 0-9, got '\u0663'",
        ),
        (
            "\uff11\uff12",
            "models",
            "expected a number of models written with the digits 0-9, got '\uff11\uff12'",
        ),
        (
            "2 months",
            "weeks",
            "expected a number of weeks, got '2 months'; write it in weeks, e.g. 6 or '6 weeks'",
        ),
        (
            "6 wk",
            "weeks",
            "expected a number of weeks, got '6 wk'; write it in weeks, e.g. 6 or '6 weeks'",
        ),
        (
            "0.5 ratio",
            "percent",
            "expected a percentage, got '0.5 ratio'; write it in percent, e.g. 40 or '40%'",
        ),
        ("1e400", "models", "expected a number of models between -1e12 and 1e12, got '1e400'"),
        (
            1e13,
            "models",
            "expected a number of models between -1e12 and 1e12, got 10000000000000.0",
        ),
        (math.nan, "models", "expected a number of models between -1e12 and 1e12, got nan"),
    ],
)
def test_refused_with_what_was_expected(value: object, unit: str | None, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_quantity(value, unit)
    assert str(caught.value) == message
    assert quantity_or_none(value, unit) is None


def test_a_huge_integer_is_refused_without_converting_it_to_text() -> None:
    # str() of an int over 4,300 digits raises ValueError in Python 3.11: the message must not.
    with pytest.raises(ValueError) as caught:
        parse_quantity(10**5000, "models")
    assert str(caught.value) == (
        "expected a number of models between -1e12 and 1e12, got a number of about 5,001 digits"
    )


@given(st.one_of(st.text(max_size=20), st.floats(), st.integers(), st.booleans(), st.none()))
def test_anything_is_a_finite_bounded_number_or_refused(value: object) -> None:
    number = quantity_or_none(value, "weeks")
    if number is not None:
        assert math.isfinite(number) and abs(number) <= MAX_MAGNITUDE


QUANTITY_TEXT = st.one_of(
    st.text(max_size=12),
    st.builds(
        lambda number, gap, unit: f"{number}{gap}{unit}",
        st.one_of(st.integers(-5, 10**13).map(str), st.floats(0, 1e6).map(str)),
        st.sampled_from(["", " ", "  "]),
        st.sampled_from(["", "m", "model", "models", "mod", "%", "weeks", "w", "1", ",000"]),
    ),
)


@given(QUANTITY_TEXT)
def test_an_audit_file_and_the_interview_read_a_quantity_alike(text: str) -> None:
    # Issue 10: audit files refused "2 weeks" and "50%", which the interview took.
    import json

    from auditor.audit import build_audit
    from auditor.errors import InputError
    from auditor.interview.session import VALUE, interpret
    from auditor.loading import load_checklist
    from auditor.yamlio import parse_yaml
    from tests.conftest import CHECKLISTS

    checklist = load_checklist(CHECKLISTS / "tiny.yaml")
    question = checklist.question("prod")
    assert question is not None
    reply = interpret(question, text)
    if reply.kind not in (VALUE, "invalid"):
        return  # a key such as `u` or `q`, or an empty line: not an answer
    audit = f"checklist: {{id: tiny}}\nmode: candidate\nanswers:\n  prod: {{answer: {json.dumps(text)}}}\n"
    try:
        read = build_audit(parse_yaml(audit, "a.yaml"), checklist).responses["prod"].value
    except InputError:
        read = None
    assert (reply.value if reply.kind == VALUE else None) == read
