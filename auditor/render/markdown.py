"""Markdown summaries of assessments and comparisons, to paste into a GitHub issue or a wiki.

Compact and HTML-free: a heading, the decision and the level with its range, the reasons, a
table of dimensions, the red flags and what to ask next; for a comparison, the table of scores
and each audit's decision. It reads only the view (:mod:`auditor.view`) and the comparison's data
(:mod:`auditor.comparison_view`), like every renderer.

Every piece of text from the view goes through :func:`text` (a company name, an answer or a
checklist's wording can come from a hostile file): Markdown's inline punctuation is escaped, so
it cannot open a link, an image, emphasis, a code span, HTML, an entity or a math span, nor
break out of a table cell; line breaks become spaces, so it cannot start a block; bare URLs and
e-mail addresses are defused so GitHub does not make them links. No line of the output starts
with text from the view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from auditor.render.terminal import decision_word

if TYPE_CHECKING:  # the view's shapes, for annotations only: importing them costs start-up
    from auditor.view import AssessmentView, FlagView


# Every colour has its word beside it: a signal reads without the emoji.
SIGNAL_MARKS = {
    "green": "🟢",
    "amber": "🟠",
    "red": "🔴",
    "mixed": "🟡",
    "unknown": "⚪",
    "not-applicable": "➖",
}
FLAG_HEADINGS = {
    "candidate": {
        "structural": "Red flags, structural (would follow you to another team)",
        "situational": "Red flags, situational (team-level or temporary)",
        "unclassified": "Red flags, not classified",
    },
    "self": {
        "structural": "Red flags, structural (company-wide, beyond this team)",
        "situational": "Red flags, situational (this team, or temporary)",
        "unclassified": "Red flags, not classified",
    },
}
ASKED_SHOWN = 5
_LEAD, _CLOSE, _LEVEL = "★", "≈", "="
_ARROWS = {"up": "↑", "down": "↓", "unchanged": "=", "unknown": "?"}

# CommonMark's inline punctuation (and GitHub's `$` for math, `~` for strike-through); a
# backslash makes each one a literal character.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$#!])")
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
# What GitHub's autolinker turns into a link: a scheme's `://` and `www.`; the escaped `:` or
# `.` keeps the text as it reads. (An e-mail address cannot be defused this way: GitHub links it
# after escapes are resolved, to the address it shows.)
_AUTOLINK = re.compile(r"(?<=[A-Za-z0-9]):(?=//)|(?:(?<=^www)|(?<=[^A-Za-z0-9]www))\.", re.I)


def text(value: object) -> str:
    """``value`` as literal Markdown text on one line: nothing in it renders as markup."""
    said = _BREAKS.sub(" ", str(value)).strip()
    said = _SPECIAL.sub(r"\\\1", said)
    return _AUTOLINK.sub(lambda m: "\\" + m.group(0), said)


def strong(value: object) -> str:
    said = text(value)
    return f"**{said}**" if said else ""


def code(identifier: str) -> str:
    """An id as inline code; ids are ``[a-z0-9-]`` in valid files, anything else is text."""
    if re.fullmatch(r"[A-Za-z0-9._-]+", identifier):
        return f"`{identifier}`"
    return text(identifier)


def num(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _range(score: float | None, low: float | None, high: float | None) -> str:
    """``66 (63–68)``, ``66`` when nothing is unknown, ``? (20–90)`` without an estimate."""
    if low is None or high is None:
        return num(score)
    if low == high and score is not None:
        return num(score)
    return f"{num(score)} ({num(low)}–{num(high)})"


def _signal(signal: str | None) -> str:
    if not signal:
        return ""
    mark = SIGNAL_MARKS.get(signal)
    return f"{mark} {text(signal)}" if mark else text(signal)


def _decision(decision: dict[str, Any]) -> str:
    word = decision_word(decision["decision"])
    mark = SIGNAL_MARKS.get(decision["signal"], "")
    return f"{mark} **{text(word)}** · {text(decision['headline'])}".strip()


def _table(head: Sequence[str], align: str, rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM table; ``align`` has one letter per column, ``l`` or ``r``. Every cell is already
    escaped: a ``|`` in it is ``\\|``."""
    marks = {"l": "---", "r": "---:"}
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    out.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return out


