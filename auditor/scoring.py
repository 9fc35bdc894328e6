"""Scoring: pure functions from (checklist, audit) to a :class:`Result`. No I/O, no printing.

Every score is an :class:`Estimate`: a point estimate over what is known, an interval with every
unknown at its worst and at its best (and, where respondents disagree, from the worst respondent to
the best), and coverage, the share of the applicable weight answered. Unknowns are never silently
0 and never silently ignored; questions that do not apply are left out and listed.

Three readings of the evidence give the level: the point estimate, the pessimistic reading (every
unknown at its worst, a disputed knock-out taken as true, an unanswered critical question as a
knock-out) and the optimistic one. Two caps hold a level down whatever the average says: a
knock-out (a critical question answered at or near its worst) and the weakest link (the level may
exceed the weakest dimension's by at most ``weakest_link`` levels). The decision drawn from these
lives in :mod:`auditor.decision`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from auditor.answers import Option, Worth
from auditor.audit import Audit, Response, Said, nature_of
from auditor.checklist import Band, Checklist, Dimension, Question

ANSWERED, DID_NOT_KNOW, NOT_ASKED, NOT_APPLICABLE = (
    "answered",
    "did-not-know",
    "not-asked",
    "not-applicable",
)
MIXED = "mixed"


@dataclass(frozen=True, slots=True)
class Estimate:
    """Shares in [0, 1]: ``score`` is None when nothing is known; ``coverage`` is the share of the
    applicable weight answered, ``not_applicable`` the share of the weight left out as such."""

    score: float | None
    low: float
    high: float
    coverage: float
    not_applicable: float = 0.0

    @property
    def applicable(self) -> bool:
        return self.not_applicable < 1.0


_NOTHING_APPLIES = Estimate(None, 0.0, 1.0, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class Voice:
    """One respondent's answer to one question, scored."""

    respondent: str
    status: str
    value: str | float | None
    score: float | None
    option: Option | None
    signal: str | None
    nature: str | None
    cause: str | None
    note: str | None
    na: str | None = None


@dataclass(frozen=True, slots=True)
class QuestionScore:
    """One question, scored. ``score`` is the point (None: unknown, not applicable, or recorded
    without a score); ``low``/``high`` its bounds (an unknown spans 0 to 1; respondents who
    disagree span the worst to the best of them). ``voices`` holds each respondent's own answer
    when several answered; ``value``, ``option`` and ``signal`` are theirs when they agree."""

    question: Question
    status: str
    score: float | None
    low: float = 0.0
    high: float = 1.0
    value: str | float | None = None
    option: Option | None = None
    signal: str | None = None
    nature: str | None = None
    cause: str | None = None
    note: str | None = None
    reason: str = ""
    na_reason: str | None = None
    voices: tuple[Voice, ...] = ()
    recorded: str | float | None = None
    settled: bool = False
    na_by_rule: bool = False

    @property
    def known(self) -> bool:
        return self.score is not None

    @property
    def applicable(self) -> bool:
        return self.status != NOT_APPLICABLE

    @property
    def counts(self) -> bool:
        """Part of the score: scored, and applicable."""
        return self.question.weight > 0 and self.applicable


@dataclass(frozen=True, slots=True)
class DimensionScore:
    dimension: Dimension
    estimate: Estimate
    questions: tuple[QuestionScore, ...]


@dataclass(frozen=True, slots=True)
class Cap:
    """A rule that holds the level at ``band`` or below, whatever the average says."""

    kind: str  # knockout | weakest-link
    band: Band
    questions: tuple[str, ...] = ()
    dimension: str | None = None
    dimension_band: Band | None = None
    disputed: bool = False


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading of the evidence: the overall share, the band it falls in, and the band after
    the caps that hold (the level)."""

    share: float | None
    shown: float | None
    band: Band
    capped: Band
    caps: tuple[Cap, ...]

    @property
    def level(self) -> int:
        return self.capped.level


@dataclass(frozen=True, slots=True)
class Flag:
    """A red answer: its nature (structural or situational) and where that came from."""

    item: QuestionScore
    nature: str | None
    cause: str | None
    said_by: tuple[str, ...]
    values: tuple[str | float, ...]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Respondents whose answers to one question fall apart: in signal, or by ``spread`` points
    (a share, 0-1). A ``conflict`` (a red answer against a better one, or a disputed knock-out)
    blocks a decision until it is resolved; ``resolved`` when an agreed answer was recorded."""

    item: QuestionScore
    spread: float
    conflict: bool
    resolved: bool


@dataclass(frozen=True, slots=True)
class NextQuestion:
    """An open question: how its answer could move the decision, the level and the score.

    ``impact`` is ``decision``, ``level`` or ``score``; ``swing`` how far (a share, 0-1) the
    answer could move the overall score; ``ask`` what to actually ask (a derived metric's
    missing inputs)."""

    item: QuestionScore
    impact: str
    swing: float
    ask: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Improvement:
    """An answer below the best: what the overall score would gain (a share) if it became the
    best, and whether that alone lifts a cap or reaches the next level."""

    item: QuestionScore
    gain: float
    lifts_cap: bool
    reaches_next: bool
    needed: bool = False
    """Among what holds the level down (a knock-out, or a practice the next level needs), even
    if it cannot lift the level alone: two missing practices are fixed together."""


