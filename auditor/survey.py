"""A checklist as the data a survey page needs: the questions in one mode's phrasing, how each
is answered, and which answers are red (the page then asks for their cause). Pure: no I/O.

The page (``report_templates/survey/``) writes an answers file in the audit format from this
data alone, so everything it must know about the checklist is here: its id, version and hash
(what the answers were given against), each question's options or unit and range, and where a
number turns red. Red follows the checklist's own signals, as the interview's cause prompt does:
a scored answer whose option, bucket or curve score is red.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from auditor.answers import Answer
from auditor.checklist import Checklist, Question
from auditor.errors import AuditorError

# The layout of the answers the page keeps in the browser; bump it when that layout changes, so
# a page never reads answers it cannot understand.
STORAGE_VERSION = 1
STORAGE_PREFIX = "mlops-audit-survey"

DEFAULT_TITLES = {
    "self": "Team survey: {title}",
    "candidate": "Interview survey: {title}",
}


def survey_data(
    checklist: Checklist,
    mode: str,
    only: Sequence[str] = (),
    *,
    title: str | None = None,
    company: str | None = None,
    team: str | None = None,
) -> dict[str, Any]:
    """The survey of ``checklist`` in ``mode``'s phrasing, keeping only the dimensions named in
    ``only`` (all when empty). Derived metrics are left out: their inputs are asked instead."""
    unknown = [d for d in only if checklist.dimension(d) is None]
    if unknown:
        known = ", ".join(d.id for d in checklist.dimensions)
        raise AuditorError(
            f"checklist {checklist.id!r} has no dimension {unknown[0]!r}; its dimensions are: "
            f"{known}"
        )
    dimensions = []
    number = 0
    for dimension in checklist.dimensions:
        if only and dimension.id not in only:
            continue
        questions = []
        for question in dimension.questions:
            if not question.answer.asked:
                continue
            number += 1
            questions.append(_question(question, mode, number))
        if questions:
            dimensions.append(
                {
                    "id": dimension.id,
                    "title": dimension.title,
                    "description": dimension.description,
                    "questions": questions,
                }
            )
    if not dimensions:
        chosen = ", ".join(only)
        raise AuditorError(
            f"dimension {chosen} of checklist {checklist.id!r} has no question a person answers "
            "(only derived metrics); choose another with --only"
        )
    return {
        "storage_version": STORAGE_VERSION,
        "storage_key": f"{STORAGE_PREFIX}:{checklist.id}:{checklist.hash}",
        "checklist": {
            "id": checklist.id,
            "version": checklist.version,
            "hash": checklist.hash,
            "title": checklist.title,
        },
        "mode": mode,
        "title": title or DEFAULT_TITLES[mode].format(title=checklist.title),
        "company": company or None,
        "team": team or None,
        "partial": bool(only),
        "count": number,
        "dimensions": dimensions,
    }


def _question(question: Question, mode: str, number: int) -> dict[str, Any]:
    answer = question.answer
    scored = question.weight > 0
    entry: dict[str, Any] = {
        "id": question.id,
        "number": number,
        "text": question.phrasing(mode),
        "why": question.why,
        "critical": question.critical,
        # A checklist's own rule (no model in production) is shown as a hint; the page's "does
        # not apply" is the respondent's own call, refused only on critical questions.
        "na_hint": None if question.not_applicable is None else question.not_applicable.reason,
    }
    if answer.numeric:
        entry.update(
            kind="number",
            unit=answer.unit,
            min=answer.minimum,
            max=answer.maximum,
            buckets=[{"label": o.label, "below": o.below} for o in answer.options],
            red_ranges=red_ranges(answer) if scored else [],
        )
    else:
        entry.update(
            kind="choice",
            options=[{"id": o.id, "label": o.label} for o in answer.options],
            red_options=[o.id for o in answer.options if scored and o.signal == "red"],
        )
    return entry


def red_ranges(answer: Answer) -> list[list[float | None]]:
    """The numbers that make a red answer, as ``[from, to)`` ranges (None: no bound)."""
    if answer.curve is not None:
        return [_curve_red_range(answer)]
    ranges: list[list[float | None]] = []
    previous: float | None = None
    for option in answer.options:
        if option.signal == "red":
            ranges.append([previous, option.below])
        previous = option.below
    return ranges


def _curve_red_range(answer: Answer) -> list[float | None]:
    """Where a curve's score turns red, found with the scorer itself rather than a second copy
    of its formula, so that the page and the report can never disagree by more than rounding.

    A log-normal curve is monotonic: red on the far side of one value, found by bisection on the
    logarithm (the curve's natural scale) between the smallest and largest values that matter.
    """
    assert answer.curve is not None
    lower_is_better = answer.curve.lower_is_better

    def red(value: float) -> bool:
        return answer.score(value).signal == "red"

    good, bad = math.log(1e-9), math.log(1e15)
    if not lower_is_better:
        good, bad = bad, good
    for _ in range(200):
        middle = (good + bad) / 2
        if red(math.exp(middle)):
            bad = middle
        else:
            good = middle
    edge = float(f"{math.exp(bad):.6g}")
    return [edge, None] if lower_is_better else [None, edge]
