"""The state of an interview: which questions to ask, where we are, and the audit data being built.

Pure: no files, no terminal. The driver feeds it what the user typed (through :func:`interpret`)
and saves :attr:`Session.data` after every :class:`Change`. Every edit is a :class:`Change` so that
the store can re-apply the last one on top of a file that someone edited meanwhile.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from auditor.audit import META_FIELDS
from auditor.checklist import Answer, Checklist, Question

TOP_LEVEL_ORDER = (
    "checklist",
    "mode",
    *META_FIELDS,
    "respondents",
    "disagreement_threshold",
    "answers",
)
ENTRY_ORDER = ("answer", "nature", "unknown", "na", "note")

# What the user can type instead of an answer. `n` answers "no" on a yes/no question, so a note
# is also reachable as `note` everywhere.
VALUE, KEEP, UNKNOWN, NOT_APPLICABLE, SKIP, BACK, NOTE, WHY, QUIT, INVALID = (
    "value",
    "keep",
    "unknown",
    "not-applicable",
    "skip",
    "back",
    "note",
    "why",
    "quit",
    "invalid",
)
KEYS = {
    "u": UNKNOWN,
    "x": NOT_APPLICABLE,
    "na": NOT_APPLICABLE,
    "s": SKIP,
    "b": BACK,
    "n": NOTE,
    "note": NOTE,
    "?": WHY,
    "h": WHY,
    "help": WHY,
    "q": QUIT,
    "quit": QUIT,
}
UNKNOWN_CHOICES = (("not-asked", "not asked"), ("did-not-know", "did not know"))
# The seed's test for a red answer, one keystroke: would it follow you to another team?
CAUSE_CHOICES = (
    ("c", "company-wide", "company-wide (would follow you to another team)"),
    ("t", "team-only", "this team only"),
    ("m", "temporary", "temporary (a migration, a reorg, a new manager)"),
)


# The name apart from the role, so that --redact can always remove it (see auditor.privacy).
NAME_PROMPT = "Their name, if you want it kept (--redact always removes it)"


@dataclass(frozen=True)
class MetaPrompt:
    key: str
    label: str


def meta_prompts(mode: str) -> tuple[MetaPrompt, ...]:
    """The metadata asked for at the start of a new audit, phrased for ``mode``."""
    if mode == "self":
        return (
            MetaPrompt("company", "Company"),
            MetaPrompt("team", "Team audited"),
            MetaPrompt("role", "The team's role (e.g. ML platform)"),
            MetaPrompt("respondent", "Who answers, by role (e.g. engineering manager)"),
            MetaPrompt("respondent_name", NAME_PROMPT),
        )
    return (
        MetaPrompt("company", "Company"),
        MetaPrompt("team", "Team"),
        MetaPrompt("role", "Role you are interviewing for"),
        MetaPrompt("respondent", "Who answered, by role (e.g. hiring manager)"),
        MetaPrompt("respondent_name", NAME_PROMPT),
    )


def new_audit(checklist: Checklist, mode: str, meta: dict[str, str], today: str) -> dict[str, Any]:
    """The data of a new audit file, before any answer."""
    data: dict[str, Any] = {
        "checklist": {"id": checklist.id, "version": checklist.version, "hash": checklist.hash},
        "mode": mode,
    }
    data.update({key: meta[key] for key in META_FIELDS if meta.get(key)})
    data.setdefault("date", today)
    data["answers"] = {}
    return ordered(data, checklist)


def ordered(data: dict[str, Any], checklist: Checklist) -> dict[str, Any]:
    """``data`` laid out as a person reads it: metadata first, answers in checklist order.

    Answers to questions the checklist does not have (kept from an older checklist) follow, in
    their own order; nothing is dropped.
    """
    out = {key: data[key] for key in TOP_LEVEL_ORDER if key in data}
    out.update({key: value for key, value in data.items() if key not in out})
    answers = data.get("answers") or {}
    known = [q.id for q in checklist.questions() if q.id in answers]
    rest = [key for key in answers if key not in set(known)]
    out["answers"] = {key: _ordered_entry(answers[key]) for key in [*known, *rest]}
    return out


def _ordered_entry(entry: Any) -> Any:
    if not isinstance(entry, dict):
        return entry
    out = {key: entry[key] for key in ENTRY_ORDER if key in entry}
    out.update({key: value for key, value in entry.items() if key not in out})
    return out


_REPLACES = {
    "answer": ("unknown", "na", "nature"),
    "unknown": ("answer", "na", "nature"),
    "na": ("answer", "unknown", "nature"),
}


@dataclass(frozen=True)
class Change:
    """One edit: ``key`` (answer, unknown or note) of ``question`` set to ``value`` (None clears).

    ``question`` None means a metadata field named ``key``. ``respondent`` names whose answer it
    is in an audit several people answered (their entry under ``responses``, or under
    ``respondents`` for a metadata field); None edits the audit's own.
    """

    question: str | None
    key: str
    value: str | float | None
    respondent: str | None = None

    def apply(self, data: dict[str, Any]) -> None:
        if self.question is None:
            target = data if self.respondent is None else respondent_entry(data, self.respondent)
            if self.value in (None, ""):
                target.pop(self.key, None)
            else:
                target[self.key] = self.value
            return
        answers = data.setdefault("answers", {})
        if answers is None:
            answers = data["answers"] = {}
        entry = dict(answers.get(self.question) or {})
        if self.respondent is None:
            entry = _edited(entry, self.key, self.value)
        else:
            responses = dict(entry.get("responses") or {})
            own = _edited(dict(responses.get(self.respondent) or {}), self.key, self.value)
            if own:
                responses[self.respondent] = _ordered_entry(own)
            else:
                responses.pop(self.respondent, None)
            if responses:
                entry["responses"] = responses
            else:
                entry.pop("responses", None)
        if entry:
            answers[self.question] = _ordered_entry(entry)
        else:
            answers.pop(self.question, None)

    def describe(self, checklist: Checklist) -> str:
        """``deploys = team``: the confirmation line's text, also what a test counts."""
        if self.question is None:
            return f"{self.key} = {self.value}"
        if self.key == "note":
            return f"note on {self.question}{' cleared' if self.value is None else ''}"
        if self.key == "unknown":
            return f"{self.question} = unknown ({self.value})"
        if self.key == "na":
            return f"{self.question} = not applicable ({self.value})"
        if self.key == "nature":
            return f"cause of {self.question} = {self.value}"
        question = checklist.question(self.question)
        shown = self.value if question is None else show_value(question, self.value)
        return f"{self.question} = {shown}"