@dataclass(frozen=True)
class Result:
    audit: Audit
    checklist: Checklist
    overall: Estimate
    dimensions: tuple[DimensionScore, ...]
    point: Reading
    pessimistic: Reading
    optimistic: Reading
    insufficient: bool
    knockouts: tuple[QuestionScore, ...]
    disputed_knockouts: tuple[QuestionScore, ...]
    open_critical: tuple[QuestionScore, ...]
    red_flags: tuple[Flag, ...]
    strengths: tuple[QuestionScore, ...]
    disagreements: tuple[Disagreement, ...]
    not_applicable: tuple[QuestionScore, ...]
    next_questions: tuple[NextQuestion, ...]
    improvements: tuple[Improvement, ...]

    @property
    def mode(self) -> str:
        return self.audit.mode

    @property
    def band(self) -> Band:
        """The level's band, after the caps."""
        return self.point.capped

    def questions(self) -> Iterable[QuestionScore]:
        for dimension in self.dimensions:
            yield from dimension.questions

    def dimension_band(self, dimension: DimensionScore) -> Band | None:
        score = dimension.estimate.score
        if score is None:
            return None
        return self.checklist.band_for(self.checklist.scale.shown(score))


# ---------------------------------------------------------------------------------------------
# Aggregation


_Item = tuple[float, float | None, float, float]  # weight, point, low, high


class Aggregate:
    """An aggregate (mean, min or sum) over weighted items, which can answer "what if item i
    were (point, low, high)?" in constant time: what-ifs run once per open or improvable
    question, and must stay linear in the number of questions."""

    def __init__(self, method: str, items: Sequence[_Item]) -> None:
        self.method = method
        self.items = list(items)
        # Plain loops: this runs for every dimension of every audit and every what-if.
        total = known = earned = lows = highs = 0.0
        for weight, point, low, high in self.items:
            if weight <= 0:
                continue
            total += weight
            lows += weight * low
            highs += weight * high
            if point is not None:
                known += weight
                earned += weight * point
        self.total, self.known = total, known
        self.sums = [earned, lows, highs]
        if method == "min":
            self._least = [
                _two_smallest(
                    (v, i) for i, (w, *vs) in enumerate(items) if w > 0 and (v := vs[k]) is not None
                )
                for k in range(3)
            ]

    def estimate(self) -> Estimate:
        return self._estimate(None, None)

    def what_if(self, index: int, point: float | None, low: float, high: float) -> Estimate:
        return self._estimate(index, (point, low, high))

    def _estimate(
        self, index: int | None, new: tuple[float | None, float, float] | None
    ) -> Estimate:
        if self.total <= 0:
            return _NOTHING_APPLIES
        known = self.known
        weight = 0.0
        if index is not None and new is not None:
            weight, old_point, *_ = self.items[index]
            if weight > 0:
                known += weight * ((new[0] is not None) - (old_point is not None))
        coverage = known / self.total
        if self.method == "min":
            values: list[float | None] = []
            for k in range(3):
                least = self._least[k]
                candidates = [v for v, i in least if i != index]
                if index is not None and new is not None and weight > 0 and new[k] is not None:
                    candidates.append(new[k])  # type: ignore[arg-type]
                values.append(min(candidates) if candidates else None)
            point, low, high = values
            return _bounded(
                point, low if low is not None else 0.0, high if high is not None else 1.0, coverage
            )
        sums = list(self.sums)
        if index is not None and new is not None and weight > 0:
            old = self.items[index]
            for k in range(3):
                if old[k + 1] is not None:
                    sums[k] -= weight * old[k + 1]  # type: ignore[operator]
                if new[k] is not None:
                    sums[k] += weight * new[k]  # type: ignore[operator]
        point = sums[0] / known if known > 1e-12 else None
        return _bounded(point, sums[1] / self.total, sums[2] / self.total, coverage)


def _two_smallest(pairs: Iterable[tuple[float, int]]) -> list[tuple[float, int]]:
    least: list[tuple[float, int]] = []
    for pair in pairs:
        least.append(pair)
        least.sort()
        del least[2:]
    return least


def _bounded(point: float | None, low: float, high: float, coverage: float) -> Estimate:
    """Guard the invariants against rounding noise: low <= point <= high, all in [0, 1]."""
    low = min(max(low, 0.0), 1.0)
    high = min(max(high, low), 1.0)
    if point is not None:
        point = min(max(point, low), high)
    return Estimate(point, low, high, min(max(coverage, 0.0), 1.0))


def aggregate(method: str, items: Sequence[tuple[float, float | None]]) -> Estimate:
    """Combine (weight, score-or-None) pairs by ``method``: an unknown spans 0 to 1."""
    return Aggregate(
        method, [(w, s, 0.0 if s is None else s, 1.0 if s is None else s) for w, s in items]
    ).estimate()


def combine(method: str, parts: Sequence[tuple[float, Estimate | None]]) -> Estimate:
    """One estimate from weighted estimates (dimensions into the overall score). A missing part
    (``None``) counts as unknown; a part where nothing applies is left out."""
    items: list[_Item] = []
    covered = total = 0.0
    na_weight = all_weight = 0.0
    for weight, estimate in parts:
        if weight <= 0:
            continue
        all_weight += weight
        if estimate is not None and not estimate.applicable:
            na_weight += weight
            continue
        items.append(
            (weight, None, 0.0, 1.0)
            if estimate is None
            else (weight, estimate.score, estimate.low, estimate.high)
        )
        total += weight
        covered += weight * (estimate.coverage if estimate is not None else 0.0)
    if total <= 0:
        return _NOTHING_APPLIES
    result = Aggregate(method, items).estimate()
    return Estimate(
        result.score,
        result.low,
        result.high,
        covered / total,
        na_weight / all_weight if all_weight else 0.0,
    )


