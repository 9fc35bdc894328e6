"""The assessment: a scored result and its decision as the one view every renderer reads.

:func:`assess` is called once per audit by the commands; the terminal, JSON, HTML and PDF only
format what it returns (see :mod:`auditor.view` for the shape and ``docs/json-output.md`` for
what each key means). Nothing here decides anything new: numbers come from
:mod:`auditor.scoring`, the decision and its reasons from :mod:`auditor.decision`; this module
puts them on the checklist's scale, in words, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from auditor import citations, privacy
from auditor.audit import PRIVATE_FIELDS, Audit, Respondent
from auditor.checklist import Band, Checklist
from auditor.decision import decide, decide_kind, needs_words, range_cause, verdict
from auditor.natural import answer_text
from auditor.scoring import (
    ANSWERED,
    MIXED,
    DimensionScore,
    Estimate,
    Flag,
    Improvement,
    QuestionScore,
    Result,
    Voice,
)

if TYPE_CHECKING:  # for annotations only: importing these costs start-up
    from auditor.view import (
        AssessmentView,
        BandView,
        CapView,
        ChecklistView,
        DimensionView,
        FlagView,
        NotApplicableView,
        QuestionView,
        RespondentView,
        ScoreView,
        SinceChangeView,
        SinceGroupView,
        SinceView,
        StrengthView,
        TargetView,
        VoiceView,
    )

# The JSON document's format (docs/json-output.md): raised when a key changes meaning or goes.
FORMAT_VERSION = 2
REDACTED_NOTE = None
EFFORT_TEXT = {"small": "days", "medium": "weeks", "large": "a quarter or more"}
# Changed answers a short document lists per dimension since the previous audit (as compare's
# trend does); the rest are counted. The terminal and the JSON have them all.
SINCE_SHOWN = 3


class _Say:
    """Numbers on the checklist's scale and answers as heard, for one result."""

    def __init__(self, result: Result, redact: bool) -> None:
        self.result = result
        self.checklist = result.checklist
        self.scale = result.checklist.scale
        self.mode = result.mode
        self.redact = redact
        self.labels = {
            r.id: respondent_label(result.audit, r, i, redact)
            for i, r in enumerate(result.audit.respondents)
        }
        self.items = {q.question.id: q for q in result.questions()}
        self.sources = {s.id: s for s in result.checklist.sources}

    def num(self, share: float | None) -> float | None:
        return None if share is None else self.scale.shown(share)

    def earned(self, share: float | None, weight: float) -> float | None:
        """A question's score as shown: its share of 100, or the points it earns."""
        return None if share is None else self.scale.earned(share, weight)

    def estimate(self, estimate: Estimate) -> ScoreView:
        nothing = estimate.score is None and estimate.coverage == 0
        return {
            "score": self.num(estimate.score),
            "low": self.num(estimate.low),
            "high": self.num(estimate.high) if not (nothing and not estimate.applicable) else None,
            "coverage": round(estimate.coverage, 3),
            "not_applicable": round(estimate.not_applicable, 3),
        }

    def heard(self, item: QuestionScore, value: str | float | None = None) -> str | None:
        """What was heard: the option, or the number with its unit and the bucket it falls in."""
        own = value is None or value == item.value
        value = item.value if value is None else value
        if value is None:
            return None
        answer = item.question.answer
        # A ratio reads as the two counts it comes from: "5 ... for 8 ...", not "0.625 per".
        shown = answer_text(item, self.items) if own and not answer.asked else answer.show(value)
        if answer.numeric:
            scored = answer.score(value)
            if scored.option is not None:
                return f"{shown} ({scored.option.label})"
        return shown

    def reading(self, item: QuestionScore) -> str:
        """An answer, or its absence, in words: what a comparison over time shows."""
        if item.status == ANSWERED:
            return self.said(item)
        if not item.applicable:
            if self.redact and not item.na_by_rule:
                return "not applicable"
            return f"not applicable ({item.na_reason})"
        return {"did-not-know": "unknown (nobody knew)", "not-asked": "not asked"}.get(
            item.status, f"unknown ({item.status})"
        )

    def voice(self, item: QuestionScore, voice: Voice) -> VoiceView:
        answer = None
        if voice.value is not None:
            answer = self.heard(item, voice.value)
        elif voice.status == "not-applicable":
            answer = "not applicable"
        return {
            "respondent": self.labels.get(voice.respondent, voice.respondent or "agreed"),
            "status": voice.status,
            "answer": answer,
            "signal": voice.signal,
            "nature": voice.nature,
            "note": None if self.redact else voice.note,
        }

    def said(self, item: QuestionScore) -> str:
        """One line for a question's answer, even when respondents differ."""
        heard = self.heard(item)
        if heard is not None:
            return heard
        # Who said what, each answer once: "A and B: 8 models; C: 3 models".
        groups: dict[str, list[str]] = {}
        for v in item.voices:
            if v.value is not None:
                heard = self.heard(item, v.value) or ""
                groups.setdefault(heard, []).append(self.labels.get(v.respondent, v.respondent))
        if len(groups) == 1:
            return next(iter(groups))
        if groups:
            return "; ".join(f"{_join(names)}: {heard}" for heard, names in groups.items())
        return f"unknown ({item.status})"


