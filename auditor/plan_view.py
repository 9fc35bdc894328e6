"""The shape of a plan for the next round: one typed, JSON-ready view.

Built by :func:`auditor.plan.make_plan`; the terminal, Markdown, HTML and PDF renderers only
format it. ``docs/plan.md`` documents every key, and a test keeps the two in step.
"""

from __future__ import annotations

from typing import TypedDict

FORMAT_VERSION = 1


class AskedView(TypedDict):
    id: str
    text: str
    kind: str
    unit: str | None
    options: list[str]


class HeardView(TypedDict):
    respondent: str
    answer: str


class PlanItemView(TypedDict):
    kind: str
    heading: str
    question: str
    dimension: str
    ask: list[AskedView]
    why: str
    impact: str
    swing: float
    critical: bool
    conflict: bool
    signal: str
    minutes: int
    who: list[str]
    who_text: str
    heard: list[HeardView]
    probes: list[str]
    listen_for: str | None
    red_flags: list[str]


class PlanDecisionView(TypedDict):
    decision: str
    headline: str
    signal: str
    level_text: str


class PlanView(TypedDict):
    format: int
    file: str
    mode: str
    meta: dict[str, str]
    decision: PlanDecisionView
    roles: list[str]
    with_text: str
    minutes: int
    planned_minutes: int
    question_minutes: int
    follow_up_minutes: int
    items: list[PlanItemView]
    record: str
    later: list[PlanItemView]
    others: list[PlanItemView]
    rule: str
