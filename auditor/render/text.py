"""The terminal summary of an assessment: the decision and its reasons first, then the level,
the bars, the flags and what to ask next.

It reads only the :class:`~auditor.view.AssessmentView`; every number, signal and sentence comes
from there. Colour as :func:`~auditor.render.terminal.use_colour` decides (a terminal, NO_COLOR,
FORCE_COLOR, TERM=dumb); every colour has a word or a symbol beside it, so the output reads the
same in black and white.
"""

from __future__ import annotations

import functools
import shutil
import textwrap
from typing import TYPE_CHECKING, Any, TextIO

from auditor.render import manager_text
from auditor.render.terminal import Painter, decision_word, use_colour

if TYPE_CHECKING:  # the view's shapes, for annotations only: importing them costs start-up
    from auditor.view import AssessmentView, DimensionView, FlagView, StrengthView

FLAG_HEADINGS = {
    "structural": "Red flags, structural (company-wide: would follow you to another team)",
    "situational": "Red flags, situational (team-level or temporary)",
    "unclassified": "Red flags, not classified",
}
SELF_FLAG_HEADINGS = {
    "structural": "Red flags, structural (company-wide, beyond this team)",
    "situational": "Red flags, situational (this team, or temporary)",
    "unclassified": "Red flags, not classified",
}


def bar(
    score: float | None, low: float | None, high: float | None, width: int, top: float = 100
) -> str:
    """``██████▒▒┃▒▒····``: solid to the worst case, shaded across the range, ┃ at the estimate."""
    if width <= 0:
        return ""

    def at(value: float | None) -> int:
        return max(0, min(width, round((value or 0) / top * width)))

    worst, best = at(low), at(high)
    cells = ["█"] * worst + ["▒"] * max(0, best - worst) + ["·"] * (width - max(best, worst))
    if score is not None:
        cells[min(width - 1, max(0, at(score) - (1 if at(score) == width else 0)))] = "┃"
    return "".join(cells)


