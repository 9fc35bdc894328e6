"""What the interview shows: a question, its help, the unknown prompt; text wrapped to a width.

Pure: every function returns text. Colour comes from the :class:`~auditor.render.terminal.Painter`
the caller passes (none when not on a terminal or when NO_COLOR is set); nothing here depends on
colour to be understood.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from auditor.checklist import Question, Source
from auditor.citations import cited
from auditor.interview import voices
from auditor.interview.session import CAUSE_CHOICES, UNKNOWN_CHOICES, Session, example
from auditor.render.terminal import Painter, clean
from auditor.units import amount


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width``; paragraphs kept; never loses a word.

    Everything the interview shows of a checklist or an audit passes through here, so this is
    where escape sequences in it are removed (:func:`~auditor.render.terminal.clean`).
    """
    text = clean(text)
    lines: list[str] = []
    rest = indent if hanging is None else hanging
    for paragraph in text.strip().split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines.extend(
            textwrap.wrap(
                " ".join(paragraph.split()),
                width=max(width, len(indent) + 10),
                initial_indent=indent,
                subsequent_indent=rest,
                break_on_hyphens=False,
            )
        )
    return lines


def question_screen(session: Session, question: Question, width: int, paint: Painter) -> str:
    """Where we are, the question in the session's mode, a good answer, the numbered options."""
    out: list[str] = [""]
    where = str(session.position(question))
    out.extend(paint(line, "dim") for line in wrap(where, width))
    out.extend(paint(line, "bold") for line in wrap(question.phrasing(session.mode), width))
    if question.critical:
        out.extend(
            paint(line, "amber")
            for line in wrap("Critical: a red answer here caps the verdict.", width, "  ")
        )
    if question.good_answer:
        out.extend(
            paint(line, "dim")
            for line in wrap(f"Good answer: {question.good_answer}", width, "  ", "    ")
        )
    answer = question.answer
    if not answer.listed:
        out.extend(
            wrap(
                f"Answer with {amount(answer.unit)}, e.g. {example(answer):g}.", width, "  ", "    "
            )
        )
        if answer.options:
            scale = " · ".join(option.label for option in answer.options)
            out.extend(paint(line, "dim") for line in wrap(f"Scale: {scale}", width, "  ", "    "))
    else:
        digits = len(str(len(answer.options)))
        keys = answer.note_key != "n"  # y/n answer a yes/no question: show the letter too
        for number, option in enumerate(answer.options, 1):
            label = f"{option.label} ({option.id[0]})" if keys else option.label
            lead = f"  {number:>{digits}}  "
            out.extend(wrap(label, width, lead, " " * len(lead)))
    current = session.current_answer(question)
    if current is not None:
        out.extend(
            paint(line, "green")
            for line in wrap(f"Current answer: {current} (Enter keeps it)", width, "  ", "    ")
        )
    others = voices.others_said(session, question)
    if others is not None:
        out.extend(
            paint(line, "dim") for line in wrap(f"Others said: {others}", width, "  ", "    ")
        )
    note = session.entry(question.id).get("note")
    if note:
        out.extend(wrap(f"Note: {note}", width, "  ", "    "))
    out.extend(paint(line, "dim") for line in wrap_items(keys_legend(question), width))
    return "\n".join(out) + "\n"


def wrap_items(items: list[str], width: int, separator: str = " · ") -> list[str]:
    """Items joined by ``separator``, broken between items only: ``q save & quit`` stays whole."""
    lines: list[str] = []
    line = ""
    for item in items:
        candidate = f"{line}{separator}{item}" if line else item
        if line and len(candidate) > width:
            lines.append(line)
            candidate = item
        line = candidate
    if line:
        lines.append(line)
    return lines


def keys_legend(question: Question) -> list[str]:
    answer = question.answer
    pick = answer.pick
    note = "n note" if answer.note_key == "n" else "note"
    items = [pick, "u unknown"]
    if not question.critical:
        items.append("x not applicable")
    return [*items, "s skip", "b back", note, "? why", "q save & quit"]


def why_screen(
    question: Question, width: int, paint: Painter, sources: Sequence[Source] = ()
) -> str:
    """Why the question matters, what to listen for, what to ask next, and the sources (as a
    reader cites them, from the checklist's ``sources``)."""
    out = [paint("Why it matters", "bold"), *wrap(question.why, width, "  ")]
    if question.red_flags:
        out.append(paint("Red flags to listen for", "bold"))
        for flag in question.red_flags:
            out.extend(wrap(f"- {flag}", width, "  ", "    "))
    if question.follow_ups:
        out.append(paint("Follow-up probes", "bold"))
        for probe in question.follow_ups:
            out.extend(wrap(f"- {probe}", width, "  ", "    "))
    citations = cited(question.sources, sources)
    if citations:
        out.extend(
            paint(line, "dim") for line in wrap(f"Sources: {'; '.join(citations)}", width, "", "  ")
        )
    return "\n".join(out) + "\n"


def unknown_prompt() -> str:
    choices = " · ".join(
        f"{number} {label}" for number, (_, label) in enumerate(UNKNOWN_CHOICES, 1)
    )
    return f"Unknown: {choices} (Enter cancels)"


SELF_CAUSE_LABELS = {"company-wide": "company-wide (beyond this team)"}


def cause_screen(width: int, paint: Painter, mode: str = "candidate") -> str:
    """The seed's test for a red answer's cause, with its one-key answers; a manager is asked
    whether it reaches beyond the team, not whether it would follow them to another."""
    if mode == "self":
        question = "A red flag. Is its cause company-wide, beyond this team?"
        labels = {cause: SELF_CAUSE_LABELS.get(cause, label) for _, cause, label in CAUSE_CHOICES}
    else:
        question = "A red flag. Would it follow you to another team?"
        labels = {cause: label for _, cause, label in CAUSE_CHOICES}
    out = wrap(question, width, "  ")
    items = [f"{key} {labels[cause]}" for key, cause, _ in CAUSE_CHOICES]
    out.extend(paint(line, "dim") for line in wrap_items(items, width - 2))
    return "\n".join(out) + "\n"


CAUSE_PROMPT = "Cause (c/t/m, Enter keeps the default): "