def assess(
    result: Result,
    *,
    redact: bool = False,
    target: tuple[float | None, int | None] | None = None,
    previous: Result | None = None,
) -> AssessmentView:
    """Everything a reader of ``result`` sees, computed once; with ``target`` (a score or a
    level, as ``parse_target`` reads it) the gap to it, and with ``previous`` (an earlier audit of
    the same team) what changed since."""
    say = _Say(result, redact)
    audit = result.audit
    checklist = result.checklist
    decision = decide(result, say.labels)
    insufficient = result.insufficient
    band = result.point.capped
    knock = {q.question.id: "confirmed" for q in result.knockouts}
    knock.update({q.question.id: "disputed" for q in result.disputed_knockouts})
    knock.update({q.question.id: "open" for q in result.open_critical})
    level_text = (
        f"level {decision.level_low}"
        if decision.level_low == decision.level_high
        else f"level {decision.level_low} to {decision.level_high}"
    )
    return {
        "format": FORMAT_VERSION,
        "file": None if redact else audit.path,  # a path often names a person
        "mode": result.mode,
        "meta": _meta(audit, redact),
        "redacted": redact,
        "checklist": _checklist(checklist, audit, result.mode),
        "overall": say.estimate(result.overall),
        "level": None if insufficient else band.level,
        "band": None if insufficient else band.name,
        "signal": "unknown" if insufficient else band.signal,
        "average_level": None if insufficient else result.point.band.level,
        "verdict": verdict(result),
        "decision": {
            "decision": decision.decision,
            "headline": decision.headline,
            "signal": decision.signal,
            "level": decision.level,
            "level_low": decision.level_low,
            "level_high": decision.level_high,
            "level_text": level_text,
            "range_cause": range_cause(result),
            "next_level": None if decision.next_band is None else decision.next_band.level,
            "to_next": decision.to_next,
            "reasons": [
                {"rule": r.rule, "text": r.text, "questions": list(r.questions)}
                for r in decision.reasons
            ],
        },
        "caps": [
            _cap(result, c.kind, c.band.level, c.questions, c.dimension, c.disputed)
            for c in result.point.caps
            # Without enough evidence for a level there is no level to cap, except by a
            # knock-out, which decides on thin evidence too.
            if c.kind == "knockout" or not result.insufficient
        ],
        "knockouts": [q.question.id for q in result.knockouts],
        "dimensions": [_dimension(say, d, knock) for d in result.dimensions],
        "red_flags": [_flag(say, f) for f in result.red_flags],
        "strengths": [_strength(say, q) for q in result.strengths],
        "not_applicable": [_na(say, q) for q in result.not_applicable],
        "next_questions": [
            {
                "question": n.item.question.id,
                "dimension": n.item.question.dimension,
                "text": " ".join(q.phrasing(result.mode) for q in n.ask),
                "ask": [q.id for q in n.ask],
                "status": n.item.status,
                "critical": n.item.question.critical,
                "impact": n.impact,
                "swing": checklist.scale.delta(n.swing),
            }
            for n in result.next_questions
        ],
        "improvements": [
            {
                "question": i.item.question.id,
                "dimension": i.item.question.dimension,
                "text": i.item.question.phrasing(result.mode),
                "answer": say.said(i.item),
                "aim": i.item.question.good_answer,
                "action": i.item.question.action,
                "effort": i.item.question.effort,
                "effort_text": EFFORT_TEXT.get(i.item.question.effort or ""),
                "gain": checklist.scale.delta(i.gain),
                "lifts_cap": i.lifts_cap,
                "reaches_next_level": i.reaches_next,
                "needed": i.needed,
                "effect": _effect(checklist, result, i),
            }
            for i in result.improvements
        ],
        "disagreements": [
            {
                "question": d.item.question.id,
                "dimension": d.item.question.dimension,
                "text": d.item.question.phrasing(result.mode),
                "spread": checklist.scale.delta(d.spread, d.item.question.weight),
                "conflict": d.conflict,
                "resolved": d.resolved,
                "agreed": say.heard(d.item) if d.resolved else None,
                "answers": [say.voice(d.item, v) for v in d.item.voices if v.status == ANSWERED],
            }
            for d in result.disagreements
        ],
        "respondents": _respondents(audit, redact),
        "disagreement_threshold": audit.disagreement_threshold if audit.respondents else None,
        "orphaned_answers": [
            {
                "question": o.question,
                "answer": o.value,
                "unknown": o.unknown,
                "note": None if redact else o.note,
            }
            for o in audit.orphans
        ],
        "explain": explain(result, decision.decision, [r.rule for r in decision.reasons]),
        "target": None if target is None else _target(say, result, target),
        "since": None if previous is None else _since(say, result, previous),
    }


