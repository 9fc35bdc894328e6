"""A checklist as plain data for the probe sheet: the questions in one mode's phrasing, with the
answers to tick, what a good answer sounds like and the red flags to listen for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from auditor.checklist import Checklist, Question
from auditor.errors import AuditorError


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
