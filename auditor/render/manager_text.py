"""The terminal sections a manager reads: what to fix first (actions, with their effort), the gap
to a target level, and what changed since the previous audit.

It reads only the :class:`~auditor.view.AssessmentView`, like :mod:`auditor.render.text`, which
calls it; every number and sentence comes from the view.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the view's shapes, for annotations only: importing them costs start-up
    from auditor.view import AssessmentView


Paint = Callable[[str, str | None], str]
FIX_FIRST = 5
_BARE = 24  # answers this short are read with their question


def _wrapped(text: str, width: int, first: str, rest: str) -> list[str]:
    lines = textwrap.wrap(text, max(20, width - len(first)), break_on_hyphens=False) or [""]
    return [first + lines[0], *(rest + line for line in lines[1:])]


def _num(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def fix_first(view: AssessmentView, paint: Paint, width: int) -> list[str]:
    """The fix-first list: each action to schedule, its effort and what it moves, then what the
    answer is today. A checklist without actions shows the question and the answer instead."""
    actions = view["improvements"][:FIX_FIRST]
    if not actions:
        return []
    out = ["", paint("Fix first (moves the level most)", "bold")]
    for action in actions:
        if action["action"]:
            effort = f"{action['effort_text']} · " if action["effort_text"] else ""
            out.extend(_wrapped(f"{action['action']}.", width, "  > ", "    "))
            detail = (
                f"{effort}{action['effect']} · today: {action['answer']} [{action['question']}]"
            )
            out.extend(paint(line, "dim") for line in _wrapped(detail, width, "    ", "    "))
        else:
            line = f"{action['text']} Today: {action['answer']}. [{action['question']}, {action['effect']}]"
            out.extend(_wrapped(line, width, "  > ", "    "))
    return out


def target(view: AssessmentView, paint: Paint, width: int) -> list[str]:
    """The gap to ``--target``: the sentence, then each dimension short of it and each practice
    the level still needs."""
    goal = view["target"]
    if goal is None:
        return []
    out = ["", paint(f"Target: {goal['label']}", "bold")]
    out.extend(_wrapped(goal["summary"], width, "  ", "  "))
    short = [d for d in goal["dimensions"] if d["gap"] != 0]
    for dim in short:
        gap = "unknown" if dim["gap"] is None else f"{_num(dim['gap'])} short"
        out.append(f"  - {dim['title']}: {_num(dim['score'])}, {gap}")
    for practice in goal["practices"]:
        line = (
            f"needs {practice['needs']} (level {practice['level']}); today: {practice['today']} "
            f"[{practice['question']}]"
        )
        out.extend(_wrapped(line, width, "  ! ", "    "))
    return out


def since(view: AssessmentView, paint: Paint, width: int) -> list[str]:
    """What changed since ``--previous``: the sentence, each dimension's move, then the changed
    answers grouped by dimension."""
    found = view["since"]
    if found is None:
        return []
    out = ["", paint(f"Since the previous audit ({found['date']})", "bold")]
    out.extend(_wrapped(found["summary"], width, "  ", "  "))
    out.extend(
        paint(line, "amber")
        for note in found["notes"]
        for line in _wrapped(note, width, "  ", "  ")
    )
    moved = [d for d in found["dimensions"] if d["change"]]
    for dim in moved:
        delta = dim["change"] or 0
        shown = paint(f"{delta:+g}", "green" if delta > 0 else "red")
        out.append(f"  {dim['title']}: {_num(dim['before'])} → {_num(dim['after'])} ({shown})")
    for group in found["changes"]:
        out.append(f"  {group['title']}")
        for answer in group["questions"]:
            line = f"{answer['before']} → {answer['after']} [{answer['question']}]"
            if len(answer["before"]) + len(answer["after"]) < _BARE:
                line = f"{answer['text']} {line}"  # "Yes → No" says nothing without its question
            out.extend(_wrapped(line, width, "    · ", "      "))
    return out
