"""Compare scored audits: side by side, or as a trend over time. Pure: no I/O, no printing.

- **Side by side** (several companies or teams): per shared dimension each audit's estimate, and
  which is strongest; when the leader's interval overlaps another's, the data cannot separate them
  yet, and the unknowns that could are listed. Overall, audits rank by their decision first,
  then their level, then whether there is evidence enough for a level, and only then by score
  (see :func:`_separate`). Equal standings are level: nobody leads.
- **Trend** (one company and team at different dates): deltas since the previous audit and since
  the first, per dimension and overall, the questions whose answers changed at each step, and
  each changed question's move over the whole trend (first answer to last).
- **Target**: the gap to a target score per dimension, never negative; a dimension above target
  never offsets one below it (the total is a sum of shortfalls, as OWASP SAMM counts gaps). For a
  target level, each audit's standing: reached or not, and what holds it below (the points
  short, the practices the level requires, a knock-out or weakest-link cap).
- Audits of different checklists or versions are compared on what they share: dimensions with the
  same id, and in them the questions scored the same way. Everything else is listed as not
  comparable, with the reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from auditor.checklist import Checklist, Question, Requirement
from auditor.decision import ASK_MORE, FIX_FIRST, IMPROVE, JOIN, SUSTAIN, WALK_AWAY, decide_kind
from auditor.errors import AuditorError
from auditor.privacy import role_only
from auditor.scoring import (
    Cap,
    DimensionScore,
    Estimate,
    NextQuestion,
    QuestionScore,
    Result,
    aggregate,
    combine,
)

SIDE_BY_SIDE, TREND = "side-by-side", "trend"
VIEWS = ("auto", SIDE_BY_SIDE, TREND)
_SEPARATING_QUESTIONS = 3

# Where a decision ranks when audits are compared, higher first. A candidate's join, ask more,
# walk away; a manager's sustain, improve, ask more, fix first. A confirmed knock-out (walk away,
# fix first) ranks below an open question (ask more): a known flaw that caps the level is worse
# than what is not known yet. Sustain and improve are told apart by the level anyway (sustain is
# the top level); join and sustain share a place for the rare comparison across modes.
DECISION_ORDER = {JOIN: 3, SUSTAIN: 3, IMPROVE: 2, ASK_MORE: 1, WALK_AWAY: 0, FIX_FIRST: 0}

# How the leader stands against another audit, in the order the ranking tries them.
ON_DECISION, ON_LEVEL, ON_EVIDENCE, ON_SCORE = "decision", "level", "evidence", "score"


@dataclass(frozen=True)
class Target:
    """A target score (0-100), given as a score or as the maturity level whose band it opens."""

    score: float
    level: int | None = None

    @property
    def label(self) -> str:
        if self.level is None:
            return f"{self.score:g}/100"
        return f"level {self.level} ({self.score:g}/100)"


@dataclass(frozen=True)
class Ask:
    """An unknown in one audit (``column``) whose answer could move its score by ``swing``."""

    column: int
    next: NextQuestion


@dataclass(frozen=True)
class Rank:
    """What ranks an audit in the overall row, before its score: its decision and its level
    (after the caps; None when there is too little evidence for one)."""

    decision: str
    level: int | None
    knockout: bool  # the decision rests on a confirmed knock-out: decided even on thin evidence

    @property
    def order(self) -> int:
        return DECISION_ORDER[self.decision]


@dataclass(frozen=True)
class Separation:
    """Who leads, and whether the leader is told apart from everyone else.

    ``leader`` is None when nothing is known, or when the best are level (``tied``: equal on
    everything the row ranks by). ``contenders`` overlap the leader's score range; ``unsure``
    cannot be ranked against the leader at all, one of the two having too little evidence for a
    level. ``basis``, per audit, what sets the leader (or the tied) apart from it: ``decision``,
    ``level``, ``evidence`` or ``score``; None for the leader and where nothing is known.
    """

    leader: int | None
    contenders: tuple[int, ...]
    asks: tuple[Ask, ...]
    tied: tuple[int, ...] = ()
    unsure: tuple[int, ...] = ()
    basis: tuple[str | None, ...] = ()

    @property
    def separable(self) -> bool:
        return self.leader is not None and not self.contenders and not self.unsure


@dataclass(frozen=True)
class Gap:
    """Shortfall below the target in points (0-100): never negative; None when unknown."""

    points: float | None


@dataclass(frozen=True)
class Row:
    """One dimension (or the overall score) across the audits."""

    id: str
    title: str
    estimates: tuple[Estimate | None, ...]
    signals: tuple[str, ...]
    separation: Separation
    since_previous: tuple[float | None, ...]
    since_first: tuple[float | None, ...]
    gaps: tuple[Gap, ...]
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """A question whose answer changed between two audits in a trend."""

    question: Question
    before: QuestionScore
    after: QuestionScore

    @property
    def delta(self) -> float | None:
        """The change in the question's own score, on the 0-100 scale of a question."""
        if self.question.weight == 0 or self.before.score is None or self.after.score is None:
            return None  # a count kept only to compute a metric: its own score means nothing
        return round((self.after.score - self.before.score) * 100, 1)


