"""The plan for the next round in the terminal: what to ask, in order, with the minutes each takes.

Reads only the :class:`~auditor.plan_view.PlanView`; colour only on a terminal (never with
``NO_COLOR``), and every colour has a word beside it.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import TextIO

from auditor.plan_view import PlanItemView, PlanView
from auditor.render.terminal import Painter, decision_word, use_colour

# At most this many items are listed under "if time allows" and "only others can answer".
_LISTED = 8


def render_plan_text(plan: PlanView, stream: TextIO, *, colour: bool | None = None) -> None:
    paint = Painter(use_colour(stream) if colour is None else colour)
    width = max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))
    out: list[str] = []
    meta = plan["meta"]
    title = " · ".join(v for v in (meta.get("company"), meta.get("team")) if v) or plan["file"]
    out.append(paint(f"Plan for the next round · {title}", "bold"))
    decision = plan["decision"]
    word = decision_word(decision["decision"])
    out.extend(
        paint(line, decision["signal"])
        for line in _wrap(f"Now: {word} · {decision['headline']}", width)
    )
    items = plan["items"]
    summary = (
        f"With {plan['with_text']}, {plan['minutes']} minutes: {_count(len(items), 'item')}, "
        f"{plan['planned_minutes']} minutes planned."
    )
    out.extend(_wrap(summary, width))
    if not items:
        out.append("")
        out.extend(_wrap(_nothing(plan), width))
    for number, item in enumerate(items, 1):
        out.append("")
        out.extend(_item(item, number, width, paint))
    if plan["later"]:
        minutes = sum(i["minutes"] for i in plan["later"])
        out.append("")
        out.append(
            paint(
                f"If time allows (not planned: {_count(len(plan['later']), 'item')}, "
                f"{minutes} minutes)",
                "bold",
            )
        )
        out.extend(_listed(plan["later"], width, with_who=False))
    if plan["others"]:
        out.append("")
        out.append(paint(f"Only others can answer ({len(plan['others'])})", "bold"))
        out.extend(_listed(plan["others"], width, with_who=True))
    out.append("")
    out.extend(_wrap(plan["record"], width))
    out.extend(paint(line, "dim") for line in _wrap(plan["rule"] + " See docs/plan.md.", width))
    stream.write("\n".join(out) + "\n")


def _item(item: PlanItemView, number: int, width: int, paint: Painter) -> list[str]:
    lead = f"{number:>2}  "
    pad = " " * len(lead)
    marker = "!" if item["signal"] == "red" else "?" if item["kind"] == "unknown" else "≠"
    head = f"{marker} {item['heading']} · {item['dimension']} · {item['minutes']} min"
    lines = [paint(lead + head, item["signal"])]
    for asked in item["ask"]:
        lines.extend(_wrap(f"{asked['text']} [{asked['id']}]", width, pad, pad))
    lines.extend(paint(line, "dim") for line in _wrap(item["why"], width, pad, pad))
    if item["heard"]:
        heard = "; ".join(f"{h['respondent']}: {h['answer']}" for h in item["heard"])
        lines.extend(_wrap(f"Heard: {heard}", width, pad, pad + "  "))
    for probe in item["probes"]:
        lines.extend(_wrap(f"Probe: {probe}", width, pad, pad + "  "))
    if item["listen_for"]:
        lines.extend(
            paint(line, "dim")
            for line in _wrap(f"Good answer: {item['listen_for']}", width, pad, pad + "  ")
        )
    return lines


def _listed(items: list[PlanItemView], width: int, *, with_who: bool) -> list[str]:
    lines = []
    for item in items[:_LISTED]:
        text = f"· {item['heading']}: {item['ask'][0]['text']} [{item['question']}]"
        if with_who:
            text += f" ({item['who_text']})"
        lines.extend(_wrap(text, width, "  ", "    "))
    if len(items) > _LISTED:
        lines.append(f"  … and {len(items) - _LISTED} more (--format json lists them all)")
    return lines


def _nothing(plan: PlanView) -> str:
    if plan["later"]:
        return (
            f"Nothing fits in {plan['minutes']} minutes: the first item takes "
            f"{plan['later'][0]['minutes']}."
        )
    if plan["others"]:
        return f"Nothing {plan['with_text']} can answer is open; see below who can."
    return "Nothing is open: every question is answered, and no disagreement or red flag waits."


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _wrap(text: str, width: int, indent: str = "", hanging: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=hanging,
        break_on_hyphens=False,
    ) or [indent.rstrip()]
