"""The terminal section a manager reads first: what to fix first, as actions with their effort.

It reads only the :class:`~auditor.view.AssessmentView`, like :mod:`auditor.render.text`, which
calls it; every number and sentence comes from the view.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from auditor.view import ActionView, AssessmentView

Paint = Callable[[str, str | None], str]
FIX_FIRST = 5


def _wrapped(text: str, width: int, first: str, rest: str) -> list[str]:
    lines = textwrap.wrap(text, max(20, width - len(first)), break_on_hyphens=False) or [""]
    return [first + lines[0], *(rest + line for line in lines[1:])]


def _num(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _tag(action: ActionView) -> str:
    if action["lifts_cap"]:
        return "lifts a cap"
    if action["reaches_next_level"]:
        return "reaches the next level"
    gain = _num(action["gain"])
    return f"+{gain} pt{'' if gain == '1' else 's'}"


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
            detail = f"{effort}{_tag(action)} · today: {action['answer']} [{action['question']}]"
            out.extend(paint(line, "dim") for line in _wrapped(detail, width, "    ", "    "))
        else:
            line = f"{action['text']} Today: {action['answer']}. [{action['question']}, {_tag(action)}]"
            out.extend(_wrapped(line, width, "  > ", "    "))
    return out