@dataclass(frozen=True)
class Shift:
    """A question whose answer changed somewhere in a trend: its answer in the first audit and in
    the last, and the audits (indices) whose answer differs from the one before."""

    question: Question
    first: QuestionScore
    last: QuestionScore
    at: tuple[int, ...]

    @property
    def delta(self) -> float | None:
        """First to last, on the 0-100 scale of a question; None where it means nothing."""
        return Change(self.question, self.first, self.last).delta


@dataclass(frozen=True)
class Standing:
    """Where one audit stands against the target.

    ``reached`` is None when the audit has too little evidence for a level (or, for a score
    target, a dimension's gap is unknown). ``short``: points the overall score is below the
    target's (0 at or above it). ``needs``: the practices the target level and the levels below
    it require that this audit lacks. ``held``: knock-out or weakest-link caps that would hold
    the level below the target whatever the score.
    """

    reached: bool | None
    level: int | None
    short: float | None
    needs: tuple[Requirement, ...] = ()
    held: tuple[Cap, ...] = ()


@dataclass(frozen=True)
class Excluded:
    """A dimension or question that is not comparable, where it appears and why."""

    kind: str
    id: str
    title: str
    present_in: tuple[int, ...]
    reason: str


@dataclass(frozen=True)
class Comparison:
    view: str
    results: tuple[Result, ...]
    labels: tuple[str, ...]
    overall: Row
    dimensions: tuple[Row, ...]
    excluded: tuple[Excluded, ...]
    changes: tuple[tuple[Change, ...], ...]
    target: Target | None
    total_gaps: tuple[float | None, ...]
    notes: tuple[str, ...]
    shifts: tuple[Shift, ...] = ()
    standings: tuple[Standing, ...] = ()
    ranks: tuple[Rank, ...] = ()


def parse_target(text: str) -> tuple[float | None, int | None]:
    """``--target``: a maturity level 0-4 (``3`` or ``L3``) or a score 5-100 (``75``)."""
    raw = text.strip().lower().removeprefix("level").removeprefix("l").strip()
    level_given = raw != text.strip().lower()
    try:
        number = float(raw)
    except ValueError:
        number = -1.0
    if number.is_integer() and 0 <= number <= 4:
        return None, int(number)
    if not level_given and 4 < number <= 100:
        return number, None
    raise AuditorError(
        f"--target expects a maturity level 0-4 (e.g. 3 or L3) or a score 5-100, got {text!r}"
    )


def resolve_target(checklist: Checklist, score: float | None, level: int | None) -> Target:
    """A level becomes the lowest score of the first band at that level or above."""
    if level is None:
        assert score is not None
        return Target(score)
    for band in checklist.bands:
        if band.level >= level:
            return Target(band.edge, level)
    top = max(b.level for b in checklist.bands)
    raise AuditorError(
        f"--target level {level}: checklist {checklist.id} has no band at that level "
        f"(highest is {top})"
    )


