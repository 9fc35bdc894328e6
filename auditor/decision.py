"""The decision: one answer drawn from the evidence, with its reasons, decided once. Pure.

A candidate gets ``join``, ``ask-more`` or ``walk-away``; a manager gets ``sustain`` (at the top
level), ``improve`` (the next level and what stands between), ``fix-first`` (a knock-out holds the
team down) or ``ask-more`` (the team cannot say, or disagrees). The rules, in the order they are
tried, are documented with worked examples in ``docs/scoring.md``; each one that fires becomes a
:class:`Reason`, and the first decisive one decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from auditor.checklist import Band
from auditor.natural import answer_text
from auditor.scoring import Flag, QuestionScore, Result, Voice

JOIN, ASK_MORE, WALK_AWAY = "join", "ask-more", "walk-away"
SUSTAIN, IMPROVE, FIX_FIRST = "sustain", "improve", "fix-first"

SIGNALS = {
    JOIN: "green",
    SUSTAIN: "green",
    IMPROVE: "amber",
    ASK_MORE: "amber",
    WALK_AWAY: "red",
    FIX_FIRST: "red",
}
UNCERTAIN_LEVELS = 2
"""A reading of the unknowns this many levels below the estimate makes a firm answer unsafe."""


@dataclass(frozen=True)
class Reason:
    """Why: the rule that fired (an id, documented in docs/scoring.md), in one sentence, and
    the questions it rests on."""

    rule: str
    text: str
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    decision: str
    headline: str
    signal: str
    reasons: tuple[Reason, ...]
    level: int | None
    level_low: int
    level_high: int
    next_band: Band | None
    to_next: float | None


def _conflicts(result: Result) -> list[str]:
    return [d.item.question.id for d in result.disagreements if d.conflict and not d.resolved]


def _structural(result: Result) -> list[Flag]:
    return [f for f in result.red_flags if f.nature == "structural"]


def _uncertain(result: Result) -> bool:
    return result.pessimistic.level <= result.point.level - UNCERTAIN_LEVELS


def decide_kind(result: Result) -> str:
    """The decision alone, cheaply: what-ifs ("could this answer change the decision?") call it
    once per open question."""
    if result.mode == "self":
        if result.insufficient or _conflicts(result):
            return ASK_MORE
        if result.knockouts:
            return FIX_FIRST
        if _uncertain(result):
            return ASK_MORE
        return IMPROVE if result.checklist.band_above(result.point.capped) else SUSTAIN
    if result.knockouts:
        # A knock-out the respondent traced to this team or to a passing cause (a reorg, a
        # migration) is the seed's situational trouble: ask how and when it ends, not walk away.
        situational = all(k.nature == "situational" for k in result.knockouts)
        return ASK_MORE if situational else WALK_AWAY
    if result.insufficient or _conflicts(result):
        return ASK_MORE
    if result.point.capped.signal == "red":
        return WALK_AWAY if result.optimistic.capped.signal == "red" else ASK_MORE
    if result.point.capped.signal == "green" and not _structural(result) and not _uncertain(result):
        return JOIN
    return ASK_MORE


class _Words:
    """How a result's parts are said: respondents by their labels, answers as heard."""

    def __init__(self, result: Result, labels: dict[str, str]) -> None:
        self.result = result
        self.labels = labels
        self.mode = result.mode
        self.titles = {d.dimension.id: d.dimension.title for d in result.dimensions}
        self.items = {q.question.id: q for q in result.questions()}

    def heard(self, item: QuestionScore) -> str:
        if item.status == "not-applicable":
            return f"not applicable ({item.na_reason})"
        if item.status != "answered":
            return "unknown"
        answer = item.question.answer
        if item.value is not None:
            # A ratio reads as its two counts, as everywhere else.
            shown = answer_text(item, self.items) if not answer.asked else answer.show(item.value)
            if answer.numeric and item.option is not None:
                return f"{shown} ({item.option.label.lower()})"
            return shown
        return self._grouped(item, [v for v in item.voices if v.value is not None])

    def _grouped(self, item: QuestionScore, voices: Sequence[Voice]) -> str:
        """Who said what, each answer once: "A and B said 8 models; C said 3 models"."""
        answer = item.question.answer
        groups: dict[str, list[str]] = {}
        for v in voices:
            if v.value is not None:
                label = self.labels.get(v.respondent, v.respondent)
                groups.setdefault(answer.show(v.value), []).append(label)
        return "; ".join(f"{_join(names)} said {said}" for said, names in groups.items())

    def finding(self, item: QuestionScore) -> str:
        """The answer as a finding, for a headline: the option's or bucket's own words
        ("No model shipped in the last year"), else what was heard."""
        if item.option is not None:
            return item.option.label
        return self.heard(item)

    def flag(self, flag: Flag) -> str:
        """A red flag as heard: with several respondents, only the red answers and who gave them."""
        if not flag.said_by:
            return self.heard(flag.item)
        return self._grouped(
            flag.item, [v for v in flag.item.voices if v.respondent in flag.said_by]
        )

    def question(self, item: QuestionScore) -> str:
        return item.question.phrasing(self.mode)

    def ids(self, items: Sequence[QuestionScore]) -> tuple[str, ...]:
        return tuple(i.question.id for i in items)

    def asks(self, count: int = 2) -> tuple[str, tuple[str, ...]]:
        """The first open questions to ask, as a phrase and as ids."""
        nexts = self.result.next_questions[:count]
        asked = [q for n in nexts for q in n.ask][:count]
        phrase = " and ".join(f"“{q.phrasing(self.mode)}”" for q in asked)
        return phrase, tuple(q.id for q in asked)


