"""A scored :class:`~auditor.scoring.Result` as plain data: the JSON output and the one context
that every template and the terminal renderer read. Nothing here computes a score.

The shape is documented in ``docs/json-output.md``; scores are on the 0-100 scale, coverage is a
share in [0, 1].
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from auditor.audit import PRIVATE_FIELDS, Audit, SourceAnswer
from auditor.checklist import Answer, Checklist, Question
from auditor.errors import AuditorError
from auditor.scoring import (
    DimensionScore,
    Estimate,
    QuestionScore,
    Result,
    improvements,
    percent,
    points,
    recommend,
)
from auditor.units import with_unit

JSON_FORMAT_VERSION = 1


def estimate_dict(estimate: Estimate) -> dict[str, Any]:
    return {
        "score": percent(estimate.score),
        "low": percent(estimate.low),
        "high": percent(estimate.high),
        "coverage": round(estimate.coverage, 3),
    }


def question_dict(item: QuestionScore, mode: str, *, redact: bool = False) -> dict[str, Any]:
    q = item.question
    value = item.value
    if isinstance(value, float) and value == float("inf"):
        value = "infinite"
    return {
        "id": q.id,
        "dimension": q.dimension,
        "question": q.phrasing(mode),
        "weight": q.weight,
        "critical": q.critical,
        "status": item.status,
        "score": percent(item.score),
        "answer": _answer_label(item),
        "value": value,
        "signal": item.signal,
        "nature": item.nature,
        "note": None if redact else item.note,
        "why": q.why,
        "good_answer": q.good_answer,
        "reason": item.reason,
    }


def dimension_dict(
    dim: DimensionScore, mode: str, checklist: Checklist, *, redact: bool = False
) -> dict[str, Any]:
    scored = [q for q in dim.questions if q.question.weight > 0]
    return {
        "id": dim.dimension.id,
        "title": dim.dimension.title,
        "description": dim.dimension.description,
        "weight": dim.dimension.weight,
        **estimate_dict(dim.estimate),
        "signal": _signal(checklist, dim.estimate.score),
        "answered": sum(1 for q in scored if q.known),
        "scored_questions": len(scored),
        "questions": [question_dict(q, mode, redact=redact) for q in dim.questions],
    }


def flag_dict(item: QuestionScore, mode: str) -> dict[str, Any]:
    return {
        "question": item.question.id,
        "dimension": item.question.dimension,
        "text": item.question.phrasing(mode),
        "answer": _answer_label(item),
        "nature": item.nature or "unclassified",
        "critical": item.question.critical,
    }


def result_dict(result: Result, *, redact: bool = False) -> dict[str, Any]:
    """The documented JSON object for one scored audit."""
    mode = result.mode
    audit = result.audit
    meta = {k: v for k, v in audit.meta.items() if not (redact and k in PRIVATE_FIELDS)}
    checklist = result.checklist
    return {
        "format": JSON_FORMAT_VERSION,
        "file": audit.path,
        "mode": mode,
        "meta": meta,
        "redacted": redact,
        "checklist": {
            "id": checklist.id,
            "version": checklist.version,
            "hash": checklist.hash,
            "title": checklist.title,
            "description": checklist.description,
            "sources": [{"id": s.id, "title": s.title, "url": s.url} for s in checklist.sources],
            "aggregation": {
                "questions": checklist.question_aggregation,
                "dimensions": checklist.dimension_aggregation,
            },
            "min_coverage": checklist.min_coverage,
            "knockout_cap": checklist.knockout_cap,
            "bands": _bands(checklist, mode),
            "answered_against": {"version": audit.checklist_version, "hash": audit.checklist_hash},
            "changed_since": audit.checklist_changed,
        },
        "overall": estimate_dict(result.overall),
        "verdict": result.verdict,
        # No band or level without enough evidence: the terminal, JSON and PDF all say so alike.
        "band": None if result.insufficient else result.band.name,
        "level": None if result.insufficient else result.band.level,
        "signal": "unknown" if result.insufficient else result.band.signal,
        "insufficient_evidence": result.insufficient,
        "knockouts": [item.question.id for item in result.knockouts],
        "dimensions": [
            dimension_dict(d, mode, checklist, redact=redact) for d in result.dimensions
        ],
        "red_flags": [flag_dict(item, mode) for item in result.red_flags],
        "strengths": [flag_dict(item, mode) for item in result.strengths],
        "next_questions": [
            {
                "question": n.item.question.id,
                "dimension": n.item.question.dimension,
                "text": " ".join(q.phrasing(mode) for q in n.ask),
                "ask": [q.id for q in n.ask],
                "status": n.item.status,
                "swing": percent(n.swing),
            }
            for n in result.next_questions
        ],
        "merged_from": merged_from_list(audit, redact=redact),
        "disagreement_threshold": audit.disagreement_threshold,
        "disagreements": disagreements(result, redact=redact),
        "improvements": [
            {
                "question": n.item.question.id,
                "dimension": n.item.question.dimension,
                "text": n.item.question.phrasing(mode),
                "answer": _answer_label(n.item),
                "good_answer": n.item.question.good_answer,
                "gain": percent(n.swing),
            }
            for n in improvements(result)
        ],
        "recommendation": _recommendation(result),
        "orphaned_answers": [
            {"question": o.question, "answer": o.value, "unknown": o.unknown}
            | ({} if redact else {"note": o.note})
            for o in audit.orphans
        ],
    }


def _signal(checklist: Checklist, score: float | None) -> str:
    """A dimension's signal is that of the band its score falls in, as the overall score's is,
    so that a 67 reads the same on a dimension bar as on the gauge."""
    return "unknown" if score is None else checklist.band_for(points(score)).signal


def _bands(checklist: Checklist, mode: str) -> list[dict[str, Any]]:
    bounds = [b.min for b in checklist.bands[1:]] + [100.0]
    return [
        {
            "min": band.min,
            "max": upper,
            "level": band.level,
            "name": band.name,
            "signal": band.signal,
            "verdict": band.verdict(mode),
        }
        for band, upper in zip(checklist.bands, bounds, strict=True)
    ]


def _recommendation(result: Result) -> dict[str, Any]:
    """The recommendation (decided in :func:`auditor.scoring.recommend`) as plain data."""
    advice = recommend(result)
    return {
        "decision": advice.decision,
        "structural": advice.structural,
        "situational": advice.situational,
        "unknown": advice.unknown,
        "critical": list(advice.critical),
        "low_band": advice.low_band.name,
        "high_band": advice.high_band.name,
        "range_spans_bands": advice.low_band.min != advice.high_band.min,
    }


def checklist_dict(checklist: Checklist, mode: str, only: Sequence[str] = ()) -> dict[str, Any]:
    """A checklist as plain data for the probe sheet: the questions in ``mode``'s phrasing with
    their answer buckets, keeping only the dimensions named in ``only`` (all when empty)."""
    unknown = [d for d in only if checklist.dimension(d) is None]
    if unknown:
        known = ", ".join(d.id for d in checklist.dimensions)
        raise AuditorError(
            f"checklist {checklist.id!r} has no dimension {unknown[0]!r}; its dimensions are: "
            f"{known}"
        )
    chosen = [d for d in checklist.dimensions if not only or d.id in only]
    return {
        "id": checklist.id,
        "version": checklist.version,
        "hash": checklist.hash,
        "title": checklist.title,
        "mode": mode,
        "partial": bool(only),
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "description": d.description,
                "questions": [_probe_dict(q, mode) for q in d.questions],
            }
            for d in chosen
        ],
    }


def _probe_dict(q: Question, mode: str) -> dict[str, Any]:
    return {
        "id": q.id,
        "question": q.phrasing(mode),
        "kind": q.answer.kind,
        "unit": q.answer.unit,
        "critical": q.critical,
        "scored": q.weight > 0,
        "inputs": list(q.answer.inputs),
        "options": [{"id": o.id, "label": o.label, "signal": o.signal} for o in q.answer.options],
        "good_answer": q.good_answer,
        "red_flags": list(q.red_flags),
        "follow_ups": list(q.follow_ups),
        "why": q.why,
    }


def _answer_label(item: QuestionScore) -> str | None:
    """What was heard: the option or bucket label, else the number with its unit."""
    if item.option is not None:
        return item.option.label
    return _shown(item.value, item.question.answer.unit)


def merged_from_list(audit: Audit, *, redact: bool = False) -> list[dict[str, Any]]:
    """The respondents of a merged audit (empty otherwise); names left out when redacted."""
    return [
        {
            "id": s.id,
            "label": s.label(i, redact=redact),
            "respondent": s.respondent,
            "date": s.date,
            "file": s.file,
        }
        | ({} if redact else {"respondent_name": s.respondent_name, "interviewer": s.interviewer})
        for i, s in enumerate(audit.merged_from)
    ]


def disagreements(result: Result, *, redact: bool = False) -> list[dict[str, Any]]:
    """Where a merged audit's respondents disagree: the consensus and who said what."""
    audit = result.audit
    if not audit.merged:
        return []
    labels = {s.id: s.label(i, redact=redact) for i, s in enumerate(audit.merged_from)}
    found = []
    for item in result.questions():
        response = audit.response(item.question.id)
        if response is None or not response.disagreement:
            continue
        answer = item.question.answer
        found.append(
            {
                "question": item.question.id,
                "dimension": item.question.dimension,
                "text": item.question.phrasing(result.mode),
                "spread": response.spread,
                "consensus": _said(response.value, response.unknown, answer),
                "answers": [
                    _own_answer(labels[own.respondent], own, answer, redact=redact)
                    for own in response.sources
                ],
            }
        )
    return found


def _own_answer(
    label: str, own: SourceAnswer, answer: Answer, *, redact: bool
) -> dict[str, str | None]:
    said: dict[str, str | None] = {
        "respondent": label,
        "answer": _said(own.value, own.unknown, answer),
    }
    if not redact:
        said["note"] = own.note
    return said


def _said(value: str | float | None, unknown: str | None, answer: Answer) -> str:
    if value is None:
        return f"unknown ({unknown or 'not-asked'})"
    if not answer.numeric:
        option = answer.option(str(value))
        return option.label if option is not None else str(value)
    shown = _shown(value, answer.unit) or ""
    bucket = answer.bucket(float(value)) if answer.kind == "number" else None
    return f"{shown} ({bucket.label})" if bucket is not None else shown


def _shown(value: object, unit: str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return with_unit(value, unit)
    return f"{value} {unit or ''}".strip()
