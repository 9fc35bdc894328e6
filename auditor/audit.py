"""The audit file: what was heard in one interview or self-audit, question by question.

An audit names its checklist by id (with the version and content hash it was answered against).
Answers are checked against that checklist: an option must exist, a number must be in range. When
the checklist has changed since (another hash), answers to questions it no longer has are kept as
*orphans* and reported, never dropped; when it has not, such an answer is a typo and an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from auditor.checklist import Checklist, Question
from auditor.units import parse_quantity
from auditor.validation import validate
from auditor.yamlio import PathKey, YamlDoc

META_FIELDS = ("company", "team", "role", "date", "respondent", "respondent_name", "interviewer")
PRIVATE_FIELDS = ("respondent_name", "interviewer")


@dataclass(frozen=True)
class SourceAnswer:
    """In a merged audit: what one respondent answered, keyed by their id in ``merged_from``."""

    respondent: str
    value: str | float | None = None
    unknown: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Response:
    """One recorded answer: an option id, a number, or an explicit unknown; and a note.

    In a merged audit ``value`` is the consensus, the one that is scored; ``sources`` keeps every
    respondent's own answer, ``spread`` is the range of their scores in points (0-100), and
    ``disagreement`` marks a spread over the audit's threshold.
    """

    question: str
    value: str | float | None = None
    unknown: str | None = None
    note: str | None = None
    sources: tuple[SourceAnswer, ...] = ()
    spread: float | None = None
    disagreement: bool = False

    @property
    def answered(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class MergeSource:
    """One respondent of a merged audit: their id, source file and metadata."""

    id: str
    file: str
    respondent: str | None = None
    respondent_name: str | None = None
    interviewer: str | None = None
    date: str | None = None

    def label(self, index: int, *, redact: bool = False) -> str:
        """How the report names them: role and name, or the role alone when redacted."""
        role = self.respondent or f"respondent {index + 1}"
        if redact or not self.respondent_name:
            return role
        return f"{self.respondent_name} ({role})"


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
    merged_from: tuple[MergeSource, ...] = ()
    disagreement_threshold: float | None = None

    def response(self, question_id: str) -> Response | None:
        return self.responses.get(question_id)

    @property
    def merged(self) -> bool:
        return bool(self.merged_from)

    @property
    def title(self) -> str:
        """Company and team, for headings: ``Acme · Ranking``."""
        parts = [self.meta.get("company"), self.meta.get("team")]
        return " · ".join(p for p in parts if p) or self.path


def check_shape(doc: YamlDoc) -> None:
    """The audit schema, after a plainer word for the commonest mix-up: a checklist given as an
    audit."""
    if "dimensions" in doc.data and "answers" not in doc.data:
        raise doc.at(
            [],
            "is a checklist, not an audit; give an audit file (`mlops-audit validate` checks "
            "checklists)",
        )
    validate("audit", doc)


def checklist_ref(doc: YamlDoc) -> str:
    """The checklist id an audit names, after checking the audit's own shape."""
    check_shape(doc)
    return str(doc.data["checklist"]["id"])


def build_audit(doc: YamlDoc, checklist: Checklist, *, shape_checked: bool = False) -> Audit:
    """Check ``doc``'s answers against ``checklist`` and build the :class:`Audit`.

    ``shape_checked`` skips the schema check when :func:`checklist_ref` already made it.
    """
    if not shape_checked:
        check_shape(doc)
    data = doc.data
    ref = data["checklist"]
    if ref["id"] != checklist.id:
        raise doc.at(
            ["checklist", "id"], f"audit is for checklist {ref['id']!r}, not {checklist.id!r}"
        )
    # The checklist changed since the audit when its hash differs or, without a hash (a hand-written
    # audit), its version does: then answers to questions it no longer has are kept, not refused.
    if ref.get("hash") is not None:
        changed = ref["hash"] != checklist.hash
    else:
        changed = ref.get("version") is not None and str(ref["version"]) != checklist.version
    _check_date(doc, ["date"], data.get("date"))
    for index, item in enumerate(data.get("merged_from") or []):
        _check_date(doc, ["merged_from", index, "date"], item.get("date"))
    sources = _merge_sources(doc)
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
            response = _response(doc, path, question, entry, changed)
            given = entry.get("responses")
            if given is not None or sources:
                response = _with_sources(doc, path, question, entry, response, sources, changed)
            responses[question.id] = response
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
        merged_from=tuple(sources.values()),
        disagreement_threshold=data.get("disagreement_threshold"),
    )


