"""Scoring: pure functions from (checklist, audit) to a :class:`Result`. No I/O, no printing.

Every score is an :class:`Estimate`: a point estimate over what is known, an interval with every
unknown at its worst and at its best, and coverage, the share of weight answered. Unknowns are
never silently 0 and never silently ignored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from auditor.audit import Audit, Response
from auditor.checklist import Band, Checklist, Dimension, Option, Question, signal_for
from auditor.units import with_unit

ANSWERED, DID_NOT_KNOW, NOT_ASKED = "answered", "did-not-know", "not-asked"


@dataclass(frozen=True)
class Estimate:
    """Scores in [0, 1]: ``score`` is None when nothing is known."""

    score: float | None
    low: float
    high: float
    coverage: float


@dataclass(frozen=True)
class QuestionScore:
    question: Question
    status: str
    score: float | None
    value: str | float | None = None
    option: Option | None = None
    signal: str | None = None
    nature: str | None = None
    note: str | None = None
    reason: str = ""

    @property
    def known(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class DimensionScore:
    dimension: Dimension
    estimate: Estimate
    questions: tuple[QuestionScore, ...]


@dataclass(frozen=True)
class NextQuestion:
    """An unknown whose answer could move the overall score by ``swing`` (0-1) at most.

    ``ask`` is what to actually ask: the question itself, or for a derived metric its inputs that
    are still unknown.
    """

    item: QuestionScore
    swing: float
    ask: tuple[Question, ...]


@dataclass(frozen=True)
class Result:
    audit: Audit
    checklist: Checklist
    overall: Estimate
    dimensions: tuple[DimensionScore, ...]
    band: Band
    insufficient: bool
    knockouts: tuple[QuestionScore, ...]
    red_flags: tuple[QuestionScore, ...]
    strengths: tuple[QuestionScore, ...]
    next_questions: tuple[NextQuestion, ...]

    @property
    def mode(self) -> str:
        return self.audit.mode

    @property
    def verdict(self) -> str:
        if self.insufficient:
            share = round(self.overall.coverage * 100)
            need = round(self.checklist.min_coverage * 100)
            return (
                f"Insufficient evidence: {share}% of the weight is answered, {need}% is needed "
                "for a verdict. Ask the questions below first."
            )
        return self.band.verdict(self.mode)

    def questions(self) -> Iterable[QuestionScore]:
        for dimension in self.dimensions:
            yield from dimension.questions


@dataclass(frozen=True)
class Recommendation:
    """What the numbers say to do: a candidate's decision and the evidence it rests on."""

    decision: str  # join | ask-more | walk-away
    structural: int
    situational: int
    unknown: int
    critical: tuple[str, ...]
    low_band: Band  # the bands the ends of the range fall in
    high_band: Band


def recommend(result: Result) -> Recommendation:
    """Join, ask more or walk away.

    The decision follows the band's signal, so a checklist's bands stay the one place that says
    what counts as good; it never says "join" while a structural red flag or a critical red
    answer stands, and never decides anything on insufficient evidence.
    """
    structural = sum(1 for q in result.red_flags if q.nature == "structural")
    if result.insufficient:
        decision = "ask-more"
    elif result.band.signal == "red" or result.knockouts:
        decision = "walk-away"
    elif result.band.signal == "green" and not structural:
        decision = "join"
    else:
        decision = "ask-more"
    return Recommendation(
        decision=decision,
        structural=structural,
        situational=sum(1 for q in result.red_flags if q.nature == "situational"),
        unknown=sum(1 for q in result.questions() if not q.known and q.question.weight > 0),
        critical=tuple(q.question.id for q in result.knockouts),
        low_band=result.checklist.band_for(points(result.overall.low)),
        high_band=result.checklist.band_for(points(result.overall.high)),
    )


def score_audit(checklist: Checklist, audit: Audit) -> Result:
    """Score ``audit`` against ``checklist``: deterministic, explained, no I/O."""
    dimensions = tuple(_score_dimension(checklist, d, audit) for d in checklist.dimensions)
    overall = _combine(checklist, [d.estimate for d in dimensions])
    items = [q for d in dimensions for q in d.questions]
    knockouts = tuple(q for q in items if q.question.critical and q.signal == "red")
    band = checklist.band_for(points(overall.score) if overall.score is not None else 0.0)
    if knockouts:
        cap = checklist.band_for(checklist.knockout_cap)
        band = cap if cap.min < band.min else band
    return Result(
        audit=audit,
        checklist=checklist,
        overall=overall,
        dimensions=dimensions,
        band=band,
        insufficient=overall.coverage < checklist.min_coverage,
        knockouts=knockouts,
        # Weight-0 answers (counts behind a derived metric) inform, they do not flag.
        red_flags=tuple(q for q in items if q.signal == "red" and q.question.weight > 0),
        strengths=tuple(q for q in items if q.signal == "green" and q.question.weight > 0),
        next_questions=_next_questions(checklist, dimensions),
    )


