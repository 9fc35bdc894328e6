"""A :class:`~auditor.compare.Comparison` as plain data: the JSON output of ``compare`` and the
one context its renderers read, built from the comparison and each audit's assessment (so every
audit shows the same decision, level and reasons as in its own report). Nothing here computes a
score. Scores are on the checklist's scale, as shown.

A trend also gets what a reader takes in first: a headline in words, a time axis from the audit
dates, each dimension's movement, and the changed answers grouped by dimension with the biggest
movers first (the renderers show ``shown`` of each group and count the rest).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from auditor.assessment import FORMAT_VERSION
from auditor.compare import (
    ON_DECISION,
    ON_EVIDENCE,
    ON_LEVEL,
    ON_SCORE,
    TREND,
    Comparison,
    Row,
    Shift,
    Standing,
)
from auditor.natural import answer_text
from auditor.scoring import Estimate, QuestionScore, Result

if TYPE_CHECKING:  # the view's shapes, for annotations only: importing them costs start-up
    from auditor.view import AssessmentView

# Per dimension, how many changed answers a reader sees before the rest is counted.
MOVES_SHOWN = 3
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_COUNT_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


# What a comparison reads of each audit's view. The rest (every question, the roadmap) is let go
# as each audit is assessed: comparing 10,000 audits holds 10,000 small records, not documents.
_COMPARED = (
    "file", "mode", "meta", "overall", "band", "level", "signal", "verdict", "decision",
    "red_flags",
)  # fmt: skip


def compared(view: AssessmentView) -> AssessmentView:
    """The part of ``view`` :func:`comparison_dict` reads (the checklist's scale and bands
    only, for the levels behind a trend)."""
    kept: dict[str, Any] = {key: view[key] for key in _COMPARED}  # type: ignore[literal-required]
    checklist = view["checklist"]
    kept["checklist"] = {"scale": checklist["scale"], "bands": checklist["bands"]}
    return cast("AssessmentView", kept)


def comparison_dict(
    comparison: Comparison, views: Sequence[AssessmentView], *, redact: bool = False
) -> dict[str, Any]:
    labels = comparison.labels
    target = comparison.target
    modes = [r.mode for r in comparison.results]
    trend = comparison.view == TREND
    # Each audit's answers by question id, for reading a ratio back from its counts.
    answers: list[dict[str, QuestionScore]] = (
        [{q.question.id: q for q in r.questions()} for r in comparison.results] if trend else []
    )
    titles = {row.id: row.title for row in comparison.dimensions}
    standings = [_standing(s, i, comparison, titles) for i, s in enumerate(comparison.standings)]
    rows = [
        {**_row(r, labels, modes, comparison.results, trend), "why": None}
        for r in comparison.dimensions
    ]
    return {
        "format": FORMAT_VERSION,
        "view": comparison.view,
        "redacted": redact,
        "target": None if target is None else {"score": target.score, "level": target.level},
        "headline": _headline(comparison, views, standings) if trend else None,
        "timeline": _timeline(labels) if trend else None,
        "levels": _levels(views[0]),
        "audits": [
            _audit(comparison, views[i], i, label, standings[i] if standings else None)
            for i, label in enumerate(labels)
        ],
        "overall": {
            **_row(comparison.overall, labels, modes, comparison.results, trend),
            "why": None if trend else _ranking(comparison, views),
        },
        "dimensions": rows,
        "not_comparable": [
            {
                "kind": e.kind,
                "id": e.id,
                "title": e.title,
                "present_in": [labels[i] for i in e.present_in],
                "reason": e.reason,
            }
            for e in comparison.excluded
        ],
        "changes": [
            {
                "from": labels[step],
                "to": labels[step + 1],
                "questions": [
                    {
                        "question": c.question.id,
                        "dimension": c.question.dimension,
                        "text": c.question.phrasing(comparison.results[step + 1].mode),
                        "before": answer_text(c.before, answers[step]),
                        "after": answer_text(c.after, answers[step + 1]),
                        "delta": c.delta,
                    }
                    for c in changes
                ],
            }
            for step, changes in enumerate(comparison.changes)
        ],
        "moves": _moves(comparison, rows, answers) if trend else None,
        "notes": list(comparison.notes),
    }


def _audit(
    comparison: Comparison,
    view: AssessmentView,
    index: int,
    label: str,
    standing: dict[str, Any] | None,
) -> dict[str, Any]:
    result = comparison.results[index]
    return {
        "label": label,
        "file": view["file"],
        "mode": view["mode"],
        "meta": view["meta"],
        "checklist": {
            "id": result.checklist.id,
            "version": result.checklist.version,
            "hash": result.checklist.hash,
        },
        "overall": view["overall"],
        # The audit's own decision, level and reasons: the same words as its report.
        "band": view["band"],
        "level": view["level"],
        # The level the score alone would give: above "level" when a cap or a missing practice
        # holds the audit below the band its score sits in.
        "score_level": None if view["level"] is None else result.point.band.level,
        "signal": view["signal"],
        "verdict": view["verdict"],
        "decision": view["decision"],
        "insufficient_evidence": view["level"] is None,
        "structural_red_flags": [f for f in view["red_flags"] if f["nature"] == "structural"],
        "total_gap": comparison.total_gaps[index],
        "standing": standing,
    }


def _estimate(estimate: Estimate, result: Result) -> dict[str, Any]:
    scale = result.checklist.scale
    return {
        "score": None if estimate.score is None else scale.shown(estimate.score),
        "low": scale.shown(estimate.low),
        "high": scale.shown(estimate.high),
        "coverage": round(estimate.coverage, 3),
    }


def _row(
    row: Row,
    labels: tuple[str, ...],
    modes: list[str],
    results: Sequence[Result],
    trend: bool,
) -> dict[str, Any]:
    sep = row.separation
    return {
        "id": row.id,
        "title": row.title,
        "movement": _movement(row, results) if trend else None,
        "scores": [
            {
                "audit": labels[i],
                **(_estimate(e, results[i]) if e is not None else _unknown()),
                "signal": row.signals[i],
                "since_previous": row.since_previous[i],
                "since_first": row.since_first[i],
                "gap": row.gaps[i].points,
            }
            for i, e in enumerate(row.estimates)
        ],
        "leader": None if sep.leader is None else labels[sep.leader],
        "separable": sep.separable,
        "level_with": [labels[i] for i in sep.tied],
        "cannot_separate_from": [labels[i] for i in sep.contenders],
        "too_little_known": [labels[i] for i in sep.unsure],
        "against": [
            {"audit": labels[i], "on": on, "clear": i not in sep.contenders + sep.unsure}
            for i, on in enumerate(sep.basis)
            if on is not None
        ],
        "ask_to_separate": [
            {
                "audit": labels[a.column],
                "question": a.next.item.question.id,
                "text": a.next.item.question.phrasing(modes[a.column]),
                "swing": results[a.column].checklist.scale.delta(a.next.swing),
                "impact": a.next.impact,
            }
            for a in sep.asks
        ],
        "left_out": list(row.left_out),
    }


def _unknown() -> dict[str, Any]:
    return {"score": None, "low": None, "high": None, "coverage": None}


# --- side by side: the overall ranking in words ------------------------------------------------


def _ranking(comparison: Comparison, views: Sequence[AssessmentView]) -> str | None:
    """Why the overall leader leads (or who is level), in the words of each audit's decision:
    "A ahead: join (level 4) against walk away (level 1, a knock-out: “…”)"."""
    row = comparison.overall
    sep = row.separation
    if not comparison.ranks or (sep.leader is None and not sep.tied):
        return None
    labels = comparison.labels
    many = len(labels) > 2
    first = sep.leader if sep.leader is not None else sep.tied[0]

    def score(i: int, ranged: bool = True) -> str:
        estimate = row.estimates[i]
        if estimate is None or estimate.score is None:
            return "no score"
        scale = comparison.results[i].checklist.scale
        low, high = scale.shown(estimate.low), scale.shown(estimate.high)
        point = f"{scale.shown(estimate.score):g}"
        return point if low == high or not ranged else f"{point} [{low:g}–{high:g}]"

    def at(i: int) -> str:  # with more than two audits, say which one
        return f" at {labels[i]}" if many else ""

    against: list[str] = []
    rest: list[str] = []
    thin = False
    for i, on in enumerate(sep.basis):
        if on in (ON_DECISION, ON_LEVEL):
            against.append(f"{_stands(comparison, views, i)}{at(i)}")
        elif on == ON_SCORE:
            apart = i not in sep.contenders
            rest.append(
                f"{labels[i]} too, {score(first)} against {score(i)}"
                + (", the ranges apart" if apart else ", but the ranges overlap")
            )
        elif on == ON_EVIDENCE and comparison.ranks[i].level is None:
            rest.append(
                f"too little known about {labels[i]} to rank it "
                f"({_answered(views[i])} of the checklist answered, no level yet)"
            )
        elif on == ON_EVIDENCE:  # the leader is the one without a level
            against.append(f"{_stands(comparison, views, i)}{at(i)}")
            thin = True
    if sep.leader is None:
        names = _join([labels[i] for i in sep.tied])
        head = f"{names} are level: {_stands(comparison, views, first, detail=False)}, "
        head += f"{score(first, ranged=False)} each"
        if against:
            head += "; above " + _join(against)
    else:
        head = f"{labels[first]} ahead: {_stands(comparison, views, first)}"
        if against:
            head += " against " + _join(against)
    if thin:
        rest.append(
            f"but too little is known about {labels[first]} to call it clearly ahead "
            f"({_answered(views[first])} of the checklist answered, no level yet)"
        )
    return "; ".join([head, *rest])


def _stands(
    comparison: Comparison, views: Sequence[AssessmentView], i: int, detail: bool = True
) -> str:
    """An audit's decision and level in words: "walk away (level 1, a knock-out: “…”)"."""
    rank = comparison.ranks[i]
    word = rank.decision.replace("-", " ")
    level = "no level yet" if rank.level is None else f"level {rank.level}"
    knocked = comparison.results[i].knockouts
    if detail and rank.knockout and knocked:
        item = knocked[0]
        flags = {f["question"]: f["answer"] for f in views[i]["red_flags"]}
        found = item.option.label if item.option is not None else flags.get(item.question.id)
        level += f", a knock-out: “{found}”" if found else ", a knock-out"
    return f"{word} ({level})"


