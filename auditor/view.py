"""The shape of what users see: one typed, JSON-ready view of an assessment.

Built once by :mod:`auditor.assessment` from the scored result and the decision; the terminal,
JSON, HTML and PDF renderers only format it, so every surface shows the same numbers, level,
decision and reasons. Scores are on the checklist's scale (0-100, or points) and already rounded
as shown; coverage is a share in [0, 1]. ``docs/json-output.md`` documents every key, and a test
keeps the two in step.
"""

from __future__ import annotations

from typing import TypedDict

from auditor.assessment import FORMAT_VERSION  # noqa: F401 - part of the view's contract


class ScaleView(TypedDict):
    kind: str
    maximum: float
    unit: str


class ScoreView(TypedDict):
    score: float | None
    low: float | None
    high: float | None
    coverage: float
    not_applicable: float


class SourceView(TypedDict):
    id: str
    title: str
    authors: str | None
    venue: str | None
    year: int | None
    url: str | None
    citation: str
    reference: str


class BandView(TypedDict):
    level: int
    name: str
    signal: str
    edge: float
    inclusive: bool
    upper: float | None
    range: str
    verdict: str


class AggregationView(TypedDict):
    questions: str
    dimensions: str


class VersionView(TypedDict):
    version: str | None
    hash: str | None


class ChecklistView(TypedDict):
    id: str
    version: str
    hash: str
    title: str
    description: str | None
    sources: list[SourceView]
    aggregation: AggregationView
    min_coverage: float
    knockout_score: float
    knockout_level: int
    weakest_link: int | None
    scale: ScaleView
    bands: list[BandView]
    answered_against: VersionView
    changed_since: bool


class ReasonView(TypedDict):
    rule: str
    text: str
    questions: list[str]


class DecisionView(TypedDict):
    decision: str
    headline: str
    signal: str
    level: int | None
    level_low: int
    level_high: int
    level_text: str
    range_cause: str | None
    next_level: int | None
    to_next: float | None
    reasons: list[ReasonView]


class VoiceView(TypedDict):
    respondent: str
    status: str
    answer: str | None
    signal: str | None
    nature: str | None
    note: str | None


class QuestionView(TypedDict):
    id: str
    dimension: str
    text: str
    weight: float
    critical: bool
    kind: str
    status: str
    answer: str | None
    value: str | float | None
    score: float | None
    low: float | None
    high: float | None
    signal: str
    nature: str | None
    cause: str | None
    knockout: str | None
    note: str | None
    na_reason: str | None
    recorded: str | None
    why: str
    good_answer: str | None
    sources: list[str]
    citations: list[str]
    reason: str
    voices: list[VoiceView]


class DimensionView(TypedDict):
    id: str
    title: str
    description: str | None
    weight: float
    score: float | None
    low: float | None
    high: float | None
    coverage: float
    not_applicable: float
    level: int | None
    signal: str
    answered: int
    scored_questions: int
    explain: str
    questions: list[QuestionView]


class FlagView(TypedDict):
    question: str
    dimension: str
    text: str
    answer: str
    nature: str
    cause: str | None
    nature_reason: str
    critical: bool
    said_by: list[str]


class StrengthView(TypedDict):
    question: str
    dimension: str
    text: str
    answer: str


class NotApplicableView(TypedDict):
    question: str
    dimension: str
    text: str
    reason: str
    recorded: str | None


class AskView(TypedDict):
    question: str
    dimension: str
    text: str
    ask: list[str]
    status: str
    critical: bool
    impact: str
    swing: float


class ActionView(TypedDict):
    question: str
    dimension: str
    text: str
    answer: str
    aim: str | None
    action: str | None
    effort: str | None
    effort_text: str | None
    gain: float
    lifts_cap: bool
    reaches_next_level: bool
    needed: bool
    effect: str


class DisagreementView(TypedDict):
    question: str
    dimension: str
    text: str
    spread: float
    conflict: bool
    resolved: bool
    agreed: str | None
    answers: list[VoiceView]


class CapView(TypedDict):
    kind: str
    level: int
    text: str
    questions: list[str]
    dimension: str | None
    disputed: bool


class RespondentView(TypedDict):
    id: str
    label: str
    respondent: str | None
    date: str | None
    file: str | None
    respondent_name: str | None
    interviewer: str | None


class OrphanView(TypedDict):
    question: str
    answer: str | float | None
    unknown: str | None
    note: str | None


class TargetDimensionView(TypedDict):
    id: str
    title: str
    score: float | None
    gap: float | None


class TargetPracticeView(TypedDict):
    question: str
    dimension: str
    level: int
    needs: str
    today: str


class TargetView(TypedDict):
    level: int | None
    score: float
    label: str
    reached: bool
    total_gap: float | None
    headline: str
    summary: str
    dimensions: list[TargetDimensionView]
    practices: list[TargetPracticeView]
    knockouts: list[str]


class SinceDimensionView(TypedDict):
    id: str
    title: str
    before: float | None
    after: float | None
    change: float | None


class SinceChangeView(TypedDict):
    question: str
    text: str
    before: str
    after: str
    change: float | None


class SinceGroupView(TypedDict):
    dimension: str
    title: str
    questions: list[SinceChangeView]
    shown: int
    more: int


class SinceView(TypedDict):
    file: str | None
    date: str
    score: float | None
    level: int | None
    band: str | None
    decision: str
    score_change: float | None
    level_change: int | None
    summary: str
    dimensions: list[SinceDimensionView]
    changes: list[SinceGroupView]
    changed: int
    notes: list[str]


class AssessmentView(TypedDict):
    format: int
    file: str | None
    mode: str
    meta: dict[str, str]
    redacted: bool
    checklist: ChecklistView
    overall: ScoreView
    level: int | None
    band: str | None
    signal: str
    average_level: int | None
    verdict: str
    decision: DecisionView
    caps: list[CapView]
    knockouts: list[str]
    dimensions: list[DimensionView]
    red_flags: list[FlagView]
    strengths: list[StrengthView]
    not_applicable: list[NotApplicableView]
    next_questions: list[AskView]
    improvements: list[ActionView]
    disagreements: list[DisagreementView]
    respondents: list[RespondentView]
    disagreement_threshold: float | None
    orphaned_answers: list[OrphanView]
    explain: list[str]
    target: TargetView | None
    since: SinceView | None
