"""The interview loop: show a question, read a line, apply it, save, confirm; until done or quit.

Every change is saved before it is confirmed (``saved: <question> = <answer>``), with Ctrl-C,
SIGHUP and SIGTERM held for the length of the save. An interrupt anywhere else leaves the file as
the last confirmation says; the command then prints how to resume and exits 130.
"""

from __future__ import annotations

import contextlib
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor import privacy
from auditor.assessment import assess
from auditor.checklist import Checklist
from auditor.errors import AuditorError
from auditor.interview import screen, voices
from auditor.interview.session import (
    BACK,
    CAUSE_CHOICES,
    INVALID,
    KEEP,
    NOT_APPLICABLE,
    NOTE,
    QUIT,
    SKIP,
    UNKNOWN,
    UNKNOWN_CHOICES,
    VALUE,
    WHY,
    Change,
    Session,
    is_red,
    meta_prompts,
    new_audit,
    pick_index,
)
from auditor.interview.store import FILE_MODE, AuditStore
from auditor.interview.terminal import Hangup, Terminal, hangup_raises, signals_deferred
from auditor.loading import checklist_dirs, load_audit
from auditor.render.text import render_text
from auditor.schema import MODES
from auditor.scoring import score_audit

EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Options:
    path: Path
    today: str
    checklist: str | None = None
    mode: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    only: tuple[str, ...] = ()
    review: bool = False
    unknowns: bool = False
    extra_dirs: tuple[Path, ...] = ()

    def resume_command(self) -> str:
        words = ["mlops-audit", "interview", str(self.path)]
        for folder in self.extra_dirs:
            words += ["--checklist-dir", str(folder)]
        for dimension in self.only:
            words += ["--only", dimension]
        # Whose answers these are: needed to resume one voice of an audit several people answered.
        for option, key in (("--respondent", "respondent"), ("--name", "respondent_name")):
            if self.meta.get(key):
                words += [option, self.meta[key]]
        return shlex.join(words)


class _Quit(Exception):
    """The user asked to stop (q, or end of input): save nothing more, show the score."""


def run(options: Options, terminal: Terminal) -> int:
    """The whole interview; returns the exit code."""
    with hangup_raises():
        try:
            return _interview(options, terminal)
        except (KeyboardInterrupt, Hangup):
            # After SIGHUP the terminal may be gone: saying so is best effort.
            with contextlib.suppress(Hangup, OSError, ValueError):
                terminal.write("\n")
                if options.path.exists():
                    terminal.say(f"Interrupted. Every confirmed answer is saved in {options.path}.")
                    terminal.say("Resume with:")
                    terminal.command(options.resume_command())
                else:
                    terminal.say("Interrupted before the audit file was created; nothing saved.")
            return EXIT_INTERRUPTED


def _interview(options: Options, terminal: Terminal) -> int:
    dirs = checklist_dirs(options.extra_dirs)
    store, existing = AuditStore.open(options.path, options.checklist, dirs, terminal.warn)
    checklist = store.checklist
    unknown_dims = [d for d in options.only if checklist.dimension(d) is None]
    if unknown_dims:
        known = ", ".join(d.id for d in checklist.dimensions)
        raise AuditorError(
            f"--only {unknown_dims[0]}: no such dimension in checklist {checklist.id}; "
            f"dimensions are: {known}"
        )
    quit_early = False
    if existing is None:
        try:
            data = _new_audit_data(options, terminal, store)
        except _Quit:
            data = new_audit(store.checklist, options.mode or MODES[0], options.meta, options.today)
            quit_early = True
        session = _session(options, checklist, data)
        with signals_deferred():
            store.save(session)
            terminal.say(
                f"Created {options.path} (mode {FILE_MODE:o}); every answer is saved as you go."
            )
    else:
        if options.mode is not None and options.mode != existing["mode"]:
            raise AuditorError(
                f"{options.path}: this audit is in {existing['mode']} mode, not {options.mode}; "
                "leave out --mode to resume it"
            )
        # Whose answers: the audit's own, or one voice of several (a new one is added here).
        whose = voices.whose(existing, options.meta, options.today, str(options.path))
        for change in whose.changes:
            change.apply(existing)
        session = _session(options, checklist, existing, whose.respondent)
        if whose.changes:
            with signals_deferred():
                store.save(session, whose.changes[-1])
        if whose.message:
            terminal.say(whose.message)
        answered = len(session.scope) - len(session.unanswered())
        terminal.say(
            f"Resuming {options.path}: {answered} of {len(session.scope)} questions have an "
            f"answer or an unknown; {len(session.queue)} to go."
        )
    if not quit_early and not session.done:
        terminal.say(
            "A number picks an answer, ? says why a question matters, q saves and quits; "
            "Ctrl-C is safe too.",
            "dim",
        )
        with contextlib.suppress(_Quit):
            _walk(session, store, terminal)
    _finish(options, session, terminal, dirs)
    return 0


