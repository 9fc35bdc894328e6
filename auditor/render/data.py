"""A scored :class:`~auditor.scoring.Result` as plain data: the JSON output and the one context
that every template and the terminal renderer read. Nothing here computes a score.

The shape is documented in ``docs/json-output.md``; scores are on the 0-100 scale, coverage is a
share in [0, 1].
"""

from __future__ import annotations

from typing import Any

from auditor.audit import PRIVATE_FIELDS
from auditor.scoring import DimensionScore, Estimate, QuestionScore, Result, percent

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
        "reason": item.reason,
    }


def dimension_dict(dim: DimensionScore, mode: str, *, redact: bool = False) -> dict[str, Any]:
    return {
        "id": dim.dimension.id,
        "title": dim.dimension.title,
        "weight": dim.dimension.weight,
        **estimate_dict(dim.estimate),
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
            "answered_against": {"version": audit.checklist_version, "hash": audit.checklist_hash},
            "changed_since": audit.checklist_changed,
        },
        "overall": estimate_dict(result.overall),
        "verdict": result.verdict,
        "band": result.band.name,
        "level": result.band.level,
        "signal": "unknown" if result.insufficient else result.band.signal,
        "insufficient_evidence": result.insufficient,
        "knockouts": [item.question.id for item in result.knockouts],
        "dimensions": [dimension_dict(d, mode, redact=redact) for d in result.dimensions],
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
        "orphaned_answers": [
            {"question": o.question, "answer": o.value, "unknown": o.unknown}
            | ({} if redact else {"note": o.note})
            for o in audit.orphans
        ],
    }


def _answer_label(item: QuestionScore) -> str | None:
    """What was heard: the option or bucket label, else the number with its unit."""
    if item.option is not None:
        return item.option.label
    return _shown(item.value, item.question.answer.unit)


def _shown(value: object, unit: str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return f"{value:g} {unit or ''}".strip()
    return f"{value} {unit or ''}".strip()
