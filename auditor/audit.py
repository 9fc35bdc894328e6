"""The audit file: what was heard in one interview or self-audit, question by question.

An audit names its checklist by id (with the version and content hash it was answered against).
Answers are checked against that checklist: an option must exist, a number must be in range. When
the checklist has changed since (another hash), answers to questions it no longer has are kept as
*orphans* and reported, never dropped; when it has not, such an answer is a typo and an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from auditor.checklist import Checklist, Question
from auditor.validation import validate
from auditor.yamlio import PathKey, YamlDoc

META_FIELDS = ("company", "team", "role", "date", "respondent", "respondent_name", "interviewer")
PRIVATE_FIELDS = ("respondent_name", "interviewer")


@dataclass(frozen=True)
class Response:
    """One recorded answer: an option id, a number, or an explicit unknown; and a note."""

    question: str
    value: str | float | None = None
    unknown: str | None = None
    note: str | None = None

    @property
    def answered(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Audit:
    path: str
    mode: str
    checklist_id: str
    checklist_version: str | None
    checklist_hash: str | None
    meta: dict[str, str]
    responses: dict[str, Response]
    orphans: tuple[Response, ...] = ()
    checklist_changed: bool = False
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def response(self, question_id: str) -> Response | None:
        return self.responses.get(question_id)

    @property
    def title(self) -> str:
        """Company and team, for headings: ``Acme · Ranking``."""
        parts = [self.meta.get("company"), self.meta.get("team")]
        return " · ".join(p for p in parts if p) or self.path


def checklist_ref(doc: YamlDoc) -> str:
    """The checklist id an audit names, after checking the audit's own shape."""
    validate("audit", doc)
    return str(doc.data["checklist"]["id"])


def build_audit(doc: YamlDoc, checklist: Checklist, *, shape_checked: bool = False) -> Audit:
    """Check ``doc``'s answers against ``checklist`` and build the :class:`Audit`.

    ``shape_checked`` skips the schema check when :func:`checklist_ref` already made it.
    """
    if not shape_checked:
        validate("audit", doc)
    data = doc.data
    ref = data["checklist"]
    if ref["id"] != checklist.id:
        raise doc.at(
            ["checklist", "id"], f"audit is for checklist {ref['id']!r}, not {checklist.id!r}"
        )
    changed = ref.get("hash") is not None and ref.get("hash") != checklist.hash
    responses: dict[str, Response] = {}
    orphans: list[Response] = []
    for question_id, entry in data["answers"].items():
        path: list[PathKey] = ["answers", str(question_id)]
        entry = entry or {}
        question = checklist.question(str(question_id))
        if question is None:
            if not changed:
                raise doc.at(
                    path,
                    f"no question {question_id!r} in checklist {checklist.id} {checklist.version}",
                    named=f"answers.{question_id}",
                )
            orphans.append(_raw_response(str(question_id), entry))
            continue
        try:
            responses[question.id] = _response(doc, path, question, entry, changed)
        except _Orphaned:
            orphans.append(_raw_response(question.id, entry))
    meta = {key: str(data[key]) for key in META_FIELDS if data.get(key) not in (None, "")}
    return Audit(
        path=doc.file,
        mode=data["mode"],
        checklist_id=ref["id"],
        checklist_version=None if ref.get("version") is None else str(ref["version"]),
        checklist_hash=ref.get("hash"),
        meta=meta,
        responses=responses,
        orphans=tuple(orphans),
        checklist_changed=changed,
        data=data,
    )


class _Orphaned(Exception):
    """An answer that names an option the (changed) checklist no longer has."""


def _raw_response(question_id: str, entry: dict[str, Any]) -> Response:
    value = entry.get("answer")
    return Response(
        question_id, None if value is None else str(value), entry.get("unknown"), entry.get("note")
    )


def _response(
    doc: YamlDoc, path: list[PathKey], question: Question, entry: dict[str, Any], changed: bool
) -> Response:
    named = f"answers.{question.id}"
    value = entry.get("answer")
    unknown = entry.get("unknown")
    note = entry.get("note")
    if value is not None and unknown is not None:
        raise doc.at(
            [*path, "unknown"],
            "give either 'answer' or 'unknown', not both",
            named=f"{named}.unknown",
        )
    if value is None:
        return Response(question.id, None, unknown, note)
    answer = question.answer
    where = [*path, "answer"]
    named = f"{named}.answer"
    if answer.kind == "derived":
        inputs = " and ".join(answer.inputs)
        raise doc.at(where, f"is computed from {inputs}; answer those instead", named=named)
    if answer.kind == "number":
        number = parse_number(value)
        if number is None:
            raise doc.at(where, f"expected a number of {answer.unit}, got {value!r}", named=named)
        low, high = answer.minimum, answer.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            span = f"{low:g} to {high:g}" if high is not None else f"at least {low:g}"
            raise doc.at(where, f"expected {span} {answer.unit}, got {number:g}", named=named)
        return Response(question.id, number, None, note)
    option_id = normalise_choice(value)
    if answer.option(option_id) is None:
        if changed:
            raise _Orphaned()
        choices = ", ".join(o.id for o in answer.options)
        raise doc.at(where, f"expected one of: {choices}; got {value!r}", named=named)
    return Response(question.id, option_id, None, note)


def normalise_choice(value: Any) -> str:
    """YAML reads ``yes``/``no`` as booleans; an option id is always text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_number(value: Any) -> float | None:
    """A finite number from ``value`` (a number, or text such as ``"2.5"``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", ""))
        except ValueError:
            return None
    return number if math.isfinite(number) else None
