"""The audit file: what was heard in one interview or self-audit, question by question.

An audit names its checklist by id (with the version and content hash it was answered against).
Answers are checked against that checklist: an option must exist, a number must be in range. When
the checklist has changed since (another hash), answers to questions it no longer has are kept as
*orphans* and reported, never dropped; when it has not, such an answer is a typo and an error.

Several people may have answered one audit (``respondents``): each answer then keeps what every
one of them said under ``responses``. Nobody's answer is averaged into one nobody gave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from auditor.answers import normalise_choice
from auditor.checklist import Checklist, Question
from auditor.errors import InputError, Problems
from auditor.schema import CAUSES
from auditor.validation import validate
from auditor.yamlio import PathKey, YamlDoc

__all__ = [
    "META_FIELDS",
    "PRIVATE_FIELDS",
    "Audit",
    "Respondent",
    "Response",
    "Said",
    "build_audit",
    "check_shape",
    "checklist_ref",
    "normalise_choice",
]

META_FIELDS = ("company", "team", "role", "date", "respondent", "respondent_name", "interviewer")
PRIVATE_FIELDS = ("respondent_name", "interviewer")
DEFAULT_DISAGREEMENT = 30.0


@dataclass(frozen=True, slots=True)
class Said:
    """What one person answered to one question: a value (an option id or a number), an
    unknown, or not applicable with its reason; their note, and the cause they gave for a red
    answer (``nature``, as written: company-wide, team-only, temporary...)."""

    value: str | float | None = None
    unknown: str | None = None
    na: str | None = None
    note: str | None = None
    nature: str | None = None

    @property
    def answered(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class Response:
    """One question's entry in an audit: the answer (``said``) and, with several respondents,
    each one's own answer by respondent id. With several respondents and no agreed answer,
    ``said`` holds only the shared note."""

    question: str
    said: Said = field(default_factory=Said)
    by: tuple[tuple[str, Said], ...] = ()

    @property
    def answered(self) -> bool:
        return self.said.answered

    @property
    def value(self) -> str | float | None:
        return self.said.value

    @property
    def unknown(self) -> str | None:
        return self.said.unknown

    @property
    def note(self) -> str | None:
        return self.said.note


@dataclass(frozen=True)
class Respondent:
    """One person who answered an audit with several respondents."""

    id: str
    respondent: str | None = None
    respondent_name: str | None = None
    interviewer: str | None = None
    date: str | None = None
    file: str | None = None

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
    respondents: tuple[Respondent, ...] = ()
    disagreement_threshold: float = DEFAULT_DISAGREEMENT

    def response(self, question_id: str) -> Response | None:
        return self.responses.get(question_id)

    @property
    def multi_voice(self) -> bool:
        """Several people answered: answers are read per respondent."""
        return len(self.respondents) > 1

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
    # Every problem with the answers is reported, in file order, not only the first.
    problems = Problems()
    try:
        _check_date(doc, ["date"], data.get("date"))
    except InputError as exc:
        problems.add(exc)
    respondents = _respondents(doc, problems)
    responses: dict[str, Response] = {}
    orphans: list[Response] = []
    for question_id, entry in data["answers"].items():
        path: list[PathKey] = ["answers", str(question_id)]
        entry = entry or {}
        question = checklist.question(str(question_id))
        if question is None:
            if not changed:
                problems.add(
                    doc.at(
                        path,
                        f"no question {question_id!r} in checklist {checklist.id} "
                        f"{checklist.version}",
                        named=f"answers.{question_id}",
                    )
                )
                continue
            orphans.append(_raw_response(str(question_id), entry))
            continue
        try:
            said = _said(doc, path, question, entry, changed, f"answers.{question.id}")
            by = _by_respondent(doc, path, question, entry, respondents, changed, problems)
        except _Orphaned:
            orphans.append(_raw_response(question.id, entry))
            continue
        except InputError as exc:
            problems.add(exc)
            continue
        responses[question.id] = Response(question.id, said, by)
    problems.raise_if_any()
    meta = {key: str(data[key]) for key in META_FIELDS if data.get(key) not in (None, "")}
    threshold = data.get("disagreement_threshold")
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
        respondents=tuple(respondents.values()),
        disagreement_threshold=DEFAULT_DISAGREEMENT if threshold is None else float(threshold),
    )


def _check_date(doc: YamlDoc, path: list[PathKey], value: str | None) -> None:
    """The schema checks the YYYY-MM-DD shape; this checks it is a day on the calendar."""
    if value is None:
        return
    try:
        date.fromisoformat(value)
    except ValueError:
        raise doc.at(path, f"expected a date as YYYY-MM-DD, got {value!r}: no such day") from None


def _respondents(doc: YamlDoc, problems: Problems) -> dict[str, Respondent]:
    """The respondents of an audit several people answered, by id; empty otherwise."""
    found: dict[str, Respondent] = {}
    for index, item in enumerate(doc.data.get("respondents") or []):
        if item["id"] in found:
            problems.add(
                doc.at(["respondents", index, "id"], f"duplicate respondent id {item['id']!r}")
            )
            continue
        try:
            _check_date(doc, ["respondents", index, "date"], item.get("date"))
        except InputError as exc:
            problems.add(exc)
        found[item["id"]] = Respondent(
            id=item["id"],
            respondent=item.get("respondent") or None,
            respondent_name=item.get("respondent_name") or None,
            interviewer=item.get("interviewer") or None,
            date=item.get("date") or None,
            file=item.get("file") or None,
        )
    return found


def _by_respondent(
    doc: YamlDoc,
    path: list[PathKey],
    question: Question,
    entry: dict[str, Any],
    respondents: dict[str, Respondent],
    changed: bool,
    problems: Problems,
) -> tuple[tuple[str, Said], ...]:
    """Each respondent's own answer, checked like any answer."""
    given = entry.get("responses") or {}
    if given and not respondents:
        raise doc.at(
            [*path, "responses"],
            "respondents' answers need a top-level 'respondents' list that declares them",
            named=f"answers.{question.id}.responses",
        )
    kept = []
    for respondent, own in given.items():
        where: list[PathKey] = [*path, "responses", str(respondent)]
        named = f"answers.{question.id}.responses.{respondent}"
        if respondent not in respondents:
            known = ", ".join(respondents)
            raise doc.at(
                where,
                f"no respondent {respondent!r} in respondents; expected one of: {known}",
                named=named,
            )
        kept.append((str(respondent), _said(doc, where, question, own or {}, changed, named)))
    return tuple(kept)