def _meta(audit: Audit, redact: bool) -> dict[str, str]:
    """The audit's details; redacted, without the names and with the role cut back to a role."""
    if not redact:
        return dict(audit.meta)
    meta = {k: v for k, v in audit.meta.items() if k not in PRIVATE_FIELDS}
    names = [audit.meta.get(k) for k in PRIVATE_FIELDS]
    # A merged audit's respondent lists every respondent's role: none may carry a name.
    names += [n for r in audit.respondents for n in (r.respondent_name, r.interviewer)]
    role = privacy.role_only(audit.meta.get("respondent"), names, _not_names(audit))
    if role:
        meta["respondent"] = role
    else:
        meta.pop("respondent", None)
    return meta


def _not_names(audit: Audit) -> list[str | None]:
    return [audit.meta.get(k) for k in ("company", "team", "role")]


def respondent_label(audit: Audit, respondent: Respondent, index: int, redact: bool) -> str:
    """How a report names one of several respondents: name and role, or, redacted, the role
    alone with any name it held cut out."""
    if not redact:
        return respondent.label(index)
    return (
        privacy.role_only(
            respondent.respondent,
            [respondent.respondent_name, respondent.interviewer],
            _not_names(audit),
        )
        or f"respondent {index + 1}"
    )


def _checklist(checklist: Checklist, audit: Audit, mode: str) -> ChecklistView:
    bands: list[BandView] = []
    for index, band in enumerate(checklist.bands):
        following = checklist.bands[index + 1] if index + 1 < len(checklist.bands) else None
        bands.append(
            {
                "level": band.level,
                "name": band.name,
                "signal": band.signal,
                "edge": band.edge,
                "inclusive": band.inclusive,
                "upper": None if following is None else following.edge,
                "range": _span(band, following, checklist.scale.maximum, checklist.scale.decimals),
                "verdict": band.verdict(mode),
            }
        )
    return {
        "id": checklist.id,
        "version": checklist.version,
        "hash": checklist.hash,
        "title": checklist.title,
        "description": checklist.description,
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "authors": s.authors,
                "venue": s.venue,
                "year": s.year,
                "url": s.url,
                "citation": citations.short(s),
                "reference": citations.reference(s),
            }
            for s in checklist.sources
        ],
        "aggregation": {
            "questions": checklist.question_aggregation,
            "dimensions": checklist.dimension_aggregation,
        },
        "min_coverage": checklist.min_coverage,
        "knockout_score": checklist.knockout_score,
        "knockout_level": checklist.knockout_band.level,
        "weakest_link": checklist.weakest_link,
        "scale": {
            "kind": checklist.scale.kind,
            "maximum": checklist.scale.maximum,
            "unit": checklist.scale.unit,
        },
        "bands": bands,
        "answered_against": {"version": audit.checklist_version, "hash": audit.checklist_hash},
        "changed_since": audit.checklist_changed,
    }