def _edited(entry: dict[str, Any], key: str, value: str | float | None) -> dict[str, Any]:
    # An answer, an unknown and "not applicable" exclude each other; a new answer drops the
    # cause given for the old one.
    for other in _REPLACES.get(key, ()):
        entry.pop(other, None)
    if value is None:
        entry.pop(key, None)
    else:
        entry[key] = value
    return entry


def respondent_entry(data: dict[str, Any], respondent: str) -> dict[str, Any]:
    """The entry of ``respondent`` (by id) in ``data``'s ``respondents``; a new one if absent
    (someone removed it by hand meanwhile: the answer is not lost, and the file reloads)."""
    listed = data.setdefault("respondents", [])
    for item in listed:
        if isinstance(item, dict) and item.get("id") == respondent:
            return item
    item = {"id": respondent}
    listed.append(item)
    return item


@dataclass(frozen=True)
class Reply:
    """What a line typed at a question means."""

    kind: str
    value: str | float | None = None
    message: str = ""


@dataclass(frozen=True)
class Position:
    dimension: str
    in_dimension: int
    dimension_total: int
    overall: int
    total: int

    def __str__(self) -> str:
        return (
            f"{self.dimension} · {self.in_dimension}/{self.dimension_total} · "
            f"{self.overall} of {self.total} overall"
        )


