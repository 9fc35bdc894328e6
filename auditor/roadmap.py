"""A manager's view of one audit: how far it is from a target level, and what changed since the
team's previous audit. Pure: no I/O, no printing, no words (``auditor.assessment`` says them).

- **Target** (``report --target 3``): per dimension, the shortfall below the target's score, the
  same gap ``compare --target`` shows for several audits (a dimension above the target never
  offsets one below it); the practices the target level and the levels below it require that are
  not in place; and the knock-outs that hold the level down whatever the scores do.
- **Since** (``report --previous OLDER.yaml``): the two audits as a two-step trend, so that the
  scores, levels and changed answers are compared exactly as ``compare`` compares them (on what
  the two checklist versions share).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.checklist import Band, Requirement
from auditor.errors import AuditorError
from auditor.scoring import DimensionScore, QuestionScore, Result

if TYPE_CHECKING:  # comparing is imported where a target or a previous audit asks for it
    from auditor.compare import Comparison, Gap, Target


@dataclass(frozen=True)
class DimensionGap:
    dimension: DimensionScore
    score: float | None
    gap: Gap


@dataclass(frozen=True)
class Practice:
    """A practice a band requires, and the answer that does not (or may not) meet it."""

    band: Band
    requirement: Requirement
    item: QuestionScore


@dataclass(frozen=True)
class TargetGap:
    target: Target
    dimensions: tuple[DimensionGap, ...]
    total: float | None
    practices: tuple[Practice, ...]
    knockouts: tuple[QuestionScore, ...]
    reached: bool


def target_gap(result: Result, score: float | None, level: int | None) -> TargetGap:
    """How far ``result`` is from the target (a score, or a level: see ``parse_target``)."""
    from auditor.compare import gap, resolve_target

    checklist = result.checklist
    target = resolve_target(checklist, score, level)
    dims = []
    for dim in result.dimensions:
        if dim.dimension.weight <= 0 or not dim.estimate.applicable:
            continue
        shown = None if dim.estimate.score is None else checklist.scale.shown(dim.estimate.score)
        dims.append(DimensionGap(dim, shown, gap(target.score, shown)))
    known = [d.gap.points for d in dims if d.gap.points is not None]
    # A sum of shortfalls, as compare's total: None only when no dimension is known at all.
    total = round(sum(known), 1) if known or not dims else None
    wanted = checklist.band_at_level(target.level) if target.level is not None else None
    items = {q.question.id: q for q in result.questions()}
    practices = []
    if wanted is not None:
        for band in checklist.bands:
            if band.level > wanted.level:
                break
            for requirement in band.requires:
                item = items[requirement.question]
                if item.score is None or item.score < requirement.at_least - 1e-9:
                    practices.append(Practice(band, requirement, item))
    capped_by_knockout = wanted is not None and wanted.level > checklist.knockout_band.level
    knockouts = tuple(result.knockouts) if capped_by_knockout else ()
    shown = result.point.shown
    if result.insufficient:
        reached = False
    elif target.level is not None:
        reached = result.point.level >= target.level
    else:
        reached = shown is not None and shown >= target.score
    return TargetGap(target, tuple(dims), total, tuple(practices), knockouts, reached)


@dataclass(frozen=True)
class Since:
    """The previous audit of the same team, and the two compared as a trend."""

    previous: Result
    comparison: Comparison


def since(previous: Result, current: Result) -> Since:
    """``previous`` and ``current`` compared; refused unless ``previous`` is an earlier audit of
    the same company and team, both dated (the date says which came first)."""
    then, now = previous.audit, current.audit
    name = then.path
    if not now.meta.get("company"):
        raise AuditorError(
            f"--previous: {now.path} names no company; a comparison with a previous audit needs "
            "both audits to name their company (and team)"
        )
    if _who(then.meta) != _who(now.meta):
        raise AuditorError(
            f"--previous {name}: it audits {then.title}, not {now.title}; give an earlier audit "
            "of the same company and team"
        )
    for audit in (then, now):
        if not audit.meta.get("date"):
            raise AuditorError(
                f"--previous: {audit.path} has no date; both audits need one to say which came "
                "first (date: YYYY-MM-DD)"
            )
    if then.meta["date"] >= now.meta["date"]:
        raise AuditorError(
            f"--previous {name} is dated {then.meta['date']}, not before this audit "
            f"({now.meta['date']}); give the earlier audit as --previous"
        )
    from auditor.compare import TREND, compare

    return Since(previous, compare([previous, current], view=TREND))


def _who(meta: dict[str, str]) -> tuple[str, str]:
    """Company and team as compared: case and spacing do not make another team."""
    company, team = (" ".join(meta.get(k, "").split()).casefold() for k in ("company", "team"))
    return company, team