def _span(band: Band, following: Band | None, top: float, decimals: int) -> str:
    """A band's scores in words: ``60–79``, ``0``, ``above 1, up to 2``, ``above 5``."""
    lower = f"{band.edge:g}" if band.inclusive else f"above {band.edge:g}"
    if following is None:
        return f"{band.edge:g}–{top:g}" if band.inclusive else lower
    if band.inclusive and not following.inclusive and following.edge == band.edge:
        return f"{band.edge:g}"
    if band.inclusive and following.inclusive and decimals == 0:
        return f"{band.edge:g}–{following.edge - 1:g}"
    upper = f"below {following.edge:g}" if following.inclusive else f"up to {following.edge:g}"
    return f"{lower}, {upper}"


def _cap(
    result: Result,
    kind: str,
    level: int,
    questions: Sequence[str],
    dimension: str | None,
    disputed: bool,
) -> CapView:
    checklist = result.checklist
    if kind == "knockout":
        # What was heard, as the red flags say it (an option's words), never an internal id.
        items = {q.question.id: q for q in result.questions()}
        heard = [
            f"“{item.option.label}”" if item.option else f"“{item.question.phrasing(result.mode)}”"
            for item in (items[q] for q in questions if q in items)
        ]
        one = len(heard) == 1
        text = (
            f"{'A critical answer' if one else 'Critical answers'} at or near the worst "
            f"({_join(heard)}) cap{'s' if one else ''} the level at {level}"
            + (" until the respondents' disagreement is resolved" if disputed else "")
        )
    elif kind == "requirement":
        text = "; ".join(needs_words(result, checklist.band_at_level(level), questions))
        text = text[:1].upper() + text[1:]
    else:
        title = next(
            (d.dimension.title for d in result.dimensions if d.dimension.id == dimension), ""
        )
        text = (
            f"The weakest dimension, {title}, holds the level at {level} "
            f"(at most {checklist.weakest_link} above its own)"
        )
    return {
        "kind": kind,
        "level": level,
        "text": text,
        "questions": list(questions),
        "dimension": dimension,
        "disputed": disputed,
    }


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _question(say: _Say, item: QuestionScore, knock: dict[str, str]) -> QuestionView:
    q = item.question
    value = item.value
    if isinstance(value, float) and value == float("inf"):
        value = "infinite"
    signal = item.signal if item.status == ANSWERED and item.signal else "unknown"
    if not item.applicable:
        signal = "not-applicable"
    recorded = None if item.recorded is None else say.heard(item, item.recorded)
    return {
        "id": q.id,
        "dimension": q.dimension,
        "text": q.phrasing(say.mode),
        "weight": q.weight,
        "critical": q.critical,
        "kind": q.answer.kind,
        "status": item.status,
        "answer": say.said(item) if item.status == ANSWERED else None,
        "value": value,
        "score": say.earned(item.score, q.weight),
        "low": say.earned(item.low, q.weight) if item.known else None,
        "high": say.earned(item.high, q.weight) if item.known else None,
        "signal": signal,
        "nature": item.nature if item.signal in ("red", MIXED) else None,
        "cause": item.cause,
        "knockout": knock.get(q.id),
        "note": None if say.redact else item.note,
        "na_reason": None
        if item.na_reason is None
        else ("(reason left out)" if say.redact and not item.na_by_rule else item.na_reason),
        "recorded": recorded,
        "why": q.why,
        "good_answer": q.good_answer,
        "sources": list(q.sources),
        "citations": citations.cited(q.sources, say.sources),
        "reason": item.reason if item.status == ANSWERED else _unknown_reason(say, item),
        "voices": [say.voice(item, v) for v in item.voices],
    }


