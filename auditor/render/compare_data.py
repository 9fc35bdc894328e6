"""A :class:`~auditor.compare.Comparison` as plain data: the JSON output of ``compare`` and the
one context its renderers read. Nothing here computes a score. Scores are on the 0-100 scale.
"""

from __future__ import annotations

from typing import Any

from auditor.audit import PRIVATE_FIELDS
from auditor.compare import Comparison, Row
from auditor.render.data import JSON_FORMAT_VERSION, estimate_dict, flag_dict
from auditor.scoring import QuestionScore, points
from auditor.units import with_unit


def comparison_dict(comparison: Comparison, *, redact: bool = False) -> dict[str, Any]:
    labels = comparison.labels
    target = comparison.target
    modes = [r.mode for r in comparison.results]
    return {
        "format": JSON_FORMAT_VERSION,
        "view": comparison.view,
        "redacted": redact,
        "target": None if target is None else {"score": target.score, "level": target.level},
        "audits": [_audit(comparison, i, label, redact=redact) for i, label in enumerate(labels)],
        "overall": _row(comparison.overall, labels, modes),
        "dimensions": [_row(row, labels, modes) for row in comparison.dimensions],
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
                        "before": answer_label(c.before),
                        "after": answer_label(c.after),
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
    if item.status != "answered":
        return f"unknown ({item.status})"
    if item.option is not None and item.question.answer.kind in ("choice", "yesno"):
        return item.option.label
    value = item.value
    if isinstance(value, float):
        return with_unit(float(f"{value:.3g}"), item.question.answer.unit)
    return str(value)


def _audit(comparison: Comparison, index: int, label: str, *, redact: bool) -> dict[str, Any]:
    result = comparison.results[index]
    audit = result.audit
    return {
        "label": label,
        "file": audit.path,
        "mode": audit.mode,
        "meta": {k: v for k, v in audit.meta.items() if not (redact and k in PRIVATE_FIELDS)},
        "checklist": {
            "id": result.checklist.id,
            "version": result.checklist.version,
            "hash": result.checklist.hash,
        },
        "overall": estimate_dict(result.overall),
        # No band or level without enough evidence: the terminal, JSON and PDF all say so alike.
        "band": None if result.insufficient else result.band.name,
        "level": None if result.insufficient else result.band.level,
        "signal": "unknown" if result.insufficient else result.band.signal,
        "verdict": result.verdict,
        "insufficient_evidence": result.insufficient,
        "structural_red_flags": [
            flag_dict(f, audit.mode) for f in comparison.structural_flags(index)
        ],
        "total_gap": comparison.total_gaps[index],
    }


def _row(row: Row, labels: tuple[str, ...], modes: list[str]) -> dict[str, Any]:
    sep = row.separation
    return {
        "id": row.id,
        "title": row.title,
        "scores": [
            {
                "audit": labels[i],
                **(estimate_dict(e) if e is not None else _unknown()),
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
                "swing": points(a.next.swing),
            }
            for a in sep.asks
        ],
        "left_out": list(row.left_out),
    }


def _unknown() -> dict[str, Any]:
    return {"score": None, "low": None, "high": None, "coverage": None}