def _level_words(low: int, high: int) -> str:
    return f"level {low}" if low == high else f"level {low} to {high}"


def decide(result: Result, labels: dict[str, str] | None = None) -> Decision:
    """The decision with its headline and its reasons, most important first."""
    words = _Words(result, labels or {})
    kind = decide_kind(result)
    reasons = _reasons(result, words)
    if kind == ASK_MORE:
        reasons.extend(_follow_up(result, words))
    point, low, high = result.point, result.pessimistic, result.optimistic
    next_band = result.checklist.band_above(point.capped)
    to_next = None
    if next_band is not None and point.shown is not None and not point.caps:
        to_next = max(0.0, round(next_band.edge - point.shown, result.checklist.scale.decimals))
    return Decision(
        decision=kind,
        headline=_headline(kind, result, words),
        signal=SIGNALS[kind],
        reasons=tuple(reasons),
        level=None if result.insufficient else point.level,
        level_low=low.level,
        level_high=max(high.level, point.level),
        next_band=next_band,
        to_next=to_next,
    )


def _headline(kind: str, result: Result, words: _Words) -> str:
    point = result.point
    if kind in (WALK_AWAY, FIX_FIRST) and result.knockouts:
        first = result.knockouts[0]
        more = len(result.knockouts) - 1
        also = f" (and {more} more knock-out{'s' if more > 1 else ''})" if more else ""
        found = words.finding(first)
        if kind == WALK_AWAY:
            kind_of = f"a {first.nature} knock-out" if first.nature else "a knock-out"
            return f"Walk away: {found}, {kind_of}{also}"
        cap = result.checklist.knockout_band.level
        return f"Fix first: {found}{also}; until it is fixed the level cannot pass {cap}"
    if kind == WALK_AWAY:
        return (
            f"Walk away, unless you are hired to fix it: level {point.level}, {point.capped.name}"
        )
    if kind == JOIN:
        return f"Join, if the role fits: level {point.level}, {point.capped.name}"
    if kind == SUSTAIN:
        return f"Level {point.level}, the top of the scale: keep it there"
    if kind == IMPROVE:
        above = result.checklist.band_above(point.capped)
        nxt = f"level {above.level} next" if above else "the top level"
        return f"Level {point.level}, {point.capped.name}: {nxt}"
    # ask-more
    if result.knockouts:  # every one situational
        first = result.knockouts[0]
        more = len(result.knockouts) - 1
        also = f" (and {more} more)" if more else ""
        return (
            f"Ask more: {words.finding(first)}{also}, a situational knock-out: ask what is "
            "being done about it, and by when, before deciding"
        )
    if result.insufficient:
        return "Not enough evidence for a level yet: ask the open questions first"
    if _conflicts(result):
        who = "the team" if result.mode == "self" else "the people you met"
        return f"Ask more: {who} disagree on what matters; settle it before deciding"
    if _uncertain(result):
        _, ids = words.asks()
        low, level = result.pessimistic.level, point.level
        if not ids:  # nothing unknown: the range comes from answers that differ
            who = "the team's answers" if result.mode == "self" else "the answers you heard"
            return (
                f"Level {level} on what is known, but as low as {low} where {who} differ: "
                "settle them before deciding"
            )
        questions = "one open question" if len(ids) == 1 else f"{len(ids)} open questions"
        return (
            f"Level {level} on what is known, but as low as {low}: ask {questions} before deciding"
        )
    if point.capped.signal == "red":
        return f"Ask more: level {point.level} on what is known, higher only if the open questions go well"
    if _structural(result) and point.capped.signal == "green":
        count = len(_structural(result))
        flags = "a structural red flag" if count == 1 else f"{count} structural red flags"
        return f"Ask more: level {point.level}, but {flags} would follow you to any team here"
    return f"Ask more before deciding: level {point.level}, {point.capped.name}"