def num(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def between(score: float | None, low: float | None, high: float | None, unit: str = "") -> str:
    """``66/100, between 64 and 68``; ``66/100`` when nothing is unknown; ``between 20 and 90``
    without an estimate."""
    if score is None:
        return f"unknown, between {num(low)} and {num(high)}"
    if low == high:
        return f"{num(score)}{unit}"
    return f"{num(score)}{unit}, between {num(low)} and {num(high)}"


def render_text(
    view: AssessmentView, stream: TextIO, *, explain: bool = False, colour: bool | None = None
) -> None:
    """The summary of ``view`` on ``stream``; ``colour`` None decides from the stream."""
    paint = Painter(use_colour(stream) if colour is None else colour)
    width = max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))
    out: list[str] = []
    meta = view["meta"]
    title = (
        " · ".join(v for v in (meta.get("company"), meta.get("team")) if v)
        or view["file"]
        or "Unnamed audit"
    )
    out.append(paint(title, "bold"))
    details = [meta.get("role"), meta.get("date"), f"{view['mode']} mode"]
    if meta.get("respondent"):
        details.append(f"answered by {meta['respondent']}")
    out.extend(paint(line, "dim") for line in _wrap(" · ".join(d for d in details if d), width))
    checklist = view["checklist"]
    out.extend(
        _wrap(f"Checklist {checklist['id']} {checklist['version']} ({checklist['hash']})", width)
    )
    if checklist["changed_since"]:
        out.append(paint("Note: the checklist changed since this audit was answered.", "amber"))
    out.append("")
    decision = view["decision"]
    word = decision_word(decision["decision"])
    out.extend(
        paint(line, decision["signal"])
        for line in _wrap(f"{word} · {decision['headline']}", width, break_on_hyphens=False)
    )
    overall = view["overall"]
    maximum = checklist["scale"]["maximum"]
    scale = "/100" if checklist["scale"]["unit"] == "/100" else f" of {maximum:g} points"
    if view["level"] is None:
        level = "No level yet (not enough evidence)"
    else:
        level = f"Level {view['level']} · {view['band']}"
        if decision["level_low"] != decision["level_high"]:
            level += f" · could be {decision['level_text']}"
    out.extend(paint(line, view["signal"]) for line in _wrap(level, width))
    out.append(
        f"Score {between(overall['score'], overall['low'], overall['high'], scale)}"
        f" · coverage {round(overall['coverage'] * 100)}%"
        + (
            f" · {round(overall['not_applicable'] * 100)}% not applicable"
            if overall["not_applicable"]
            else ""
        )
    )
    out.extend(_wrap(view["verdict"], width))
    reasons = [r for r in decision["reasons"] if not r["rule"].endswith("-level")]
    if reasons:
        out.append("")
        out.append(paint("Why", "bold"))
        for reason in reasons:
            lines = _wrap(reason["text"], width - 4, break_on_hyphens=False)
            out.extend(f"  {'•' if i == 0 else ' '} {line}" for i, line in enumerate(lines))
    out.append("")
    _bars(out, view, paint, width)
    headings = SELF_FLAG_HEADINGS if view["mode"] == "self" else FLAG_HEADINGS
    for nature, heading in headings.items():
        _flags(out, paint, heading, view["red_flags"], nature, width)
    if view["strengths"]:
        out.append("")
        out.append(paint("Strengths", "bold"))
        for item in view["strengths"]:
            out.extend(_item(paint("+", "green"), item, width, paint))
    if view["not_applicable"]:
        out.append("")
        out.append(paint("Not applicable (left out of the score)", "bold"))
        for na in view["not_applicable"]:
            line = f"{na['text']} [{na['question']}]: {na['reason']}"
            out.extend(
                f"  - {text}" if i == 0 else f"    {text}"
                for i, text in enumerate(_wrap(line, width - 4))
            )
    if view["disagreements"]:
        out.append("")
        out.append(paint("Where answers disagree", "bold"))
        for found in view["disagreements"]:
            state = (
                "resolved"
                if found["resolved"]
                else ("conflict" if found["conflict"] else "differs")
            )
            asked = f"{found['text']} [{found['question']}, {state}]"
            lines = textwrap.wrap(asked, width - 4, break_on_hyphens=False)
            out.append(f"  {paint('≠', 'amber')} {lines[0]}")
            out.extend(f"    {line}" for line in lines[1:])
            said = [(a["respondent"], a["answer"] or "") for a in found["answers"]]
            if found["agreed"]:
                said.append(("settled on", found["agreed"]))
            for who, answer in said:
                heard = textwrap.wrap(f"{who}: {answer}", width - 8, break_on_hyphens=False)
                out.append(f"      {heard[0]}")
                out.extend(f"        {line}" for line in heard[1:])
    if view["mode"] == "self":
        out.extend(manager_text.fix_first(view, paint, width))
    out.extend(manager_text.target(view, paint, width))
    out.extend(manager_text.since(view, paint, width))
    if view["next_questions"]:
        out.append("")
        out.append(paint("Ask next (what could change the decision first)", "bold"))
        for n in view["next_questions"][:5]:
            swing = num(n["swing"])
            impact = {
                "decision": "could change the decision",
                "level": "could change the level",
                "score": f"up to {swing} pt{'' if swing == '1' else 's'}",
            }[n["impact"]]
            critical = "critical, " if n["critical"] else ""
            tag = f"[{', '.join(n['ask'])}: {critical}{impact}]"
            lines = _wrap(f"{n['text']} {tag}", width - 4, break_on_hyphens=False)
            out.extend(f"  {'?' if i == 0 else ' '} {line}" for i, line in enumerate(lines))
        if len(view["next_questions"]) > 5:
            more = len(view["next_questions"]) - 5
            out.append(paint(f"  … and {more} more open question{'s' if more > 1 else ''}", "dim"))
    if view["orphaned_answers"]:
        out.append("")
        out.append(
            paint("Answers to questions no longer in the checklist (kept, not scored)", "amber")
        )
        out.extend(
            f"  - {o['question']}: {o['answer'] if o['answer'] is not None else o['unknown']}"
            for o in view["orphaned_answers"]
        )
    if explain:
        out.append("")
        out.append(paint("How every number was reached", "bold"))
        for line in view["explain"]:
            lines = _wrap(line, width - 4, break_on_hyphens=False)
            out.extend(f"  {'' if i == 0 else '  '}{text}" for i, text in enumerate(lines))
        for dim in view["dimensions"]:
            out.append(f"  {dim['title']} (weight {dim['weight']:g})")
            for q in dim["questions"]:
                line = f"{q['id']} (weight {q['weight']:g}): {q['reason']}"
                lines = _wrap(line, width - 6, break_on_hyphens=False)
                out.extend(f"    {'' if i == 0 else '  '}{text}" for i, text in enumerate(lines))
    stream.write(paint.finish("\n".join(out) + "\n"))  # no escapes from the files


