"""The pure interview session: what typed text means, the walk, the audit data it builds."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.checklist import Checklist, Question
from auditor.interview.session import (
    BACK,
    INVALID,
    KEEP,
    NOTE,
    QUIT,
    SKIP,
    UNKNOWN,
    VALUE,
    WHY,
    Change,
    Reply,
    Session,
    interpret,
    new_audit,
    ordered,
)
from auditor.loading import load_checklist

TINY = Path(__file__).resolve().parent.parent / "fixtures" / "checklists" / "tiny.yaml"


@pytest.fixture(scope="module")
def tiny() -> Checklist:
    return load_checklist(TINY)


def question(checklist: Checklist, question_id: str) -> Question:
    found = checklist.question(question_id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("question_id", "text", "expected"),
    [
        ("deploys", "2", Reply(VALUE, "ops")),
        ("deploys", " nobody ", Reply(VALUE, "nobody")),
        ("deploys", "n", Reply(NOTE)),
        ("deploys", "U", Reply(UNKNOWN)),
        ("deploys", "s", Reply(SKIP)),
        ("deploys", "b", Reply(BACK)),
        ("deploys", "?", Reply(WHY)),
        ("deploys", "q", Reply(QUIT)),
        ("deploys", "", Reply(KEEP)),
        ("alerts", "y", Reply(VALUE, "yes")),
        ("alerts", "YES", Reply(VALUE, "yes")),
        ("alerts", "n", Reply(VALUE, "no")),
        ("alerts", "2", Reply(VALUE, "no")),
        ("alerts", "note", Reply(NOTE)),
        ("cycle", "6", Reply(VALUE, 6)),
        ("cycle", "0.5 weeks", Reply(VALUE, 0.5)),
        ("cycle", "3w", Reply(VALUE, 3)),
        ("cycle", "1 week", Reply(VALUE, 1)),
        ("cycle", "n", Reply(NOTE)),
    ],
)
def test_interpret(tiny: Checklist, question_id: str, text: str, expected: Reply) -> None:
    assert interpret(question(tiny, question_id), text) == expected


@pytest.mark.parametrize(
    ("question_id", "text", "message"),
    [
        ("deploys", "0", "0 is not an option. Type 1 to 3; or u, x, s, b, n, ?, q."),
        ("deploys", "4", "4 is not an option. Type 1 to 3; or u, x, s, b, n, ?, q."),
        ("deploys", "²", "'²' is not an answer here. Type 1 to 3; or u, x, s, b, n, ?, q."),
        (
            "alerts",
            "maybe",
            "'maybe' is not an answer here. Type y or n (1 or 2); or u, x, s, b, note, ?, q.",
        ),
        ("cycle", "six", "expected a number of weeks, e.g. 1"),
        ("cycle", "6 days", "expected a number of weeks, e.g. 1"),
        ("cycle", "nan", "expected a number of weeks, e.g. 1"),
        ("cycle", "inf", "expected a number of weeks, e.g. 1"),
        ("cycle", "-1", "expected at least 0 weeks, got -1"),
    ],
)
def test_interpret_refuses(tiny: Checklist, question_id: str, text: str, message: str) -> None:
    assert interpret(question(tiny, question_id), text) == Reply(INVALID, message=message)


@given(text=st.text(max_size=30))
def test_any_text_is_a_valid_reply_or_refused_with_a_reason(text: str) -> None:
    checklist = load_checklist(TINY)
    for q in checklist.questions():
        if q.answer.kind == "derived":
            continue
        reply = interpret(q, text)
        if reply.kind == INVALID:
            assert reply.message
        if reply.kind != VALUE:
            continue
        if q.answer.kind == "number":
            assert isinstance(reply.value, (int, float))
            assert math.isfinite(reply.value) and reply.value >= (q.answer.minimum or 0)
        else:
            assert q.answer.option(str(reply.value)) is not None


def test_the_walk_skips_derived_questions_and_knows_where_it_is(tiny: Checklist) -> None:
    session = Session(tiny, new_audit(tiny, "candidate", {}, "2026-11-23"))
    assert [q.id for q in session.queue] == ["deploys", "cycle", "alerts", "prod", "dev"]
    assert str(session.position(question(tiny, "alerts"))) == "Monitoring · 1/3 · 3 of 5 overall"
    only = Session(tiny, session.data, only=["watch"])
    assert str(only.position(question(tiny, "dev"))) == "Monitoring · 3/3 · 3 of 3 overall"


def test_answers_unknowns_notes_back_and_skip(tiny: Checklist) -> None:
    session = Session(tiny, new_audit(tiny, "self", {"company": "Acme"}, "2026-11-23"))
    assert not session.back()
    assert session.set_note("said the platform team") == Change(
        "deploys", "note", "said the platform team"
    )
    assert session.answer("ops") == Change("deploys", "answer", "ops")
    session.skip()
    assert session.skipped == {"cycle"}
    assert session.mark_unknown("did-not-know") == Change("alerts", "unknown", "did-not-know")
    assert session.back() and session.current == question(tiny, "alerts")
    session.answer("yes")
    assert session.data["answers"] == {
        "deploys": {"answer": "ops", "note": "said the platform team"},
        "alerts": {"answer": "yes"},
    }
    assert [q.id for q in session.unanswered()] == ["cycle", "prod", "dev"]
    assert session.current_answer(question(tiny, "deploys")) == "Another team"


def test_change_clearing_the_last_field_removes_the_entry() -> None:
    data: dict[str, Any] = {"answers": {"a": {"note": "x"}}}
    Change("a", "note", None).apply(data)
    assert data == {"answers": {}}
    Change(None, "team", "Ranking").apply(data)
    Change(None, "team", "").apply(data)
    assert data == {"answers": {}}


def test_ordered_keeps_answers_to_unknown_questions(tiny: Checklist) -> None:
    data = {
        "answers": {
            "gone": {"answer": "x"},
            "alerts": {"note": "n", "answer": "no"},
            "deploys": {},
        },
        "mode": "candidate",
        "checklist": {"id": "tiny"},
        "company": "Acme",
    }
    out = ordered(data, tiny)
    assert list(out) == ["checklist", "mode", "company", "answers"]
    assert list(out["answers"]) == ["deploys", "alerts", "gone"]
    assert list(out["answers"]["alerts"]) == ["answer", "note"]