def compare(
    results: Sequence[Result],
    *,
    view: str = "auto",
    target: tuple[float | None, int | None] | None = None,
    redact: bool = False,
) -> Comparison:
    """Build the comparison of ``results``: side by side, or a trend when ``view`` says so or
    (``auto``) when every audit is of the same company and team, each on its own date."""
    if len(results) < 2:
        raise AuditorError(f"compare needs at least two audits, got {len(results)}")
    chosen = _choose_view(results, view)
    if chosen == TREND:
        results = sorted(results, key=lambda r: r.audit.meta.get("date", ""))
    results = tuple(results)
    checklists = [r.checklist for r in results]
    same = len({c.hash for c in checklists}) == 1
    shared, excluded = _shared(checklists)
    if not shared:
        names = ", ".join(
            f"{r.audit.path} ({r.checklist.id} {r.checklist.version})" for r in results
        )
        raise AuditorError(
            f"these audits share no dimension, so there is nothing to compare: {names}"
        )
    goal = resolve_target(checklists[0], *target) if target is not None else None
    trend = chosen == TREND
    ranks = tuple(rank(r) for r in results)
    rows = []
    for dim_id, questions in shared.items():
        if same:
            estimates = [_dimension(r, dim_id).estimate for r in results]
        else:
            estimates = [_restricted(r, dim_id, questions) for r in results]
        title = next(d.title for d in checklists[0].dimensions if d.id == dim_id)
        left = tuple(
            q.id for q in _dimension_questions(checklists[0], dim_id) if q.id not in questions
        )
        rows.append(_row(dim_id, title, results, estimates, goal, trend, set(questions), left))
    overall_estimates, notes = _overall(results, same, [r.id for r in rows], rows)
    labels = _labels(results, trend, redact)
    notes.extend(_version_notes(results, labels))
    overall = _row("overall", "Overall", results, overall_estimates, goal, trend, None, (), ranks)
    changes = (
        tuple(
            _changes(results[i - 1], results[i], {q for qs in shared.values() for q in qs})
            for i in range(1, len(results))
        )
        if trend
        else ()
    )
    totals = tuple(_total_gap([row.gaps[i] for row in rows]) for i in range(len(results)))
    standings = (
        tuple(
            _standing(r, goal, shown, total)
            for r, shown, total in zip(results, overall.estimates, totals, strict=True)
        )
        if goal is not None
        else ()
    )
    return Comparison(
        view=chosen,
        results=results,
        labels=labels,
        overall=overall,
        dimensions=tuple(rows),
        excluded=tuple(excluded),
        changes=changes,
        target=goal,
        total_gaps=totals if goal is not None else tuple(None for _ in results),
        notes=tuple(notes),
        shifts=_shifts(results, changes) if trend else (),
        standings=standings,
        ranks=ranks,
    )


def rank(result: Result) -> Rank:
    """The decision and the level an audit is ranked by, as its own report gives them."""
    decision = decide_kind(result)
    level = None if result.insufficient else result.band.level
    knockout = bool(result.knockouts) and decision in (WALK_AWAY, FIX_FIRST)
    return Rank(decision, level, knockout)


def gap(target: float, score: float | None) -> Gap:
    """How far ``score`` (0-100) falls short of ``target``: 0 at or above it, never negative."""
    if score is None:
        return Gap(None)
    return Gap(round(max(0.0, target - score), 1))


def _total_gap(gaps: Sequence[Gap]) -> float | None:
    """Sum of shortfalls: a dimension above target adds 0, it never cancels another's gap."""
    known = [g.points for g in gaps if g.points is not None]
    return round(sum(known), 1) if known or not gaps else None


def _choose_view(results: Sequence[Result], view: str) -> str:
    if view not in VIEWS:
        raise AuditorError(f"unknown view {view!r}; expected one of: {', '.join(VIEWS)}")
    titles = {
        (_norm(r.audit.meta.get("company")), _norm(r.audit.meta.get("team"))): r.audit.meta
        for r in reversed(results)
    }
    keys = set(titles)
    dates = [r.audit.meta.get("date") for r in results]
    one_team = len(keys) == 1 and next(iter(keys))[0] != ""
    dated = all(dates) and len(set(dates)) == len(dates)
    if view == TREND:
        if not one_team:
            shown = (
                " · ".join(filter(None, (m.get("company"), m.get("team")))) or "(no company)"
                for m in titles.values()
            )
            found = "; ".join(sorted(shown))
            raise AuditorError(f"a trend needs audits of one company and team, got: {found}")
        if not dated:
            raise AuditorError(
                "a trend needs every audit to have its own date; give each a distinct 'date'"
            )
        return TREND
    if view == SIDE_BY_SIDE:
        return SIDE_BY_SIDE
    return TREND if one_team and dated else SIDE_BY_SIDE


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _dimension_questions(checklist: Checklist, dim_id: str) -> tuple[Question, ...]:
    dimension = checklist.dimension(dim_id)
    return dimension.questions if dimension is not None else ()