class Session:
    """The walk through the questions in scope, and the audit data it edits.

    Derived questions are never asked (their inputs are). Without ``review`` only the questions
    with neither an answer nor an unknown are walked (``unknowns`` adds those marked unknown).
    """

    def __init__(
        self,
        checklist: Checklist,
        data: dict[str, Any],
        *,
        only: Sequence[str] = (),
        review: bool = False,
        unknowns: bool = False,
        respondent: str | None = None,
    ) -> None:
        self.checklist = checklist
        self.data = data
        # Whose answers are walked and edited, by respondent id, in an audit several people
        # answered; None: the audit's own answers.
        self.respondent = respondent
        self.scope = tuple(
            q for q in checklist.questions() if q.answer.asked and (not only or q.dimension in only)
        )
        self.queue = tuple(q for q in self.scope if review or self._open(q, unknowns))
        self.index = 0
        self.skipped: set[str] = set()

    @property
    def mode(self) -> str:
        return str(self.data.get("mode", "candidate"))

    @property
    def current(self) -> Question | None:
        return self.queue[self.index] if self.index < len(self.queue) else None

    @property
    def done(self) -> bool:
        return self.index >= len(self.queue)

    def entry(self, question_id: str) -> dict[str, Any]:
        entry = (self.data.get("answers") or {}).get(question_id)
        if isinstance(entry, dict) and self.respondent is not None:
            entry = (entry.get("responses") or {}).get(self.respondent)
        return entry if isinstance(entry, dict) else {}

    def answered(self, question: Question) -> bool:
        return self.entry(question.id).get("answer") is not None

    def _open(self, question: Question, unknowns: bool) -> bool:
        entry = self.entry(question.id)
        if entry.get("answer") is not None or entry.get("na") is not None:
            return False
        return unknowns or entry.get("unknown") is None

    def unanswered(self) -> list[Question]:
        """Questions in scope with neither an answer nor an unknown."""
        return [q for q in self.scope if self._open(q, False)]

    def position(self, question: Question) -> Position:
        dimension = self.checklist.dimension(question.dimension)
        siblings = [q for q in self.scope if q.dimension == question.dimension]
        return Position(
            dimension=dimension.title if dimension is not None else question.dimension,
            in_dimension=siblings.index(question) + 1,
            dimension_total=len(siblings),
            overall=self.scope.index(question) + 1,
            total=len(self.scope),
        )

    def apply(self, change: Change) -> Change:
        change.apply(self.data)
        return change

    def _change(self, question_id: str, key: str, value: str | float | None) -> Change:
        return Change(question_id, key, value, self.respondent)

    def rebase(self, data: dict[str, Any], change: Change) -> None:
        """Take ``data`` (the file as edited meanwhile) and re-apply ``change`` on it."""
        self.data = data
        change.apply(self.data)

    def answer(self, value: str | float) -> Change:
        question = self._require()
        self.skipped.discard(question.id)
        self.index += 1
        return self.apply(self._change(question.id, "answer", value))

    def mark_unknown(self, reason: str) -> Change:
        question = self._require()
        self.skipped.discard(question.id)
        self.index += 1
        return self.apply(self._change(question.id, "unknown", reason))

    def mark_not_applicable(self, reason: str) -> Change:
        question = self._require()
        self.skipped.discard(question.id)
        self.index += 1
        return self.apply(self._change(question.id, "na", reason))

    def set_cause(self, question: Question, cause: str | None) -> Change:
        """The cause of a red answer just given (the question already left behind)."""
        return self.apply(self._change(question.id, "nature", cause))

    def set_note(self, text: str | None) -> Change:
        question = self._require()
        return self.apply(self._change(question.id, "note", text or None))

    def keep(self) -> None:
        self._require()
        self.index += 1

    def skip(self) -> None:
        question = self._require()
        if self._open(question, False):
            self.skipped.add(question.id)
        self.index += 1

    def back(self) -> bool:
        """Go to the previous question of this walk; False at the first."""
        if self.index == 0:
            return False
        self.index -= 1
        return True

    def current_answer(self, question: Question) -> str | None:
        """The recorded answer, as shown to a person: a label, a number with its unit, unknown."""
        entry = self.entry(question.id)
        if entry.get("answer") is not None:
            return show_value(question, entry["answer"])
        if entry.get("unknown") is not None:
            reason = dict(UNKNOWN_CHOICES).get(entry["unknown"], entry["unknown"])
            return f"unknown ({reason})"
        if entry.get("na") is not None:
            return f"not applicable ({entry['na']})"
        return None

    def interpret(self, text: str) -> Reply:
        question = self._require()
        reply = interpret(question, text)
        if reply.kind == KEEP and self.current_answer(question) is None:
            return Reply(INVALID, message=hint(question))
        return reply

    def _require(self) -> Question:
        question = self.current
        if question is None:
            raise IndexError("the interview is over: no current question")
        return question


