"""A :class:`~auditor.compare.Comparison` as plain data: the JSON output of ``compare`` and the
one context its renderers read, built from the comparison and each audit's assessment (so every
audit shows the same decision, level and reasons as in its own report). Nothing here computes a
score. Scores are on the checklist's scale, as shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from auditor.compare import Comparison, Row
from auditor.scoring import Estimate, QuestionScore, Result
from auditor.view import FORMAT_VERSION, AssessmentView


def comparison_dict(
    comparison: Comparison, views: Sequence[AssessmentView], *, redact: bool = False
) -> dict[str, Any]:
    labels = comparison.labels
    target = comparison.target
    modes = [r.mode for r in comparison.results]
    # Each answer as its audit's own report says it: the number with its bucket, as heard.
    heard = [
        {q["id"]: q["answer"] for d in v["dimensions"] for q in d["questions"] if q["answer"]}
        for v in views
    ]
    return {
        "format": FORMAT_VERSION,
        "view": comparison.view,
        "redacted": redact,
        "target": None if target is None else {"score": target.score, "level": target.level},
        "audits": [_audit(comparison, views[i], i, label) for i, label in enumerate(labels)],
        "overall": _row(comparison.overall, labels, modes, comparison.results),
        "dimensions": [
            _row(row, labels, modes, comparison.results) for row in comparison.dimensions
        ],
        "not_comparable": [
            {
                "kind": e.kind,
                "id": e.id,
                "title": e.title,
                "present_in": [labels[i] for i in e.present_in],
                "reason": e.reason,
            }
            for e in comparison.excluded
        ],
        "changes": [
            {
                "from": labels[step],
                "to": labels[step + 1],
                "questions": [
                    {
                        "question": c.question.id,
                        "dimension": c.question.dimension,
                        "text": c.question.phrasing(comparison.results[step + 1].mode),
                        "before": heard[step].get(c.question.id) or answer_label(c.before),
                        "after": heard[step + 1].get(c.question.id) or answer_label(c.after),
                        "delta": c.delta,
                    }
                    for c in changes
                ],
            }
            for step, changes in enumerate(comparison.changes)
        ],
        "notes": list(comparison.notes),
    }


def answer_label(item: QuestionScore) -> str:
    """What was answered, as a reader says it: the option, the value with its unit, or unknown."""
    if item.status == "not-applicable":
        return f"not applicable ({item.na_reason})"
    if item.status != "answered":
        return f"unknown ({item.status})"
    answer = item.question.answer
    if item.value is not None:
        return answer.show(item.value)
    said = [answer.show(v.value) for v in item.voices if v.value is not None]
    return " / ".join(said) or "answered"


def _audit(comparison: Comparison, view: AssessmentView, index: int, label: str) -> dict[str, Any]:
    result = comparison.results[index]
    return {
        "label": label,
        "file": view["file"],
        "mode": view["mode"],
        "meta": view["meta"],
        "checklist": {
            "id": result.checklist.id,
            "version": result.checklist.version,
            "hash": result.checklist.hash,
        },
        "overall": view["overall"],
        # The audit's own decision, level and reasons: the same words as its report.
        "band": view["band"],
        "level": view["level"],
        "signal": view["signal"],
        "verdict": view["verdict"],
        "decision": view["decision"],
        "insufficient_evidence": view["level"] is None,
        "structural_red_flags": [f for f in view["red_flags"] if f["nature"] == "structural"],
        "total_gap": comparison.total_gaps[index],
    }


def _estimate(estimate: Estimate, result: Result) -> dict[str, Any]:
    scale = result.checklist.scale
    return {
        "score": None if estimate.score is None else scale.shown(estimate.score),
        "low": scale.shown(estimate.low),
        "high": scale.shown(estimate.high),
        "coverage": round(estimate.coverage, 3),
    }


def _row(
    row: Row, labels: tuple[str, ...], modes: list[str], results: Sequence[Result]
) -> dict[str, Any]:
    sep = row.separation
    return {
        "id": row.id,
        "title": row.title,
        "scores": [
            {
                "audit": labels[i],
                **(_estimate(e, results[i]) if e is not None else _unknown()),
                "signal": row.signals[i],
                "since_previous": row.since_previous[i],
                "since_first": row.since_first[i],
                "gap": row.gaps[i].points,
            }
            for i, e in enumerate(row.estimates)
        ],
        "leader": None if sep.leader is None else labels[sep.leader],
        "separable": sep.separable,
        "cannot_separate_from": [labels[i] for i in sep.contenders],
        "ask_to_separate": [
            {
                "audit": labels[a.column],
                "question": a.next.item.question.id,
                "text": a.next.item.question.phrasing(modes[a.column]),
                "swing": results[a.column].checklist.scale.delta(a.next.swing),
                "impact": a.next.impact,
            }
            for a in sep.asks
        ],
        "left_out": list(row.left_out),
    }


def _unknown() -> dict[str, Any]:
    return {"score": None, "low": None, "high": None, "coverage": None}
