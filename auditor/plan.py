"""A plan for the next interview round: what to ask, of whom, in the time there is. Pure.

Three kinds of item, all about one question of the checklist:

- an **unknown**: nobody could say, or it was not asked (the "ask next" ranking of the score);
- a **disagreement** the people met left unresolved: ask again, to settle it;
- a **red flag** outside any disagreement: confirm it, and whether it would follow you to
  another team (when no cause was recorded).

Each is tried at the outcomes its answer could have, everything else unchanged, exactly as
"ask next" tries an unknown at its worst and best answer: a disagreement settled on its worst or
its best respondent's answer; a red flag confirmed with the other cause (when none was given),
or not confirmed (the best answer). Its **impact** is the most it could change: the
decision, else the level, else only the score. Items are ranked by impact, then conflicts,
critical questions and the practices a level requires (``requires``) first, then by how far the
overall score could move, then in checklist order;
kept when someone you will meet can answer them (the question's ``who``), and cut to the time
given, at :data:`QUESTION_MINUTES` per question and :data:`FOLLOW_UP_MINUTES` per follow-up.
``docs/plan.md`` explains the rule and the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from auditor.assessment import assess
from auditor.audit import PRIVATE_FIELDS, Audit, Response, Said
from auditor.checklist import Question
from auditor.decision import decide_kind
from auditor.errors import AuditorError
from auditor.plan_view import FORMAT_VERSION, AskedView, HeardView, PlanItemView, PlanView
from auditor.roles import ROLE_NAMES, with_text
from auditor.schema import ROLES
from auditor.scoring import Result, score_audit

# Minutes an item takes in the room: asking, a one-minute answer, one follow-up probe, a note.
QUESTION_MINUTES = 3
# A follow-up (a disagreement to settle, a red flag to confirm) first says what was heard, then
# asks, then asks whether it would follow you to another team: a minute more.
FOLLOW_UP_MINUTES = 4
DEFAULT_MINUTES = 30

UNKNOWN, DISAGREEMENT, RED_FLAG = "unknown", "disagreement", "red-flag"
_IMPACTS = ("decision", "level", "score")

RULE = (
    "Ranked by what each answer could change: the decision, then the level, then only the "
    "score; within each, conflicts, critical questions and the practices a level requires "
    "first, then by how far the score could move. "
    f"{QUESTION_MINUTES} minutes a question, {FOLLOW_UP_MINUTES} a follow-up."
)


@dataclass(frozen=True)
class _Item:
    view: PlanItemView
    rank: tuple[float, ...]


def make_plan(
    result: Result, *, roles: Sequence[str] = (), minutes: int = DEFAULT_MINUTES
) -> PlanView:
    """The plan for the next round of ``result``'s audit, with ``roles`` (empty: anyone) for
    ``minutes`` minutes."""
    if minutes < 1:
        raise AuditorError(f"--minutes must be at least 1, got {minutes}")
    planner = _Planner(result)
    items = [*planner.unknowns(), *planner.disagreements(), *planner.red_flags()]
    items.sort(key=lambda i: i.rank)
    ranked = [i.view for i in items]
    chosen: list[PlanItemView] = []
    later: list[PlanItemView] = []
    used = 0
    for entry in (i for i in ranked if _answerable(i, roles)):
        # In rank order; one that does not fit waits, and a shorter one after it may still fit.
        if used + entry["minutes"] <= minutes:
            chosen.append(entry)
            used += entry["minutes"]
        else:
            later.append(entry)
    decision = planner.view["decision"]
    return {
        "format": FORMAT_VERSION,
        "file": result.audit.path,
        "mode": result.mode,
        "meta": {k: v for k, v in result.audit.meta.items() if k not in PRIVATE_FIELDS},
        "decision": {
            "decision": decision["decision"],
            "headline": decision["headline"],
            "signal": decision["signal"],
            "level_text": decision["level_text"],
        },
        "roles": list(roles),
        "with_text": with_text(roles),
        "minutes": minutes,
        "planned_minutes": used,
        "question_minutes": QUESTION_MINUTES,
        "follow_up_minutes": FOLLOW_UP_MINUTES,
        "items": chosen,
        "record": _record(result.audit.path, chosen),
        "later": later,
        "others": [i for i in ranked if not _answerable(i, roles)],
        "rule": RULE,
    }


def _record(path: str, chosen: Sequence[PlanItemView]) -> str:
    """How to record the round: each person as one more voice; a disagreement is settled only
    by the answer everyone accepts, which one more voice cannot give."""
    text = f"Then record it with: mlops-audit interview {path} --respondent ROLE --name NAME."
    if any(item["kind"] == DISAGREEMENT for item in chosen):
        text += (
            " One more voice does not settle a disagreement: once you know which answer holds, "
            f"write it as the question's answer, beside its responses, in {path}."
        )
    return text


class _Planner:
    """The items of one audit's plan, each with its rank."""

    def __init__(self, result: Result) -> None:
        self.result = result
        self.mode = result.mode
        # Words as the report says them, without names: a plan is taken into the next room.
        self.view = assess(result, redact=True)
        checklist = result.checklist
        self.scale = checklist.scale
        self.titles = {d.id: d.title for d in checklist.dimensions}
        self.order = {q.id: i for i, q in enumerate(checklist.questions())}
        # The practices a level requires: without them a level is not given, whatever the
        # average, and several of them missing at once hide each other from a one-at-a-time
        # what-if.
        self.required = {r.question for band in checklist.bands for r in band.requires}
        self.trial = _Trial(result, decide_kind(result))
        self.disputed = {d.item.question.id for d in result.disagreements if not d.resolved}

    def rank(
        self,
        impact: str,
        question: Question,
        asked: Sequence[Question],
        swing: float,
        *,
        conflict: bool = False,
    ) -> tuple[float, ...]:
        """Impact first; then conflicts, critical questions, required practices; then the
        swing (larger first); then checklist order."""
        ids = {question.id, *(q.id for q in asked)}
        return (
            _IMPACTS.index(impact),
            0 if conflict else 1,
            0 if question.critical else 1,
            0 if self.required & ids else 1,
            -round(swing, 9),
            self.order[question.id],
        )

    def item(self, kind: str, question: Question, **given: Any) -> PlanItemView:
        return _item(kind, question, self.mode, self.titles, **given)

    def unknowns(self) -> list[_Item]:
        """The open questions, with the impact and swing "ask next" found for them."""
        items = []
        for ask in self.result.next_questions:
            question = ask.item.question
            view = self.item(
                UNKNOWN,
                question,
                ask=ask.ask,
                why=f"Unknown ({ask.item.status.replace('-', ' ')})",
                impact=ask.impact,
                swing=self.scale.delta(ask.swing),
                conflict=False,
                heard=[],
                signal="unknown",
            )
            items.append(_Item(view, self.rank(ask.impact, question, ask.ask, ask.swing)))
        return items

    def disagreements(self) -> list[_Item]:
        """Disagreements nobody settled, tried settled on their worst and their best answer."""
        shown = {d["question"]: d for d in self.view["disagreements"]}
        items = []
        for disagreement in self.result.disagreements:
            if disagreement.resolved:
                continue
            question = disagreement.item.question
            said = sorted(
                ((v.score, (v.value, v.cause)) for v in disagreement.item.voices
                 if v.value is not None and v.score is not None),
                key=lambda pair: pair[0],
            )  # fmt: skip
            outcomes = [said[0][1], said[-1][1]] if said else []
            impact, swing = self.trial.impact(question, outcomes)
            conflict = disagreement.conflict
            if conflict:
                impact = "decision"  # a conflict stops any decision until it is settled
            answers = shown[question.id]["answers"] if question.id in shown else []
            view = self.item(
                DISAGREEMENT,
                question,
                why="A conflict: settle it before deciding"
                if conflict
                else "The people you met differ",
                impact=impact,
                swing=self.scale.delta(swing),
                conflict=conflict,
                heard=[
                    {"respondent": a["respondent"], "answer": a["answer"] or a["status"]}
                    for a in answers
                ],
                signal="red" if conflict else "amber",
            )
            rank = self.rank(impact, question, (), swing, conflict=conflict)
            items.append(_Item(view, rank))
        return items

    def red_flags(self) -> list[_Item]:
        """Red answers outside a disagreement: tried confirmed with the other cause (when none
        was given), and not confirmed (the best answer)."""
        flags = {f["question"]: f for f in self.view["red_flags"]}
        voices = {q["id"]: q["voices"] for d in self.view["dimensions"] for q in d["questions"]}
        items = []
        for flag in self.result.red_flags:
            question = flag.item.question
            if question.id in self.disputed:
                continue  # settling the disagreement is the follow-up
            outcomes: list[tuple[str | float, str | None]] = []
            value = flag.values[0] if flag.values else None
            if flag.cause is None and value is not None and question.answer.asked:
                # The cause it does not have yet: the checklist's default is the other one.
                other = "temporary" if flag.nature == "structural" else "company-wide"
                outcomes.append((value, other))
            best = _best_value(question)
            if best is not None:
                outcomes.append((best, None))
            impact, swing = self.trial.impact(question, outcomes)
            red = [v for v in voices.get(question.id, []) if v["signal"] == "red" and v["answer"]]
            heard: list[HeardView] = [
                {"respondent": v["respondent"], "answer": v["answer"] or ""} for v in red
            ] or [
                {
                    "respondent": self.result.audit.meta.get("respondent") or "heard",
                    "answer": flags[question.id]["answer"],
                }
            ]
            why = "A red flag: confirm it"
            if flag.cause is None:
                why += (
                    ", and whether it goes beyond this team"
                    if self.mode == "self"
                    else ", and whether it would follow you to another team"
                )
            view = self.item(
                RED_FLAG,
                question,
                why=why,
                impact=impact,
                swing=self.scale.delta(swing),
                conflict=False,
                heard=heard,
                signal="red",
            )
            items.append(_Item(view, self.rank(impact, question, (), swing)))
        return items