def _answered(view: AssessmentView) -> str:
    return f"{round(view['overall']['coverage'] * 100)}%"


# --- a trend: headline, time axis, movement, changes by dimension -----------------------------


def direction(change: float | None) -> str:
    """``up``, ``down``, ``unchanged`` or ``unknown``: said in words, so it reads without colour."""
    if change is None:
        return "unknown"
    return "up" if change > 0 else "down" if change < 0 else "unchanged"


def _shown(estimate: Estimate | None, result: Result) -> float | None:
    if estimate is None or estimate.score is None:
        return None
    return result.checklist.scale.shown(estimate.score)


def _movement(row: Row, results: Sequence[Result]) -> dict[str, Any]:
    change = row.since_first[-1]
    return {
        "from": _shown(row.estimates[0], results[0]),
        "to": _shown(row.estimates[-1], results[-1]),
        "change": change,
        "direction": direction(change),
    }


def _levels(view: AssessmentView) -> list[dict[str, Any]]:
    """The checklist's levels as bands of the score axis (for drawing them behind a trend)."""
    top = view["checklist"]["scale"]["maximum"]
    return [
        {
            "level": b["level"],
            "name": b["name"],
            "signal": b["signal"],
            "from": b["edge"],
            "to": top if b["upper"] is None else b["upper"],
        }
        for b in view["checklist"]["bands"]
    ]