# ---------------------------------------------------------------------------------------------
# Questions


def _voice(question: Question, respondent: str, said: Said) -> Voice:
    if said.na is not None:
        return Voice(
            respondent, NOT_APPLICABLE, None, None, None, None, None, None, said.note, said.na
        )
    if said.value is None:
        return Voice(
            respondent, said.unknown or NOT_ASKED, None, None, None, None, None, None, said.note
        )
    scored = question.answer.score(said.value)
    cause = said.nature
    return Voice(
        respondent,
        ANSWERED,
        said.value,
        scored.score,
        scored.option,
        scored.signal,
        nature_of(cause) or scored.nature,
        cause,
        said.note,
    )


def _voices(
    question: Question, response: Response | None
) -> tuple[Voice | None, tuple[Voice, ...]]:
    """The agreed (or only) answer as a voice, and each respondent's."""
    if response is None:
        return None, ()
    agreed = _voice(question, "", response.said)
    own = tuple(_voice(question, rid, said) for rid, said in response.by)
    return agreed, own


def _from_voices(
    question: Question, voices: Sequence[Voice], note: str | None, worth: Worth
) -> QuestionScore:
    """A question several people answered and nobody settled: scored from all of them."""
    known = [v for v in voices if v.status == ANSWERED and v.score is not None]
    answered = [v for v in voices if v.status == ANSWERED]
    if not answered:
        if voices and all(v.status == NOT_APPLICABLE for v in voices):
            reasons = sorted({v.na or "" for v in voices})
            return QuestionScore(
                question,
                NOT_APPLICABLE,
                None,
                note=note,
                na_reason="; ".join(reasons),
                voices=tuple(voices),
                reason="not applicable",
            )
        status = DID_NOT_KNOW if any(v.status == DID_NOT_KNOW for v in voices) else NOT_ASKED
        return QuestionScore(
            question, status, None, note=note, voices=tuple(voices), reason="unknown"
        )
    if not known:  # recorded, not scored (a count behind a derived metric)
        values = {v.value for v in answered}
        value = answered[0].value if len(values) == 1 else None
        return QuestionScore(
            question,
            ANSWERED,
            None,
            value=value,
            note=note,
            voices=tuple(voices),
            reason="recorded, not scored",
        )
    scores = [v.score for v in known if v.score is not None]
    signals = {v.signal for v in known}
    options = {v.option.id if v.option else None for v in known}
    values = {v.value for v in known}
    signal = signals.pop() if len(signals) == 1 else MIXED
    red = [v for v in known if v.signal == "red"]
    nature = _worst_nature([v.nature for v in red]) if red else None
    cause = next((v.cause for v in red if v.cause), None)
    return QuestionScore(
        question,
        ANSWERED,
        _median(scores),
        min(scores),
        max(scores),
        value=known[0].value if len(values) == 1 else None,
        option=known[0].option if len(options) == 1 else None,
        signal=signal,
        nature=nature,
        cause=cause,
        note=note,
        reason=_voices_reason(question, known, worth),
        voices=tuple(voices),
    )


def _median(values: Sequence[float]) -> float:
    """The median answer's score; with an even count the lower of the two middle ones, so that
    the estimate is always a score someone's answer earned ("100%" and "0%" monitored are
    never 50) and, between two, the more careful one."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def _voices_reason(question: Question, known: Sequence[Voice], worth: Worth) -> str:
    """How several answers were scored, each answer once and counted; who said what is the
    voices' business (respondent ids are not for readers)."""
    groups: dict[str, int] = {}
    for v in known:
        if v.value is not None:
            said = f"{question.answer.show(v.value)} ({worth(v.score or 0)})"
            groups[said] = groups.get(said, 0) + 1
    if len(groups) == 1:
        said = f"all said {next(iter(groups))}"
    else:
        said = "; ".join(f"{count} said {text}" for text, count in groups.items())
    return (
        f"{len(known)} respondents: {said}; the point is their median, the range runs from the "
        "lowest to the highest"
    )


def _worst_nature(natures: Sequence[str | None]) -> str | None:
    if "structural" in natures:
        return "structural"
    return next((n for n in natures if n), None)


def _single(
    question: Question,
    voice: Voice,
    voices: tuple[Voice, ...],
    worth: Worth,
    *,
    settled: bool = False,
) -> QuestionScore:
    """A question with one answer: the only one, or the one agreed after several."""
    if voice.status == NOT_APPLICABLE:
        return QuestionScore(
            question,
            NOT_APPLICABLE,
            None,
            note=voice.note,
            na_reason=voice.na,
            voices=voices,
            reason="not applicable",
            settled=settled,
        )
    if voice.status != ANSWERED:
        return QuestionScore(
            question,
            voice.status,
            None,
            note=voice.note,
            voices=voices,
            reason="unknown",
            settled=settled,
        )
    scored = question.answer.score(voice.value, worth) if voice.value is not None else None
    point = voice.score
    return QuestionScore(
        question,
        ANSWERED,
        point,
        0.0 if point is None else point,
        1.0 if point is None else point,
        value=voice.value,
        option=voice.option,
        signal=voice.signal,
        nature=voice.nature,
        cause=voice.cause,
        note=voice.note,
        reason=scored.reason if scored is not None else "",
        voices=voices,
        settled=settled,
    )