def _reasons(result: Result, words: _Words) -> list[Reason]:
    reasons: list[Reason] = []
    point = result.point
    checklist = result.checklist
    if result.knockouts:
        heard = "; ".join(f"“{words.heard(item)}”" for item in result.knockouts)
        which = (
            "A critical question got a knock-out answer"
            if len(result.knockouts) == 1
            else f"{len(result.knockouts)} critical questions got knock-out answers"
        )
        reasons.append(
            Reason(
                "knockout",
                f"{which}: {heard}. That caps the level at {checklist.knockout_band.level}, "
                "whatever the average.",
                tuple(item.question.id for item in result.knockouts),
            )
        )
    # Conflicts stop the decision: they come before answers that merely differ.
    for d in sorted(result.disagreements, key=lambda d: not d.conflict):
        if d.resolved:
            continue
        item = d.item
        rule = "disagreement"
        heard = words.heard(item)
        if d.conflict:
            text = (
                f"Respondents disagree on “{words.question(item)}”: {heard}. "
                "Resolve this disagreement before deciding."
            )
        else:
            text = f"Respondents differ on “{words.question(item)}”: {heard}."
            rule = "difference"
        reasons.append(Reason(rule, text, (item.question.id,)))
    if result.insufficient:
        share = round(result.overall.coverage * 100)
        need = round(checklist.min_coverage * 100)
        phrase, ids = words.asks()
        reasons.append(
            Reason(
                "insufficient",
                f"Only {share}% of the weight is answered, {need}% is needed for a level: "
                f"ask {phrase} first.",
                ids,
            )
        )
    # Without enough evidence there is no level to hold down: only a knock-out speaks then.
    caps = () if result.insufficient else point.caps
    for cap in caps:
        if cap.kind == "weakest-link" and cap.dimension is not None and cap.dimension_band:
            title = words.titles.get(cap.dimension, cap.dimension)
            reasons.append(
                Reason(
                    "weakest-link",
                    f"{title} is at level {cap.dimension_band.level}: the overall level cannot be "
                    f"more than {checklist.weakest_link} above its weakest dimension, so it is "
                    f"{cap.band.level}, not {point.band.level}.",
                )
            )
    for cap in caps:
        if cap.kind != "requirement":
            continue
        above = checklist.band_above(cap.band)
        if above is None:
            continue
        missing = [r for r in above.requires if r.question in cap.questions]
        said = "; ".join(
            f"{r.needs} (today: {words.heard(words.items[r.question]) or 'unknown'})"
            for r in missing
        )
        reasons.append(
            Reason(
                "requirement",
                f"Level {above.level} needs {said}; the average alone would give level "
                f"{point.band.level}.",
                tuple(r.question for r in missing),
            )
        )
    for item in result.disputed_knockouts:
        reasons.append(
            Reason(
                "disputed-knockout",
                f"One respondent's answer to the critical question “{words.question(item)}” is a "
                "knock-out; it stands until the disagreement is resolved.",
                (item.question.id,),
            )
        )
    structural = _structural(result)
    if structural:
        listed = "; ".join(_flag_words(words, f) for f in structural[:3])
        more = f" and {len(structural) - 3} more" if len(structural) > 3 else ""
        # A manager is not choosing a team: "would follow you" reads as a candidate's test. And
        # a manager knows better than the checklist whether a cause is the team's own: until one
        # is recorded, "beyond this team" is only the checklist's default.
        if result.mode != "self":
            follow = "would follow you to another team here"
        elif any(f.cause for f in structural):
            follow = "company-wide, beyond this team"
        else:
            follow = (
                "company-wide by the checklist's default; record the cause if it is the team's own"
            )
        reasons.append(
            Reason(
                "structural",
                f"{len(structural)} structural red flag{'s' if len(structural) > 1 else ''} "
                f"({follow}): {listed}{more}.",
                tuple(f.item.question.id for f in structural),
            )
        )
    situational = [f for f in result.red_flags if f.nature == "situational"]
    if situational:
        passing = (
            "within this team's reach, or temporary; likely to pass within a quarter or two"
            if result.mode == "self"
            else "team-level or temporary, likely to pass within a quarter or two"
        )
        reasons.append(
            Reason(
                "situational",
                f"{len(situational)} situational red flag{'s' if len(situational) > 1 else ''}: "
                f"{passing}.",
                tuple(f.item.question.id for f in situational),
            )
        )
    if not result.insufficient:
        low, high = result.pessimistic.level, max(result.optimistic.level, point.level)
        # Nothing open: the range comes from answers that differ (several respondents).
        differing = tuple(d.item.question.id for d in result.disagreements if not d.resolved)
        if _uncertain(result):
            phrase, ids = words.asks()
            opened = [q.question.id for q in result.open_critical]
            if ids or opened:
                text = (
                    f"The answers so far give level {point.level}, but the unknowns allow "
                    f"anything from {_level_words(low, high)}: ask {phrase} before deciding."
                )
            else:
                text = (
                    f"The answers so far give level {point.level}, but where they differ they "
                    f"allow anything from {_level_words(low, high)}: settle them before deciding."
                )
            reasons.append(
                Reason("uncertain", text, tuple(dict.fromkeys([*opened, *ids])) or differing)
            )
        elif low != high:
            asked = tuple(n.item.question.id for n in result.next_questions[:2])
            depends = range_cause(result)
            reasons.append(
                Reason("range", f"Depending on {depends}, {_level_words(low, high)}.", asked)
            )
        band = point.capped
        reasons.append(Reason(f"{band.signal}-level", f"Level {band.level}: {verdict(result)}"))
    for item in result.questions():
        if (
            item.question.weight == 0
            and item.question.answer.asked
            and item.signal in ("amber", "red")
        ):
            reasons.append(Reason("context", f"Context: {words.heard(item)}.", (item.question.id,)))
    return reasons