def _shared(checklists: Sequence[Checklist]) -> tuple[dict[str, list[str]], list[Excluded]]:
    """Dimension id -> ids of the questions every checklist scores the same way there."""
    first = checklists[0]
    excluded: list[Excluded] = []
    shared: dict[str, list[str]] = {}
    all_dims: dict[str, str] = {}
    for checklist in checklists:
        for dimension in checklist.dimensions:
            all_dims.setdefault(dimension.id, dimension.title)
    aggregations = {c.question_aggregation for c in checklists}
    for dim_id, title in all_dims.items():
        present = tuple(i for i, c in enumerate(checklists) if c.dimension(dim_id) is not None)
        if len(present) < len(checklists):
            excluded.append(
                Excluded("dimension", dim_id, title, present, "not in every audit's checklist")
            )
            continue
        if len(aggregations) > 1:
            excluded.append(
                Excluded(
                    "dimension", dim_id, title, present, "the checklists aggregate differently"
                )
            )
            continue
        kept = []
        questions: dict[str, Question] = {}
        for checklist in checklists:
            for question in _dimension_questions(checklist, dim_id):
                questions.setdefault(question.id, question)
        for q_id, question in questions.items():
            having = [
                q for c in checklists for q in _dimension_questions(c, dim_id) if q.id == q_id
            ]
            where = tuple(
                i
                for i, c in enumerate(checklists)
                if any(q.id == q_id for q in _dimension_questions(c, dim_id))
            )
            if len(having) < len(checklists):
                reason = f"not in every checklist's {title}"
            elif any((q.weight, q.answer) != (question.weight, question.answer) for q in having):
                reason = "scored differently between the checklists"
            else:
                kept.append(q_id)
                continue
            excluded.append(
                Excluded("question", q_id, question.phrasing("candidate"), where, reason)
            )
        if kept and first.dimension(dim_id) is not None:
            shared[dim_id] = kept
        elif not kept:
            excluded.append(
                Excluded("dimension", dim_id, title, present, "no question scored the same way")
            )
    return shared, excluded


def _version_notes(results: Sequence[Result], labels: Sequence[str]) -> list[str]:
    """Say so when an audit was answered against another version than the one it is scored by."""
    notes = []
    for label, result in zip(labels, results, strict=True):
        audit = result.audit
        if not audit.checklist_changed:
            continue
        then = audit.checklist_version or audit.checklist_hash
        note = (
            f"{label} was answered against {result.checklist.id} {then} and is scored against "
            f"{result.checklist.version}"
        )
        count = len(audit.orphans)
        if count == 1:
            note += "; 1 answer to a question it no longer has is left out"
        elif count:
            note += f"; {count} answers to questions it no longer has are left out"
        notes.append(note + ".")
    return notes


def _dimension(result: Result, dim_id: str) -> DimensionScore:
    return next(d for d in result.dimensions if d.dimension.id == dim_id)


def _restricted(result: Result, dim_id: str, question_ids: Sequence[str]) -> Estimate:
    """The dimension's estimate over only the shared questions."""
    wanted = set(question_ids)
    dimension = next(d for d in result.dimensions if d.dimension.id == dim_id)
    items = [(q.question.weight, q.score) for q in dimension.questions if q.question.id in wanted]
    return aggregate(result.checklist.question_aggregation, items)


def _overall(
    results: Sequence[Result], same: bool, dim_ids: Sequence[str], rows: Sequence[Row]
) -> tuple[list[Estimate | None], list[str]]:
    if same:
        return [r.overall for r in results], []
    notes = [
        "The audits were answered with different checklists or versions: only what they share "
        "is compared."
    ]
    weights = {
        tuple((d.id, d.weight) for d in r.checklist.dimensions if d.id in dim_ids) for r in results
    }
    methods = {r.checklist.dimension_aggregation for r in results}
    if len(weights) > 1 or len(methods) > 1:
        notes.append(
            "The overall scores are not comparable: the checklists weigh their dimensions "
            "differently. Compare dimension by dimension."
        )
        return [None for _ in results], notes
    method = methods.pop()
    dim_weights = dict(weights.pop())
    overall: list[Estimate | None] = [
        combine(method, [(dim_weights[row.id], row.estimates[column]) for row in rows])
        for column in range(len(results))
    ]
    notes.append("The overall scores are recomputed over the shared dimensions and questions.")
    return overall, notes


