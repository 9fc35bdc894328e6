"""Merge several respondents' audits of one company or team into one audit. Pure: no I/O.

Nobody's answer is averaged into one nobody gave: the merged audit keeps each respondent's own
answer under ``responses`` and scores the question from all of them (their median as the point,
the worst and best of them as its range; see :mod:`auditor.scoring`). Where they fall apart, the
disagreement is a finding the report and the decision show, not noise to average away. An answer
written at the question's top level (``answer:``) settles it: that is how a disagreement is
resolved after asking again.

The result is plain audit data (what ``mlops-audit merge`` writes): a normal audit file that
``score`` and ``report`` read like any other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from auditor.audit import DEFAULT_DISAGREEMENT, Audit, Response, Said
from auditor.checklist import Checklist
from auditor.errors import AuditorError
from auditor.privacy import role_only

DEFAULT_THRESHOLD = DEFAULT_DISAGREEMENT
_MAX_LISTED_ROLES = 5


def merge_audits(
    checklist: Checklist, audits: Sequence[Audit], *, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, Any]:
    """The merged audit data of ``audits``, all answered against ``checklist``.

    Raises :class:`AuditorError` when they cannot be merged: fewer than two, another checklist or
    version, already merged, or metadata that names different companies, teams, roles or modes.
    """
    if len(audits) < 2:
        raise AuditorError(f"merge needs at least two audits, got {len(audits)}")
    if not 0 <= threshold <= 100:
        raise AuditorError(f"the disagreement threshold must be 0 to 100 points, got {threshold:g}")
    _check_mergeable(checklist, audits)
    ids = respondent_ids(audits)
    answers: dict[str, Any] = {}
    for question in checklist.questions():
        own = {
            ids[i]: said
            for i, audit in enumerate(audits)
            if (response := audit.response(question.id)) is not None and (said := _said(response))
        }
        if own:
            answers[question.id] = {"responses": own}
    for index, audit in enumerate(audits):
        for orphan in audit.orphans:  # answers to questions the checklist no longer has: kept
            said = _said(orphan)
            if said:
                slot = answers.setdefault(orphan.question, {"responses": {}})
                slot["responses"][ids[index]] = said
    data: dict[str, Any] = {
        "checklist": _checklist_ref(checklist, audits),
        "mode": audits[0].mode,
        **_merged_meta(audits),
        "respondents": [_respondent(audit, ids[index]) for index, audit in enumerate(audits)],
    }
    if threshold != DEFAULT_THRESHOLD:
        data["disagreement_threshold"] = threshold
    data["answers"] = answers
    return data


def respondent_ids(audits: Sequence[Audit]) -> list[str]:
    """Stable ids from each respondent's role (``hiring-manager``, ``ml-engineer-2``).

    Never from a name or a file name, which may be a person's name: ids survive ``--redact``.
    Linear in the number of audits, however many share a role.
    """
    ids: list[str] = []
    taken: set[str] = set()
    next_suffix: dict[str, int] = {}
    for index, audit in enumerate(audits):
        meta = audit.meta
        # A name typed into the role ("hiring manager (Renée)") must not become part of an id.
        role = (
            role_only(
                meta.get("respondent"),
                [meta.get("respondent_name"), meta.get("interviewer")],
                [meta.get(k) for k in ("company", "team", "role")],
            )
            or ""
        )
        base = re.sub(r"[^a-z0-9]+", "-", role.lower()).strip("-") or f"respondent-{index + 1}"
        candidate = base
        if candidate in taken:
            n = next_suffix.get(base, 2)
            while f"{base}-{n}" in taken:
                n += 1
            candidate = f"{base}-{n}"
            next_suffix[base] = n + 1
        taken.add(candidate)
        ids.append(candidate)
    return ids


def _check_mergeable(checklist: Checklist, audits: Sequence[Audit]) -> None:
    first = audits[0]
    seen: set[str] = set()
    for audit in audits:
        if audit.path in seen:
            raise AuditorError(f"{audit.path} is given twice; merge each respondent once")
        seen.add(audit.path)
        if audit.checklist_id != checklist.id:
            raise AuditorError(
                f"{audit.path} is an audit for checklist {audit.checklist_id!r}, {first.path} for "
                f"{checklist.id!r}; merge audits of one checklist"
            )
        if audit.respondents:
            raise AuditorError(
                f"{audit.path} already holds several respondents; merge the respondents' own "
                "audits instead, so that each is counted once"
            )
    versions = {(a.checklist_version, a.checklist_hash) for a in audits if a.checklist_hash}
    if len(versions) > 1:
        listed = ", ".join(
            f"{a.path} {a.checklist_version or '?'} ({a.checklist_hash})"
            for a in audits
            if a.checklist_hash
        )
        raise AuditorError(
            f"the audits were answered against different versions of checklist {checklist.id}: "
            f"{listed}; merge audits of one version"
        )
    for key in ("mode", "company", "team", "role"):
        _check_same(audits, key)


def _check_same(audits: Sequence[Audit], key: str) -> None:
    """Respondents about one company and team: a field given twice must agree (case aside)."""
    given = [(a, a.mode if key == "mode" else a.meta.get(key)) for a in audits]
    given = [(a, v) for a, v in given if v]
    for audit, value in given[1:]:
        first, first_value = given[0]
        if _norm(value) != _norm(first_value):
            raise AuditorError(
                f"conflicting {key}: {first.path} says {first_value!r}, {audit.path} says "
                f"{value!r}; merge audits of one company and team"
            )


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _checklist_ref(checklist: Checklist, audits: Sequence[Audit]) -> dict[str, Any]:
    """The version the answers were given against: the sources' own when they name one."""
    named = next((a for a in audits if a.checklist_hash), None)
    if named is None:
        return {"id": checklist.id, "version": checklist.version, "hash": checklist.hash}
    ref: dict[str, Any] = {"id": checklist.id}
    if named.checklist_version:
        ref["version"] = named.checklist_version
    ref["hash"] = named.checklist_hash
    return ref