def _effect(checklist: Checklist, result: Result, improvement: Improvement) -> str:
    """What an action moves, in words every output prints as it is."""
    if improvement.reaches_next:
        return "reaches the next level"
    if improvement.lifts_cap:
        return "lifts a cap"
    if improvement.needed:
        # The level the cap it is part of holds back: a practice level 3 needs is "needed for
        # level 3" even while a knock-out holds the team at 1.
        question = improvement.item.question.id
        held = [c.band for c in result.point.caps if question in c.questions]
        above = checklist.band_above(min(held, key=lambda b: b.level)) if held else None
        return f"needed for level {above.level}" if above else "needed for the next level"
    gain = checklist.scale.delta(improvement.gain)
    return f"+{gain:g} point{'' if gain == 1 else 's'}"


def _unknown_reason(say: _Say, item: QuestionScore) -> str:
    if not item.applicable:
        return f"not applicable ({item.na_reason}): left out of the score"
    if item.reason and item.reason != "unknown":
        return item.reason
    worth = say.scale.worth(item.question.weight)
    return f"unknown ({item.status}): counted {worth(0)} at worst and {worth(1)} at best"


def _dimension(say: _Say, dim: DimensionScore, knock: dict[str, str]) -> DimensionView:
    scored = [q for q in dim.questions if q.counts]
    checklist = say.checklist
    score = say.num(dim.estimate.score)
    band = None if score is None else checklist.band_for(score)
    return {
        "id": dim.dimension.id,
        "title": dim.dimension.title,
        "description": dim.dimension.description,
        "weight": dim.dimension.weight,
        **say.estimate(dim.estimate),
        "level": None if band is None else band.level,
        "signal": "unknown"
        if band is None
        else (band.signal if dim.estimate.applicable else "not-applicable"),
        "answered": sum(1 for q in scored if q.known),
        "scored_questions": len(scored),
        "explain": _dimension_arithmetic(say, dim),
        "questions": [_question(say, q, knock) for q in dim.questions],
    }


def _flag(say: _Say, flag: Flag) -> FlagView:
    item = flag.item
    red = [v for v in item.voices if v.respondent in flag.said_by]
    causes = {v.cause for v in red}
    if len(red) > 1 and len(causes) > 1:
        said = "; ".join(
            f"{say.labels.get(v.respondent, v.respondent)}: "
            f"{(v.cause or 'no cause given').replace('-', ' ')}"
            for v in red
        )
        why = (
            f"causes differ ({said}); counted as {flag.nature or 'unclassified'}, the more serious"
        )
    elif flag.cause:
        why = f"the cause given is {flag.cause.replace('-', ' ')}"
    elif flag.nature:
        why = "the checklist's default for this answer"
    else:
        why = "not classified by the checklist"
    if flag.values:  # each red answer once; who gave it is in said_by
        answer = "; ".join(dict.fromkeys(say.heard(item, v) or "" for v in flag.values))
    else:
        answer = say.said(item)
    return {
        "question": item.question.id,
        "dimension": item.question.dimension,
        "text": item.question.phrasing(say.mode),
        "answer": answer,
        "nature": flag.nature or "unclassified",
        "cause": flag.cause,
        "nature_reason": why,
        "critical": item.question.critical,
        "said_by": [say.labels.get(r, r) for r in flag.said_by],
    }


def _strength(say: _Say, item: QuestionScore) -> StrengthView:
    return {
        "question": item.question.id,
        "dimension": item.question.dimension,
        "text": item.question.phrasing(say.mode),
        "answer": say.said(item),
    }


def _na(say: _Say, item: QuestionScore) -> NotApplicableView:
    reason = item.na_reason or ""
    if say.redact and not item.na_by_rule:
        reason = "(reason left out)"
    return {
        "question": item.question.id,
        "dimension": item.question.dimension,
        "text": item.question.phrasing(say.mode),
        "reason": reason,
        "recorded": None if item.recorded is None else say.heard(item, item.recorded),
    }


def _respondents(audit: Audit, redact: bool) -> list[RespondentView]:
    return [
        {
            "id": r.id,
            "label": respondent_label(audit, r, i, redact),
            "respondent": (
                privacy.role_only(
                    r.respondent, [r.respondent_name, r.interviewer], _not_names(audit)
                )
                if redact
                else r.respondent
            ),
            "date": r.date,
            # A file is often named after the person ("hm-renee.yaml").
            "file": None if redact else r.file,
            "respondent_name": None if redact else r.respondent_name,
            "interviewer": None if redact else r.interviewer,
        }
        for i, r in enumerate(audit.respondents)
    ]