def _bars(out: list[str], view: AssessmentView, paint: Painter, width: int) -> None:
    dims: list[DimensionView] = view["dimensions"]
    top = view["checklist"]["scale"]["maximum"]
    # Title, bar and figures on one line when they fit; on a narrow terminal the title goes above.
    label_width = max(len(d["title"]) for d in dims)
    narrow = label_width + 44 > width
    indent = 2 if narrow else label_width + 1
    bar_width = max(10, width - indent - 24)
    for dim in dims:
        if dim["signal"] == "not-applicable":
            figures = paint("not applicable", "dim")
        else:
            span = "" if dim["low"] == dim["high"] else f", {num(dim['low'])}–{num(dim['high'])}"
            figures = (
                f"{paint(bar(dim['score'], dim['low'], dim['high'], bar_width, top), dim['signal'])} "
                f"{num(dim['score']):>3}{span} · {round(dim['coverage'] * 100)}%"
            )
        if narrow:
            out.extend([dim["title"], " " * indent + figures])
        else:
            out.append(f"{dim['title']:{label_width}} {figures}")
    legend = "█ worst case  ▒ range (unknowns)  ┃ estimate"
    out.append(paint(" " * indent + legend if indent + len(legend) <= width else legend, "dim"))


def _wrap(text: str, width: int, **options: Any) -> list[str]:
    """textwrap.wrap, skipped for the common line that already fits, and remembered for the
    rest: a thousand audits wrap the same questions and reasons a thousand times."""
    if len(text) <= width and "\n" not in text:
        return [text]
    return list(_wrapped(text, width, tuple(sorted(options.items()))))


@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, width: int, options: tuple[tuple[str, Any], ...]) -> tuple[str, ...]:
    return tuple(textwrap.wrap(text, width, **dict(options)))


def _item(mark: str, flag: FlagView | StrengthView, width: int, paint: Painter) -> list[str]:
    """``! what was heard`` and, dimmed below it, the question it answers."""
    extra = ""
    if "critical" in flag and flag.get("critical"):
        extra = " (critical)"
    said_by = flag.get("said_by") if "said_by" in flag else None
    if said_by:
        extra += f" — said by {', '.join(said_by)}"  # type: ignore[arg-type]
    heard = _wrap(f"{flag['answer']}{extra}", width - 4, break_on_hyphens=False) or [""]
    asked = _wrap(f"{flag['text']} [{flag['question']}]", width - 4, break_on_hyphens=False)
    lines = [
        f"  {mark} {heard[0]}",
        *(f"    {line}" for line in heard[1:]),
        *(paint(f"    {line}", "dim") for line in asked),
    ]
    cause = flag.get("cause") if "cause" in flag else None
    if cause:
        lines.append(paint(f"    {flag.get('nature_reason')}", "dim"))
    return lines


def _flags(
    out: list[str], paint: Painter, heading: str, flags: list[FlagView], nature: str, width: int
) -> None:
    chosen = [f for f in flags if f["nature"] == nature]
    if not chosen:
        return
    out.append("")
    out.extend(paint(line, "bold") for line in _wrap(heading, width))
    for flag in chosen:
        out.extend(_item(paint("!", "red"), flag, width, paint))