# --- one assessment -----------------------------------------------------------------------------


def render_markdown(view: AssessmentView) -> str:
    """The summary of one audit, as Markdown."""
    meta = view["meta"]
    out: list[str] = []
    title = " · ".join(text(v) for v in (meta.get("company"), meta.get("team")) if v)
    out.append(f"## {title or text(view['file'])}")
    out.append("")
    checklist = view["checklist"]
    details = [text(meta[k]) for k in ("role", "date") if meta.get(k)]
    details.append(f"{text(view['mode'])} mode")
    if meta.get("respondent"):
        details.append(f"answered by {text(meta['respondent'])}")
    details.append(f"checklist {code(checklist['id'])} {text(checklist['version'])}")
    out.append("Audit: " + " · ".join(details))
    if checklist["changed_since"]:
        out.extend(["", "> Note: the checklist changed since this audit was answered."])
    decision = view["decision"]
    out.extend(["", _decision(dict(decision))])
    overall = view["overall"]
    scale = checklist["scale"]
    unit = "/100" if scale["unit"] == "/100" else f" of {scale['maximum']:g} points"
    if view["level"] is None:
        level = "**No level yet** (not enough evidence)"
    else:
        level = f"**Level {view['level']} · {text(view['band'])}**"
        if decision["level_low"] != decision["level_high"]:
            level += f" (could be {text(decision['level_text'])})"
    score = f"score {num(overall['score'])}{unit}"
    if overall["low"] != overall["high"]:
        score += f", between {num(overall['low'])} and {num(overall['high'])}"
    level += f" · {score} · coverage {round(overall['coverage'] * 100)}%"
    out.extend(["", level, "", text(view["verdict"])])
    reasons = [r for r in decision["reasons"] if not r["rule"].endswith("-level")]
    if reasons:
        out.extend(["", "### Why", ""])
        out.extend(f"- {text(r['text'])}" for r in reasons)
    out.extend(["", "### Dimensions", ""])
    rows = [
        [
            text(d["title"]),
            "not applicable"
            if d["signal"] == "not-applicable"
            else _range(d["score"], d["low"], d["high"]),
            f"{round(d['coverage'] * 100)}%",
            num(d["level"]) if d["level"] is not None else "–",
            _signal(d["signal"]),
        ]
        for d in view["dimensions"]
    ]
    out.extend(_table(["Dimension", "Score", "Coverage", "Level", "Signal"], "lrrrl", rows))
    for nature, heading in FLAG_HEADINGS.get(view["mode"], FLAG_HEADINGS["candidate"]).items():
        flags = [f for f in view["red_flags"] if f["nature"] == nature]
        if flags:
            out.extend(["", f"### {heading}", ""])
            out.extend(_flag(f) for f in flags)
    if view["disagreements"]:
        out.extend(["", "### Where answers disagree", ""])
        for found in view["disagreements"]:
            state = (
                "resolved" if found["resolved"] else "conflict" if found["conflict"] else "differs"
            )
            said = "; ".join(
                f"{text(a['respondent'])}: {text(a['answer'] or '')}" for a in found["answers"]
            )
            if found["agreed"]:
                said += f"; settled on: {text(found['agreed'])}"
            out.append(f"- {text(found['text'])} ({code(found['question'])}, {state}): {said}")
    if view["mode"] == "self" and view["improvements"]:
        out.extend(["", "### Fix first", ""])
        for number, action in enumerate(view["improvements"][:ASKED_SHOWN], 1):
            # An action to schedule, as the terminal and the report give it; a checklist
            # without actions names the question instead.
            what = action["action"] or action["text"]
            effort = f"{action['effort_text']}, " if action["effort_text"] else ""
            out.append(
                f"{number}. {text(what)}{'' if what.endswith(('.', '?')) else '.'} "
                f"Today: {text(action['answer'])} ({effort}{text(action['effect'])})"
            )
    out.extend(_target(view))
    out.extend(_since(view))
    if view["next_questions"]:
        out.extend(["", "### Ask next", ""])
        for number, ask in enumerate(view["next_questions"][:ASKED_SHOWN], 1):
            impact = {
                "decision": "could change the decision",
                "level": "could change the level",
                "score": f"up to {num(ask['swing'])} point{'' if ask['swing'] == 1 else 's'}",
            }.get(ask["impact"], text(ask["impact"]))
            ids = ", ".join(code(i) for i in ask["ask"])
            critical = "critical, " if ask["critical"] else ""
            out.append(f"{number}. {text(ask['text'])} ({ids}: {critical}{impact})")
        more = len(view["next_questions"]) - ASKED_SHOWN
        if more > 0:
            out.extend(["", f"And {more} more open question{'s' if more > 1 else ''}."])
    return "\n".join(out) + "\n"


