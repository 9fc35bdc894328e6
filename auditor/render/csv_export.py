"""CSV exports of assessments and comparisons, for a spreadsheet.

Each table is declared once here as its columns (name, and how a row gives the cell); the header,
the rows and ``docs/exports.md`` (checked by a test) follow from that. The writers take any
iterable of views and write each audit's rows as soon as it arrives, so ``score`` can stream a
thousand audits without holding every result.

Cells: RFC 4180 through the :mod:`csv` module (a header row, fields quoted when needed, CRLF
line ends). Numbers are written as the view shows them, with no thousands separator; ``None`` is
an empty cell; booleans are ``true``/``false``. Text that a spreadsheet would run as a formula
(it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``:
an audit file is user input, and a note or a company name must never become a formula. Numbers
are never prefixed: they are written by us, not typed by a user.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO

from auditor.view import AssessmentView, DimensionView, QuestionView

# What makes Excel, LibreOffice and Google Sheets read a cell as a formula (OWASP, "CSV
# Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BY_AUDIT, BY_DIMENSION, BY_QUESTION = "audit", "dimension", "question"
SCORE_TABLES = (BY_AUDIT, BY_DIMENSION, BY_QUESTION)


def cell(value: object) -> str:
    """One cell as written: numbers as shown, text safe from being run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _percent(share: float | None) -> int | None:
    return None if share is None else round(share * 100)


# --- score: one table per --by ------------------------------------------------------------------

AuditRow = Callable[[AssessmentView], object]


def _meta(key: str) -> AuditRow:
    return lambda v: v["meta"].get(key)


# The columns that name the audit a row belongs to, first in every score table.
_WHICH: tuple[tuple[str, AuditRow], ...] = (
    ("file", lambda v: v["file"]),
    ("company", _meta("company")),
    ("team", _meta("team")),
    ("date", _meta("date")),
    ("respondent", _meta("respondent")),
)

AUDIT_COLUMNS: tuple[tuple[str, AuditRow], ...] = (
    *_WHICH,
    ("role", _meta("role")),
    ("mode", lambda v: v["mode"]),
    ("checklist", lambda v: v["checklist"]["id"]),
    ("checklist_version", lambda v: v["checklist"]["version"]),
    ("decision", lambda v: v["decision"]["decision"]),
    ("headline", lambda v: v["decision"]["headline"]),
    ("level", lambda v: v["level"]),
    ("level_low", lambda v: v["decision"]["level_low"]),
    ("level_high", lambda v: v["decision"]["level_high"]),
    ("band", lambda v: v["band"]),
    ("signal", lambda v: v["signal"]),
    ("score", lambda v: v["overall"]["score"]),
    ("low", lambda v: v["overall"]["low"]),
    ("high", lambda v: v["overall"]["high"]),
    ("coverage_pct", lambda v: _percent(v["overall"]["coverage"])),
    ("next_level", lambda v: v["decision"]["next_level"]),
    ("to_next", lambda v: v["decision"]["to_next"]),
    ("red_flags", lambda v: len(v["red_flags"])),
    ("structural_red_flags", lambda v: sum(f["nature"] == "structural" for f in v["red_flags"])),
    ("open_questions", lambda v: len(v["next_questions"])),
    ("disagreements", lambda v: len(v["disagreements"])),
    ("reasons", lambda v: "\n".join(r["text"] for r in v["decision"]["reasons"])),
    ("ask_next", lambda v: v["next_questions"][0]["text"] if v["next_questions"] else None),
)

DimensionRow = Callable[[AssessmentView, DimensionView], object]
DIMENSION_COLUMNS: tuple[tuple[str, DimensionRow], ...] = (
    *((name, lambda v, d, get=get: get(v)) for name, get in _WHICH),
    ("dimension", lambda v, d: d["id"]),
    ("title", lambda v, d: d["title"]),
    ("weight", lambda v, d: d["weight"]),
    ("score", lambda v, d: d["score"]),
    ("low", lambda v, d: d["low"]),
    ("high", lambda v, d: d["high"]),
    ("coverage_pct", lambda v, d: _percent(d["coverage"])),
    ("level", lambda v, d: d["level"]),
    ("signal", lambda v, d: d["signal"]),
    ("answered", lambda v, d: d["answered"]),
    ("scored_questions", lambda v, d: d["scored_questions"]),
)

