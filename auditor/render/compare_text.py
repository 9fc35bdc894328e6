"""The terminal view of a comparison: a table of dimensions by audit, who leads where and whether
the data can tell them apart yet, or a trend: its headline, deltas, and the changed answers
grouped by dimension, biggest movers first; each audit's gap to a target.

It reads only :func:`~auditor.render.compare_data.comparison_dict`. Colour only on a terminal and
never with ``NO_COLOR``; every colour has a word or symbol beside it.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from typing import Any, TextIO

from auditor.render.terminal import Painter, use_colour

_LEAD, _CLOSE, _LEVEL = "★", "≈", "="
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_MAX_LISTED = 8
_FLAGS_SHOWN = 5
# Direction in a symbol and a word: it must read without colour.
ARROWS = {"up": "↑", "down": "↓", "unchanged": "=", "unknown": "?"}
_DIRECTION_STYLES = {"up": "green", "down": "red"}


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
    if data["headline"]:
        out.append(paint(data["headline"], "bold"))
    out.append("")
    rows = [data["overall"], *data["dimensions"]]
    gaps = [a["total_gap"] for a in audits] if data["target"] is not None else None
    table, wide = _table(rows, [a["label"] for a in audits], trend, paint, width, gaps)
    head, out = out, []
    legend = "score [worst–best with unknowns]" if wide else "scores; ? where nothing is known"
    if not trend:
        legend += (
            f"  {_LEAD} clearly ahead  {_CLOSE} ahead, but not clearly (the ranges overlap, or "
            f"too little is known)  {_LEVEL} level"
        )
    out.extend(paint(line, "dim") for line in textwrap.wrap(legend, width))
    _decisions(out, audits, paint)
    if trend:
        _moves(out, data, paint)
    else:
        _leaders(out, rows, paint, width)
        _structural(out, audits, paint)
    if data["target"] is not None:
        _gaps(out, data, rows, paint)
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
    shown = "?" if score["score"] is None else f"{score['score']:g}"
    return f"{shown} [{score['low']:g}–{score['high']:g}]"


def _mark(row: dict[str, Any], label: str) -> str:
    if label in row["level_with"]:
        return _LEVEL
    if row["leader"] != label:
        return " "
    return _LEAD if row["separable"] else _CLOSE


def _table(
    rows: list[dict[str, Any]],
    labels: list[str],
    trend: bool,
    paint: Painter,
    width: int,
    gaps: list[float | None] | None,
) -> tuple[list[str], bool]:
    """The score table and whether it is the wide view (the one whose cells show ranges).
    ``gaps``: each audit's total gap to the target, a column of the long view."""
    title_width = min(max(len(r["title"]) for r in rows), 34)
    cell_width = 14
    column_width = max(cell_width, min(max(len(label) for label in labels), 20))
    extra = 2 * 8 if trend else 0
    fits = title_width + len(labels) * (column_width + 1) + extra <= width
    if fits:
        return _wide(rows, labels, trend, paint, title_width, column_width), True
    return _long(rows, labels, trend, paint, width, gaps), False


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
    rows: list[dict[str, Any]],
    labels: list[str],
    trend: bool,
    paint: Painter,
    width: int,
    gaps: list[float | None] | None,
) -> list[str]:
    """Audits down, dimensions across (by number, with a key): for many audits or narrow
    terminals. Labels give way to the numbers, which never do."""
    key = "Columns: " + "  ".join(f"{n}={r['title']}" for n, r in _numbered(rows))
    if gaps is not None:
        key += "  gap=total gap to target"
    out = [paint(line, "dim") for line in textwrap.wrap(key, width, break_on_hyphens=False)]
    cell = 6
    deltas = trend and 10 + len(rows) * (cell + 1) + 8 <= width  # the Δ column only if it fits
    numbers = len(rows) * (cell + 1) + (8 if deltas else 0)
    # Every audit's gap to the target, when it fits beside the scores.
    gapped = gaps is not None and 10 + numbers + cell + 1 <= width
    numbers += cell + 1 if gapped else 0
    label_width = max(10, min(max(len(label) for label in labels), 36, width - numbers))
    head = "".ljust(label_width) + "".join(f" {n:>{cell}}" for n, _ in _numbered(rows))
    head += " " + "Δ prev".rjust(7) if deltas else ""
    out.append(paint(head + (" " + "gap".rjust(cell) if gapped else ""), "bold"))
    for index, label in enumerate(labels):
        line = _short(label, label_width).ljust(label_width)
        for row in rows:
            score = row["scores"][index]
            shown = "?" if score["score"] is None else f"{score['score']:g}"
            mark = "" if trend else _mark(row, label) + " "
            line += " " + paint(f"{mark}{shown}".rjust(cell), score["signal"])
        if deltas:
            line += " " + _delta(rows[0]["scores"][index]["since_previous"]).rjust(7)
        if gapped and gaps is not None:
            total = gaps[index]
            line += " " + ("?" if total is None else f"{total:g}").rjust(cell)
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
        asks = row["ask_to_separate"]
        if row["why"]:  # the overall row: ranked by decision and level before the score
            mark = _LEVEL if row["leader"] is None else _mark(row, row["leader"])
            said = f"{row['title']}: {mark} {row['why']}" + ("; ask:" if asks else "")
        elif row["leader"] is None and not row["level_with"]:
            out.append(f"  {row['title']}: unknown everywhere")
            continue
        elif row["separable"]:
            out.append(f"  {row['title']}: {paint(row['leader'], 'green')} {_LEAD}")
            continue
        elif row["leader"] is None:
            said = f"{row['title']}: {_both(row['level_with'])} are level"
            if row["cannot_separate_from"]:
                others = _names(row["cannot_separate_from"])
                said += f"; the data cannot separate them from {others} yet"
            said += "; ask:" if asks else "; no unknown left that could separate them"
        else:
            others = _names(row["cannot_separate_from"])
            said = (
                f"{row['title']}: {row['leader']} {_CLOSE} the data cannot separate it from "
                f"{others} yet" + ("; ask:" if asks else "")
            )
        lines = textwrap.wrap(said, width - 4, break_on_hyphens=False)
        out.append(f"  {lines[0]}")
        out.extend(f"    {line}" for line in lines[1:])
        for ask in asks:
            asked = f"{ask['text']} [{ask['audit']}, ±{ask['swing']:g} pts]"
            lines = textwrap.wrap(asked, width - 8, break_on_hyphens=False)
            out.append(f"      ? {lines[0]}")
            out.extend(f"        {line}" for line in lines[1:])