def _item(
    kind: str,
    question: Question,
    mode: str,
    titles: dict[str, str],
    *,
    why: str,
    impact: str,
    swing: float,
    conflict: bool,
    heard: list[HeardView],
    signal: str,
    ask: Sequence[Question] = (),
) -> PlanItemView:
    asked = list(ask) or [question]
    who = sorted({r for q in asked for r in q.who}, key=ROLES.index)
    if any(not q.who for q in asked):
        who = []  # a question anyone can answer
    return {
        "kind": kind,
        "heading": _HEADINGS[kind] if not conflict else "Settle a conflict",
        "question": question.id,
        "dimension": titles.get(question.dimension, question.dimension),
        "ask": [_asked(q, mode) for q in asked],
        "why": f"{why}; {_IMPACT_TEXT[impact]}.",
        "impact": impact,
        "swing": swing,
        "critical": question.critical,
        "conflict": conflict,
        "signal": signal,
        "minutes": QUESTION_MINUTES if kind == UNKNOWN else FOLLOW_UP_MINUTES,
        "who": who,
        "who_text": ", ".join(ROLE_NAMES[r] for r in who) or "anyone",
        "heard": heard,
        "probes": list(question.follow_ups[:2]),
        "listen_for": question.good_answer,
        "red_flags": list(question.red_flags[:2]),
    }


