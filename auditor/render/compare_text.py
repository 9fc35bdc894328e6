"""The terminal view of a comparison: a table of dimensions by audit, who leads where and whether
the data can tell them apart yet, or a trend with deltas and what changed; gaps to a target.

It reads only :func:`~auditor.render.compare_data.comparison_dict`. Colour only on a terminal and
never with ``NO_COLOR``; every colour has a word or symbol beside it.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from typing import Any, TextIO

from auditor.render.terminal import Painter, use_colour

_LEAD, _CLOSE = "★", "≈"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_MAX_CHANGE_STEPS = 3
_MAX_LISTED = 8
_FLAGS_SHOWN = 5


def render_comparison_text(data: dict[str, Any], stream: TextIO) -> None:
    paint = Painter(use_colour(stream))
    width = max(60, min(shutil.get_terminal_size((100, 24)).columns, 160))
    out: list[str] = []
    audits = data["audits"]
    trend = data["view"] == "trend"
    if trend:
        first = audits[0]["meta"]
        who = " · ".join(v for v in (first.get("company"), first.get("team")) if v)
        out.append(
            paint(f"Trend · {who} · {len(audits)} audits, ", "bold")
            + paint(f"{audits[0]['label']} to {audits[-1]['label']}", "bold")
        )
    else:
        out.append(paint(f"Side by side · {len(audits)} audits", "bold"))
    ids = sorted({f"{a['checklist']['id']} {a['checklist']['version']}" for a in audits})
    out.append(paint("Checklist " + ", ".join(ids), "dim"))
    out.extend(paint(note, "amber") for note in data["notes"])
    out.append("")
    rows = [data["overall"], *data["dimensions"]]
    table, wide = _table(rows, [a["label"] for a in audits], trend, paint, width)
    head, out = out, []
    legend = "score [worst–best with unknowns]" if wide else "scores; ? where nothing is known"
    if not trend:
        legend += f"  {_LEAD} clearly ahead  {_CLOSE} ahead, but the ranges overlap"
    out.extend(paint(line, "dim") for line in textwrap.wrap(legend, width))
    if trend:
        _trend_changes(out, data, paint)
    else:
        _leaders(out, rows, paint, width)
        _structural(out, audits, paint)
    if data["target"] is not None:
        _gaps(out, data, rows, trend, paint)
    if data["not_comparable"]:
        out.append("")
        out.append(paint("Not comparable (left out)", "amber"))
        for item in data["not_comparable"][: _MAX_LISTED * 2]:
            where = ", ".join(item["present_in"]) or "none"
            out.append(f"  - {item['kind']} {item['id']}: {item['reason']} (in: {where})")
    # The table is laid out to fit; every other line wraps under its own indent.
    lines = [*_fit(head, width), *table, *_fit(out, width)]
    stream.write(paint.finish("\n".join(lines) + "\n"))  # no escapes from the files


def _fit(lines: list[str], width: int) -> list[str]:
    """Lines wrapped to ``width``, continuing two spaces deeper than they start.

    Colour codes count as width here, so a coloured line may wrap a little early, never late;
    breaks fall only on spaces, never inside a code.
    """
    fitted: list[str] = []
    for line in lines:
        if len(_ANSI.sub("", line)) <= width:
            fitted.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip(" ")) + 2)
        fitted.extend(
            textwrap.wrap(
                line,
                width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
                drop_whitespace=True,
            )
        )
    return fitted


def _cell(score: dict[str, Any]) -> str:
    if score["low"] is None:
        return "?"
    shown = "?" if score["score"] is None else f"{score['score']:.0f}"
    return f"{shown} [{score['low']:.0f}–{score['high']:.0f}]"


def _mark(row: dict[str, Any], label: str) -> str:
    if row["leader"] != label:
        return " "
    return _LEAD if row["separable"] else _CLOSE


def _table(
    rows: list[dict[str, Any]], labels: list[str], trend: bool, paint: Painter, width: int
) -> tuple[list[str], bool]:
    """The score table and whether it is the wide view (the one whose cells show ranges)."""
    title_width = min(max(len(r["title"]) for r in rows), 34)
    cell_width = 14
    column_width = max(cell_width, min(max(len(label) for label in labels), 20))
    extra = 2 * 8 if trend else 0
    fits = title_width + len(labels) * (column_width + 1) + extra <= width
    if fits:
        return _wide(rows, labels, trend, paint, title_width, column_width), True
    return _long(rows, labels, trend, paint, width), False


def _wide(
    rows: list[dict[str, Any]],
    labels: list[str],
    trend: bool,
    paint: Painter,
    title_width: int,
    column_width: int,
) -> list[str]:
    """Dimensions down, audits across: the natural view for a few audits."""
    # Long labels wrap onto up to three header lines, bottom-aligned over their column.
    wrapped = [textwrap.wrap(label, column_width)[:3] or [""] for label in labels]
    depth = max(len(lines) for lines in wrapped)
    out = []
    for level in range(depth):
        head = "".ljust(title_width)
        for lines in wrapped:
            index = level - (depth - len(lines))
            head += " " + (lines[index] if index >= 0 else "").rjust(column_width)
        if trend and level == depth - 1:
            head += " " + "Δ prev".rjust(7) + " " + "Δ first".rjust(7)
        out.append(paint(head.rstrip(), "bold"))
    for row in rows:
        line = row["title"][:title_width].ljust(title_width)
        for score in row["scores"]:
            mark = "" if trend else _mark(row, score["audit"]) + " "
            text = (mark + _cell(score)).rjust(column_width)
            line += " " + paint(text, score["signal"])
        if trend:
            last = row["scores"][-1]
            line += " " + _delta(last["since_previous"]).rjust(7)
            line += " " + _delta(last["since_first"]).rjust(7)
        out.append(line)
    return out


def _long(
    rows: list[dict[str, Any]], labels: list[str], trend: bool, paint: Painter, width: int
) -> list[str]:
    """Audits down, dimensions across (by number, with a key): for many audits or narrow
    terminals. Labels give way to the numbers, which never do."""
    key = "Columns: " + "  ".join(f"{n}={r['title']}" for n, r in _numbered(rows))
    out = [paint(line, "dim") for line in textwrap.wrap(key, width, break_on_hyphens=False)]
    cell = 6
    deltas = trend and 10 + len(rows) * (cell + 1) + 8 <= width  # the Δ column only if it fits
    numbers = len(rows) * (cell + 1) + (8 if deltas else 0)
    label_width = max(10, min(max(len(label) for label in labels), 36, width - numbers))
    head = "".ljust(label_width) + "".join(f" {n:>{cell}}" for n, _ in _numbered(rows))
    out.append(paint(head + (" " + "Δ prev".rjust(7) if deltas else ""), "bold"))
    for index, label in enumerate(labels):
        line = _short(label, label_width).ljust(label_width)
        for row in rows:
            score = row["scores"][index]
            shown = "?" if score["score"] is None else f"{score['score']:.0f}"
            mark = "" if trend else _mark(row, label) + " "
            line += " " + paint(f"{mark}{shown}".rjust(cell), score["signal"])
        if deltas:
            line += " " + _delta(rows[0]["scores"][index]["since_previous"]).rjust(7)
        out.append(line)
    if trend:  # per dimension, the latest audit against the one before it and the first
        for name, key in (("Δ prev", "since_previous"), ("Δ first", "since_first")):
            line = name[:label_width].ljust(label_width)
            line += "".join(" " + _delta(row["scores"][-1][key]).rjust(cell) for row in rows)
            out.append(paint(line, "bold"))
    return out


def _numbered(rows: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [("all" if r["id"] == "overall" else str(n), r) for n, r in enumerate(rows)]


def _leaders(out: list[str], rows: list[dict[str, Any]], paint: Painter, width: int) -> None:
    out.append("")
    out.append(paint("Strongest per dimension", "bold"))
    for row in rows:
        if row["leader"] is None:
            out.append(f"  {row['title']}: unknown everywhere")
            continue
        if row["separable"]:
            out.append(f"  {row['title']}: {paint(row['leader'], 'green')} {_LEAD}")
            continue
        others = _names(row["cannot_separate_from"])
        asks = row["ask_to_separate"]
        if not asks:
            out.append(
                f"  {row['title']}: {row['leader']} and {others} are level; no unknown left "
                "that could separate them"
            )
            continue
        said = (
            f"{row['title']}: {row['leader']} {_CLOSE} the data cannot separate it from "
            f"{others} yet; ask:"
        )
        lines = textwrap.wrap(said, width - 4, break_on_hyphens=False)
        out.append(f"  {lines[0]}")
        out.extend(f"    {line}" for line in lines[1:])
        for ask in asks:
            asked = f"{ask['text']} [{ask['audit']}, ±{ask['swing']:.0f} pts]"
            lines = textwrap.wrap(asked, width - 8, break_on_hyphens=False)
            out.append(f"      ? {lines[0]}")
            out.extend(f"        {line}" for line in lines[1:])


def _names(labels: list[str]) -> str:
    if len(labels) <= _MAX_LISTED:
        return ", ".join(labels)
    return ", ".join(labels[:_MAX_LISTED]) + f" and {len(labels) - _MAX_LISTED} more"


def _structural(out: list[str], audits: list[dict[str, Any]], paint: Painter) -> None:
    flagged = [a for a in audits if a["structural_red_flags"]]
    out.append("")
    out.append(paint("Structural red flags (would follow you to another team)", "bold"))
    if not flagged:
        out.append("  none")
    for audit in flagged[: _MAX_LISTED * 2]:
        flags = audit["structural_red_flags"]
        out.append(f"  {paint('!', 'red')} {audit['label']} ({len(flags)})")
        out.extend(
            f"      {f['question']}: {_short(f['answer'], 64)}" for f in flags[:_FLAGS_SHOWN]
        )
        if len(flags) > _FLAGS_SHOWN:
            out.append(paint(f"      … and {len(flags) - _FLAGS_SHOWN} more", "dim"))
    if len(flagged) > _MAX_LISTED * 2:
        out.append(paint(f"  … and {len(flagged) - _MAX_LISTED * 2} more audits", "dim"))


def _trend_changes(out: list[str], data: dict[str, Any], paint: Painter) -> None:
    steps = data["changes"][-_MAX_CHANGE_STEPS:]
    if len(data["changes"]) > len(steps):
        skipped = len(data["changes"]) - len(steps)
        out.append(paint(f"({skipped} earlier steps not shown; --format json has all)", "dim"))
    for step in steps:
        out.append("")
        out.append(paint(f"Changed from {step['from']} to {step['to']}", "bold"))
        if not step["questions"]:
            out.append("  no answer changed")
        for change in step["questions"]:
            delta = change["delta"]
            style = (
                None if delta is None else ("green" if delta > 0 else "red" if delta < 0 else None)
            )
            shown = "" if delta is None else " " + paint(f"({_delta(delta)})", style)
            out.append(
                f"  {change['question']}: {_short(change['before'])} → "
                f"{_short(change['after'])}{shown}"
            )


def _gaps(
    out: list[str], data: dict[str, Any], rows: list[dict[str, Any]], trend: bool, paint: Painter
) -> None:
    target = data["target"]
    level = "" if target["level"] is None else f"level {target['level']}, "
    out.append("")
    out.append(
        paint(f"Gap to target ({level}{target['score']:g}/100), per dimension", "bold")
        + paint(" — a dimension above target never offsets another below it", "dim")
    )
    columns = [len(data["audits"]) - 1] if trend else range(len(data["audits"]))
    dims = rows[1:]
    for index in list(columns)[: _MAX_LISTED * 2]:
        audit = data["audits"][index]
        short = [
            f"{row['title']} {row['scores'][index]['gap']:g}"
            if row["scores"][index]["gap"] is not None
            else f"{row['title']} ?"
            for row in dims
            if row["scores"][index]["gap"] != 0
        ]
        total = audit["total_gap"]
        shown = "?" if total is None else f"{total:g}"
        head = f"  {audit['label']}: total {shown} pts"
        out.append(head + (": " + ", ".join(short) if short else ": every dimension at target"))


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _delta(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.0f}"