def _dates(labels: Sequence[str]) -> list[datetime.date] | None:
    try:
        return [datetime.date.fromisoformat(label) for label in labels]
    except ValueError:
        return None


def _timeline(labels: Sequence[str]) -> dict[str, Any] | None:
    """Where each audit sits on a time axis (0 to 1), and the axis ticks: days over two weeks or
    less, weeks up to two months, months up to a year, quarters up to three years, years beyond.
    None when a date is not an ISO date."""
    dates = _dates(labels)
    if dates is None:
        return None
    first, last = dates[0], dates[-1]
    days = (last - first).days
    if days <= 62:
        step = datetime.timedelta(days=1 if days <= 14 else 7)
        ticks = [first]
        while ticks[-1] < last:
            ticks.append(ticks[-1] + step)
        names = [
            f"{d.day} {_MONTHS[d.month - 1][:3]}" + (f" {d.year}" if i == 0 else "")
            for i, d in enumerate(ticks)
        ]
    else:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        every = 1 if months <= 12 else 3 if months <= 36 else 12
        ticks = [datetime.date(first.year, (first.month - 1) // every * every + 1, 1)]
        while ticks[-1] <= last:
            month = ticks[-1].month - 1 + every
            ticks.append(datetime.date(ticks[-1].year + month // 12, month % 12 + 1, 1))
        names = [
            str(d.year)
            if every == 12
            else _MONTHS[d.month - 1][:3] + (f" {d.year}" if i == 0 or d.month == 1 else "")
            for i, d in enumerate(ticks)
        ]
    start, span = ticks[0], max(1, (ticks[-1] - ticks[0]).days)

    def at(day: datetime.date) -> float:
        return round((day - start).days / span, 4)

    return {
        "from": start.isoformat(),
        "to": ticks[-1].isoformat(),
        "at": [at(d) for d in dates],
        "ticks": [{"at": at(d), "label": n} for d, n in zip(ticks, names, strict=True)],
    }


def _span(labels: Sequence[str]) -> str:
    """``from January to October 2026``, in the words of the audit dates."""
    dates = _dates(labels)
    if dates is None:
        return f"from {labels[0]} to {labels[-1]}"
    first, last = dates[0], dates[-1]
    if (first.year, first.month) == (last.year, last.month):
        return f"from {first.isoformat()} to {last.isoformat()}"
    start = _MONTHS[first.month - 1]
    if first.year != last.year:
        start += f" {first.year}"
    return f"from {start} to {_MONTHS[last.month - 1]} {last.year}"


def _number(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _count(number: int, word: str) -> str:
    said = _COUNT_WORDS[number] if number < len(_COUNT_WORDS) else str(number)
    return f"{said} {word}{'' if number == 1 else 's'}"


def _points(value: float) -> str:
    return f"{value:g} point{'' if value == 1 else 's'}"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _level(level: int | None) -> str:
    return "no level yet" if level is None else f"level {level}"


def _standing(
    standing: Standing, index: int, comparison: Comparison, titles: Mapping[str, str]
) -> dict[str, Any]:
    """Audit ``index`` against the target: the facts, and what holds it back in words."""
    target = comparison.target
    assert target is not None  # standings exist only with a target
    held = []
    for cap in standing.held:
        if cap.kind == "knockout":
            held.append(f"a knock-out answer caps it at level {cap.band.level}")
        else:
            title = titles.get(cap.dimension or "", "its weakest dimension")
            held.append(f"its weakest dimension, {title}, caps it at level {cap.band.level}")
    missing = [r.needs for r in standing.needs]
    blockers = []
    if standing.short:
        blockers.append(f"{_points(standing.short)} short")
    if missing:
        blockers.append(f"{_count(len(missing), 'practice')} missing ({_join(missing)})")
    blockers.extend(held)
    if target.level is None:
        below = [r.gaps[index].points for r in comparison.dimensions]
        short = [g for g in below if g]
        if standing.reached is None:
            text = "gap unknown in some dimensions"
        elif standing.reached:
            text = "every dimension at target"
        else:
            total = comparison.total_gaps[index] or 0.0
            text = f"{_points(total)} short in {_count(len(short), 'dimension')}"
        blockers = [] if standing.reached else [text]
    elif standing.reached is None:
        text = "no level yet: too little evidence to tell"
    elif standing.reached:
        text = f"level {standing.level}: target reached"
    else:
        text = f"level {standing.level}: " + "; ".join(blockers or ["below the target level"])
    return {
        "reached": standing.reached,
        "level": standing.level,
        "short": standing.short,
        "needs": [{"question": r.question, "needs": r.needs} for r in standing.needs],
        "held": [
            {"kind": c.kind, "level": c.band.level, "questions": list(c.questions)}
            for c in standing.held
        ],
        "blockers": blockers,
        "text": text,
    }


def _headline(
    comparison: Comparison, views: Sequence[AssessmentView], standings: Sequence[dict[str, Any]]
) -> str:
    """One sentence a director reads first: score and level from the first audit to the last,
    and where the target stands (when it was reached, or what is still missing)."""
    labels = comparison.labels
    first, last = views[0]["overall"]["score"], views[-1]["overall"]["score"]
    change = None if first is None or last is None else round(last - first, 1)
    moved = direction(change)
    score = f"Score {_number(first)} → {_number(last)}"
    if moved in ("up", "down") and change is not None:
        score += f" ({moved} {abs(change):g})"
    elif moved == "unchanged":
        score += " (unchanged)"
    parts = [
        f"{score} {_span(labels)}",
        f"level {_level_number(views[0])} → {_level_number(views[-1])}",
    ]
    target = comparison.target
    if target is not None and standings:
        parts.append(_target_words(target.level, target.score, labels, standings))
    return "; ".join(parts) + "."


def _level_number(view: AssessmentView) -> str:
    level = view["decision"]["level"]
    return "none yet" if level is None else str(level)


def _target_words(
    level: int | None, score: float, labels: Sequence[str], standings: Sequence[dict[str, Any]]
) -> str:
    goal = f"level {level}" if level is not None else f"target {score:g}"
    reached = [s["reached"] for s in standings]
    first = next((i for i, r in enumerate(reached) if r), None)
    now = standings[-1]
    if reached[-1]:
        held = len(reached)
        while held > 0 and reached[held - 1]:
            held -= 1
        said = f"{goal} reached on {labels[first]}" if first is not None else goal
        if first is not None and held != first:
            said += f", held since {labels[held]}"
        return said
    if reached[-1] is None:
        if level is None:
            return f"{goal}: {now['text']}"
        return f"{goal}: too little evidence in the last audit to tell"
    why = "; ".join(now["blockers"]) or "below the target level"
    if first is not None:
        return f"{goal} reached on {labels[first]} but not held: {why}"
    return f"{goal} not reached: {why}"


def _moves(
    comparison: Comparison, rows: Sequence[dict[str, Any]], answers: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The answers that changed over the trend, first to last, grouped by dimension: dimensions
    that moved most first, and in each the answers that moved their score most."""
    labels = comparison.labels
    mode = comparison.results[-1].mode
    shifts = comparison.shifts
    # A ratio reads its counts back ("5 ... for 8 ..."): the counts need no line of their own.
    folded = {i for s in shifts if not s.question.answer.asked for i in s.question.answer.inputs}
    groups: dict[str, list[Shift]] = {}
    for shift in shifts:
        if shift.question.id not in folded:
            groups.setdefault(shift.question.dimension, []).append(shift)
    order = {row["id"]: i for i, row in enumerate(rows)}
    dimensions = []
    for row in rows:
        found = groups.get(row["id"])
        if not found:
            continue
        found.sort(key=lambda s: (s.delta is None, -abs(s.delta or 0.0)))
        shown = 0
        while shown < min(MOVES_SHOWN, len(found)) and found[shown].delta:
            shown += 1
        dimensions.append(
            {
                "dimension": row["id"],
                "title": row["title"],
                "movement": row["movement"],
                "questions": [
                    {
                        "question": s.question.id,
                        "text": s.question.phrasing(mode),
                        "before": answer_text(s.first, answers[0]),
                        "after": answer_text(s.last, answers[-1]),
                        "delta": s.delta,
                        "direction": direction(s.delta),
                        "changed_in": [labels[i] for i in s.at],
                    }
                    for s in found
                ],
                "shown": shown,
                "more": len(found) - shown,
            }
        )
    dimensions.sort(
        key=lambda d: (
            d["movement"]["change"] is None,
            -abs(d["movement"]["change"] or 0.0),
            order[d["dimension"]],
        )
    )
    return {
        "count": sum(len(d["questions"]) for d in dimensions),
        "shown": sum(d["shown"] for d in dimensions),
        "dimensions": dimensions,
    }