_METHODS = {"mean": "weighted mean", "min": "minimum", "sum": "sum"}


def _dimension_arithmetic(say: _Say, dim: DimensionScore) -> str:
    """The dimension's score as arithmetic a reader can redo."""
    method = say.checklist.question_aggregation
    title = dim.dimension.title
    known = [q for q in dim.questions if q.counts and q.score is not None]
    open_ = [q for q in dim.questions if q.counts and q.score is None]
    na = [q for q in dim.questions if not q.applicable and q.question.weight > 0]
    if not known:
        text = f"{title}: nothing answered yet"
    elif say.scale.kind == "points":
        text = f"{title}: {_points_sum(say, dim, known)}"
    elif method == "min":
        text = f"{title}: the minimum of {', '.join(f'{(q.score or 0) * 100:.0f}' for q in known)} = {say.num(dim.estimate.score):g}"
    else:
        terms = " + ".join(f"{q.question.weight:g}×{(q.score or 0) * 100:.0f}" for q in known)
        weight = sum(q.question.weight for q in known)
        shown = say.num(dim.estimate.score)
        text = f"{title}: ({terms}) / {weight:g} = {shown:g}" if shown is not None else title
    if open_:
        low, high = say.num(dim.estimate.low), say.num(dim.estimate.high)
        text += f"; {len(open_)} unknown, so the range is {low:g} to {high:g}"
    if na:
        text += "; not applicable: " + ", ".join(f"{q.question.id} ({q.na_reason})" for q in na)
    return text


def _points_sum(say: _Say, dim: DimensionScore, known: Sequence[QuestionScore]) -> str:
    """A points dimension's sum: what each answer earned; scaled up when some are unknown, as
    the estimate assumes the open questions score like the answered ones."""
    earned = [say.earned(q.score, q.question.weight) or 0.0 for q in known]
    terms = " + ".join(f"{e:g}" for e in earned)
    total = say.num(dim.estimate.score)
    if len(known) == len([q for q in dim.questions if q.counts]):
        return f"{terms} = {total:g} points"
    answered = sum(q.question.weight for q in known)
    return (
        f"{terms} = {round(sum(earned), say.scale.decimals):g} of the {answered:g} points "
        f"answered, {total:g} of {say.scale.maximum:g} when scaled to all"
    )


def explain(result: Result, decision: str, rules: Sequence[str]) -> list[str]:
    """Every number and rule, in the order a reader checks them: dimensions, the overall score,
    the band, each cap, the readings, the decision, and why each red flag is structural or
    situational."""
    say = _Say(result, redact=False)
    checklist = result.checklist
    lines = [_dimension_arithmetic(say, d) for d in result.dimensions]
    method = checklist.dimension_aggregation
    parts = [
        (d.dimension.weight, say.num(d.estimate.score))
        for d in result.dimensions
        if d.dimension.weight > 0 and d.estimate.applicable
    ]
    point = result.point
    if result.overall.score is None:
        lines.append("Overall: nothing answered yet")
    elif method == "min":
        shown = ", ".join(f"{s:g}" for _, s in parts if s is not None)
        lines.append(f"Overall: the minimum of the dimensions ({shown}) = {point.shown:g}")
    else:
        terms = " + ".join(f"{w:g}×{s:g}" for w, s in parts if s is not None)
        total = sum(w for w, s in parts if s is not None)
        lines.append(
            f"Overall: {_METHODS[method]} of the dimensions ({terms}) / {total:g} = {point.shown:g}"
            f" (computed before rounding); coverage {round(result.overall.coverage * 100)}%"
        )
    if point.shown is not None:
        band = point.band
        lines.append(
            f"{point.shown:g} is in band “{band.name}” (level {band.level}, from {band.edge_text})"
        )
    for cap in point.caps:
        if cap.kind == "knockout":
            lines.append(
                f"Knock-out: {', '.join(cap.questions)} scored at or below "
                f"{checklist.knockout_score * 100:g}"
                + ("% of its points" if checklist.scale.kind == "points" else "")
                + f", so the level is capped at {cap.band.level}"
                + (" (disputed by the respondents)" if cap.disputed else "")
            )
        elif cap.dimension_band is not None:
            lines.append(
                f"Weakest link: {cap.dimension} is at level {cap.dimension_band.level}; the level "
                f"may be at most {checklist.weakest_link} above it, so it is capped at {cap.band.level}"
            )
    low, high = result.pessimistic, result.optimistic
    lines.append(
        f"Pessimistic reading (unknowns at their worst, open or disputed critical questions as "
        f"knock-outs): {_shown(low.shown)}, level {low.level}; optimistic reading: "
        f"{_shown(high.shown)}, level {high.level}"
    )
    if result.insufficient:
        lines.append(
            f"Coverage {round(result.overall.coverage * 100)}% is below the "
            f"{round(checklist.min_coverage * 100)}% needed for a level"
        )
    lines.append(f"Decision: {decision} (rules that fired: {', '.join(rules) or 'none'})")
    for flag in result.red_flags:
        source = f"cause given: {flag.cause}" if flag.cause else "checklist default"
        lines.append(
            f"Red flag {flag.item.question.id}: {flag.nature or 'unclassified'} ({source})"
        )
    return lines