def _session(
    options: Options, checklist: Checklist, data: dict[str, Any], respondent: str | None = None
) -> Session:
    return Session(
        checklist,
        data,
        only=options.only,
        review=options.review,
        unknowns=options.unknowns,
        respondent=respondent,
    )


def _new_audit_data(options: Options, terminal: Terminal, store: AuditStore) -> dict[str, Any]:
    checklist = store.checklist
    terminal.say(f"New audit {options.path} with checklist {checklist.id} {checklist.version}.")
    mode = options.mode
    while mode is None:
        text = terminal.read("Mode: 1 candidate (interviewing) or 2 self (your team) [1]: ")
        if text is None:
            raise _Quit()
        choice = text.strip().lower()
        mode = {"": "candidate", "1": "candidate", "2": "self"}.get(choice)
        mode = mode or (choice if choice in MODES else None)
        if mode is None:
            terminal.say("Type 1 for candidate or 2 for self.")
    meta = dict(options.meta)
    # The name is asked right after the role it belongs to; a role given with --respondent
    # comes with --respondent-name, so a scripted interview meets no new prompt.
    given = {key for key, value in meta.items() if value}
    asked = [
        p
        for p in meta_prompts(mode)
        if p.key not in given and not (p.key == "respondent_name" and "respondent" in given)
    ]
    if asked:
        terminal.say("A few details for the report (Enter leaves one blank):", "dim")
    for prompt in asked:
        if prompt.key == "respondent_name" and not meta.get("respondent"):
            continue  # nobody named by role: no name to ask for either
        text = terminal.read(f"{prompt.label}: ")
        if text is None:
            break
        meta[prompt.key] = text.strip()
        if prompt.key == "respondent":
            _warn_name_in_role(terminal, meta)  # before the name is asked, so it goes there
    if "respondent" not in {p.key for p in asked}:
        _warn_name_in_role(terminal, meta)
    return new_audit(checklist, mode, meta, options.today)


def _warn_name_in_role(terminal: Terminal, meta: dict[str, str]) -> None:
    role = meta.get("respondent")
    found = privacy.suspicious(
        role, meta.get("respondent_name"), [meta.get(k) for k in ("company", "team", "role")]
    )
    if role and found is not None:
        terminal.say(f"Note: {privacy.warning('respondent', role, found)}.", "amber")