def _row(
    row_id: str,
    title: str,
    results: Sequence[Result],
    estimates: Sequence[Estimate | None],
    goal: Target | None,
    trend: bool,
    question_ids: set[str] | None,
    left_out: tuple[str, ...],
    ranks: Sequence[Rank] | None = None,
) -> Row:
    shown = [
        None if e is None or e.score is None else r.checklist.scale.shown(e.score)
        for e, r in zip(estimates, results, strict=True)
    ]
    signals = tuple(
        "unknown" if p is None else r.checklist.band_for(p).signal
        for p, r in zip(shown, results, strict=True)
    )
    if ranks is not None:
        # Overall, the colour is the level's, as in the audit's own report: a capped 99 is not
        # green.
        signals = tuple(
            "unknown" if p is None or r.insufficient else r.band.signal
            for p, r in zip(shown, results, strict=True)
        )
    previous = tuple(None if i == 0 else _delta(shown[i - 1], shown[i]) for i in range(len(shown)))
    first = tuple(None if i == 0 else _delta(shown[0], shown[i]) for i in range(len(shown)))
    gaps = tuple(gap(goal.score, p) if goal else Gap(None) for p in shown)
    separation = _separate(results, estimates, row_id, question_ids, ranks)
    return Row(
        row_id,
        title,
        tuple(estimates),
        signals,
        separation,
        previous if trend else tuple(None for _ in shown),
        first if trend else tuple(None for _ in shown),
        gaps,
        left_out,
    )


def _separate(
    results: Sequence[Result],
    estimates: Sequence[Estimate | None],
    row_id: str,
    question_ids: set[str] | None,
    ranks: Sequence[Rank] | None = None,
) -> Separation:
    """Who leads a row, and whether the data tells the leader apart.

    A dimension is ranked by its score alone. The overall row (``ranks`` given) is ranked as an
    engineer weighs offers: by the decision, then the level (as capped), then by having evidence
    enough for a level at all, and only then by the score. Scores are compared as shown, so a
    tie on the page is a tie here. The leader is *clearly* ahead of an audit when the decision
    or the level sets them apart, or, when only the score does, when its worst case is above the
    other's best. An audit without a level is never ranked clearly against one with a level
    (it is ``unsure``), except that a confirmed knock-out, decided on thin evidence too, is
    clearly behind a better decision that has a level. Equal standings are ``tied``: no leader.
    """

    def shown(column: int, share: float) -> float:
        scale = results[column].checklist.scale
        return scale.shown(share) / scale.maximum  # comparable across scales

    def key(column: int) -> tuple[int, int, float]:
        estimate = estimates[column]
        assert estimate is not None
        score = -1.0 if estimate.score is None else shown(column, estimate.score)
        if ranks is None:
            return (0, 0, score)
        level = ranks[column].level
        return (ranks[column].order, -1 if level is None else level, score)

    present = {i: e for i, e in enumerate(estimates) if e is not None}
    # A dimension needs a score to lead; overall, the decision and the level rank it first.
    candidates = [i for i, e in present.items() if ranks is not None or e.score is not None]
    if not candidates:
        return Separation(None, (), ())
    best = max(key(i) for i in candidates)
    top = [i for i in candidates if key(i) == best]
    leader = top[0] if len(top) == 1 else None
    floor = min(shown(i, present[i].low) for i in top)
    basis: list[str | None] = [None] * len(estimates)
    contenders: list[int] = []
    unsure: list[int] = []
    for i, estimate in present.items():
        if i in top:
            continue
        on, clear = _against(ranks, top[0], i)
        if on == ON_SCORE:
            clear = shown(i, estimate.high) < floor
        basis[i] = on
        if on == ON_EVIDENCE:
            unsure.append(i)
        elif not clear:
            contenders.append(i)
    asks: list[Ask] = []
    if contenders or unsure or leader is None:
        for column in (*top, *contenders, *unsure):
            for item in results[column].next_questions:
                q = item.item.question
                if question_ids is None or (q.dimension == row_id and q.id in question_ids):
                    asks.append(Ask(column, item))
        impact = {"decision": 0, "level": 1, "score": 2}
        asks.sort(
            key=lambda a: (impact[a.next.impact], -a.next.swing, a.column, a.next.item.question.id)
        )
    return Separation(
        leader,
        tuple(contenders),
        tuple(asks[:_SEPARATING_QUESTIONS]),
        tuple(top) if leader is None else (),
        tuple(unsure),
        tuple(basis),
    )


