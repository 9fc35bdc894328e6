"""The terminal summary of a scored audit: bars, interval, verdict, flags, what to ask next.

Colour as :func:`~auditor.render.terminal.use_colour` decides (a terminal, NO_COLOR,
FORCE_COLOR, TERM=dumb); every colour has a word or a symbol beside it, so the output reads the
same in black and white.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import Any, TextIO

from auditor.checklist import signal_for
from auditor.render.data import result_dict
from auditor.render.terminal import Painter, use_colour
from auditor.scoring import Result

FLAG_HEADINGS = {
    "structural": "Red flags, structural (would follow you to another team)",
    "situational": "Red flags, situational (team-level, likely temporary)",
    "unclassified": "Red flags, not classified",
}


def bar(score: float | None, low: float, high: float, width: int) -> str:
    """``█████▒▒░░░``: solid up to the point estimate, shaded up to the best case, dotted beyond."""
    if width <= 0:
        return ""
    solid = round((score or 0) / 100 * width) if score is not None else 0
    best = max(solid, round(high / 100 * width))
    worst = min(solid, round(low / 100 * width))
    return "█" * worst + "▓" * (solid - worst) + "▒" * (best - solid) + "·" * (width - best)


def render_text(
    result: Result, stream: TextIO, *, explain: bool = False, colour: bool | None = None
) -> None:
    """The summary of ``result`` on ``stream``; ``colour`` None decides from the stream."""
    data = result_dict(result)
    paint = Painter(use_colour(stream) if colour is None else colour)
    width = max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))
    out: list[str] = []
    meta = data["meta"]
    title = " · ".join(v for v in (meta.get("company"), meta.get("team")) if v) or data["file"]
    out.append(paint(title, "bold"))
    details = [meta.get("role"), meta.get("date"), f"{data['mode']} mode"]
    if meta.get("respondent"):
        details.append(f"answered by {meta['respondent']}")
    out.extend(paint(line, "dim") for line in _wrap(" · ".join(d for d in details if d), width))
    checklist = data["checklist"]
    out.extend(
        _wrap(f"Checklist {checklist['id']} {checklist['version']} ({checklist['hash']})", width)
    )
    if data["checklist"]["changed_since"]:
        out.append(paint("Note: the checklist changed since this audit was answered.", "amber"))
    out.append("")
    overall = data["overall"]
    signal = data["signal"]
    out.append(
        paint("Overall ", "bold")
        + paint(f"{_num(overall['score'])}/100", signal)
        + f" range {_num(overall['low'])}–{_num(overall['high'])}"
        + f" coverage {round(overall['coverage'] * 100)}%"
    )
    out.extend(
        paint(line, signal)
        for line in _wrap(
            "No verdict yet"
            if data["level"] is None
            else f"Level {data['level']} · {data['band']}",
            width,
        )
    )
    out.extend(paint(line, signal) for line in _wrap(data["verdict"], width))
    if data["knockouts"]:
        capped = "Capped by a critical red answer: " + ", ".join(data["knockouts"])
        out.extend(paint(line, "red") for line in _wrap(capped, width, break_on_hyphens=False))
    out.append("")
    # Title, bar and figures on one line when they fit; on a narrow terminal the title goes above.
    label_width = max(len(d["title"]) for d in data["dimensions"])
    narrow = label_width + 40 > width
    indent = 2 if narrow else label_width + 1
    bar_width = max(10, width - indent - 20)
    for dim in data["dimensions"]:
        style = _signal_of(dim["score"])
        figures = (
            f"{paint(bar(dim['score'], dim['low'], dim['high'], bar_width), style)} "
            f"{_num(dim['score']):>3} ({_num(dim['low'])}–{_num(dim['high'])}, "
            f"{round(dim['coverage'] * 100)}%)"
        )
        if narrow:
            out.extend([dim["title"], " " * indent + figures])
        else:
            out.append(f"{dim['title']:{label_width}} {figures}")
    legend = "█ worst case ▓ estimate ▒ best case (unknowns)"
    out.append(paint(" " * indent + legend if indent + len(legend) <= width else legend, "dim"))
    for nature, heading in FLAG_HEADINGS.items():
        _flags(out, paint, heading, data, nature, width)
    if data["strengths"]:
        out.append("")
        out.append(paint("Strengths", "bold"))
        for item in data["strengths"]:
            out.extend(_item(paint("+", "green"), item, width, paint, knockout=False))
    if data["next_questions"]:
        out.append("")
        out.append(paint("Ask next (could move the score most)", "bold"))
        for n in data["next_questions"][:5]:
            points = "1 pt" if _num(n["swing"]) == "1" else f"{_num(n['swing'])} pts"
            tag = f"[{', '.join(n['ask'])}, up to {points}]"
            lines = _wrap(f"{n['text']} {tag}", width - 4, break_on_hyphens=False)
            out.extend(f"  {'?' if i == 0 else ' '} {line}" for i, line in enumerate(lines))
        if len(data["next_questions"]) > 5:
            more = len(data["next_questions"]) - 5
            out.append(paint(f"  … and {more} more open question{'s' if more > 1 else ''}", "dim"))
    if data["disagreements"]:
        out.append("")
        out.append(paint("Where answers disagree", "bold"))
        for item in data["disagreements"]:
            asked = f"{item['text']} [{item['question']}, spread {item['spread']:g} pts]"
            lines = textwrap.wrap(asked, width - 4, break_on_hyphens=False)
            out.append(f"  {paint('≠', 'amber')} {lines[0]}")
            out.extend(f"    {line}" for line in lines[1:])
            said = [("consensus", item["consensus"])]
            said += [(a["respondent"], a["answer"]) for a in item["answers"]]
            for who, answer in said:
                heard = textwrap.wrap(f"{who}: {answer}", width - 8, break_on_hyphens=False)
                out.append(f"      {heard[0]}")
                out.extend(f"        {line}" for line in heard[1:])
    if data["orphaned_answers"]:
        out.append("")
        out.append(
            paint("Answers to questions no longer in the checklist (kept, not scored)", "amber")
        )
        out.extend(
            f"  - {o['question']}: {o['answer'] or o['unknown']}" for o in data["orphaned_answers"]
        )
    if explain:
        out.append("")
        out.append(paint("How each score was reached", "bold"))
        for dim in data["dimensions"]:
            out.append(f"  {dim['title']} (weight {dim['weight']:g})")
            for q in dim["questions"]:
                line = f"{q['id']} (weight {q['weight']:g}): {_explain(q)}"
                lines = _wrap(line, width - 6, break_on_hyphens=False)
                out.extend(f"    {'' if i == 0 else '  '}{text}" for i, text in enumerate(lines))
    stream.write(paint.finish("\n".join(out) + "\n"))  # no escapes from the files


def _wrap(text: str, width: int, **options: Any) -> list[str]:
    """textwrap.wrap, skipped for the common line that already fits (it dominates 1,000 audits)."""
    return (
        [text] if len(text) <= width and "\n" not in text else textwrap.wrap(text, width, **options)
    )


def _item(
    mark: str, flag: dict[str, Any], width: int, paint: Painter, *, knockout: bool = True
) -> list[str]:
    """``! what was heard`` and, dimmed below it, the question it answers."""
    # "(critical)" marks a knock-out red answer; on a strength it would only alarm.
    critical = " (critical)" if knockout and flag["critical"] else ""
    heard = _wrap(f"{flag['answer']}{critical}", width - 4, break_on_hyphens=False) or [""]
    asked = _wrap(f"{flag['text']} [{flag['question']}]", width - 4, break_on_hyphens=False)
    return [
        f"  {mark} {heard[0]}",
        *(f"    {line}" for line in heard[1:]),
        *(paint(f"    {line}", "dim") for line in asked),
    ]


def _flags(
    out: list[str], paint: Painter, heading: str, data: dict[str, Any], nature: str, width: int
) -> None:
    flags = [f for f in data["red_flags"] if f["nature"] == nature]
    if not flags:
        return
    out.append("")
    out.append(paint(heading, "bold"))
    for flag in flags:
        out.extend(_item(paint("!", "red"), flag, width, paint))


def _explain(q: dict[str, Any]) -> str:
    if q["status"] != "answered":
        return f"unknown ({q['status']}): counted 0 in the worst case, 1 in the best"
    return str(q["reason"])


def _signal_of(score: float | None) -> str:
    return "unknown" if score is None else signal_for(score / 100)


def _num(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f}"
