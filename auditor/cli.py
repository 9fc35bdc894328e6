"""The command line: the only module that imports click.

Each command here only parses options and calls ``run`` in its module under ``auditor/commands/``,
imported inside the command so that ``mlops-audit --help`` pays for none of them (and only the
commands that render PDFs ever import WeasyPrint). :func:`main` is the one error boundary:
:class:`~auditor.errors.AuditorError` becomes ``Error: ...`` and exit 1; anything else is a bug,
reported as one with exit 70 (EX_SOFTWARE). Commands return their exit code.
"""

from __future__ import annotations

import errno
import gc
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from auditor import __version__
from auditor.errors import AuditorError, InputErrors
from auditor.render import terminal

EXIT_BUG = 70
STDIN = Path("-")  # as auditor.yamlio.STDIN, which this module does not import to start fast

_existing_dir = click.Path(file_okay=False, path_type=Path)
_file_arg = click.Path(path_type=Path)  # existence is checked by the loader, with a clear message
# An input read once, as it is; `-` is standard input.
_input_arg = click.Path(allow_dash=True, path_type=Path)


def _read_once(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """``paths``, after refusing ``-`` given twice: standard input can be read only once."""
    if paths.count(STDIN) > 1:
        raise AuditorError("- (standard input) is given more than once; it can be read only once")
    return paths


def _checklist_dir_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--checklist-dir",
        "checklist_dirs",
        multiple=True,
        type=_existing_dir,
        help="A folder of your own checklists (repeatable). Also read from MLOPS_AUDIT_CHECKLISTS.",
    )(function)


def _manager_options(function: click.decorators.FC) -> click.decorators.FC:
    """--target and --previous: a manager's gap to a level, and what changed since last time."""
    function = click.option(
        "--previous",
        type=_input_arg,
        metavar="OLDER.yaml",
        help="An earlier audit of the same company and team: show what changed since then "
        "(scores, level, and the answers that changed).",
    )(function)
    return click.option(
        "--target",
        metavar="LEVEL_OR_SCORE",
        help="Show the gap per dimension to a maturity level (0-4, e.g. 3 or L3) or a score "
        "(5-100), and the practices that level still needs.",
    )(function)


# Shell completion of ids (docs/completion in the README): read cheaply by auditor.completion,
# imported only when the shell asks.
if TYPE_CHECKING:
    from click.shell_completion import CompletionItem


