"""The decision and the rules behind it: not applicable, causes, knock-outs by threshold, the
weakest link, levels that require their practices, ask-next by what could change, true verdicts."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.assessment import assess
from auditor.audit import build_audit
from auditor.checklist import Checklist, build_checklist
from auditor.errors import InputError
from auditor.loading import checklist_dirs, find_checklist
from auditor.scoring import Result, score_audit
from auditor.view import AssessmentView
from auditor.yamlio import dump_yaml, parse_yaml

SCENARIOS = Path(__file__).parent / "scenarios"
CULTURE = find_checklist("mlops-culture", checklist_dirs())


def _scenario_answers(name: str) -> dict[str, Any]:
    data = yaml.safe_load((SCENARIOS / name).read_text(encoding="utf-8"))
    answers = data["audit"]["answers"]
    assert isinstance(answers, dict)
    return answers


MIDDLING = _scenario_answers("04-middling.yaml")
STRONG = _scenario_answers("01-strong-northstar.yaml")


def _result(
    answers: dict[str, Any], checklist: Checklist = CULTURE, mode: str = "candidate"
) -> Result:
    data = {"checklist": {"id": checklist.id}, "mode": mode, "answers": answers}
    return score_audit(checklist, build_audit(parse_yaml(dump_yaml(data), "a.yaml"), checklist))


def _view(answers: dict[str, Any], mode: str = "candidate") -> AssessmentView:
    return assess(_result(answers, mode=mode))


def _rules(view: AssessmentView) -> list[str]:
    return [r["rule"] for r in view["decision"]["reasons"]]


# --- not applicable ---------------------------------------------------------------------------


def test_not_applicable_is_left_out_and_counted_apart() -> None:
    answers = {**MIDDLING, "retire-model": {"na": "only one model so far"}}
    base, na = _result(MIDDLING), _result(answers)
    ownership = {r.dimension.id: r for r in na.dimensions}["ownership"]
    item = next(q for q in ownership.questions if q.question.id == "retire-model")
    assert item.status == "not-applicable" and item.na_reason == "only one model so far"
    assert ownership.estimate.coverage == 1.0  # still fully answered: the question is left out
    assert ownership.estimate.not_applicable == pytest.approx(1 / 7)
    assert na.overall.score != base.overall.score  # its 'ad hoc' answer no longer counts
    view = assess(na)
    assert [n["question"] for n in view["not_applicable"]] == ["retire-model"]


def test_no_model_in_production_makes_production_questions_not_apply() -> None:
    answers = {
        **MIDDLING,
        "models-in-production": {"answer": 0},
        "model-catalog": {"answer": "yes"},
    }
    view = _view(answers)
    na = {n["question"]: n for n in view["not_applicable"]}
    assert set(na) >= {"on-call", "model-catalog", "runbooks", "rollback", "retraining"}
    assert na["model-catalog"]["reason"] == "no model in production"
    assert na["model-catalog"]["recorded"] == "Yes"  # what was said is kept, not scored
    # A "yes, we list every production model" at a company with none is no strength.
    assert "model-catalog" not in [s["question"] for s in view["strengths"]]


def test_a_critical_question_cannot_be_not_applicable() -> None:
    data = {"checklist": {"id": "mlops-culture"}, "mode": "candidate"}
    text = dump_yaml(data) + "answers:\n  monitored-share: {na: no models yet}\n"
    with pytest.raises(InputError) as raised:
        build_audit(parse_yaml(text, "a.yaml"), CULTURE)
    assert str(raised.value) == (
        "a.yaml:5: answers.monitored-share.na: a critical question cannot be 'not applicable' "
        "(it could lift a knock-out); answer it, or mark it 'unknown: did-not-know'"
    )


def test_a_critical_question_cannot_declare_when_it_does_not_apply() -> None:
    text = (
        Path(CULTURE.path)
        .read_text(encoding="utf-8")
        .replace(
            '        critical: true\n        candidate: "What share',
            "        critical: true\n        not_applicable: {question: models-in-production, "
            'reason: "none"}\n        candidate: "What share',
        )
    )
    with pytest.raises(InputError, match="a critical question always applies"):
        build_checklist(parse_yaml(text, "c.yaml"))


# --- causes -----------------------------------------------------------------------------------


def test_the_cause_given_with_a_red_answer_decides_its_nature() -> None:
    temporary = _view({**MIDDLING, "etl-share": {"answer": 80, "nature": "temporary"}})
    flag = next(f for f in temporary["red_flags"] if f["question"] == "etl-share")
    assert (flag["nature"], flag["cause"]) == ("situational", "temporary")
    assert flag["nature_reason"] == "the cause given is temporary"
    default = _view({**MIDDLING, "etl-share": {"answer": 80}})
    flag = next(f for f in default["red_flags"] if f["question"] == "etl-share")
    assert (flag["nature"], flag["nature_reason"]) == (
        "structural",
        "the checklist's default for this answer",
    )
    company = _view({**MIDDLING, "runbooks": {"answer": "no", "nature": "company-wide"}})
    flag = next(f for f in company["red_flags"] if f["question"] == "runbooks")
    assert flag["nature"] == "structural"


# --- caps -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("share", "knocked"), [(0, True), (1, True), (20, True), (30, False)])
def test_near_worst_critical_answers_knock_out_like_the_worst(share: int, knocked: bool) -> None:
    result = _result({**MIDDLING, "monitored-share": {"answer": share}})
    assert bool(result.knockouts) is knocked
    if knocked:
        assert result.point.level <= CULTURE.knockout_band.level
        assert assess(result)["decision"]["decision"] == "walk-away"


WEAK = """\
    id: weak
    version: "1"
    title: Weak link
    weakest_link: {levels_above: 1}
    bands:
      - {min: 0, level: 0, name: L0, candidate: Zero., self: Zero.}
      - {min: 25, level: 1, name: L1, candidate: One., self: One.}
      - {min: 50, level: 2, name: L2, candidate: Two., self: Two.}
      - {min: 75, level: 3, name: L3, candidate: Three., self: Three.}
    dimensions:
      - id: strong
        title: Strong
        weight: 3
        questions:
          - {id: s, candidate: S?, self: S?, why: W., answer: {kind: yesno}}
      - id: weak
        title: Weak
        questions:
          - {id: w, candidate: W?, self: W?, why: W., answer: {kind: yesno}}