QuestionRow = Callable[[AssessmentView, QuestionView], object]
QUESTION_COLUMNS: tuple[tuple[str, QuestionRow], ...] = (
    *((name, lambda v, q, get=get: get(v)) for name, get in _WHICH),
    ("dimension", lambda v, q: q["dimension"]),
    ("question", lambda v, q: q["id"]),
    ("text", lambda v, q: q["text"]),
    ("weight", lambda v, q: q["weight"]),
    ("critical", lambda v, q: q["critical"]),
    ("status", lambda v, q: q["status"]),
    ("answer", lambda v, q: q["answer"]),
    ("value", lambda v, q: q["value"]),
    ("score", lambda v, q: q["score"]),
    ("low", lambda v, q: q["low"]),
    ("high", lambda v, q: q["high"]),
    ("signal", lambda v, q: q["signal"]),
    ("nature", lambda v, q: q["nature"]),
    ("cause", lambda v, q: q["cause"]),
    ("knockout", lambda v, q: q["knockout"]),
    ("disagreement", lambda v, q: _disagreement(v, q["id"])),
    ("na_reason", lambda v, q: q["na_reason"]),
    ("note", lambda v, q: q["note"]),
)


def _disagreement(view: AssessmentView, question: str) -> str | None:
    """The respondents' disagreement on a question, as the view lists it: a conflict stops the
    decision until it is settled."""
    for found in view["disagreements"]:
        if found["question"] == question:
            if found["resolved"]:
                return "resolved"
            return "conflict" if found["conflict"] else "differs"
    return None


def score_columns(by: str) -> list[str]:
    table = {
        BY_AUDIT: AUDIT_COLUMNS,
        BY_DIMENSION: DIMENSION_COLUMNS,
        BY_QUESTION: QUESTION_COLUMNS,
    }
    return [name for name, _ in table[by]]


def _score_rows(view: AssessmentView, by: str) -> Iterator[list[object]]:
    if by == BY_AUDIT:
        yield [get(view) for _, get in AUDIT_COLUMNS]
    elif by == BY_DIMENSION:
        for dim in view["dimensions"]:
            yield [get(view, dim) for _, get in DIMENSION_COLUMNS]
    else:
        for dim in view["dimensions"]:
            for question in dim["questions"]:
                yield [get(view, question) for _, get in QUESTION_COLUMNS]


def write_assessments_csv(views: Iterable[AssessmentView], stream: TextIO, by: str) -> None:
    """The header, then each audit's rows as soon as its view arrives (``by``: one row per
    audit, per dimension or per question)."""
    writer = csv.writer(stream)
    writer.writerow(score_columns(by))
    for view in views:
        writer.writerows([cell(value) for value in row] for row in _score_rows(view, by))


# --- compare: one row per audit per dimension, the overall first ---------------------------------

# (data, the audit's index, the row): the comparison's JSON (docs/compare-and-merge.md).
CompareRow = Callable[[dict[str, Any], int, dict[str, Any]], object]


def _overall_only(get: Callable[[dict[str, Any]], object]) -> CompareRow:
    """A column of the audit itself: filled on its ``overall`` row, empty on its dimensions."""
    return lambda data, i, row: get(data["audits"][i]) if row["id"] == "overall" else None


def _lead(row: dict[str, Any], label: str) -> str | None:
    if label in row["level_with"]:
        return "level"
    if row["leader"] != label:
        return None
    return "clearly-ahead" if row["separable"] else "ahead-overlapping"


COMPARE_COLUMNS: tuple[tuple[str, CompareRow], ...] = (
    ("view", lambda data, i, row: data["view"]),
    ("audit", lambda data, i, row: data["audits"][i]["label"]),
    ("file", lambda data, i, row: data["audits"][i]["file"]),
    ("dimension", lambda data, i, row: row["id"]),
    ("title", lambda data, i, row: row["title"]),
    ("score", lambda data, i, row: row["scores"][i]["score"]),
    ("low", lambda data, i, row: row["scores"][i]["low"]),
    ("high", lambda data, i, row: row["scores"][i]["high"]),
    ("coverage_pct", lambda data, i, row: _percent(row["scores"][i]["coverage"])),
    ("signal", lambda data, i, row: row["scores"][i]["signal"]),
    ("lead", lambda data, i, row: _lead(row, data["audits"][i]["label"])),
    ("since_previous", lambda data, i, row: row["scores"][i]["since_previous"]),
    ("since_first", lambda data, i, row: row["scores"][i]["since_first"]),
    ("gap", lambda data, i, row: row["scores"][i]["gap"]),
    ("decision", _overall_only(lambda a: a["decision"]["decision"])),
    ("headline", _overall_only(lambda a: a["decision"]["headline"])),
    ("level", _overall_only(lambda a: a["level"])),
    ("band", _overall_only(lambda a: a["band"])),
    ("total_gap", _overall_only(lambda a: a["total_gap"])),
    ("target_reached", _overall_only(lambda a: (a["standing"] or {}).get("reached"))),
)


def compare_columns() -> list[str]:
    return [name for name, _ in COMPARE_COLUMNS]


def write_comparison_csv(data: dict[str, Any], stream: TextIO) -> None:
    writer = csv.writer(stream)
    writer.writerow(compare_columns())
    rows: Sequence[dict[str, Any]] = [data["overall"], *data["dimensions"]]
    for index in range(len(data["audits"])):
        writer.writerows(
            [cell(get(data, index, row)) for _, get in COMPARE_COLUMNS] for row in rows
        )