def _against(ranks: Sequence[Rank] | None, leader: int, other: int) -> tuple[str, bool]:
    """What sets ``leader`` above ``other`` (ranked below it, or level on everything but the
    score), and whether that is clear before any score range is looked at."""
    if ranks is None:
        return ON_SCORE, False
    mine, theirs = ranks[leader], ranks[other]
    if mine.order != theirs.order:
        # A knock-out decides on thin evidence too: clearly behind a better decision, provided
        # that one has a level.
        if theirs.knockout and mine.level is not None:
            return ON_DECISION, True
        if mine.level is None or theirs.level is None:
            return ON_EVIDENCE, False
        return ON_DECISION, True
    if mine.level is None or theirs.level is None:
        return ON_EVIDENCE, False
    if mine.level != theirs.level:
        return ON_LEVEL, True
    return ON_SCORE, False


def _changes(before: Result, after: Result, shared: set[str]) -> tuple[Change, ...]:
    old = {q.question.id: q for q in before.questions()}
    changed = []
    for item in after.questions():
        q_id = item.question.id
        prior = old.get(q_id)
        if prior is None or q_id not in shared:
            continue
        if (prior.status, prior.value) != (item.status, item.value):
            changed.append(Change(item.question, prior, item))
    return tuple(changed)


def _shifts(results: Sequence[Result], changes: Sequence[Sequence[Change]]) -> tuple[Shift, ...]:
    """Each changed question once, first answer to last: linear in the changes found."""
    steps: dict[str, list[int]] = {}
    for index, found in enumerate(changes, start=1):
        for change in found:
            steps.setdefault(change.question.id, []).append(index)
    if not steps:
        return ()
    first = {q.question.id: q for q in results[0].questions()}
    last = {q.question.id: q for q in results[-1].questions()}
    return tuple(
        Shift(last[q_id].question, first[q_id], last[q_id], tuple(at))
        for q_id, at in steps.items()
        if q_id in first and q_id in last
    )


def _standing(
    result: Result, goal: Target, overall: Estimate | None, total: float | None
) -> Standing:
    """How ``result`` stands against ``goal``: for a level, the level the decision gives and
    what holds it below; for a score, whether every dimension is at the score."""
    checklist = result.checklist
    shown = (
        None if overall is None or overall.score is None else checklist.scale.shown(overall.score)
    )
    short = gap(goal.score, shown).points
    level = None if result.insufficient else result.band.level
    if goal.level is None:
        return Standing(None if total is None else total == 0, level, short)
    scores = {q.question.id: q.score for q in result.questions()}
    needs: dict[str, Requirement] = {}
    for band in checklist.bands:
        if band.level > goal.level:
            break
        for need in band.requires:
            score = scores.get(need.question)
            if score is None or score < need.at_least - 1e-9:
                needs.setdefault(need.question, need)
    held = tuple(
        cap
        for cap in result.point.caps
        if cap.kind != "requirement" and cap.band.level < goal.level
    )
    if result.knockouts and not any(c.kind == "knockout" for c in held):
        # A knock-out caps the level however high the score climbs: it holds even where the
        # score alone is below the cap today.
        band = checklist.knockout_band
        if band.level < goal.level:
            held = (Cap("knockout", band, tuple(q.question.id for q in result.knockouts)), *held)
    reached = None if level is None else level >= goal.level
    return Standing(reached, level, short, tuple(needs.values()), held)


def _labels(results: Sequence[Result], trend: bool, redact: bool = False) -> tuple[str, ...]:
    """Column headings: the date in a trend; company and team, made unique, side by side (by
    date, then by who answered: redacted, by their role with any name cut out)."""
    if trend:
        return tuple(r.audit.meta["date"] for r in results)
    labels = [r.audit.title for r in results]
    for extra in ("date", "respondent", "file"):
        counts = Counter(_norm(label) for label in labels)
        if max(counts.values()) == 1:
            break
        labels = [
            f"{label} ({_meta(r, extra, redact)})"
            if counts[_norm(label)] > 1 and _meta(r, extra, redact)
            else label
            for label, r in zip(labels, results, strict=True)
        ]
    return tuple(labels)


def _meta(result: Result, key: str, redact: bool = False) -> str | None:
    meta = result.audit.meta
    if key == "file":
        return result.audit.path
    if key == "respondent" and redact:
        return role_only(
            meta.get(key),
            [meta.get("respondent_name"), meta.get("interviewer")],
            [meta.get(k) for k in ("company", "team", "role")],
        )
    return meta.get(key)


def _delta(before: float | None, after: float | None) -> float | None:
    if before is None or after is None:
        return None
    return round(after - before, 1)