def _flag_words(words: _Words, flag: Flag) -> str:
    """A red flag quoted in a reason: a short answer ("No") only means something with its
    question."""
    said = words.flag(flag)
    if len(said) <= 12:  # "No", "Rarely": a word, not a finding
        return f"“{said}” to “{words.question(flag.item)}”"
    return f"“{said}”"


def range_cause(result: Result) -> str | None:
    """What the range of levels rests on: open questions, answers that differ, or both; None
    when the range is one level."""
    if result.pessimistic.level == max(result.optimistic.level, result.point.level):
        return None
    differing = any(not d.resolved for d in result.disagreements)
    if result.next_questions and differing:
        return "the open questions and on which of the differing answers holds"
    if differing:
        return "which of the differing answers holds"
    return "the open questions"


def _follow_up(result: Result, words: _Words) -> list[Reason]:
    """ "Ask more" with nothing left unknown or disputed: what is left to ask is whether the red
    flags will be fixed, structural and critical ones first."""
    if result.next_questions or _conflicts(result) or result.insufficient:
        return []
    flags = sorted(
        result.red_flags,
        key=lambda f: (f.nature != "structural", not f.item.question.critical),
    )[:2]
    if not flags:
        return []
    asked = " and ".join(f"“{words.question(f.item)}”" for f in flags)
    more = len(result.red_flags) - len(flags)
    also = f" (and {more} more red flag{'s' if more > 1 else ''})" if more else ""
    whom = "the team" if result.mode == "self" else "them"
    return [
        Reason(
            "follow-up",
            f"Every question has an answer; what is left to ask is about the red flags: "
            f"{asked}{also}. Ask {whom} what is being done about each, and by when.",
            tuple(f.item.question.id for f in flags),
        )
    ]