def _check_date(doc: YamlDoc, path: list[PathKey], value: str | None) -> None:
    """The schema checks the YYYY-MM-DD shape; this checks it is a day on the calendar."""
    if value is None:
        return
    try:
        date.fromisoformat(value)
    except ValueError:
        raise doc.at(path, f"expected a date as YYYY-MM-DD, got {value!r}: no such day") from None


def _merge_sources(doc: YamlDoc) -> dict[str, MergeSource]:
    """The respondents of a merged audit, by id; empty for an ordinary audit."""
    sources: dict[str, MergeSource] = {}
    for index, item in enumerate(doc.data.get("merged_from") or []):
        if item["id"] in sources:
            raise doc.at(["merged_from", index, "id"], f"duplicate respondent id {item['id']!r}")
        sources[item["id"]] = MergeSource(
            id=item["id"],
            file=item["file"],
            respondent=item.get("respondent") or None,
            respondent_name=item.get("respondent_name") or None,
            interviewer=item.get("interviewer") or None,
            date=item.get("date") or None,
        )
    return sources


def _with_sources(
    doc: YamlDoc,
    path: list[PathKey],
    question: Question,
    entry: dict[str, Any],
    response: Response,
    sources: dict[str, MergeSource],
    changed: bool,
) -> Response:
    """``response`` with each respondent's own answer, checked like any answer."""
    given = entry.get("responses") or {}
    if given and not sources:
        raise doc.at(
            [*path, "responses"],
            "respondents' answers need a top-level 'merged_from' that declares them",
            named=f"answers.{question.id}.responses",
        )
    kept = []
    for respondent, own in given.items():
        where: list[PathKey] = [*path, "responses", str(respondent)]
        if respondent not in sources:
            known = ", ".join(sources)
            raise doc.at(
                where,
                f"no respondent {respondent!r} in merged_from; expected one of: {known}",
                named=f"answers.{question.id}.responses.{respondent}",
            )
        checked = _response(
            doc,
            where,
            question,
            own or {},
            changed,
            f"answers.{question.id}.responses.{respondent}",
        )
        kept.append(SourceAnswer(str(respondent), checked.value, checked.unknown, checked.note))
    # The respondents' notes stay in their own answers; the report reads them as one note.
    labels = {key: source.respondent or key for key, source in sources.items()}
    notes = [f"{labels[k.respondent]}: {k.note}" for k in kept if k.note]
    note = "\n".join(filter(None, [response.note, *notes])) or None
    return Response(
        response.question,
        response.value,
        response.unknown,
        note,
        sources=tuple(kept),
        spread=entry.get("spread"),
        disagreement=bool(entry.get("disagreement", False)),
    )


class _Orphaned(Exception):
    """An answer that names an option the (changed) checklist no longer has."""


def _raw_response(question_id: str, entry: dict[str, Any]) -> Response:
    """An answer kept as written (``yes`` stays "yes", not YAML's True), for the record."""
    value = entry.get("answer")
    return Response(
        question_id,
        None if value is None else normalise_choice(value),
        entry.get("unknown"),
        entry.get("note"),
    )


def _response(
    doc: YamlDoc,
    path: list[PathKey],
    question: Question,
    entry: dict[str, Any],
    changed: bool,
    named: str | None = None,
) -> Response:
    named = named or f"answers.{question.id}"
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
        try:
            number = parse_quantity(value, answer.unit)
        except ValueError as exc:
            raise doc.at(where, str(exc), named=named) from None
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
