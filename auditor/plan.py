"""A plan for the next interview round: what to ask, of whom, in the time there is. Pure.

Three kinds of item, all about one question of the checklist:

- an **unknown**: nobody could say, or it was not asked (the "ask next" ranking of the score);
- a **disagreement** the people met left unresolved: ask again, to settle it;
- a **red flag** outside any disagreement: confirm it, and whether it would follow you to
  another team (when no cause was recorded).

Each is tried at the outcomes its answer could have, everything else unchanged, exactly as
"ask next" tries an unknown at its worst and best answer: a disagreement settled on its worst or
its best respondent's answer; a red flag confirmed as company-wide or as temporary (when no cause
was given), or not confirmed (the best answer). Its **impact** is the most it could change: the
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
    # Words as the report says them, without names: a plan is taken into the next room.
    view = assess(result, redact=True)
    checklist = result.checklist
    titles = {d.id: d.title for d in checklist.dimensions}
    current = decide_kind(result)
    # The practices a level requires: without them a level is not given, whatever the average,
    # and several of them missing at once hide each other from a one-at-a-time what-if.
    required = {r.question for band in checklist.bands for r in band.requires}
    trial = _Trial(result, current)
    items: list[_Item] = []
    order = {q.id: i for i, q in enumerate(checklist.questions())}

    for ask in result.next_questions:
        question = ask.item.question
        items.append(
            _Item(
                _item(
                    UNKNOWN,
                    question,
                    result.mode,
                    titles,
                    ask=ask.ask,
                    why=f"Unknown ({ask.item.status.replace('-', ' ')})",
                    impact=ask.impact,
                    swing=checklist.scale.delta(ask.swing),
                    conflict=False,
                    heard=[],
                    signal="unknown",
                ),
                (
                    _IMPACTS.index(ask.impact),
                    1,
                    0 if question.critical else 1,
                    0 if required & ({q.id for q in ask.ask} | {question.id}) else 1,
                    -round(ask.swing, 9),
                    order[question.id],
                ),
            )
        )

    disputed = set()
    said = {d["question"]: d for d in view["disagreements"]}
    for disagreement in result.disagreements:
        if disagreement.resolved:
            continue
        item = disagreement.item
        question = item.question
        disputed.add(question.id)
        outcomes = [(v.value, v.cause) for v in item.voices if v.value is not None]
        scores = [v.score for v in item.voices if v.value is not None and v.score is not None]
        low_high = []
        if scores:
            low = min(range(len(scores)), key=scores.__getitem__)
            high = max(range(len(scores)), key=scores.__getitem__)
            low_high = [outcomes[low], outcomes[high]]
        impact, swing = trial.impact(question, low_high)
        if disagreement.conflict:
            impact = "decision"  # a conflict stops any decision until it is settled
        shown = said.get(question.id)
        heard: list[HeardView] = [
            {"respondent": a["respondent"], "answer": a["answer"] or a["status"]}
            for a in (shown["answers"] if shown else [])
        ]
        items.append(
            _Item(
                _item(
                    DISAGREEMENT,
                    question,
                    result.mode,
                    titles,
                    why=(
                        "A conflict: settle it before deciding"
                        if disagreement.conflict
                        else "The people you met differ"
                    ),
                    impact=impact,
                    swing=checklist.scale.delta(swing),
                    conflict=disagreement.conflict,
                    heard=heard,
                    signal="red" if disagreement.conflict else "amber",
                ),
                (
                    _IMPACTS.index(impact),
                    0 if disagreement.conflict else 1,
                    0 if question.critical else 1,
                    0 if question.id in required else 1,
                    -round(swing, 9),
                    order[question.id],
                ),
            )
        )

    flags = {f["question"]: f for f in view["red_flags"]}
    voices = {q["id"]: q["voices"] for d in view["dimensions"] for q in d["questions"]}
    for flag in result.red_flags:
        question = flag.item.question
        if question.id in disputed:
            continue
        outcomes_: list[tuple[str | float | None, str | None]] = []
        value = flag.values[0] if flag.values else None
        if flag.cause is None and value is not None and question.answer.asked:
            outcomes_ += [(value, "company-wide"), (value, "temporary")]
        best = _best_value(question)
        if best is not None:
            outcomes_.append((best, None))
        impact, swing = trial.impact(question, outcomes_)
        red = [v for v in voices.get(question.id, []) if v["signal"] == "red" and v["answer"]]
        if red:
            heard = [{"respondent": v["respondent"], "answer": v["answer"] or ""} for v in red]
        else:
            shown_flag = flags[question.id]
            by = result.audit.meta.get("respondent") or "heard"
            heard = [{"respondent": by, "answer": shown_flag["answer"]}]
        why = "A red flag: confirm it"
        if flag.cause is None:
            why += (
                ", and whether it goes beyond this team"
                if result.mode == "self"
                else ", and whether it would follow you to another team"
            )
        items.append(
            _Item(
                _item(
                    RED_FLAG,
                    question,
                    result.mode,
                    titles,
                    why=why,
                    impact=impact,
                    swing=checklist.scale.delta(swing),
                    conflict=False,
                    heard=heard,
                    signal="red",
                ),
                (
                    _IMPACTS.index(impact),
                    1,
                    0 if question.critical else 1,
                    0 if question.id in required else 1,
                    -round(swing, 9),
                    order[question.id],
                ),
            )
        )

    items.sort(key=lambda i: i.rank)
    ranked = [i.view for i in items]
    answerable = [i for i in ranked if _answerable(i, roles)]
    chosen, later, used = [], [], 0
    for entry in answerable:
        if used + entry["minutes"] <= minutes:
            chosen.append(entry)
            used += entry["minutes"]
        else:
            later.append(entry)
    decision = view["decision"]
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
        "later": later,
        "others": [i for i in ranked if not _answerable(i, roles)],
        "rule": RULE,
    }


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
            trial = score_audit(self.result.checklist, self._settled(question, value, cause))
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
