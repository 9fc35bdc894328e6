"""Merge several respondents' audits of one company or team into one audit. Pure: no I/O.

Per question the consensus is the median of the scores the respondents' answers earn and the
option nearest it (for a number, the median value); unknowns are filled by whoever answered. Each
respondent's own answer is kept under ``responses``, so nothing anyone said is lost, and a spread
of scores over the threshold is recorded as a disagreement: a finding, not noise to average away.

The result is plain audit data (what ``mlops-audit merge`` writes): a normal audit file that
``score`` and ``report`` read like any other, scored on the consensus answers.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from typing import Any

from auditor.audit import Audit, Response
from auditor.checklist import Checklist, Option, Question
from auditor.errors import AuditorError
from auditor.scoring import QuestionScore, points, score_audit

DEFAULT_THRESHOLD = 50.0
"""A spread over this many points (0-100) is a disagreement: e.g. 'all' against 'none'."""

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
    scores = [{q.question.id: q for q in score_audit(checklist, a).questions()} for a in audits]
    derived_of = {i: q.id for q in checklist.questions() for i in q.answer.inputs}
    answers: dict[str, Any] = {}
    for question in checklist.questions():
        entry = _merge_question(question, audits, ids, scores, derived_of, threshold)
        if entry:
            answers[question.id] = entry
    for index, audit in enumerate(audits):
        for orphan in audit.orphans:  # answers to questions the checklist no longer has: kept
            own = _own(orphan)
            if own:
                slot = answers.setdefault(orphan.question, {"responses": {}})
                slot.setdefault("responses", {})[ids[index]] = own
    for question_id, slot in answers.items():
        if checklist.question(question_id) is None:
            # Not scorable any more; a shared answer is still worth showing as the answer.
            given = {str(r["answer"]) for r in slot["responses"].values() if "answer" in r}
            if len(given) == 1:
                slot["answer"] = given.pop()
                answers[question_id] = {"answer": slot.pop("answer"), **slot}
    return {
        "checklist": _checklist_ref(checklist, audits),
        "mode": audits[0].mode,
        **_merged_meta(audits),
        "disagreement_threshold": threshold,
        "merged_from": [_source(audit, ids[index]) for index, audit in enumerate(audits)],
        "answers": answers,
    }


def respondent_ids(audits: Sequence[Audit]) -> list[str]:
    """Stable ids from each respondent's role (``hiring-manager``, ``ml-engineer-2``).

    Never from a name or a file name, which may be a person's name: ids survive ``--redact``.
    """
    ids: list[str] = []
    for index, audit in enumerate(audits):
        role = audit.meta.get("respondent", "")
        base = re.sub(r"[^a-z0-9]+", "-", role.lower()).strip("-") or f"respondent-{index + 1}"
        candidate, n = base, 2
        while candidate in ids:
            candidate, n = f"{base}-{n}", n + 1
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
        if audit.merged:
            raise AuditorError(
                f"{audit.path} is already a merged audit; merge the respondents' own audits "
                "instead, so that each is counted once"
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


def _source(audit: Audit, respondent_id: str) -> dict[str, str]:
    source = {"id": respondent_id, "file": audit.path}
    for key in ("respondent", "respondent_name", "interviewer", "date"):
        if audit.meta.get(key):
            source[key] = audit.meta[key]
    return source


def _merge_question(
    question: Question,
    audits: Sequence[Audit],
    ids: Sequence[str],
    scores: Sequence[dict[str, QuestionScore]],
    derived_of: dict[str, str],
    threshold: float,
) -> dict[str, Any]:
    given = [(i, a.response(question.id)) for i, a in enumerate(audits)]
    present = [(i, r) for i, r in given if r is not None]
    responses = {ids[i]: own for i, r in present if (own := _own(r))}
    entry: dict[str, Any] = {}
    answered = [(i, r) for i, r in present if r.answered]
    if question.answer.kind == "derived":
        pass  # computed from its inputs' consensus; only notes are kept
    elif answered:
        entry["answer"] = _consensus(question, answered, scores)
    elif reasons := {r.unknown for _, r in present if r.unknown}:
        entry["unknown"] = "did-not-know" if "did-not-know" in reasons else "not-asked"
    spread = _spread(question, [i for i, _ in answered], scores, derived_of)
    if spread is not None:
        entry["spread"] = spread
        if spread > threshold:
            entry["disagreement"] = True
    if responses:
        entry["responses"] = responses
    return entry


def _own(response: Response) -> dict[str, Any]:
    """One respondent's answer as the audit file writes it."""
    own: dict[str, Any] = {}
    if response.value is not None:
        own["answer"] = _plain(response.value)
    elif response.unknown:
        own["unknown"] = response.unknown
    if response.note:
        own["note"] = response.note
    return own


def _plain(value: str | float) -> str | int | float:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _consensus(
    question: Question,
    answered: Sequence[tuple[int, Response]],
    scores: Sequence[dict[str, QuestionScore]],
) -> str | int | float:
    if question.answer.numeric:
        values = [float(r.value) for _, r in answered if isinstance(r.value, float)]
        return _plain(statistics.median(values))
    options = question.answer.options
    chosen = [str(r.value) for _, r in answered]
    middle = statistics.median(scores[i][question.id].score or 0.0 for i, _ in answered)
    # Nearest option to the median; on a tie the lower score (the cautious reading), then the
    # option most respondents chose, then checklist order: never the order the files came in.
    best = min(
        enumerate(options),
        key=lambda item: _rank(item[1], item[0], middle, chosen),
    )
    return best[1].id


def _rank(option: Option, position: int, middle: float, chosen: list[str]) -> tuple[float, ...]:
    return (round(abs(option.score - middle), 9), option.score, -chosen.count(option.id), position)


def _spread(
    question: Question,
    answered: Sequence[int],
    scores: Sequence[dict[str, QuestionScore]],
    derived_of: dict[str, str],
) -> float | None:
    """Highest minus lowest score among those who answered, in points; None below two answers.

    A count recorded only to compute a derived metric has no score of its own: the metric's
    scores measure how far apart its respondents are.
    """
    key = question.id
    if question.weight == 0 and key in derived_of:
        key = derived_of[key]
    known = [s for i in answered if (s := scores[i][key].score) is not None]
    if len(known) < 2:
        return None
    return points(max(known) - min(known))