"""


def test_a_strong_dimension_cannot_hide_a_failing_one() -> None:
    checklist = build_checklist(parse_yaml(textwrap.dedent(WEAK), "weak.yaml"))
    result = _result({"s": {"answer": "yes"}, "w": {"answer": "no"}}, checklist)
    assert result.point.band.level == 3  # the average (75) alone
    assert result.point.level == 1  # the weak dimension is at level 0: at most one above it
    (cap,) = result.point.caps
    assert (cap.kind, cap.dimension, cap.band.level) == ("weakest-link", "weak", 1)
    view = assess(result)
    reason = next(r for r in view["decision"]["reasons"] if r["rule"] == "weakest-link")
    assert reason["text"] == (
        "Weak is at level 0: the overall level cannot be more than 1 above its weakest "
        "dimension, so it is 1, not 3."
    )


def test_a_level_needs_the_practices_that_define_it() -> None:
    strong = _scenario_answers("01-strong-northstar.yaml")
    assert _result(strong).point.level == 4
    manual = _result({**strong, "retraining": {"answer": "scheduled-manual-check"}})
    assert manual.point.band.level == 4 and manual.point.level == 3
    view = assess(manual)
    reason = next(r for r in view["decision"]["reasons"] if r["rule"] == "requirement")
    assert reason["questions"] == ["retraining"]
    assert reason["text"].startswith(
        "Level 4 needs automated retraining behind a validation gate (today: On a schedule"
    )
    assert view["caps"] == [
        {
            "kind": "requirement",
            "level": 3,
            "text": "Level 4 needs automated retraining behind a validation gate, not in place",
            "questions": ["retraining"],
            "dimension": None,
            "disputed": False,
        }
    ]


# --- the decision -----------------------------------------------------------------------------


def test_a_confirmed_knock_out_decides_even_on_thin_evidence() -> None:
    view = _view({"shipped-last-year": {"answer": 0}})
    assert view["level"] is None  # too little for a level...
    assert view["decision"]["decision"] == "walk-away"  # ...but enough to walk away
    assert view["decision"]["headline"] == (
        "Walk away: No model shipped in the last year, a structural knock-out"
    )


def test_no_join_while_the_unknowns_could_put_the_level_two_lower() -> None:
    strong = _scenario_answers("01-strong-northstar.yaml")
    assert _view(strong)["decision"]["decision"] == "join"
    hope = {**strong, "shipped-last-year": {"unknown": "not-asked"}}
    view = _view(hope)
    assert view["decision"]["decision"] == "ask-more"
    assert "uncertain" in _rules(view)
    assert view["next_questions"][0]["question"] == "shipped-last-year"
    assert view["next_questions"][0]["impact"] == "decision"


def test_self_mode_says_where_the_team_stands_and_what_is_next() -> None:
    view = _view(MIDDLING, mode="self")
    decision = view["decision"]
    assert decision["decision"] == "improve" and decision["next_level"] == 3
    assert decision["headline"] == "Level 2, Automated training: level 3 next"
    knocked = _view({**MIDDLING, "monitored-share": {"answer": 0}}, mode="self")
    assert knocked["decision"]["decision"] == "fix-first"
    assert knocked["decision"]["headline"] == (
        "Fix first: No production model is monitored; until it is fixed the level cannot pass 1"
    )
    first = knocked["improvements"][0]
    assert (first["question"], first["lifts_cap"]) == ("monitored-share", True)


def test_self_mode_reasons_read_as_ones_own_team() -> None:
    """A manager is not choosing a team: a structural flag is company-wide, beyond this team,
    not something that "would follow you"; the rules that fire are the candidate's."""
    texts = {
        mode: {r["rule"]: r["text"] for r in _view(MIDDLING, mode=mode)["decision"]["reasons"]}
        for mode in ("self", "candidate")
    }
    # The checklist's default calls a six-week release cycle company-wide; a manager who knows
    # it is the team's own records the cause, and only a recorded cause is asserted.
    assert texts["self"]["structural"] == (
        "1 structural red flag (company-wide by the checklist's default; record the cause if it "
        "is the team's own): “6 weeks (1 to 6 months)”."
    )
    caused = _view({**MIDDLING, "cycle-weeks": {"answer": 6, "nature": "company-wide"}}, "self")
    assert next(r for r in caused["decision"]["reasons"] if r["rule"] == "structural")[
        "text"
    ].startswith("1 structural red flag (company-wide, beyond this team)")
    assert texts["self"]["situational"] == (
        "2 situational red flags: within this team's reach, or temporary; likely to pass within "
        "a quarter or two."
    )
    assert texts["candidate"]["structural"] == (
        "1 structural red flag (would follow you to another team here): “6 weeks (1 to 6 months)”."
    )
    # The evidence's rules fire alike; a candidate told to ask more also gets what to ask (the
    # manager's decision here is to improve).
    assert set(texts["self"]) == set(texts["candidate"]) - {"follow-up"}
    assert "follow-up" in texts["candidate"]
    assert not any("follow you" in text for text in texts["self"].values())