def _score_question(
    question: Question, audit: Audit, na: dict[str, str], worth: Worth
) -> QuestionScore:
    if not question.answer.asked:
        return _score_derived(question, audit, worth)
    response = audit.response(question.id)
    agreed, voices = _voices(question, response)
    if (
        voices
        and (agreed is None or agreed.status != ANSWERED)
        and (agreed is None or agreed.status != NOT_APPLICABLE)
    ):
        item = _from_voices(question, voices, agreed.note if agreed else None, worth)
    elif agreed is not None:
        item = _single(question, agreed, voices, worth, settled=bool(voices))
    else:
        item = QuestionScore(question, NOT_ASKED, None, reason="unknown")
    reason = na.get(question.id)
    if reason is not None and item.status != NOT_APPLICABLE:
        # The question's own rule says it does not apply (no model in production): an answer
        # given anyway is kept for the record, never scored.
        return QuestionScore(
            question,
            NOT_APPLICABLE,
            None,
            note=item.note,
            na_reason=reason,
            voices=item.voices,
            recorded=item.value,
            reason=f"not applicable: {reason}",
            na_by_rule=True,
        )
    return item


def _values_of(audit: Audit, question_id: str) -> dict[str, float]:
    """A number question's answers by respondent ('' for the agreed or only answer)."""
    response = audit.response(question_id)
    if response is None:
        return {}
    found: dict[str, float] = {}
    if isinstance(response.value, float):
        found[""] = response.value
    for rid, said in response.by:
        if isinstance(said.value, float):
            found[rid] = said.value
    return found


def _score_derived(question: Question, audit: Audit, worth: Worth) -> QuestionScore:
    answer = question.answer
    first, second = (_values_of(audit, i) for i in answer.inputs)
    response = audit.response(question.id)
    notes = [
        n
        for n in (response.note if response else None, *(_note(audit, i) for i in answer.inputs))
        if n
    ]
    note = "\n".join(notes) or None
    pairs: list[tuple[str, float, float]] = []
    if "" in first and "" in second:
        pairs.append(("", first[""], second[""]))
    else:
        for rid in dict.fromkeys([*first, *second]):
            if rid == "":
                continue
            a = first.get("", first.get(rid))
            b = second.get("", second.get(rid))
            if a is not None and b is not None:
                pairs.append((rid, a, b))
    if not pairs:
        given = [audit.response(i) for i in answer.inputs]
        status = next((g.unknown for g in given if g is not None and g.unknown), None) or NOT_ASKED
        return QuestionScore(
            question,
            status,
            None,
            note=note,
            reason=f"unknown until {' and '.join(answer.inputs)} are answered",
        )
    kind = answer.handler
    voices = []
    for rid, a, b in pairs:
        value, shown = kind.compute(answer, a, b)  # type: ignore[attr-defined]
        scored = answer.score(value)
        voices.append(
            (
                rid,
                shown,
                Voice(
                    rid,
                    ANSWERED,
                    value,
                    scored.score,
                    scored.option,
                    scored.signal,
                    scored.nature,
                    None,
                    None,
                ),
            )
        )
    if len(voices) == 1:
        rid, shown, voice = voices[0]
        scored = answer.score(float(voice.value or 0.0), worth)
        item = _single(question, voice, (), worth)
        reason = scored.reason.replace(answer.show(float(voice.value or 0.0)), shown, 1)
        return replace(item, note=note, reason=reason)
    return _from_voices(question, [v for _, _, v in voices], note, worth)


def _note(audit: Audit, question_id: str) -> str | None:
    response = audit.response(question_id)
    return response.note if response else None


def _not_applicable(checklist: Checklist, audit: Audit) -> dict[str, str]:
    """Questions whose own rule says they do not apply here, with the reason: every known answer
    to the deciding question is below the rule's bound."""
    found: dict[str, str] = {}
    for question in checklist.questions():
        rule = question.not_applicable
        if rule is None:
            continue
        values = _values_of(audit, rule.question)
        if values and all(v < rule.below for v in values.values()):
            found[question.id] = rule.reason
    return found


# ---------------------------------------------------------------------------------------------
# Levels


# The knock-outs each reading (point, pessimistic, optimistic) holds against the level.
_HELD = (("confirmed", "disputed"), ("confirmed", "disputed", "open"), ("confirmed",))