class _Orphaned(Exception):
    """An answer that names an option the (changed) checklist no longer has."""


def _raw_response(question_id: str, entry: dict[str, Any]) -> Response:
    """An answer kept as written (``yes`` stays "yes", not YAML's True), for the record."""
    value = entry.get("answer")
    return Response(
        question_id,
        Said(
            None if value is None else normalise_choice(value),
            entry.get("unknown"),
            entry.get("na"),
            entry.get("note"),
        ),
    )


def _said(
    doc: YamlDoc,
    path: list[PathKey],
    question: Question,
    entry: dict[str, Any],
    changed: bool,
    named: str,
) -> Said:
    value = entry.get("answer")
    given = [key for key in ("answer", "unknown", "na") if entry.get(key) is not None]
    if len(given) > 1:
        raise doc.at(
            [*path, given[1]],
            f"give one of 'answer', 'unknown' or 'na', not {' and '.join(map(repr, given))}",
            named=f"{named}.{given[1]}",
        )
    na = entry.get("na")
    if na is not None and question.critical:
        raise doc.at(
            [*path, "na"],
            "a critical question cannot be 'not applicable' (it could lift a knock-out); "
            "answer it, or mark it 'unknown: did-not-know'",
            named=f"{named}.na",
        )
    nature = entry.get("nature")
    note = entry.get("note")
    if value is None:
        return Said(None, entry.get("unknown"), na, note, nature)
    answer = question.answer
    if changed and not answer.numeric and answer.option(normalise_choice(value)) is None:
        raise _Orphaned()
    try:
        stored = answer.read(value)
    except ValueError as exc:
        raise doc.at([*path, "answer"], str(exc), named=f"{named}.answer") from None
    return Said(stored, None, None, note, nature)


def nature_of(cause: str | None) -> str | None:
    """What a cause written on an answer means: structural or situational."""
    return None if cause is None else CAUSES.get(cause)