def verdict(result: Result) -> str:
    """What the level means here: the band's sentence, then only what the answers bear out.

    A band's claims ("models are watched") are said when their dimension's score supports them,
    and their ``otherwise`` when it does not; the weakest dimension is named when it sits below
    the level. So a sentence never asserts what the answers contradict.
    """
    checklist = result.checklist
    mode = result.mode
    if result.insufficient:
        share = round(result.overall.coverage * 100)
        need = round(checklist.min_coverage * 100)
        return (
            f"Not enough evidence: {share}% of the weight is answered, {need}% is needed for a "
            "level. Ask the open questions first."
        )
    band = result.point.capped
    held = _held(result) if band.level < result.point.band.level else None
    if held is not None:
        return held
    shown = {
        d.dimension.id: checklist.scale.shown(d.estimate.score)
        for d in result.dimensions
        if d.estimate.score is not None and d.estimate.applicable
    }
    titles = {d.dimension.id: d.dimension.title for d in result.dimensions}
    holds: list[str] = []
    fails: list[str] = []
    unknown: list[str] = []
    for claim in band.claims:
        score = shown.get(claim.dimension)
        if score is None:
            unknown.append(claim.text(mode))
        elif claim.holds(score):
            holds.append(claim.text(mode))
        elif claim.otherwise:
            fails.append(f"{claim.otherwise} ({titles[claim.dimension]} {score:g})")
    parts = [band.verdict(mode)]
    sentence = _join(holds)
    if fails:
        sentence = f"{sentence}, but {_join(fails)}" if sentence else _join(fails)
    if sentence:
        parts.append(sentence[0].upper() + sentence[1:] + ".")
    if unknown:
        parts.append(f"Not yet known whether {_join(unknown)}.")
    weakest = _weakest(result)
    if weakest is not None and not fails:
        title, score, level = weakest
        if level < band.level:
            parts.append(f"Weakest: {title} ({score:g}, level {level}).")
    return " ".join(parts)


def _held(result: Result) -> str | None:
    """A capped level: the band's own sentence would describe the other answers wrongly ("the
    path to users is manual" where it is automated), so say what holds the level down instead."""
    point = result.point
    checklist = result.checklist
    items = {q.question.id: q for q in result.questions()}
    titles = {d.dimension.id: d.dimension.title for d in result.dimensions}
    causes: list[str] = []
    for cap in point.caps:
        if cap.band.level != point.capped.level:
            continue
        if cap.kind == "knockout" and cap.disputed:
            # Several respondents: only what the knock-out voices said is a knock-out.
            heard = [
                f"“{item.question.answer.show(v.value)}”"
                for item in (items[q] for q in cap.questions if q in items)
                for v in item.voices
                if v.value is not None
                and v.score is not None
                and v.score <= checklist.knockout_score + 1e-9
            ]
            causes.append(
                f"a respondent's knock-out answer to a critical question ({_join(heard)}) "
                "stands until the respondents' disagreement is settled"
            )
        elif cap.kind == "knockout":
            heard = [
                f"“{item.option.label}”" if item.option else "a knock-out answer"
                for item in (items[q] for q in cap.questions if q in items)
            ]
            one = len(heard) == 1
            causes.append(
                f"{'a critical answer is' if one else 'critical answers are'} at or near the "
                f"worst ({_join(heard)})"
            )
        elif cap.kind == "weakest-link" and cap.dimension is not None:
            level = cap.dimension_band.level if cap.dimension_band else "?"
            causes.append(f"its weakest dimension, {titles[cap.dimension]}, is at level {level}")
        elif cap.kind == "requirement":
            causes.extend(needs_words(result, cap.band, cap.questions))
    if not causes:  # no cap that can be put in words: the band's own sentence, then
        return None
    return (
        f"The other answers read as level {point.band.level} ({point.band.name}), but "
        f"{'; '.join(causes)}: so level {point.capped.level}."
    )


def needs_words(result: Result, granted: Band, questions: Sequence[str]) -> list[str]:
    """The practices the level above ``granted`` needs and ``questions`` lack, in words: those
    answered short "not in place", those nobody knew "not yet confirmed"."""
    above = result.checklist.band_above(granted)
    level = granted.level + 1 if above is None else above.level
    known = {q.question.id: q.known for q in result.questions()}
    needs = [r for r in (above.requires if above else ()) if r.question in questions]
    missing = [r.needs for r in needs if known.get(r.question)]
    unknown = [r.needs for r in needs if not known.get(r.question)]
    words = [f"level {level} needs {_join(missing)}, not in place"] if missing else []
    if unknown:
        words.append(f"level {level} needs {_join(unknown)}, not yet confirmed")
    return words


def _weakest(result: Result) -> tuple[str, float, int] | None:
    checklist = result.checklist
    rated = [
        (checklist.scale.shown(d.estimate.score), d.dimension.title)
        for d in result.dimensions
        if d.estimate.score is not None and d.estimate.applicable and d.dimension.weight > 0
    ]
    if not rated:
        return None
    score, title = min(rated)
    return title, score, checklist.band_for(score).level


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
