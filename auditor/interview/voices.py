"""Several voices in one audit file: whose answers an interview records, and the audit turned into
one with ``respondents`` when a second person joins it. Pure: no files, no terminal.

An audit one person answered keeps the plain format (``answers: {q: {answer: ...}}``). When
``--respondent`` names someone else, the file becomes what ``mlops-audit merge`` writes: the
answers already there become the first respondent's (``responses: {hiring-manager: {...}}``,
notes and causes with them), the first respondent's role and name move to a ``respondents``
entry, and the new person is added beside them. Every question is then asked for the new person:
their own answers, never the others' shown as theirs.

A person is found by role (spelling aside: "ML engineer" is ``ml-engineer``) or by their id
(``ml-engineer-2``), and by name when one is given: ``--name`` tells two people of one role apart;
someone recorded without a name takes the name given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from auditor.checklist import Checklist, Question
from auditor.errors import AuditorError
from auditor.interview.session import UNKNOWN_CHOICES, Change, Session, show_value

# The entry keys of one person's answer, as a single-respondent audit writes them.
_OWN_KEYS = ("answer", "nature", "unknown", "na", "note")
# Merged audits list this many roles in the top-level `respondent`, then count them.
_MAX_LISTED_ROLES = 5


@dataclass(frozen=True)
class AddVoice(Change):
    """A new person in the audit: the file becomes one with respondents (when it is not yet,
    its answers becoming ``first``'s) and the person is added, dated ``date``.

    A :class:`Change` so that the store can apply it again on top of an edit made to the file
    meanwhile; applying it twice adds the person once.
    """

    name: str | None = None
    date: str | None = None
    first: str | None = None

    def apply(self, data: dict[str, Any]) -> None:
        assert self.respondent is not None
        if not data.get("respondents") and self.first is not None:
            _to_voices(data, self.first)
        listed = data.setdefault("respondents", [])
        if not any(isinstance(r, dict) and r.get("id") == self.respondent for r in listed):
            entry = {"id": self.respondent, "respondent": self.value}
            if self.name:
                entry["respondent_name"] = self.name
            if self.date:
                entry["date"] = self.date
            listed.append(entry)
        _summarise(data)

    def describe(self, checklist: Checklist) -> str:
        return f"respondent {self.respondent} added"


@dataclass(frozen=True)
class Whose:
    """Whose answers an interview on an existing audit records.

    ``respondent`` is the person's id in an audit several people answered, None for an audit one
    person answered (as before voices); ``changes`` are saved before the first question;
    ``message`` is said first.
    """

    respondent: str | None
    changes: tuple[Change, ...] = ()
    message: str | None = None


def whose(data: dict[str, Any], meta: Mapping[str, str], today: str, path: str) -> Whose:
    """Whose answers to record in the existing audit ``data``, from the ``--respondent`` (role)
    and ``--name`` given in ``meta``; other metadata options update the audit."""
    role = meta.get("respondent") or None
    name = meta.get("respondent_name") or None
    shared = tuple(
        Change(None, key, value)
        for key, value in meta.items()
        if key not in ("respondent", "respondent_name") and value and data.get(key) != value
    )
    listed = [r for r in data.get("respondents") or [] if isinstance(r, dict)]
    if not listed:
        return _single(data, role, name, shared, today, path)
    if role is None and name is None:
        raise AuditorError(
            f"{path} holds the answers of {len(listed)} people ({_listing(listed)}); say whose "
            "answers to record with --respondent ROLE (and --name NAME to tell two people of "
            'one role apart), e.g. --respondent "ML engineer"'
        )
    found = _matching(listed, role, name)
    if len(found) > 1:
        raise AuditorError(
            f"{path}: several people match {_asked(role, name)}: {_listing(found)}; give "
            "--respondent with one of these ids, or --name"
        )
    if found:
        person = found[0]
        changes = shared
        if name and not person.get("respondent_name"):
            changes += (Change(None, "respondent_name", name, person["id"]),)
        return Whose(person["id"], changes, f"Recording the answers of {_label(person, name)}.")
    if role is None:
        raise AuditorError(
            f"{path}: nobody named {name!r} answered this audit ({_listing(listed)}); to add "
            "them, give their role too: --respondent ROLE --name NAME"
        )
    new_id = _new_id(role, {str(r["id"]) for r in listed})
    add = AddVoice(None, "respondent", role, new_id, name=name, date=today)
    return Whose(
        new_id,
        (*shared, add),
        f"Adding {_label({'respondent': role}, name)} to {path}, respondent {new_id} "
        f"({len(listed) + 1} people): every question is asked for them.",
    )


def _single(
    data: dict[str, Any],
    role: str | None,
    name: str | None,
    shared: tuple[Change, ...],
    today: str,
    path: str,
) -> Whose:
    """An audit one person answered: resumed as it is for them, or made a multi-voice audit
    when ``role`` and ``name`` are someone else's."""
    current_role = data.get("respondent") or None
    current_name = data.get("respondent_name") or None
    own = tuple(
        Change(None, key, value)
        for key, value in (("respondent", role), ("respondent_name", name))
        if value and data.get(key) != value
    )
    if role is None or (current_role is None and not _has_answers(data)):
        return Whose(None, shared + own)
    same_role = current_role is not None and _slug(current_role) == _slug(role)
    if same_role and (name is None or current_name is None or _same_name(current_name, name)):
        return Whose(None, shared + own)
    if current_role is None:
        raise AuditorError(
            f"{path} does not say who gave its answers, so another person's cannot be told apart "
            f"from them; add `respondent: <their role>` to {path} (e.g. respondent: hiring "
            "manager), then run the command again"
        )
    first = _slug(current_role) or "respondent-1"
    new_id = _new_id(role, {first})
    count = sum(1 for entry in (data.get("answers") or {}).values() if entry)
    first_label = _label({"respondent": current_role}, current_name)
    add = AddVoice(None, "respondent", role, new_id, name=name, date=today, first=first)
    return Whose(
        new_id,
        (*shared, add),
        f"{path} now holds the answers of 2 people: the {count} already in it are kept as "
        f"those of {first_label}, respondent {first}; every question is now asked for "
        f"{_label({'respondent': role}, name)}, respondent {new_id}.",
    )


def _to_voices(data: dict[str, Any], first: str) -> None:
    """Turn an audit one person answered into one with respondents, in place, losing nothing:
    each answer (with its note and cause) becomes ``first``'s own."""
    person: dict[str, Any] = {"id": first}
    for key in ("respondent", "respondent_name", "date"):
        if data.get(key):
            person[key] = data[key]
    # A name is per person (and private); the interviewer, the candidate, stays the audit's.
    data.pop("respondent_name", None)
    answers = data.get("answers") or {}
    for question, entry in list(answers.items()):
        if not isinstance(entry, dict) or not entry:
            continue
        own = {key: entry[key] for key in _OWN_KEYS if key in entry}
        rest = {key: value for key, value in entry.items() if key not in _OWN_KEYS}
        answers[question] = {**rest, "responses": {first: own}} if own else entry
    data["respondents"] = [person]


def _summarise(data: dict[str, Any]) -> None:
    """The audit's own ``respondent`` and ``date`` from its respondents, as ``merge`` writes
    them: the roles (or their count), and the latest date."""
    listed = [r for r in data.get("respondents") or [] if isinstance(r, dict)]
    roles = [str(r.get("respondent") or f"respondent {i + 1}") for i, r in enumerate(listed)]
    data["respondent"] = (
        ", ".join(roles) if len(roles) <= _MAX_LISTED_ROLES else f"{len(roles)} respondents"
    )
    dates = sorted(str(r["date"]) for r in listed if r.get("date"))
    if dates:
        data["date"] = dates[-1]


def _matching(listed: list[dict[str, Any]], role: str | None, name: str | None) -> list[Any]:
    found = listed
    if role is not None:
        wanted = _slug(role)
        found = [
            r for r in found if r.get("id") == wanted or _slug(r.get("respondent") or "") == wanted
        ]
    if name is not None:
        named = [r for r in found if _same_name(r.get("respondent_name"), name)]
        # Someone recorded without a name takes the name given (by role only: a name alone
        # must find its person).
        found = named or [r for r in found if role is not None and not r.get("respondent_name")]
    return found


def _has_answers(data: dict[str, Any]) -> bool:
    return any(entry for entry in (data.get("answers") or {}).values())


def _slug(text: str) -> str:
    """An id from a role, as ``merge`` makes them: ``ML engineer`` is ``ml-engineer``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _same_name(a: object, b: str) -> bool:
    return isinstance(a, str) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _new_id(role: str, taken: set[str]) -> str:
    base = _slug(role) or "respondent"
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _label(person: Mapping[str, Any], name: str | None = None) -> str:
    role = person.get("respondent") or person.get("id") or "a respondent"
    name = person.get("respondent_name") or name
    return f"{name} ({role})" if name else str(role)


def _listing(listed: list[dict[str, Any]]) -> str:
    return ", ".join(f"{r.get('id')} = {_label(r)}" for r in listed)


def _asked(role: str | None, name: str | None) -> str:
    return " ".join(
        part
        for part in (f"--respondent {role!r}" if role else "", f"--name {name!r}" if name else "")
        if part
    )


def others_said(session: Session, question: Question) -> str | None:
    """What the other people in the audit answered to ``question``, in one line, or None.

    Shown beside the question for the person being recorded, never as their answer: a
    candidate who hears the opposite of what the hiring manager said should notice it while
    it is fresh, and write down why in a note.
    """
    if session.respondent is None:
        return None
    entry = (session.data.get("answers") or {}).get(question.id)
    if not isinstance(entry, dict):
        return None
    listed = [r for r in session.data.get("respondents") or [] if isinstance(r, dict)]
    roles = [str(r.get("respondent") or r.get("id")) for r in listed]
    names = {
        r.get("id"): (r.get("id") if roles.count(role) > 1 else role)
        for r, role in zip(listed, roles, strict=True)
    }
    said = []
    if entry.get("answer") is not None:
        said.append(f"agreed: {show_value(question, entry['answer'])}")
    for respondent, own in (entry.get("responses") or {}).items():
        if respondent == session.respondent or not isinstance(own, dict):
            continue
        shown = _shown(question, own)
        if shown is not None:
            said.append(f"{names.get(respondent, respondent)}: {shown}")
    return " · ".join(said) or None


def _shown(question: Question, own: dict[str, Any]) -> str | None:
    if own.get("answer") is not None:
        return show_value(question, own["answer"])
    if own.get("unknown") is not None:
        return f"unknown ({dict(UNKNOWN_CHOICES).get(own['unknown'], own['unknown'])})"
    if own.get("na") is not None:
        return "not applicable"
    return None