def aggregate(method: str, items: Sequence[tuple[float, float | None]]) -> Estimate:
    """Combine (weight, score-or-None) pairs by ``method``: mean, min or sum.

    Weight 0 items are recorded, not scored. ``sum`` adds points and reports them as a share of
    the maximum, so on the 0-100 scale it reads like ``mean``; it differs only in how a checklist
    states its weights (points per item, as the ML Test Score does).
    """
    # One pass, no intermediate lists: this runs tens of thousands of times per 1,000 audits.
    total = known_weight = earned = 0.0
    lowest: float | None = None
    for weight, score in items:
        if weight <= 0:
            continue
        total += weight
        if score is not None:
            known_weight += weight
            earned += weight * score
            if lowest is None or score < lowest:
                lowest = score
    if total == 0:
        return Estimate(None, 0.0, 1.0, 1.0)
    coverage = known_weight / total
    if method == "min":
        low = 0.0 if coverage < 1 else (lowest if lowest is not None else 0.0)
        return Estimate(lowest, low, lowest if lowest is not None else 1.0, coverage)
    if known_weight == total:  # nothing unknown: one number, without rounding noise between bounds
        return Estimate(earned / total, earned / total, earned / total, 1.0)
    point = earned / known_weight if known_weight else None
    return Estimate(point, earned / total, (earned + total - known_weight) / total, coverage)


def combine(method: str, parts: Sequence[tuple[float, Estimate | None]]) -> Estimate:
    """One estimate from weighted estimates: point, bounds and coverage each aggregated.

    A missing part (``None``: nothing known, e.g. a dimension an audit lacks) counts as unknown:
    0 at worst, 1 at best, no coverage.
    """
    point = aggregate(method, [(w, e.score if e else None) for w, e in parts])
    low = aggregate(method, [(w, e.low if e else 0.0) for w, e in parts])
    high = aggregate(method, [(w, e.high if e else 1.0) for w, e in parts])
    total = sum(w for w, _ in parts if w > 0)
    coverage = sum(w * e.coverage for w, e in parts if e and w > 0) / total if total else 1.0
    return Estimate(point.score, low.score or 0.0, high.score or 0.0, coverage)


def _combine(checklist: Checklist, estimates: Sequence[Estimate]) -> Estimate:
    """The overall estimate from dimension estimates, by the checklist's dimension aggregation."""
    weights = [d.weight for d in checklist.dimensions]
    return combine(checklist.dimension_aggregation, list(zip(weights, estimates, strict=True)))


def _score_dimension(checklist: Checklist, dimension: Dimension, audit: Audit) -> DimensionScore:
    questions = tuple(_score_question(checklist, q, audit) for q in dimension.questions)
    estimate = aggregate(
        checklist.question_aggregation, [(q.question.weight, q.score) for q in questions]
    )
    return DimensionScore(dimension, estimate, questions)


def _score_question(checklist: Checklist, question: Question, audit: Audit) -> QuestionScore:
    response = audit.response(question.id) or Response(question.id)
    answer = question.answer
    if answer.kind == "derived":
        return _score_derived(checklist, question, audit, response)
    if not response.answered:
        return QuestionScore(
            question, response.unknown or NOT_ASKED, None, note=response.note, reason="unknown"
        )
    if answer.numeric:
        assert isinstance(response.value, float)
        return _score_number(
            question, response.value, response.note, with_unit(response.value, answer.unit)
        )
    option = answer.option(str(response.value))
    assert option is not None  # build_audit checked it
    return QuestionScore(
        question,
        ANSWERED,
        option.score,
        value=option.id,
        option=option,
        signal=option.signal,
        nature=option.nature or answer.nature,
        note=response.note,
        reason=f"'{option.label}' scores {option.score:g}",
    )


def _score_derived(
    checklist: Checklist, question: Question, audit: Audit, response: Response
) -> QuestionScore:
    answer = question.answer
    values = []
    for input_id in answer.inputs:
        given = audit.response(input_id)
        if given is None or not isinstance(given.value, float):
            status = given.unknown if given is not None and given.unknown else NOT_ASKED
            return QuestionScore(
                question,
                status or NOT_ASKED,
                None,
                note=response.note,
                reason=f"unknown until {' and '.join(answer.inputs)} are answered",
            )
        values.append(given.value)
    a, b = values
    if answer.formula == "share":
        value = 100 * a / (a + b) if a + b else 0.0
        shown = f"{a:g} / ({a:g} + {b:g}) = {value:.0f}%"
    else:
        value = a / b if b else (math.inf if a else 0.0)
        shown = f"{a:g} / {b:g} = {value:.2g}" if b else f"{a:g} / 0"
    notes = [n for n in (response.note, *(_note(audit, i) for i in answer.inputs)) if n]
    return _score_number(question, value, "\n".join(notes) or None, shown)