# --- ask next ---------------------------------------------------------------------------------


ASK = """\
    id: ask
    version: "1"
    title: Ask
    bands:
      - {min: 0, level: 0, name: L0, candidate: Zero., self: Zero.}
      - {min: 50, level: 1, name: L1, candidate: One., self: One.}
    min_coverage: 0
    dimensions:
      - id: known
        title: Known
        questions:
          - {id: k, candidate: K?, self: K?, why: W., answer: {kind: yesno}}
      - id: empty
        title: Empty
        questions:
          - {id: light, candidate: L?, self: L?, why: W., answer: {kind: yesno}}
          - {id: heavy, weight: 3, candidate: H?, self: H?, why: W., answer: {kind: yesno}}
"""


def test_weight_counts_inside_a_dimension_nobody_answered() -> None:
    checklist = build_checklist(parse_yaml(textwrap.dedent(ASK), "ask.yaml"))
    result = _result({"k": {"answer": "yes"}}, checklist)
    asked = [(n.item.question.id, round(n.swing, 3)) for n in result.next_questions]
    assert asked == [("heavy", 0.375), ("light", 0.125)]


def test_open_critical_questions_are_asked_first() -> None:
    sparse = yaml.safe_load((SCENARIOS / "05-sparse-screen.yaml").read_text())["audit"]["answers"]
    view = _view(sparse)
    first = [n["question"] for n in view["next_questions"][:3]]
    assert set(first) == {"shipped-last-year", "monitored-share", "end-to-end-owner"}
    assert all(n["critical"] and n["impact"] == "decision" for n in view["next_questions"][:3])