def _shown(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _score_text(checklist: Checklist, score: float) -> str:
    return f"{score:g}/100" if checklist.scale.unit == "/100" else f"{score:g} points"


# A target and a previous audit (--target, --previous) are read by auditor.roadmap, imported
# only when one is given: most runs never pay for it.


def _target(say: _Say, result: Result, target: tuple[float | None, int | None]) -> TargetView:
    """The gap to a target level in numbers and in one sentence a manager can act on."""
    from auditor.roadmap import target_gap

    found = target_gap(result, *target)
    checklist = say.checklist
    goal = found.target
    edge = _score_text(checklist, goal.score)
    label = edge if goal.level is None else f"level {goal.level} ({edge})"
    short = [d for d in found.dimensions if d.gap.points]
    unknown = [d for d in found.dimensions if d.gap.points is None]
    count = len(found.dimensions)
    parts = []
    if short:
        below = f"{len(short)} of {count} dimension{'s' if count > 1 else ''}"
        points = f"{found.total:g} point{'' if found.total == 1 else 's'} short in all"
        if found.reached:
            # The level is the overall score's band and its practices: a dimension under
            # its edge does not undo it, but is where the next gains are.
            parts.append(f"{below} still below {goal.score:g} ({points})")
        else:
            parts.append(f"{below} below {goal.score:g}, {points}")
    elif not unknown:
        parts.append(f"every dimension at {goal.score:g} or above")
    if unknown:
        parts.append(f"{len(unknown)} not known yet")
    summary = f"{label[0].upper()}{label[1:]} {'reached' if found.reached else 'not reached yet'}"
    summary += ": " + "; ".join(parts) if parts else ""
    needs = [p.requirement.needs for p in found.practices]
    if needs:
        summary += f"; it also needs {_join(needs)}"
    if found.knockouts:
        heard = "; ".join(say.said(k) for k in found.knockouts)
        summary += (
            f"; first fix the knock-out ({heard}), which holds the level at "
            f"{checklist.knockout_band.level} whatever the scores"
        )
    # The same in one short line (the brief report's): practices and knock-outs counted.
    if short:
        still = "still below" if found.reached else "short"
        counted = [f"{len(short)} of {_count(count, 'dimension')} {still} ({found.total:g} points)"]
    else:
        counted = [] if unknown else [f"every dimension at {goal.score:g} or above"]
    if unknown:
        counted.append(f"{len(unknown)} not known yet")
    if needs:
        counted.append(f"{_count(len(needs), 'practice')} missing")
    if found.knockouts:
        counted.append(_count(len(found.knockouts), "knock-out"))
    named = edge if goal.level is None else f"level {goal.level}"
    headline = f"Target {named}: {'reached' if found.reached else 'not reached'}"
    if counted:
        headline += "; " + ", ".join(counted)
    return {
        "level": goal.level,
        "score": goal.score,
        "label": label,
        "reached": found.reached,
        "total_gap": found.total,
        "headline": headline + ".",
        "summary": summary + ".",
        "dimensions": [
            {
                "id": d.dimension.dimension.id,
                "title": d.dimension.dimension.title,
                "score": d.score,
                "gap": d.gap.points,
            }
            for d in found.dimensions
        ],
        "practices": [
            {
                "question": p.item.question.id,
                "dimension": p.item.question.dimension,
                "level": p.band.level,
                "needs": p.requirement.needs,
                "today": say.reading(p.item),
            }
            for p in found.practices
        ],
        "knockouts": [k.question.id for k in found.knockouts],
    }


def _since(say: _Say, result: Result, previous: Result) -> SinceView:
    """What changed since the previous audit: scores and levels then and now, and the answers
    that changed, grouped by dimension and read as a person says them."""
    from auditor.roadmap import since

    found = since(previous, result)
    comparison = found.comparison
    previous = found.previous
    before = _Say(previous, say.redact)
    overall = comparison.overall

    def shown(estimates: Sequence[Estimate | None], column: int) -> float | None:
        estimate = estimates[column]
        if estimate is None or estimate.score is None:
            return None
        return comparison.results[column].checklist.scale.shown(estimate.score)

    then_level = None if previous.insufficient else previous.point.level
    now_level = None if say.result.insufficient else say.result.point.level
    change = overall.since_previous[1]
    groups: dict[str, list[SinceChangeView]] = {d.dimension.id: [] for d in say.result.dimensions}
    changes = comparison.changes[0] if comparison.changes else ()
    for c in changes:
        groups.setdefault(c.question.dimension, []).append(
            {
                "question": c.question.id,
                "text": c.question.phrasing(say.mode),
                "before": before.reading(c.before),
                "after": say.reading(c.after),
                "change": c.delta,
            }
        )
    titles = {d.dimension.id: d.dimension.title for d in say.result.dimensions}
    date = previous.audit.meta["date"]
    then_score, now_score = shown(overall.estimates, 0), shown(overall.estimates, 1)
    score_words = f"score {_num(then_score)} → {_num(now_score)}" + (
        "" if change is None else f" ({change:+g})"
    )
    if then_level is None or now_level is None:
        level_words = f"level {_num(then_level)} → {_num(now_level)}"
    elif then_level == now_level:
        level_words = f"level {now_level}, as before"
    else:
        level_words = f"level {then_level} → {now_level}"
    count = len(changes)
    answers = f"{count} answer{'' if count == 1 else 's'} changed" if count else "no answer changed"
    return {
        "file": None if say.redact else previous.audit.path,
        "date": date,
        "score": then_score,
        "level": then_level,
        "band": None if previous.insufficient else previous.point.capped.name,
        "decision": decide_kind(previous),
        "score_change": change,
        "level_change": None if then_level is None or now_level is None else now_level - then_level,
        "summary": f"Since {date}: {score_words}, {level_words}; {answers}.",
        "dimensions": [
            {
                "id": row.id,
                "title": row.title,
                "before": shown(row.estimates, 0),
                "after": shown(row.estimates, 1),
                "change": row.since_previous[1],
            }
            for row in comparison.dimensions
        ],
        "changes": [
            _since_group(dim, titles.get(dim, dim), items) for dim, items in groups.items() if items
        ],
        "changed": count,
        "notes": list(comparison.notes),
    }


def _since_group(dimension: str, title: str, items: list[SinceChangeView]) -> SinceGroupView:
    """One dimension's changed answers, those that moved its score most first (as ``compare``
    orders a trend's); ``shown`` of them are what a short document lists, the rest it counts."""
    items.sort(key=lambda c: (c["change"] is None, -abs(c["change"] or 0.0)))
    shown = 0
    while shown < min(SINCE_SHOWN, len(items)) and items[shown]["change"]:
        shown += 1
    return {
        "dimension": dimension,
        "title": title,
        "questions": items,
        "shown": shown,
        "more": len(items) - shown,
    }


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _num(value: float | int | None) -> str:
    return "?" if value is None else f"{value:g}"