_HEADINGS = {UNKNOWN: "Ask", DISAGREEMENT: "Settle a difference", RED_FLAG: "Confirm a red flag"}


def _asked(question: Question, mode: str) -> AskedView:
    answer = question.answer
    return {
        "id": question.id,
        "text": question.phrasing(mode),
        "kind": answer.kind,
        "unit": answer.unit,
        "options": [] if answer.numeric else [o.label for o in answer.options],
    }


_IMPACT_TEXT = {
    "decision": "its answer could change the decision",
    "level": "its answer could change the level",
    "score": "its answer moves only the score",
}


def _answerable(item: PlanItemView, roles: Sequence[str]) -> bool:
    return not roles or not item["who"] or any(r in item["who"] for r in roles)


class _Trial:
    """Re-scores the audit with one question settled, to see what its answer could change."""

    def __init__(self, result: Result, current: str) -> None:
        self.result = result
        self.current = current

    def impact(
        self, question: Question, outcomes: Sequence[tuple[str | float | None, str | None]]
    ) -> tuple[str, float]:
        """The most the outcomes could change (decision, level or score) and how far apart they
        put the overall score (a share)."""
        decided = []
        for value, cause in outcomes:
            if value is None:
                continue
            settled = self._settled(question, value, cause)
            trial = score_audit(self.result.checklist, settled, what_ifs=False)
            decided.append((decide_kind(trial), trial.point.level, trial.overall.score or 0.0))
        if not decided:
            return "score", 0.0
        scores = [d[2] for d in decided]
        swing = max(scores) - min(scores)
        if any(d[0] != self.current for d in decided):
            return "decision", swing
        if any(d[1] != self.result.point.level for d in decided):
            return "level", swing
        return "score", swing

    def _settled(self, question: Question, value: str | float, cause: str | None) -> Audit:
        """The audit with ``question`` settled on ``value`` (a derived metric through its
        inputs), everyone's own answers kept."""
        audit = self.result.audit
        responses = dict(audit.responses)
        if question.answer.asked:
            responses[question.id] = _agreed(audit.response(question.id), question.id, value, cause)
        else:
            numerator, denominator = _inputs_for(question, float(value))
            for input_id, amount in zip(
                question.answer.inputs, (numerator, denominator), strict=True
            ):
                responses[input_id] = _agreed(audit.response(input_id), input_id, amount, None)
        return replace(audit, responses=responses)


def _agreed(
    response: Response | None, question_id: str, value: str | float, cause: str | None
) -> Response:
    by = response.by if response is not None else ()
    return Response(question_id, Said(value=value, nature=cause), by)


def _inputs_for(question: Question, value: float) -> tuple[float, float]:
    """Two inputs a derived metric reads as ``value``: a ratio a / 1, a share of 100."""
    if question.answer.formula == "share":
        return value, 100.0 - value
    return value, 1.0


def _best_value(question: Question) -> str | float | None:
    """An answer that earns the question's best score: its best option, or a number in its best
    bucket (each bucket's lower edge is tried) or at its curve's good value."""
    answer = question.answer
    if not answer.numeric:
        options = answer.options
        return max(options, key=lambda o: o.score).id if options else None
    candidates = [answer.minimum or 0.0, *(o.below for o in answer.options if o.below is not None)]
    if answer.curve is not None:
        candidates.append(answer.curve.good)
    if answer.maximum is not None:
        candidates.append(answer.maximum)
    scored = [
        (answer.score(c).score or 0.0, c)
        for c in candidates
        if _in_range(answer.minimum, answer.maximum, c)
    ]
    if not scored:
        return None
    return max(scored, key=lambda pair: pair[0])[1]


def _in_range(low: float | None, high: float | None, value: float) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)