# --- verdicts that are true -------------------------------------------------------------------


def test_a_situational_knock_out_asks_more_and_a_structural_one_walks_away() -> None:
    """The seed's test is the cause: a knock-out that passes with a reorg is asked about."""
    answers = _scenario_answers("01-strong-northstar.yaml")
    owner = {"answer": "nobody-owns"}
    for nature, decision in (("temporary", "ask-more"), ("company-wide", "walk-away")):
        view = _view({**answers, "end-to-end-owner": {**owner, "nature": nature}})
        assert (view["decision"]["decision"], view["level"]) == (decision, 1)
    view = _view({**answers, "end-to-end-owner": {**owner, "nature": "temporary"}})
    assert view["decision"]["headline"].startswith("Ask more: Nobody really owns it end to end")
    assert "situational knock-out: ask what is being done about it" in view["decision"]["headline"]


def test_ask_more_with_nothing_open_says_what_to_ask() -> None:
    view = _view(MIDDLING)
    assert view["decision"]["decision"] == "ask-more" and not view["next_questions"]
    follow = [r for r in view["decision"]["reasons"] if r["rule"] == "follow-up"]
    assert len(follow) == 1 and follow[0]["questions"]
    assert follow[0]["text"].startswith("Every question has an answer; what is left to ask is")
    flagged = {f["question"] for f in view["red_flags"]}
    assert set(follow[0]["questions"]) <= flagged


def test_the_verdict_never_asserts_what_the_answers_contradict() -> None:
    glossy = _view(_scenario_answers("03-glossy-no-monitoring.yaml"))
    assert "are watched" not in glossy["verdict"]
    assert "by hand" not in glossy["verdict"]  # models ship through a pipeline here
    # A capped level: level 1's own sentence ("the path to users is manual") would be false of
    # a company that ships through a pipeline; the verdict says what holds it down instead.
    assert glossy["verdict"] == (
        "The other answers read as level 3 (Automated model deployment), but a critical answer "
        "is at or near the worst (“Fewer than a quarter of the models are monitored”); its "
        "weakest dimension, Monitoring coverage, is at level 0: so level 1."
    )
    demo = _view({**MIDDLING, "monitored-share": {"answer": 30}})
    assert "watched" not in demo["verdict"] or "monitoring is" in demo["verdict"]


def test_explain_shows_the_arithmetic_caps_and_rules() -> None:
    view = _view(_scenario_answers("03-glossy-no-monitoring.yaml"))
    lines = view["explain"]
    assert any(line.startswith("Monitoring coverage: (2×10 + 1×20 + 1×20 + ") for line in lines)
    assert any(line.startswith("Overall: weighted mean of the dimensions (3×") for line in lines)
    assert any(
        line.startswith("Knock-out: monitored-share scored at or below 25") for line in lines
    )
    assert any(line.startswith("Weakest link: monitoring is at level 0") for line in lines)
    assert "Decision: walk-away (rules that fired: knockout, weakest-link" in " ".join(lines)
    assert any(
        line.startswith("Red flag on-call: situational (checklist default)") for line in lines
    )