def _merged_meta(audits: Sequence[Audit]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for key in ("company", "team", "role"):
        value = next((a.meta[key] for a in audits if a.meta.get(key)), None)
        if value:
            meta[key] = value
    dates = sorted(a.meta["date"] for a in audits if a.meta.get("date"))
    if dates:
        meta["date"] = dates[-1]  # the merged audit is as recent as its latest answer
    roles = [a.meta.get("respondent") or f"respondent {i + 1}" for i, a in enumerate(audits)]
    meta["respondent"] = (
        ", ".join(roles) if len(roles) <= _MAX_LISTED_ROLES else f"{len(roles)} respondents"
    )
    interviewers = {a.meta.get("interviewer") for a in audits}
    if len(interviewers) == 1 and None not in interviewers:
        meta["interviewer"] = audits[0].meta["interviewer"]
    return meta


def _respondent(audit: Audit, respondent_id: str) -> dict[str, str]:
    source = {"id": respondent_id, "file": audit.path}
    for key in ("respondent", "respondent_name", "interviewer", "date"):
        if audit.meta.get(key):
            source[key] = audit.meta[key]
    return source


def said_entry(said: Said) -> dict[str, Any]:
    """One person's answer as an audit file writes it."""
    own: dict[str, Any] = {}
    if said.value is not None:
        own["answer"] = _plain(said.value)
    elif said.na is not None:
        own["na"] = said.na
    elif said.unknown:
        own["unknown"] = said.unknown
    if said.nature:
        own["nature"] = said.nature
    if said.note:
        own["note"] = said.note
    return own


def _said(response: Response) -> dict[str, Any]:
    return said_entry(response.said)


def _plain(value: str | float) -> str | int | float:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