def _decisions(out: list[str], audits: list[dict[str, Any]], paint: Painter) -> None:
    """Each audit's decision, in the same words as its own report."""
    out.append("")
    out.append(paint("Decision per audit", "bold"))
    for audit in audits[: _MAX_LISTED * 2]:
        decision = audit["decision"]
        word = decision["decision"].replace("-", " ").upper()
        out.append(
            f"  {audit['label']}: " + paint(f"{word} · {decision['headline']}", decision["signal"])
        )
    if len(audits) > _MAX_LISTED * 2:
        out.append(paint(f"  … and {len(audits) - _MAX_LISTED * 2} more audits", "dim"))


def _names(labels: list[str]) -> str:
    if len(labels) <= _MAX_LISTED:
        return ", ".join(labels)
    return ", ".join(labels[:_MAX_LISTED]) + f" and {len(labels) - _MAX_LISTED} more"


def _both(labels: list[str]) -> str:
    """Audits that are level: "A and B", "A, B and C"."""
    named = _names(labels[:-1]) if len(labels) <= _MAX_LISTED else _names(labels)
    return f"{named} and {labels[-1]}" if len(labels) <= _MAX_LISTED else named


def _structural(out: list[str], audits: list[dict[str, Any]], paint: Painter) -> None:
    flagged = [a for a in audits if a["structural_red_flags"]]
    out.append("")
    # A manager's audits of their own team: the flag is beyond the team, not a move to flee by.
    own = {a["mode"] for a in audits} == {"self"}
    why = "company-wide, beyond this team" if own else "would follow you to another team"
    out.append(paint(f"Structural red flags ({why})", "bold"))
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


def _moves(out: list[str], data: dict[str, Any], paint: Painter) -> None:
    """The changed answers, first audit to last, grouped by dimension: biggest movers first,
    the long tail counted (the JSON has every answer, and every step)."""
    moves = data["moves"]
    audits = data["audits"]
    out.append("")
    out.append(
        paint(f"What changed, {audits[0]['label']} to {audits[-1]['label']}", "bold")
        + paint(" — by dimension, biggest movers first", "dim")
    )
    if not moves["dimensions"]:
        out.append("  no answer changed")
        return
    for group in moves["dimensions"]:
        out.append(f"  {group['title']}: {movement(group['movement'], paint)}")
        for change in group["questions"][: group["shown"]]:
            shown = f"({_delta(change['delta'])})"
            out.append(
                f"    {change['question']}: {_short(change['before'])} → "
                f"{_short(change['after'])} "
                + paint(shown, _DIRECTION_STYLES.get(change["direction"]))
            )
        if group["more"]:
            smaller = "smaller change" if group["more"] == 1 else "smaller changes"
            out.append(paint(f"    … and {group['more']} {smaller}", "dim"))
    out.append(
        paint(
            f"  {moves['count']} answers changed, {moves['shown']} shown; every answer and "
            "every step: --format json",
            "dim",
        )
    )


def movement(move: dict[str, Any], paint: Painter) -> str:
    """``13 → 96, ↑ up 83``: the direction as a symbol and a word, colour only beside them."""
    span = f"{_number(move['from'])} → {_number(move['to'])}"
    word = move["direction"]
    said = f"{ARROWS[word]} {word}"
    if word in ("up", "down"):
        said += f" {abs(move['change']):g}"
    return f"{span}, " + paint(said, _DIRECTION_STYLES.get(word))


def _number(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _gaps(out: list[str], data: dict[str, Any], rows: list[dict[str, Any]], paint: Painter) -> None:
    """Every audit's gap to the target, per dimension, and for a target level what holds it
    below (the long table has a column of totals for runs too long to list here)."""
    target = data["target"]
    level = "" if target["level"] is None else f"level {target['level']}, "
    out.append("")
    out.append(
        paint(f"Gap to target ({level}{target['score']:g}/100), per dimension", "bold")
        + paint(" — a dimension above target never offsets another below it", "dim")
    )
    audits = data["audits"]
    dims = rows[1:]
    for index in range(min(len(audits), _MAX_LISTED * 2)):
        audit = audits[index]
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
        if target["level"] is not None:
            standing = audit["standing"]
            style = "green" if standing["reached"] else None
            out.append("    " + paint(standing["text"], style))
    if len(audits) > _MAX_LISTED * 2:
        out.append(
            paint(
                f"  … and {len(audits) - _MAX_LISTED * 2} more audits (every audit's gap: "
                "--format json)",
                "dim",
            )
        )


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _delta(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+g}"