def _target(view: AssessmentView) -> list[str]:
    """``--target``: the view's sentence, each dimension's points short, then what the level still
    needs: a knock-out to fix first, and the practices it requires."""
    goal = view["target"]
    if goal is None:
        return []
    out = ["", f"### Gap to target: {text(goal['label'])}", "", text(goal["summary"]), ""]
    rows = [
        [
            text(d["title"]),
            num(d["score"]),
            "unknown" if d["gap"] is None else "none" if d["gap"] == 0 else num(d["gap"]),
        ]
        for d in goal["dimensions"]
    ]
    rows.append([strong("In all"), "", strong(num(goal["total_gap"]))])
    out.extend(_table(["Dimension", "Score", "Points short"], "lrr", rows))
    titles = {d["id"]: d["title"] for d in view["dimensions"]}
    questions = {q["id"]: q for d in view["dimensions"] for q in d["questions"]}
    needs = [
        f"- Knock-out: {text(q['text'])} ({text(titles.get(q['dimension'], ''))}); "
        f"today: {text(q['answer'] or '')}"
        for q in (questions[k] for k in goal["knockouts"] if k in questions)
    ]
    needs += [
        f"- Needs {text(p['needs'])} (level {p['level']}, "
        f"{text(titles.get(p['dimension'], ''))}); today: {text(p['today'])}"
        for p in goal["practices"]
    ]
    if needs:
        out.extend(["", *needs])
    return out


def _since(view: AssessmentView) -> list[str]:
    """``--previous``: the view's sentence, each dimension then and now, and per dimension the
    answers that moved its score most (the view's ``shown``), the rest counted."""
    found = view["since"]
    if found is None:
        return []
    out = ["", f"### Since the previous audit ({text(found['date'])})", "", text(found["summary"])]
    for note in found["notes"]:
        out.extend(["", f"> Note: {text(note)}"])
    now = text(view["meta"].get("date") or "now")
    rows = [
        [text(d["title"]), num(d["before"]), num(d["after"]), _delta(d["change"])]
        for d in found["dimensions"]
    ]
    out.extend(["", *_table(["Dimension", text(found["date"]), now, "Change"], "lrrr", rows)])
    if found["changes"]:
        out.extend(["", "Answers that changed, those that moved the score most first:", ""])
    for group in found["changes"]:
        out.append(f"- {strong(group['title'])}")
        for answer in group["questions"][: group["shown"]]:
            out.append(
                f"  - {text(answer['text'])} {text(answer['before'])} → "
                f"{text(answer['after'])} ({_delta(answer['change'])})"
            )
        if group["more"]:
            kind = "smaller change" if group["shown"] else "changed answer"
            out.append(f"  - and {group['more']} {kind}{'' if group['more'] == 1 else 's'}")
    return out


def _flag(flag: FlagView) -> str:
    extra = " (critical)" if flag["critical"] else ""
    if flag["said_by"]:
        extra += " — said by " + ", ".join(text(s) for s in flag["said_by"])
    return f"- {strong(flag['answer'])}{extra} — {text(flag['text'])} ({code(flag['question'])})"


def write_assessments_markdown(views: Iterable[AssessmentView], stream: TextIO) -> None:
    """Each audit's summary as its view arrives, a rule between two."""
    for index, view in enumerate(views):
        if index:
            stream.write("\n---\n\n")
        stream.write(render_markdown(view))


# --- a comparison -------------------------------------------------------------------------------