def pick_index(text: str, count: int) -> int | None:
    """The 0-based index that a typed ``1``..``count`` picks, else None."""
    text = text.strip()
    if _DIGITS.fullmatch(text) and len(text) <= _MAX_TYPED and 1 <= int(text) <= count:
        return int(text) - 1
    return None


def interpret(question: Question, text: str) -> Reply:
    """What ``text`` typed at ``question`` means: a value, a key, or why it is not accepted.

    The question's answer kind reads the line (:meth:`auditor.answers.Answer.typed`); a yes/no
    question takes ``n`` as "no" before it is a key.
    """
    raw = text.strip()
    answer = question.answer
    if not raw:
        return Reply(KEEP)
    if len(raw) > _MAX_TYPED:
        return Reply(INVALID, message=too_long(raw, question))
    first = answer.typed_first(raw)
    if first is not None:
        return Reply(VALUE, first)
    if raw.lower() in KEYS:
        return Reply(KEYS[raw.lower()])
    try:
        value = answer.typed(raw)
    except ValueError as exc:
        message = str(exc)
        return Reply(INVALID, message=message if answer.numeric else f"{message}. {hint(question)}")
    if value is None:
        return Reply(INVALID, message=f"{raw!r} is not an answer here. {hint(question)}")
    return Reply(VALUE, value)


def hint(question: Question) -> str:
    """What to type at ``question``."""
    answer = question.answer
    return f"{answer.prompt}; or u, x, s, b, {answer.note_key}, ?, q."


_DIGITS = re.compile(r"[0-9]+")  # not str.isdigit(): it accepts "²", which int() refuses
# No option number, id or amount is this long; int() refuses strings of 4,300 digits and more.
_MAX_TYPED = 100


def too_long(raw: str, question: Question) -> str:
    """Why a very long reply is refused, without echoing all of it."""
    what = "digits" if _DIGITS.fullmatch(raw) else "characters"
    return f"{raw[:12]}... ({len(raw):,} {what}) is not a number or answer here. {hint(question)}"


def example(answer: Answer) -> float:
    """A plausible value of ``answer``'s unit for hints (see :meth:`Answer.example`)."""
    return answer.example()


def show_value(question: Question, value: Any) -> str:
    """An answer as a person reads it: the option's label, or the number with its unit."""
    try:
        return question.answer.show(question.answer.read(value))
    except ValueError:
        return str(value)


def is_red(question: Question, value: str | float) -> bool:
    """Whether ``value`` is a scored red answer to ``question``: the kind the cause is asked for."""
    if question.weight <= 0:
        return False
    try:
        return question.answer.score(value).signal == "red"
    except (ValueError, TypeError):
        return False