def _walk(session: Session, store: AuditStore, terminal: Terminal) -> None:
    show = True
    while not session.done:
        question = session.current
        assert question is not None
        if show:
            terminal.write(
                screen.question_screen(session, question, terminal.width, terminal.paint)
            )
        show = True
        text = terminal.read("> ")
        if text is None:
            return
        reply = session.interpret(text)
        if reply.kind == VALUE:
            assert reply.value is not None
            _save(store, session, session.answer(reply.value), terminal)
            # Asked on a terminal only: a script piping answers line by line would otherwise
            # have its next answer taken as the cause (it can write `nature:` in the file).
            if terminal.interactive and is_red(question, reply.value):
                terminal.write(screen.cause_screen(terminal.width, terminal.paint, session.mode))
                cause = _ask_cause(terminal)
                if cause is not None:
                    _save(store, session, session.set_cause(question, cause), terminal)
        elif reply.kind == NOT_APPLICABLE:
            if question.critical:
                terminal.say(
                    "A critical question always applies: answer it, or type u if nobody knows.",
                    "amber",
                )
                show = False
                continue
            reason = _ask_not_applicable(terminal, question.not_applicable)
            if reason is None:
                show = False
                continue
            _save(store, session, session.mark_not_applicable(reason), terminal)
        elif reply.kind == KEEP:
            session.keep()
        elif reply.kind == UNKNOWN:
            reason = _ask_unknown(terminal)
            if reason is None:
                show = False
                continue
            _save(store, session, session.mark_unknown(reason), terminal)
        elif reply.kind == SKIP:
            session.skip()
            terminal.say("skipped: asked again next time", "dim", indent="  ")
        elif reply.kind == BACK:
            if not session.back():
                terminal.say("This is the first question of this session (--review walks all).")
                show = False
        elif reply.kind == NOTE:
            _edit_note(session, store, terminal)
            show = False
        elif reply.kind == WHY:
            terminal.write(
                screen.why_screen(
                    question, terminal.width, terminal.paint, session.checklist.sources
                )
            )
            show = False
        elif reply.kind == QUIT:
            return
        elif reply.kind == INVALID:
            terminal.say(reply.message, "amber")
            show = False


def _save(store: AuditStore, session: Session, change: Change, terminal: Terminal) -> None:
    with signals_deferred():
        store.save(session, change)
        terminal.say(f"saved: {change.describe(session.checklist)}", "dim", indent="  ")


def _ask_unknown(terminal: Terminal) -> str | None:
    while True:
        text = terminal.read(screen.unknown_prompt() + ": ")
        if text is None:
            raise _Quit()
        choice = text.strip().lower()
        if not choice:
            return None
        index = pick_index(choice, len(UNKNOWN_CHOICES))
        if index is not None:
            return UNKNOWN_CHOICES[index][0]
        terminal.say(f"Type 1 or 2, or Enter to cancel; got {text.strip()!r}.", "amber")


def _ask_cause(terminal: Terminal) -> str | None:
    """The seed's test for a red answer, in one keystroke; None keeps the checklist's default."""
    keys = {key: cause for key, cause, _ in CAUSE_CHOICES}
    while True:
        text = terminal.read(screen.CAUSE_PROMPT)
        if text is None:
            raise _Quit()
        choice = text.strip().lower()
        if not choice:
            return None
        if choice in keys:
            return keys[choice]
        if choice in keys.values():
            return choice
        terminal.say(f"Type c, t or m, or Enter for the default; got {text.strip()!r}.", "amber")


def _ask_not_applicable(terminal: Terminal, rule: object) -> str | None:
    """Why the question does not apply; Enter cancels (or takes the question's own reason)."""
    default = getattr(rule, "reason", None)
    hint = f" [{default}]" if default else " (Enter cancels)"
    text = terminal.read(f"Not applicable because{hint}: ")
    if text is None:
        raise _Quit()
    return text.strip() or default


def _edit_note(session: Session, store: AuditStore, terminal: Terminal) -> None:
    question = session.current
    assert question is not None
    current = session.entry(question.id).get("note")
    if current:
        terminal.say(f"Current note: {current}")
        prompt = "Note (Enter keeps it, - clears it): "
    else:
        prompt = "Note (Enter for none): "
    text = terminal.read(prompt)
    if text is None:
        raise _Quit()
    text = text.strip()
    if not text:
        return
    _save(store, session, session.set_note(None if text == "-" else text), terminal)


def _finish(options: Options, session: Session, terminal: Terminal, dirs: Sequence[Path]) -> None:
    left = session.unanswered()
    terminal.say()
    if left:
        terminal.say(f"{len(left)} question(s) still open. Continue with:")
        terminal.command(options.resume_command())
    else:
        terminal.say("Every question in scope has an answer or an unknown.")
    terminal.say()
    audit, checklist = load_audit(options.path, dirs, session.checklist)
    # A scripted interview (stdin not a terminal) gets no colour here either.
    render_text(
        assess(score_audit(checklist, audit)), terminal.stdout, colour=terminal.paint.colour
    )
    terminal.say()
    terminal.say("Next, the report:")
    terminal.command(shlex.join(["mlops-audit", "report", str(options.path), "-o", "report.pdf"]))