class _Levels:
    """Bands and caps for any overall share and dimension estimates: shared by the result and
    by every what-if behind "ask next" and "fix first"."""

    def __init__(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self._bands: dict[float, Band] = {}
        self.knockout_band = checklist.knockout_band
        self.requires = [
            (band, [(r.question, r.at_least - 1e-9) for r in band.requires])
            for band in checklist.bands
        ]

    def band(self, share: float | None) -> Band:
        if share is None:
            return self.checklist.bands[0]
        found = self._bands.get(share)  # the what-ifs ask again and again for the same shares
        if found is None:
            found = self._bands[share] = self.checklist.band_for(self.checklist.scale.shown(share))
        return found

    def reading(
        self,
        share: float | None,
        dims: Sequence[tuple[Dimension, float | None, float]],
        knockouts: Sequence[tuple[str, bool]],
        required: dict[str, float | None] | None = None,
    ) -> Reading:
        """The reading at ``share`` given each scored dimension's share (and coverage) in the same
        reading, the knock-outs that hold in it (question id, disputed), and the scores of the
        questions levels require (None: unknown, so not met)."""
        # Plain loops, and a cap made only where it holds: every what-if reads the levels.
        checklist = self.checklist
        shown = None if share is None else checklist.scale.shown(share)
        band = checklist.bands[0] if shown is None else checklist.band_for(shown)
        level = band.level
        held: list[Cap] = []
        if knockouts and self.knockout_band.level < level:
            held.append(
                Cap(
                    "knockout",
                    self.knockout_band,
                    tuple(q for q, _ in knockouts),
                    disputed=all(disputed for _, disputed in knockouts),
                )
            )
        if checklist.weakest_link is not None:
            weakest: Band | None = None
            least: Dimension | None = None
            for dimension, value, coverage in dims:
                if value is None or coverage < checklist.min_coverage or dimension.weight <= 0:
                    continue
                rated = self.band(value)
                if weakest is None or rated.level < weakest.level:  # the first of equals
                    weakest, least = rated, dimension
            if weakest is not None and least is not None:
                ceiling = checklist.band_at_level(weakest.level + checklist.weakest_link)
                if ceiling.level < level:
                    held.append(
                        Cap("weakest-link", ceiling, dimension=least.id, dimension_band=weakest)
                    )
        # A level is given only with the practices that define it (and those below it).
        granted = checklist.bands[0]
        unmet: list[str] = []
        scores = required or {}
        for candidate, needs in self.requires:
            if candidate.level > level:  # met up to the level the score gives: nothing to cap
                break
            unmet = [
                q for q, least_score in needs if (v := scores.get(q)) is None or v < least_score
            ]
            if unmet:
                break
            granted = candidate
        if granted.level < level:
            held.append(Cap("requirement", granted, tuple(unmet)))
        capped = band
        for cap in held:
            if cap.band.level < capped.level:
                capped = cap.band
        return Reading(share, shown, band, capped, tuple(held))


# ---------------------------------------------------------------------------------------------
# The audit


def score_audit(checklist: Checklist, audit: Audit, *, what_ifs: bool = True) -> Result:
    """Score ``audit`` against ``checklist``: deterministic, explained, no I/O.

    ``what_ifs=False`` leaves ``next_questions`` and ``improvements`` empty: a caller trying
    answers of its own (:mod:`auditor.plan`) needs only the readings and the decision.
    """
    na = _not_applicable(checklist, audit)
    worth = checklist.scale.worth
    dimensions: list[DimensionScore] = []
    aggregates: list[Aggregate] = []
    for dimension in checklist.dimensions:
        items = tuple(_score_question(q, audit, na, worth(q.weight)) for q in dimension.questions)
        agg = Aggregate(checklist.question_aggregation, [_item(q) for q in items])
        aggregates.append(agg)
        estimate = agg.estimate()
        all_weight = sum(q.question.weight for q in items if q.question.weight > 0)
        na_weight = sum(
            q.question.weight for q in items if q.question.weight > 0 and not q.applicable
        )
        estimate = replace(estimate, not_applicable=na_weight / all_weight if all_weight else 0.0)
        dimensions.append(DimensionScore(dimension, estimate, items))
    model = _Model(checklist, audit, dimensions, aggregates)
    return model.result(what_ifs=what_ifs)


def _item(q: QuestionScore) -> _Item:
    """A question as an aggregate item: not applicable and unscored questions weigh nothing."""
    if not q.counts:
        return (0.0, None, 0.0, 1.0)
    if q.score is None:
        return (q.question.weight, None, 0.0, 1.0)
    return (q.question.weight, q.score, q.low, q.high)


def _knockout(checklist: Checklist, q: QuestionScore) -> str | None:
    """For a critical question: ``confirmed`` (answered at or near its worst, by everyone who
    answered), ``disputed`` (by some respondents only), ``open`` (unanswered); None when clear."""
    if not q.question.critical or not q.applicable:
        return None
    if q.status != ANSWERED:
        return "open"
    if q.score is None:
        return None
    threshold = checklist.knockout_score + 1e-9
    if q.high <= threshold:
        return "confirmed"
    return "disputed" if q.low <= threshold else None


class _Overall:
    """The overall estimate from the dimensions', and what it would be with one dimension's
    estimate changed, in constant time: a what-if changes one answer, so one dimension, and
    never whether a dimension applies."""

    def __init__(
        self, method: str, weights: Sequence[float], estimates: Sequence[Estimate]
    ) -> None:
        self.weights = list(weights)
        self.estimates = list(estimates)
        self.base = combine(method, list(zip(self.weights, self.estimates, strict=True)))
        self.where: dict[int, int] = {}  # dimension -> its item in the aggregate
        items: list[_Item] = []
        for index, (weight, estimate) in enumerate(zip(self.weights, self.estimates, strict=True)):
            if weight > 0 and estimate.applicable:
                self.where[index] = len(items)
                items.append((weight, estimate.score, estimate.low, estimate.high))
        self.aggregate = Aggregate(method, items)

    def changed(self, index: int, estimate: Estimate) -> Estimate:
        item = self.where.get(index)
        if item is None:  # weighs nothing, or nothing in it applies: the overall is as it was
            return self.base
        new = self.aggregate.what_if(item, estimate.score, estimate.low, estimate.high)
        # Coverage is summed again, not adjusted: it is compared with the minimum exactly.
        estimates = self.estimates
        covered = total = 0.0
        for at, weight in enumerate(self.weights):
            if at in self.where:
                total += weight
                covered += weight * (estimate if at == index else estimates[at]).coverage
        return Estimate(new.score, new.low, new.high, covered / total, self.base.not_applicable)


class _Model:
    """Everything derived from the scored questions: readings, flags, and the what-ifs."""

    def __init__(
        self,
        checklist: Checklist,
        audit: Audit,
        dimensions: Sequence[DimensionScore],
        aggregates: Sequence[Aggregate],
    ) -> None:
        self.checklist = checklist
        self.audit = audit
        self.dimensions = list(dimensions)
        self.aggregates = list(aggregates)
        self.levels = _Levels(checklist)
        self.weights = [d.dimension.weight for d in dimensions]
        self.estimates = [d.estimate for d in dimensions]
        self.combined = _Overall(checklist.dimension_aggregation, self.weights, self.estimates)
        self.status = {
            q.question.id: _knockout(checklist, q) for d in dimensions for q in d.questions
        }
        wanted = {r.question for band in checklist.bands for r in band.requires}
        self.required = {
            q.question.id: (q.score, q.low if q.known else 0.0, q.high if q.known else 1.0)
            for d in dimensions
            for q in d.questions
            if q.question.id in wanted
        }

    # -- readings --------------------------------------------------------------------------

    def overall(self, estimates: Sequence[Estimate]) -> Estimate:
        return combine(
            self.checklist.dimension_aggregation, list(zip(self.weights, estimates, strict=True))
        )

    def point_reading(
        self,
        estimates: Sequence[Estimate],
        status: dict[str, str | None],
        required: dict[str, tuple[float | None, float, float]],
        share: float | None = None,
        overall: Estimate | None = None,
    ) -> tuple[Estimate, Reading]:
        """The overall estimate (worked out unless given) and the point reading alone: what
        "fix first" needs (at ``share`` instead of the overall score when given)."""
        if overall is None:
            overall = self.overall(estimates)
        dims = [
            (d.dimension, e.score, e.coverage)
            for d, e in zip(self.dimensions, estimates, strict=True)
            if e.applicable
        ]
        knocked = [
            (q, s == "disputed") for q, s in status.items() if s in ("confirmed", "disputed")
        ]
        need = {q: values[0] for q, values in required.items()}
        at = overall.score if share is None else share
        return overall, self.levels.reading(at, dims, knocked, need)

    def readings(
        self,
        estimates: Sequence[Estimate],
        status: dict[str, str | None],
        required: dict[str, tuple[float | None, float, float]] | None = None,
    ) -> tuple[Estimate, Reading, Reading, Reading]:
        overall = self.overall(estimates)
        pairs = list(zip(self.dimensions, estimates, strict=True))

        def dims(pick: int) -> list[tuple[Dimension, float | None, float]]:
            return [
                (d.dimension, (e.score, e.low, e.high)[pick], e.coverage if pick == 0 else 1.0)
                for d, e in pairs
                if e.applicable
            ]

        confirmed = [(q, False) for q, s in status.items() if s == "confirmed"]
        disputed = [(q, True) for q, s in status.items() if s == "disputed"]
        opened = [(q, True) for q, s in status.items() if s == "open"]
        scores = self.required if required is None else required

        def need(pick: int) -> dict[str, float | None]:
            return {q: values[pick] for q, values in scores.items()}

        point = self.levels.reading(overall.score, dims(0), confirmed + disputed, need(0))
        low = self.levels.reading(overall.low, dims(1), confirmed + disputed + opened, need(1))
        high = self.levels.reading(overall.high, dims(2), confirmed, need(2))
        return overall, point, low, high

    # -- the result ------------------------------------------------------------------------

    def result(self, *, what_ifs: bool = True) -> Result:
        checklist = self.checklist
        overall, point, low, high = self.readings(self.estimates, self.status)
        items = [q for d in self.dimensions for q in d.questions]
        by_id = {q.question.id: q for q in items}
        insufficient = overall.coverage < checklist.min_coverage
        red_flags = tuple(f for q in items if (f := _flag(q)) is not None)
        strengths = tuple(q for q in items if q.counts and q.signal == "green" and q.known)
        result = Result(
            audit=self.audit,
            checklist=checklist,
            overall=overall,
            dimensions=tuple(self.dimensions),
            point=point,
            pessimistic=low,
            optimistic=high,
            insufficient=insufficient,
            knockouts=tuple(by_id[q] for q, s in self.status.items() if s == "confirmed"),
            disputed_knockouts=tuple(by_id[q] for q, s in self.status.items() if s == "disputed"),
            open_critical=tuple(by_id[q] for q, s in self.status.items() if s == "open"),
            red_flags=red_flags,
            strengths=strengths,
            disagreements=tuple(_disagreements(checklist, self.audit, items)),
            not_applicable=tuple(q for q in items if not q.applicable and q.question.weight > 0),
            next_questions=(),
            improvements=(),
        )
        if not what_ifs:
            return result
        # Imported here: the decision reads a Result, and the what-ifs below read decisions.
        from auditor.decision import decide_kind

        current = decide_kind(result)
        return replace(
            result,
            next_questions=self._next_questions(result, current),
            improvements=self._improvements(result),
        )

    # -- what-ifs ----------------------------------------------------------------------------

    def _what_if(
        self,
        where: tuple[int, int],
        point: float | None,
        low: float,
        high: float,
        status: str | None,
    ) -> tuple[Estimate, Reading, Reading, Reading, list[Estimate]]:
        estimates, question, required = self._answered(where, point, low, high)
        statuses = {**self.status, question.id: status}
        overall, p, lo, hi = self.readings(estimates, statuses, required)
        return overall, p, lo, hi, estimates

    def _answered(
        self, where: tuple[int, int], point: float | None, low: float, high: float
    ) -> tuple[list[Estimate], Question, dict[str, tuple[float | None, float, float]]]:
        """What every what-if starts from: the dimension estimates and the scores of required
        practices with the question at ``where`` scored (point, low, high)."""
        d_index, q_index = where
        estimates = list(self.estimates)
        changed = self.aggregates[d_index].what_if(q_index, point, low, high)
        estimates[d_index] = Estimate(
            changed.score,
            changed.low,
            changed.high,
            changed.coverage,
            self.estimates[d_index].not_applicable,
        )
        question = self.dimensions[d_index].questions[q_index].question
        required = self.required
        if question.id in required:
            required = {**required, question.id: (point, low, high)}
        return estimates, question, required

    def _open_what_if(
        self, where: tuple[int, int], value: float, status: str | None
    ) -> tuple[Estimate, Reading, Reading]:
        """An unknown answered ``value``: the overall estimate, the point reading, and the
        optimistic reading (at 0) or the pessimistic one (at 1); the third is unchanged."""
        estimates, question, required = self._answered(where, value, value, value)
        statuses = {**self.status, question.id: status}
        overall = self.combined.changed(where[0], estimates[where[0]])
        pick = 2 if value == 0.0 else 1
        point = self._reading(overall, estimates, statuses, required, 0)
        return overall, point, self._reading(overall, estimates, statuses, required, pick)

    def _reading(
        self,
        overall: Estimate,
        estimates: Sequence[Estimate],
        status: dict[str, str | None],
        required: dict[str, tuple[float | None, float, float]],
        pick: int,
    ) -> Reading:
        """One reading (0 point, 1 pessimistic, 2 optimistic) of given estimates."""
        dims = [
            (d.dimension, (e.score, e.low, e.high)[pick], e.coverage if pick == 0 else 1.0)
            for d, e in zip(self.dimensions, estimates, strict=True)
            if e.applicable
        ]
        held = _HELD[pick]
        knocked = [(q, s != "confirmed") for q, s in status.items() if s in held]
        need = {q: values[pick] for q, values in required.items()}
        share = (overall.score, overall.low, overall.high)[pick]
        return self.levels.reading(share, dims, knocked, need)

    def _point_what_if(self, where: tuple[int, int], value: float) -> tuple[Estimate, Reading]:
        """The overall estimate and point reading with one question answered ``value`` (a
        knock-out it made no longer holds): linear in the dimensions, for "fix first"."""
        estimates, question, required = self._answered(where, value, value, value)
        status = self.status
        if status.get(question.id) is not None:
            status = {**status, question.id: None}
        overall = self.combined.changed(where[0], estimates[where[0]])
        return self.point_reading(estimates, status, required, overall=overall)

    def _next_questions(self, result: Result, current: str) -> tuple[NextQuestion, ...]:
        """Open questions, ranked by what their answer could change: the decision first, then
        the level, then the score; open critical questions lead; then how far the answer could
        move the score's range (so weight counts, even in a dimension nobody has answered)."""
        from auditor.decision import decide_kind

        by_id = {q.question.id: q for d in self.dimensions for q in d.questions}
        ranked: list[tuple[tuple[float, ...], NextQuestion]] = []
        order = 0
        for d_index, dimension in enumerate(self.dimensions):
            for q_index, item in enumerate(dimension.questions):
                order += 1
                if not item.counts or item.status not in (DID_NOT_KNOW, NOT_ASKED):
                    continue
                outcomes = []
                for value in (0.0, 1.0):
                    knocked = (
                        "confirmed"
                        if item.question.critical and value <= self.checklist.knockout_score
                        else None
                    )
                    # The unknown is already at its worst in the pessimistic reading and at its
                    # best in the optimistic one: answering it at that end leaves that reading
                    # as it is, so only the other two are worked out again.
                    overall, p, other = self._open_what_if((d_index, q_index), value, knocked)
                    lo = result.pessimistic if value == 0.0 else other
                    hi = other if value == 0.0 else result.optimistic
                    trial = _varied(
                        result,
                        overall=overall,
                        point=p,
                        pessimistic=lo,
                        optimistic=hi,
                        insufficient=overall.coverage < self.checklist.min_coverage,
                        knockouts=result.knockouts + ((item,) if knocked else ()),
                        open_critical=tuple(q for q in result.open_critical if q is not item),
                        red_flags=result.red_flags
                        + (
                            (Flag(item, _worst_option_nature(item.question), None, (), ()),)
                            if value == 0
                            else ()
                        ),
                    )
                    outcomes.append((decide_kind(trial), p.level, overall.low))
                swing = outcomes[1][2] - outcomes[0][2]
                impact = (
                    "decision"
                    if any(o[0] != current for o in outcomes)
                    else "level"
                    if any(o[1] != result.point.level for o in outcomes)
                    else "score"
                )
                rank = (
                    0 if item.question.critical else 1,
                    {"decision": 0, "level": 1, "score": 2}[impact],
                    -round(swing, 9),
                    order,
                )
                ranked.append((rank, NextQuestion(item, impact, swing, _to_ask(item, by_id))))
        ranked.sort(key=lambda pair: pair[0])
        return tuple(n for _, n in ranked)

    def _improvements(self, result: Result) -> tuple[Improvement, ...]:
        """Answered questions below their best answer and not already good (green), unless
        moving them alone lifts a cap or reaches the next level, ranked: those that lift a cap
        first, then those that reach the next level, then by the points they would gain."""
        current = result.overall.score or 0.0
        above = self.checklist.band_above(result.point.capped)
        # A change can lift a cap only on a knock-out, a required practice or the weakest
        # dimension, and reach the next level only if the score shown gets there: elsewhere the
        # level cannot move, and only the points gained are worked out.
        # What the caps allow however high the score (the point reading at a full score): a
        # change that touches no cap can raise the level at most to there.
        _, top = self.point_reading(self.estimates, self.status, self.required, share=1.0)
        held_by = {c.dimension for c in (*result.point.caps, *top.caps) if c.kind == "weakest-link"}
        ceiling = top.capped.level
        # What holds the level down by name: knock-outs and the practices the next level needs.
        blocking = {q for c in result.point.caps if c.kind != "weakest-link" for q in c.questions}
        ranked: list[tuple[tuple[float, ...], Improvement]] = []
        order = 0
        for d_index, dimension in enumerate(self.dimensions):
            for q_index, item in enumerate(dimension.questions):
                order += 1
                if not item.counts or item.score is None:
                    continue
                best = item.question.answer.best()
                if item.score >= best - 1e-9:
                    continue
                q_id = item.question.id
                estimates = list(self.estimates)
                estimates[d_index] = self.aggregates[d_index].what_if(q_index, best, best, best)
                overall = self.combined.changed(d_index, estimates[d_index])
                gain = (overall.score or 0.0) - current
                tied = (
                    self.status.get(q_id) is not None
                    or q_id in self.required
                    or dimension.dimension.id in held_by
                )
                if tied:
                    _, p = self._point_what_if((d_index, q_index), best)
                    lifts = _cap_keys(p.caps) < _cap_keys(result.point.caps)
                    level = p.level
                else:
                    lifts = False
                    level = min(self.levels.band(overall.score).level, ceiling)
                reaches = above is not None and level >= above.level
                if gain <= 1e-9 and not lifts:
                    continue
                needed = q_id in blocking
                if item.signal == "green" and not lifts and not reaches and not needed:
                    # A good answer short of the best is not something to fix first: its
                    # action would restate what the team already does.
                    continue
                # A confirmed knock-out first (the headline's "fix first"), then what alone
                # raises the level, then the rest of what holds it down, then any other cap
                # lifted (another still holds the level), then points.
                if self.status.get(q_id) == "confirmed":
                    tier = 0
                elif level > result.point.level and (lifts or reaches):
                    tier = 1
                elif needed:
                    tier = 2
                elif lifts:
                    tier = 3
                else:
                    tier = 4
                rank = (tier, -round(gain, 9), order)
                ranked.append((rank, Improvement(item, gain, lifts, reaches, needed)))
        ranked.sort(key=lambda pair: pair[0])
        return tuple(i for _, i in ranked)


def _varied(result: Result, **changes: Any) -> Result:
    """``result`` with some fields changed, for a what-if: the same as ``dataclasses.replace``
    without re-running the constructor, which costs more than the rest of a what-if."""
    trial = object.__new__(Result)
    trial.__dict__.update(result.__dict__)
    trial.__dict__.update(changes)
    return trial


def _cap_keys(caps: Sequence[Cap]) -> set[tuple[str, tuple[str, ...], str | None]]:
    return {(c.kind, c.questions, c.dimension) for c in caps}


def _worst_option_nature(question: Question) -> str | None:
    options = question.answer.options
    worst = min(options, key=lambda o: o.score) if options else None
    return (worst.nature if worst else None) or question.answer.nature


def _flag(q: QuestionScore) -> Flag | None:
    """A red answer that counts; with several respondents who did not settle on one answer, one
    flag per question naming who said it."""
    if not q.counts or q.score is None:
        return None
    if q.voices and not q.settled:
        red = [v for v in q.voices if v.signal == "red"]
        if not red:
            return None
        return Flag(
            q,
            _worst_nature([v.nature for v in red]),
            next((v.cause for v in red if v.cause), None),
            tuple(v.respondent for v in red),
            tuple(v.value for v in red if v.value is not None),
        )
    if q.signal != "red":
        return None
    return Flag(q, q.nature, q.cause, (), () if q.value is None else (q.value,))


def _disagreements(
    checklist: Checklist, audit: Audit, items: Sequence[QuestionScore]
) -> list[Disagreement]:
    threshold = audit.disagreement_threshold / 100
    found = []
    for q in items:
        known = [v for v in q.voices if v.status == ANSWERED]
        scored = [v for v in known if v.score is not None]
        if len(known) < 2:
            continue
        resolved = q.settled
        if scored:
            spread = max(v.score or 0 for v in scored) - min(v.score or 0 for v in scored)
            signals = {v.signal for v in scored}
        else:  # counts behind a derived metric: apart when their values differ
            spread = 0.0
            signals = set()
            if len({v.value for v in known}) > 1 and q.question.weight == 0:
                continue
        if len(signals) < 2 and spread < threshold - 1e-9:
            continue
        critical_split = q.question.critical and any(
            (v.score or 0) <= checklist.knockout_score + 1e-9 for v in scored
        )
        conflict = ("red" in signals and len(signals) > 1) or critical_split
        found.append(Disagreement(q, spread, conflict, bool(resolved)))
    return found


def _to_ask(item: QuestionScore, by_id: dict[str, QuestionScore]) -> tuple[Question, ...]:
    question = item.question
    if question.answer.asked:
        return (question,)
    inputs = (by_id[i] for i in question.answer.inputs)
    return tuple(i.question for i in inputs if i.value is None and not i.voices) or tuple(
        i.question for i in (by_id[x] for x in question.answer.inputs)
    )