def _note(audit: Audit, question_id: str) -> str | None:
    response = audit.response(question_id)
    return response.note if response else None


def _score_number(question: Question, value: float, note: str | None, shown: str) -> QuestionScore:
    answer = question.answer
    if answer.curve is not None:
        score = answer.curve.score(value)
        curve = answer.curve
        return QuestionScore(
            question,
            ANSWERED,
            score,
            value=value,
            signal=signal_for(score),
            nature=answer.nature,
            note=note,
            reason=f"{shown} on a curve where {curve.good:g} scores 0.9 and {curve.median:g} "
            f"scores 0.5: {score:.2f}",
        )
    bucket = answer.bucket(value)
    if bucket is None:  # a count recorded with weight 0, for a derived metric
        return QuestionScore(
            question, ANSWERED, None, value=value, note=note, reason=f"{shown}, not scored"
        )
    return QuestionScore(
        question,
        ANSWERED,
        bucket.score,
        value=value,
        option=bucket,
        signal=bucket.signal,
        nature=bucket.nature or answer.nature,
        note=note,
        reason=f"{shown} falls in '{bucket.label}', which scores {bucket.score:g}",
    )


class _WhatIf:
    """The overall point estimate if one question scored otherwise, everything else unchanged.

    The one what-if behind both "ask next" (an unknown at 0 and at 1) and "fix first" (an answer
    made the best one). Only point estimates are recomputed: the bounds do not rank anything.
    """

    def __init__(self, checklist: Checklist, dimensions: Sequence[DimensionScore]) -> None:
        self.checklist = checklist
        self.weights = [d.dimension.weight for d in dimensions]
        self.points = [d.estimate.score for d in dimensions]
        self.pairs = [[(q.question.weight, q.score) for q in d.questions] for d in dimensions]

    def overall(self, index: int, position: int, value: float) -> float:
        trial = list(self.pairs[index])
        trial[position] = (trial[position][0], value)
        points = list(self.points)
        points[index] = aggregate(self.checklist.question_aggregation, trial).score
        overall = aggregate(
            self.checklist.dimension_aggregation, list(zip(self.weights, points, strict=True))
        )
        return overall.score or 0.0


def _next_questions(
    checklist: Checklist, dimensions: Sequence[DimensionScore]
) -> tuple[NextQuestion, ...]:
    """Unknowns ranked by how far their answer could move the overall point estimate."""
    what_if = _WhatIf(checklist, dimensions)
    by_id = {q.question.id: q for d in dimensions for q in d.questions}
    ranked = [
        NextQuestion(
            item,
            what_if.overall(index, position, 1.0) - what_if.overall(index, position, 0.0),
            _to_ask(item, by_id),
        )
        for index, dimension in enumerate(dimensions)
        for position, item in enumerate(dimension.questions)
        if not item.known and item.question.weight > 0
    ]
    ranked.sort(key=lambda n: (-n.swing, n.item.question.id))
    return tuple(ranked)


def _to_ask(item: QuestionScore, by_id: dict[str, QuestionScore]) -> tuple[Question, ...]:
    question = item.question
    if question.answer.kind != "derived":
        return (question,)
    inputs = (by_id[i] for i in question.answer.inputs)
    return tuple(i.question for i in inputs if i.value is None)


def points(value: float) -> float:
    """A [0, 1] score (or a difference of scores) on the 0-100 scale users see, to one decimal."""
    return round(value * 100, 1)


def percent(value: float | None) -> float | None:
    """:func:`points`, passing ``None`` (nothing known) through."""
    return None if value is None else points(value)


def improvements(result: Result) -> tuple[NextQuestion, ...]:
    """Answered questions ranked by how much the overall point estimate would gain (0-1) if the
    answer became the best one: a manager's "fix these first" list."""
    what_if = _WhatIf(result.checklist, result.dimensions)
    current = result.overall.score or 0.0
    ranked = []
    for index, dimension in enumerate(result.dimensions):
        for position, item in enumerate(dimension.questions):
            if item.score is None or item.score >= 1 or item.question.weight == 0:
                continue
            gain = what_if.overall(index, position, 1.0) - current
            if gain > 0:
                ranked.append(NextQuestion(item, gain, (item.question,)))
    ranked.sort(key=lambda n: (-n.swing, n.item.question.id))
    return tuple(ranked)