def _complete_checklist(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    from auditor import completion

    if completion.looks_like_a_file(incomplete):
        return [CompletionItem(incomplete, type="file")]
    dirs = ctx.params.get("checklist_dirs") or ()
    return [
        CompletionItem(value, help=title or None)
        for value, title in completion.checklist_choices(dirs, incomplete)
    ]


def _complete_dimension(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    from auditor import completion

    checklist = ctx.params.get("checklist_ref") or ctx.params.get("checklist_id")
    audit_file = ctx.params.get("audit_file")
    if audit_file is None and "audit_file" in ctx.params:
        # `interview FILE --only <Tab>`: the parse stopped at --only, FILE is still unparsed.
        audit_file = next((Path(a) for a in ctx.args if not a.startswith("-")), None)
    dirs = ctx.params.get("checklist_dirs") or ()
    return [
        CompletionItem(value, help=title or None)
        for value, title in completion.dimension_choices(checklist, audit_file, dirs, incomplete)
    ]


class AuditGroup(click.Group):
    """The one error boundary: user errors exit 1 with ``Error: ...``; anything else is a bug."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            code = super().invoke(ctx)
            sys.stdout.flush()  # a full disk (`> /dev/full`) is found here, not at exit
        except InputErrors as exc:
            for error in exc.errors:  # one problem a line, each one greppable on its own
                click.echo(f"Error: {error}", err=True)
            ctx.exit(1)
        except AuditorError as exc:
            raise click.ClickException(terminal.clean(str(exc))) from None
        except KeyboardInterrupt:
            click.echo("\nInterrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (`| head`): nothing left to say
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:
            message = _os_error_message(exc) if isinstance(exc, OSError) else None
            if message is not None:
                if isinstance(exc, terminal.StreamError):
                    terminal.silence_stdout()  # the final flush at exit must not fail again
                raise click.ClickException(terminal.clean(message)) from None
            click.echo(
                "Internal error: this is a bug in mlops-audit, not a problem with your files.\n"
                "Please report it at https://github.com/mlops-audit/mlops-audit/issues "
                "with the text below.\n",
                err=True,
            )
            click.echo(traceback.format_exc(), err=True)
            ctx.exit(EXIT_BUG)
        if isinstance(code, int) and code:
            ctx.exit(code)
        return code


# Failures of the machine or the file system that the user can fix: a full disk, a folder
# without write permission, a path that vanished. Anything else from the OS is our bug.
_USER_ERRNO_NAMES = (
    "EACCES EPERM ENOENT ENOTDIR EISDIR EEXIST ENOSPC EDQUOT EROFS EFBIG EIO ENAMETOOLONG ELOOP "
    "ETXTBSY EMFILE ENFILE EBUSY ENXIO ENODEV ENOMEM ESTALE"
)
_USER_ERRNOS = frozenset(
    getattr(errno, name) for name in _USER_ERRNO_NAMES.split() if hasattr(errno, name)
)


def _os_error_message(exc: OSError) -> str | None:
    """``Error:`` text for an OS failure a user can fix, or None for one that is a bug."""
    if isinstance(exc, terminal.StreamError):
        return str(exc)
    if exc.errno not in _USER_ERRNOS:
        return None
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return reason
    names = f"{exc.filename} -> {exc.filename2}" if exc.filename2 else str(exc.filename)
    return f"{names}: {reason}"


@click.group(
    cls=AuditGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Start with `mlops-audit demo`, then `mlops-audit COMMAND --help`.",
)
@click.version_option(__version__, "--version", prog_name="mlops-audit")
def cli() -> None:
    """Audit how mature a company's production ML culture is.

    Walk through the interview probes, record what you heard in an audit file, and get a score
    that says whether models ship and run here, or die in notebooks.
    """


@cli.command("checklists")
@_checklist_dir_option
def checklists_command(checklist_dirs: tuple[Path, ...]) -> int:
    """List the built-in and your own checklists.

    \b
    Example:
      mlops-audit checklists --checklist-dir ./my-checklists
    """
    from auditor.commands import checklists

    return checklists.run(checklist_dirs, sys.stdout)


@cli.command("validate")
@click.argument("files", nargs=-1, required=True, type=_input_arg)
@_checklist_dir_option
def validate_command(files: tuple[Path, ...], checklist_dirs: tuple[Path, ...]) -> int:
    """Check checklist and audit files; name the file, line and key of each problem.

    A file with a top-level `dimensions` key is a checklist; one with `answers` is an audit.
    Every problem found is listed, one per line in file order. Exit 0 when every file is valid,
    1 otherwise. `-` reads a file from standard input.

    \b
    Example:
      mlops-audit validate checklists/mlops-culture.yaml examples/*.yaml
    """
    from auditor.commands import validate

    return validate.run(_read_once(files), checklist_dirs, sys.stdout, sys.stderr)


@cli.command("score")
@click.argument("audits", nargs=-1, required=True, type=_input_arg)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "md"]),
    default="text",
    show_default=True,
    help="text: a terminal summary; json: one object per audit (a list when several); csv: a "
    "table for a spreadsheet (rows: --by); md: a Markdown summary to paste into an issue or a wiki.",
)
@click.option(
    "--by",
    type=click.Choice(["audit", "dimension", "question"]),
    help="With --format csv, one row per audit (the default), per dimension or per question "
    "of each audit. Columns: docs/exports.md.",
)
@click.option("--explain", is_flag=True, help="Show how every question's score was reached.")
@click.option(
    "--redact",
    is_flag=True,
    help="Leave out notes, names and other free text, as `report --redact` does.",
)
@_manager_options
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Processes to score with. Default: one per core from 64 audits up (Linux); 1: this "
    "process only.",
)
@_checklist_dir_option
def score_command(
    audits: tuple[Path, ...],
    output_format: str,
    by: str | None,
    explain: bool,
    redact: bool,
    target: str | None,
    previous: Path | None,
    jobs: int | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Score audit files: per-dimension bars, interval, verdict, red flags, what to ask next.

    A manager's audit also gets the fix-first list of actions; --target adds the gap to a level
    and --previous what changed since the team's last audit. `-` reads an audit from standard
    input. CSV (--by audit) has the columns file, company, team, date, respondent, role, mode,
    checklist, checklist_version, decision, headline, level, level_low, level_high, band,
    signal, score, low, high, coverage_pct, next_level, to_next, red_flags,
    structural_red_flags, open_questions, disagreements, reasons, ask_next; text that starts
    with = + - @ gets a leading ' so a spreadsheet never runs it. Every table: docs/exports.md.

    \b
    Example:
      mlops-audit score examples/demo.yaml
      mlops-audit score examples/*.yaml --format json
      mlops-audit score team/2026-q4.yaml --target 3 --previous team/2026-q3.yaml
      mlops-audit score examples/*.yaml --format csv > audits.csv
      mlops-audit score examples/*.yaml --format csv --by question > answers.csv
      mlops-audit score my-audit.yaml --format md --redact | gh issue comment 12 -F -
    """
    from auditor.commands import score

    _read_once((*audits, *((previous,) if previous else ())))
    return score.run(
        audits,
        output_format,
        explain,
        checklist_dirs,
        sys.stdout,
        sys.stderr,
        by=by,
        redact=redact,
        target=target,
        previous=previous,
        jobs=jobs,
    )


@cli.command("compare")
@click.argument("audits", nargs=-1, required=True, type=_input_arg)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "md", "pdf", "html"]),
    help="text (default): a table for the terminal; json: the comparison as data; csv: one row "
    "per audit and dimension (docs/exports.md); md: Markdown for an issue or a wiki; pdf or "
    "html: a document, written to -o (default: from -o's extension).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Where to write the PDF or HTML document ('-' for standard output).",
)
@click.option(
    "--view",
    type=click.Choice(["auto", "side-by-side", "trend"]),
    default="auto",
    show_default=True,
    help="auto: a trend when every audit is of one company and team on distinct dates.",
)
@click.option(
    "--target",
    metavar="LEVEL_OR_SCORE",
    help="Show the gap to a maturity level (0-4, e.g. 3 or L3) or a score (5-100) per dimension.",
)
@click.option("--redact", is_flag=True, help="Leave out respondent and interviewer names.")
@_checklist_dir_option
def compare_command(
    audits: tuple[Path, ...],
    output_format: str | None,
    output: Path | None,
    view: str,
    target: str | None,
    redact: bool,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Compare audits side by side, or a team's audits over time as a trend.

    Side by side: overall, audits rank by decision, then level, then score, and the reason is
    said; per dimension who is strongest; where the score ranges overlap, which questions would
    tell them apart. A trend (one company and team, several dates): deltas since
    the previous and the first audit, and the answers that changed. Audits of different
    checklists or versions are compared on what they share. `-` reads one audit from standard
    input.

    \b
    Example:
      mlops-audit compare offers/acme.yaml offers/globex.yaml offers/initech.yaml
      mlops-audit compare team/2026-q*.yaml --target 3
      mlops-audit compare offers/*.yaml -o offers.pdf
      mlops-audit compare team/2026-q*.yaml --format csv > trend.csv
    """
    from auditor.commands import compare

    return compare.run(
        _read_once(audits),
        output_format,
        output,
        view,
        target,
        redact,
        checklist_dirs,
        sys.stdout,
        sys.stderr,
        sys.stdout.buffer,
    )


@cli.command("merge")
@click.argument("audits", nargs=-1, required=True, type=_input_arg)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The merged audit file to write (never one of the inputs).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=30.0,
    show_default=True,
    help="Answers in one signal at least this many points apart (0-100) disagree.",
)
@_checklist_dir_option
def merge_command(
    audits: tuple[Path, ...], output: Path, threshold: float, checklist_dirs: tuple[Path, ...]
) -> int:
    """Merge several respondents' audits of one company or team into one audit.

    Nobody's answer is averaged into one nobody gave: every respondent's own answer is kept,
    and each question is scored from all of them (their median as the estimate, the worst and
    the best as its range); unknowns are filled by whoever answered. Answers in different
    signals, or --threshold points apart, are a disagreement the report and the decision show;
    write the agreed `answer:` beside them to resolve it. The result is a normal audit file:
    score it, report it. `-` reads one audit from standard input.

    \b
    Example:
      mlops-audit merge hm.yaml engineer.yaml lead.yaml -o acme-combined.yaml
    """
    from auditor.commands import merge

    return merge.run(_read_once(audits), output, threshold, checklist_dirs, sys.stdout, sys.stderr)


@cli.command("schema")
@click.argument("kind", type=click.Choice(["checklist", "audit"]))
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True, path_type=Path),
    help="File to write (atomically); default: standard output.",
)
def schema_command(kind: str, output: Path | None) -> int:
    """Print the JSON Schema of the checklist or audit format, for editors.

    Audit files the tool writes start with `# yaml-language-server:
    $schema=audit.schema.json`: write the schema beside them with -o audit.schema.json and
    an editor with a YAML language server checks them as you type (the path is relative to the
    audit file).

    \b
    Example:
      mlops-audit schema audit -o audit.schema.json
      mlops-audit schema checklist > checklist.schema.json
    """
    from auditor.commands import schema

    return schema.run(kind, output, sys.stdout)


def _template_dir_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--template-dir",
        type=_existing_dir,
        help="Render with your own copy of the bundled report_templates folder. Files outside "
        "it are never loaded.",
    )(function)


@cli.command("report")
@click.argument("audits", nargs=-1, required=True, type=_input_arg)
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True),  # as typed: a trailing slash means a folder
    help="File to write ('-' for standard output); with several audits, or ending in '/', a "
    "folder (created if missing) that gets one report per audit. Default: each audit's name "
    "with .pdf or .html.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["pdf", "html"]),
    help="pdf, or html: one self-contained file. Default: from the -o extension, else pdf.",
)
@click.option(
    "--redact",
    is_flag=True,
    help="Leave out notes, names and other free text, for sharing; the report says so.",
)
@click.option(
    "--tagged",
    is_flag=True,
    help="Make a tagged PDF (PDF/UA-1) for screen readers; about a third bigger.",
)
@_manager_options
@click.option(
    "--detail",
    type=click.Choice(["summary", "full"]),
    help="summary (default): the decision, level, red flags and what to ask or fix, in a few "
    "pages; full: also every question with its answer and notes, and the methodology.",
)
@click.option(
    "--brief",
    is_flag=True,
    help="One page for a partner or a recruiter: the decision, the level and the top flags.",
)
@_template_dir_option
@_checklist_dir_option
def report_command(
    audits: tuple[Path, ...],
    output: str | None,
    output_format: str | None,
    redact: bool,
    tagged: bool,
    target: str | None,
    previous: Path | None,
    detail: str | None,
    brief: bool,
    template_dir: Path | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Write the scored report of an audit: a PDF to share, or a single HTML file.

    The first page has the decision and its reasons, the level with its range, what is still
    open and where respondents disagree; then the red flags, strengths, and what to ask next
    (a candidate) or fix first (a manager). --detail full adds every question with its answer
    and notes, and the methodology; --brief makes one page. Several audits are rendered in one
    run, into the folder given with -o. `-` reads the audit from standard input (then -o is
    needed: the report is otherwise named after its file).

    \b
    Example:
      mlops-audit report examples/demo.yaml -o demo.pdf
      mlops-audit report my-audit.yaml --redact -o for-my-mentor.pdf
      mlops-audit report my-audit.yaml --brief --redact -o for-a-recruiter.pdf
      mlops-audit report my-audit.yaml --detail full -o everything.pdf
      mlops-audit report my-audit.yaml --format html -o report.html
      mlops-audit report examples/*.yaml -o reports/
      mlops-audit report team/2026-q4.yaml --target 3 --previous team/2026-q3.yaml
    """
    from auditor.commands import report

    _read_once((*audits, *((previous,) if previous else ())))
    if STDIN in audits and (output is None or len(audits) > 1):
        # A report is named after its audit file, and standard input has no name.
        raise AuditorError(
            "a report of an audit read from standard input needs its own name: give one audit "
            "and -o FILE (or -o - for standard output)"
        )
    if brief and detail is not None:
        raise AuditorError(f"--brief is one page; it cannot be combined with --detail {detail}")
    return report.run(
        audits,
        output,
        output_format,
        redact,
        template_dir,
        tagged,
        checklist_dirs,
        sys.stdout.buffer,
        sys.stderr,
        target=target,
        previous=previous,
        detail="brief" if brief else (detail or "summary"),
    )


@cli.command("sheet")
@click.option(
    "--checklist",
    "checklist_ref",
    default="mlops-culture",
    show_default=True,
    help="Checklist id (or a checklist file) to print the probes of.",
    shell_complete=_complete_checklist,
)
@click.option(
    "--mode",
    type=click.Choice(["candidate", "self"]),
    default="candidate",
    show_default=True,
    help="candidate: questions to ask an interviewer; self: questions for your own team.",
)
@click.option(
    "--only",
    multiple=True,
    metavar="DIMENSION",
    help="Print only this dimension (repeatable, or comma-separated ids).",
    shell_complete=_complete_dimension,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True),  # as typed: a trailing slash means a folder
    help="File to write ('-' for standard output), or a folder ending in '/'. Default: "
    "CHECKLIST-probes.pdf.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["pdf", "md", "html"]),
    help="pdf to print, md to paste into a notes app, or html. Default: from the -o extension.",
)
@_template_dir_option
@_checklist_dir_option
def sheet_command(
    checklist_ref: str,
    mode: str,
    only: tuple[str, ...],
    output: str | None,
    output_format: str | None,
    template_dir: Path | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Print the probe sheet to take into an interview: questions, good answers, red flags.

    Per dimension: each question in the chosen phrasing, what a good answer sounds like, red
    flags to listen for, the answers as tick boxes and room for notes.

    \b
    Example:
      mlops-audit sheet -o probes.pdf
      mlops-audit sheet --mode self --only monitoring -o team-probes.pdf
      mlops-audit sheet --format md -o probes.md
    """
    from auditor.commands import sheet

    return sheet.run(
        checklist_ref,
        mode,
        only,
        output,
        output_format,
        template_dir,
        checklist_dirs,
        sys.stdout.buffer,
        sys.stderr,
    )


@cli.command("plan")
@click.argument("audit", type=_input_arg)
@click.option(
    "--with",
    "roles",
    multiple=True,
    metavar="ROLE",
    help="Who you will meet (repeatable, or comma-separated): recruiter, hiring-manager, "
    "ml-engineer, platform, director; also 'hiring manager', HM, 'ML engineer', MLOps. "
    "Only what they can answer is planned. Default: anyone.",
)
@click.option(
    "--minutes",
    type=click.IntRange(1, 600),
    default=30,
    show_default=True,
    help="The time you have for your questions.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "md", "pdf", "html", "json"]),
    help="text for the terminal (default), md to paste into notes, pdf or html to print, json. "
    "Default with -o: from its extension.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True, dir_okay=False, path_type=Path),
    help="File to write ('-' for standard output). Default for pdf, html, md: AUDIT-plan.FORMAT.",
)
@_template_dir_option
@_checklist_dir_option
def plan_command(
    audit: Path,
    roles: tuple[str, ...],
    minutes: int,
    output_format: str | None,
    output: Path | None,
    template_dir: Path | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Plan the next round: the questions whose answers could change the decision most.

    Open questions, red flags to confirm and disagreements to settle, ranked by what each answer
    could change (the decision, then the level, then the score), kept to what the people you
    will meet can answer, and cut to the minutes you have (3 a question, 4 a follow-up).
    `-` reads the audit from standard input.

    \b
    Example:
      mlops-audit plan acme.yaml --with ml-engineer --minutes 30
      mlops-audit plan acme.yaml --with "hiring manager" --with director -o round-3.pdf
      mlops-audit plan acme.yaml --format md -o round-3.md
    """
    from auditor.commands import plan

    return plan.run(
        audit,
        roles,
        minutes,
        output_format,
        output,
        template_dir,
        checklist_dirs,
        sys.stdout,
        sys.stdout.buffer,
        sys.stderr,
    )


@cli.command("survey")
@click.option(
    "--checklist",
    "checklist_ref",
    default="mlops-culture",
    show_default=True,
    metavar="ID",
    help="Checklist id (or a checklist file) to survey.",
    shell_complete=_complete_checklist,
)
@click.option(
    "--mode",
    type=click.Choice(["self", "candidate"]),
    default="self",
    show_default=True,
    help="self: questions about our own team; candidate: as a candidate asks an interviewer.",
)
@click.option(
    "--only",
    multiple=True,
    metavar="DIMENSION",
    help="Ask only this dimension (repeatable, or comma-separated ids).",
    shell_complete=_complete_dimension,
)
@click.option("--title", help="The page's heading (default: from the checklist and mode).")
@click.option("--company", help="Company name, written into every answers file.")
@click.option("--team", help="Team name, written into every answers file.")
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True, dir_okay=False, path_type=Path),
    help="File to write ('-' for standard output). Default: CHECKLIST-survey.html.",
)
@_checklist_dir_option
def survey_command(
    checklist_ref: str,
    mode: str,
    only: tuple[str, ...],
    title: str | None,
    company: str | None,
    team: str | None,
    output: Path | None,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Write a team survey: one offline HTML page anyone answers in a browser, no install.

    Each person opens the page, answers every question (or says they do not know, or that it
    does not apply), and saves an answers file, an audit file that `merge` reads. The page
    makes no network request: answers stay in that browser (until cleared) and in the files
    people choose to send you.

    \b
    Example:
      mlops-audit survey --mode self --company Acme --team Ranking -o survey.html
      mlops-audit merge answers-*.yaml -o team.yaml && mlops-audit score team.yaml
    """
    from auditor.commands import survey

    return survey.run(
        checklist_ref,
        mode,
        only,
        title,
        company,
        team,
        output,
        checklist_dirs,
        sys.stdout.buffer,
        sys.stderr,
    )


@cli.command("demo")
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help="Folder to write the example audit (and its report) into; created if missing.",
)
def demo_command(output_dir: Path) -> int:
    """Write the bundled example audit into a folder and score it.

    \b
    Example:
      mlops-audit demo -o demo-output
    """
    from auditor.commands import demo

    return demo.run(output_dir, sys.stdout)


@cli.command("interview")
@click.argument("audit_file", type=_file_arg)
@click.option(
    "--checklist",
    "checklist_id",
    metavar="ID",
    help="Checklist for a new audit (default mlops-culture); an existing file names its own.",
    shell_complete=_complete_checklist,
)
@click.option(
    "--mode",
    type=click.Choice(["candidate", "self"]),
    help="candidate: you interview a company; self: a manager audits their own team.",
)
@click.option("--company", help="Company name.")
@click.option("--team", help="Team name.")
@click.option("--role", help="The role interviewed for, or the team's role.")
@click.option(
    "--respondent",
    help='Who answered, by role (e.g. "hiring manager"). On an existing audit, someone else '
    "adds their answers to the same file, as one more voice.",
)
@click.option(
    "--name",
    "--respondent-name",
    "respondent_name",
    help="The respondent's name, kept in its own field so that --redact always removes it.",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="DIMENSION",
    help="Ask only this dimension's questions (repeatable); other answers are kept.",
    shell_complete=_complete_dimension,
)
@click.option("--review", is_flag=True, help="Walk every question again, answered or not.")
@click.option(
    "--unknowns", is_flag=True, help="Also ask the questions marked unknown (the next round)."
)
@_checklist_dir_option
def interview_command(
    audit_file: Path,
    checklist_id: str | None,
    mode: str | None,
    company: str | None,
    team: str | None,
    role: str | None,
    respondent: str | None,
    respondent_name: str | None,
    only: tuple[str, ...],
    review: bool,
    unknowns: bool,
    checklist_dirs: tuple[Path, ...],
) -> int:
    """Walk through the questions and record the answers in AUDIT_FILE, saved after each one.

    Creates AUDIT_FILE, or resumes it: only the questions not yet answered are asked (--review
    walks all). At each question type a number to pick an option (y/n for yes/no), or
    u unknown, s skip, b back, n note, ? why it matters, q save and quit. Ctrl-C is safe: every
    confirmed answer is on disk. Reads answers line by line when stdin is not a terminal.

    Several people in one file: --respondent naming someone new on an existing audit asks
    every question again for them, beside the answers already there; naming someone already
    in it resumes their answers. `score` and `report` read such a file as merged.

    \b
    Example:
      mlops-audit interview acme.yaml --company Acme --respondent "hiring manager"
      mlops-audit interview acme.yaml --respondent "ML engineer" --name "Tomás Ortega"
      mlops-audit interview acme.yaml --only monitoring --review
    """
    from auditor.commands import interview

    meta = {
        "company": company,
        "team": team,
        "role": role,
        "respondent": respondent,
        "respondent_name": respondent_name,
    }
    return interview.run(
        audit_file,
        checklist_id,
        mode,
        meta,
        only,
        review,
        unknowns,
        checklist_dirs,
        sys.stdin,
        sys.stdout,
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``mlops-audit`` and ``python -m auditor``."""
    # Loading YAML makes many small objects that live until the command ends; with the default
    # thresholds the cycle collector rescans them hundreds of times (a quarter of the time it
    # takes to score 1,000 audits). The process is short-lived, so collect less often.
    gc.set_threshold(50_000, 20, 100)
    terminal.setup_standard_streams()
    cli.main(args=argv, prog_name="mlops-audit")