# --- invariants over any answers ---------------------------------------------------------------

_RANK = {"walk-away": 0, "fix-first": 0, "ask-more": 1, "improve": 2, "join": 2, "sustain": 3}


@st.composite
def _culture_answers(draw: st.DrawFn) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in CULTURE.questions():
        if not question.answer.asked:
            continue
        kind = draw(st.sampled_from(["answer", "answer", "answer", "unknown", "missing", "na"]))
        if kind == "missing":
            continue
        if kind == "unknown":
            answers[question.id] = {"unknown": "did-not-know"}
        elif kind == "na" and not question.critical:
            answers[question.id] = {"na": "does not apply here"}
        elif question.answer.numeric:
            top = question.answer.maximum or 60
            answers[question.id] = {"answer": draw(st.integers(0, int(top)))}
        else:
            option = draw(st.sampled_from(question.answer.options))
            answers[question.id] = {"answer": option.id}
    return answers


@settings(max_examples=120, deadline=None)
@given(_culture_answers(), st.sampled_from(["candidate", "self"]))
def test_readings_levels_and_decision_stay_consistent(answers: dict[str, Any], mode: str) -> None:
    result = _result(answers, mode=mode)
    overall = result.overall
    assert 0 <= overall.low <= overall.high <= 1
    if overall.score is not None:
        assert overall.low - 1e-9 <= overall.score <= overall.high + 1e-9
    assert result.pessimistic.level <= result.point.level <= result.optimistic.level
    view = assess(result)
    decision = view["decision"]["decision"]
    if decision == "join":
        assert not result.knockouts and view["signal"] == "green"
        assert not [f for f in result.red_flags if f.nature == "structural"]
    if decision == "walk-away":
        assert result.knockouts or result.point.capped.signal == "red"
    if result.knockouts:
        assert decision in ("walk-away", "fix-first", "ask-more")
    assert json.loads(json.dumps(view, allow_nan=False)) == view  # plain data, finite numbers


@settings(max_examples=120, deadline=None)
@given(
    _culture_answers(),
    st.sampled_from(
        sorted(q.id for q in CULTURE.questions() if q.answer.asked and not q.answer.numeric)
    ),
)
def test_a_better_answer_never_lowers_the_level_or_the_decision(
    answers: dict[str, Any], which: str
) -> None:
    question = CULTURE.question(which)
    assert question is not None
    best = max(question.answer.options, key=lambda o: o.score)
    before = _result(answers)
    after = _result({**answers, which: {"answer": best.id}})
    current = answers.get(which, {})
    if "answer" in current:  # replacing a known answer with the best one
        assert after.point.level >= before.point.level
        assert (
            _RANK[assess(after)["decision"]["decision"]]
            >= _RANK[assess(before)["decision"]["decision"]]
        )


def test_respondents_who_give_different_causes_are_each_named() -> None:
    data = {
        "checklist": {"id": "mlops-culture"},
        "mode": "candidate",
        "respondents": [
            {"id": "hm", "respondent": "hiring manager"},
            {"id": "eng", "respondent": "ML engineer"},
            {"id": "lead", "respondent": "tech lead"},
        ],
        "answers": {
            **MIDDLING,
            "etl-share": {
                "responses": {
                    "hm": {"answer": 75, "nature": "team-only"},
                    "eng": {"answer": 80, "nature": "company-wide"},
                    "lead": {"answer": 10},
                }
            },
        },
    }
    result = score_audit(CULTURE, build_audit(parse_yaml(dump_yaml(data), "a.yaml"), CULTURE))
    view = assess(result)
    flag = next(f for f in view["red_flags"] if f["question"] == "etl-share")
    assert flag["said_by"] == ["hiring manager", "ML engineer"]
    assert flag["nature"] == "structural"
    assert flag["nature_reason"] == (
        "causes differ (hiring manager: team only; ML engineer: company wide); counted as "
        "structural, the more serious"
    )
    reason = next(r for r in view["decision"]["reasons"] if r["rule"] == "structural")
    assert "“hiring manager said 75%; ML engineer said 80%”" in reason["text"]
    assert "tech lead" not in reason["text"]  # a green answer is no part of the red flag