def render_comparison_markdown(data: dict[str, Any]) -> str:
    """The comparison as Markdown: the table of scores, each audit's decision, and for a trend
    its headline and what moved; the gap to a target when one is given."""
    audits = data["audits"]
    trend = data["view"] == "trend"
    out: list[str] = []
    if trend:
        first = audits[0]["meta"]
        who = " · ".join(text(v) for v in (first.get("company"), first.get("team")) if v)
        span = f"{text(audits[0]['label'])} to {text(audits[-1]['label'])}"
        out.append(f"## Trend · {who} · {len(audits)} audits, {span}")
    else:
        out.append(f"## Side by side · {len(audits)} audits")
    ids = sorted({f"{a['checklist']['id']} {a['checklist']['version']}" for a in audits})
    out.extend(["", "Checklist " + ", ".join(text(i) for i in ids)])
    for note in data["notes"]:
        out.extend(["", f"> Note: {text(note)}"])
    if data["headline"]:
        out.extend(["", strong(data["headline"])])
    out.append("")
    rows = [data["overall"], *data["dimensions"]]
    head = ["Dimension", *(text(a["label"]) for a in audits)]
    align = "l" + "r" * len(audits)
    if trend:
        head += ["Δ previous", "Δ first"]
        align += "rr"
    table = []
    for row in rows:
        title = strong(row["title"]) if row["id"] == "overall" else text(row["title"])
        cells = [title]
        for score in row["scores"]:
            shown = _range(score["score"], score["low"], score["high"])
            if not trend and score["audit"] in row["level_with"]:
                shown += " " + _LEVEL
            elif not trend and row["leader"] == score["audit"]:
                shown += " " + (_LEAD if row["separable"] else _CLOSE)
            cells.append(shown)
        if trend:
            last = row["scores"][-1]
            cells += [_delta(last["since_previous"]), _delta(last["since_first"])]
        table.append(cells)
    out.extend(_table(head, align, table))
    legend = "Scores with (worst–best) while answers are unknown; ? where nothing is known."
    if not trend:
        legend += (
            f" {_LEAD} clearly ahead; {_CLOSE} ahead, but not clearly (the ranges overlap, or "
            f"too little is known); {_LEVEL} level."
        )
    out.extend(["", legend])
    if data["overall"]["why"]:
        out.extend(["", f"{strong('Overall')}: {text(data['overall']['why'])}."])
    out.extend(["", "### Decision per audit", ""])
    for audit in audits:
        out.append(f"- {strong(audit['label'])}: {_decision(audit['decision'])}")
    if trend and data["moves"] and data["moves"]["dimensions"]:
        out.extend(["", "### What moved, first audit to last", ""])
        for group in data["moves"]["dimensions"]:
            out.append(f"- {text(group['title'])}: {_movement(group['movement'])}")
    if not trend:
        flagged = [a for a in audits if a["structural_red_flags"]]
        if flagged:
            out.extend(["", "### Structural red flags", ""])
            for audit in flagged:
                flags = audit["structural_red_flags"]
                said = "; ".join(
                    f"{code(f['question'])}: {text(f['answer'])}" for f in flags[:ASKED_SHOWN]
                )
                if len(flags) > ASKED_SHOWN:
                    said += f"; and {len(flags) - ASKED_SHOWN} more"
                out.append(f"- {strong(audit['label'])} ({len(flags)}): {said}")
    target = data["target"]
    if target is not None:
        level = "" if target["level"] is None else f"level {target['level']}: "
        out.extend(["", f"### Gap to target ({level}a score of {num(target['score'])})", ""])
        for audit in audits:
            line = f"- {strong(audit['label'])}: total gap {num(audit['total_gap'])}"
            if audit["standing"] is not None:
                line += f"; {text(audit['standing']['text'])}"
            out.append(line)
    if data["not_comparable"]:
        out.extend(["", "### Not comparable (left out)", ""])
        for item in data["not_comparable"]:
            out.append(f"- {text(item['kind'])} {code(item['id'])}: {text(item['reason'])}")
    return "\n".join(out) + "\n"


def _delta(value: float | None) -> str:
    if value is None:
        return "–"
    return "0" if value == 0 else f"{value:+g}"


def _movement(move: dict[str, Any]) -> str:
    word = move["direction"]
    said = f"{_ARROWS.get(word, '')} {word}"
    if word in ("up", "down") and move["change"] is not None:
        said += f" {abs(move['change']):g}"
    return f"{num(move['from'])} → {num(move['to'])}, {said}"