def _cap_keys(result: Result) -> set[tuple[str, tuple[str, ...], str | None]]:
    return {(c.kind, c.questions, c.dimension) for c in result.point.caps}


@settings(max_examples=150, deadline=None)
@given(_culture_answers(), st.sampled_from(["candidate", "self"]))
def test_what_would_lift_the_level_agrees_with_scoring_the_change(
    answers: dict[str, Any], mode: str
) -> None:
    # "Fix first" says which single change lifts a cap or reaches the next level without
    # re-scoring every change; scoring the audit with that change made must agree.
    before = _result(answers, mode=mode)
    above = CULTURE.band_above(before.point.capped)
    claimed = {i.item.question.id: i for i in before.improvements}
    for question in CULTURE.questions():
        given_answer = answers.get(question.id, {}).get("answer")
        if question.answer.numeric or not isinstance(given_answer, str):
            continue
        best = max(question.answer.options, key=lambda o: o.score)
        if given_answer == best.id:
            continue
        after = _result({**answers, question.id: {"answer": best.id}}, mode=mode)
        lifts = _cap_keys(after) < _cap_keys(before)
        reaches = above is not None and after.point.capped.level >= above.level
        if question.id in claimed:
            assert claimed[question.id].lifts_cap == lifts, question.id
            assert claimed[question.id].reaches_next == reaches, question.id
        else:  # left out only when it gains nothing and lifts nothing
            assert not lifts, question.id


def test_a_range_from_answers_that_differ_asks_to_settle_them_not_to_ask_nothing() -> None:
    # Three people, nothing unknown: two give Northstar's strong answers, one the weakest answer
    # short of a red flag, everywhere. The median is strong, the worst reading two levels lower.
    answers: dict[str, Any] = {}
    for question in CULTURE.questions():
        said = STRONG.get(question.id)
        if question.answer.numeric or said is None or "answer" not in said:
            if said is not None:
                answers[question.id] = said
            continue
        weakest = min(
            (o for o in question.answer.options if o.signal != "red"), key=lambda o: o.score
        )
        answers[question.id] = {
            "responses": {
                "hm": {"answer": said["answer"]},
                "mle": {"answer": said["answer"]},
                "dir": {"answer": weakest.id},
            }
        }
    data = {
        "checklist": {"id": "mlops-culture"},
        "mode": "candidate",
        "respondents": [
            {"id": "hm", "respondent": "hiring manager"},
            {"id": "mle", "respondent": "ML engineer"},
            {"id": "dir", "respondent": "director"},
        ],
        "answers": answers,
    }
    result = score_audit(CULTURE, build_audit(parse_yaml(dump_yaml(data), "a.yaml"), CULTURE))
    assert result.pessimistic.level <= result.point.level - 2 and not result.next_questions
    decision = assess(result)["decision"]
    assert decision["headline"].endswith(
        "where the answers you heard differ: settle them before deciding"
    )
    (uncertain,) = [r for r in decision["reasons"] if r["rule"] == "uncertain"]
    assert "unknowns" not in uncertain["text"] and "settle them" in uncertain["text"]
    assert uncertain["questions"]  # the questions where they differ


def test_a_knock_out_cap_says_what_was_heard_not_an_id() -> None:
    view = _view(_scenario_answers("03-glossy-no-monitoring.yaml"))
    (cap,) = [c for c in view["caps"] if c["kind"] == "knockout"]
    assert cap["questions"] == ["monitored-share"]
    assert "monitored-share" not in cap["text"]
    assert "Fewer than a quarter of the models are monitored" in cap["text"]
