"""The command line: the only module that imports click.

Each command here only parses options and calls ``run`` in its module under ``auditor/commands/``,
imported inside the command so that ``mlops-audit --help`` pays for none of them (and only the
commands that render PDFs ever import WeasyPrint). :func:`main` is the one error boundary:
:class:`~auditor.errors.AuditorError` becomes ``Error: ...`` and exit 1; anything else is a bug,
reported as one with exit 70 (EX_SOFTWARE). Commands return their exit code.
"""

from __future__ import annotations

import gc
import sys
import traceback
from pathlib import Path

import click

from auditor import __version__
from auditor.errors import AuditorError

EXIT_BUG = 70

_existing_dir = click.Path(file_okay=False, path_type=Path)
_file_arg = click.Path(path_type=Path)  # existence is checked by the loader, with a clear message


def _checklist_dir_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--checklist-dir",
        "checklist_dirs",
        multiple=True,
        type=_existing_dir,
        help="A folder of your own checklists (repeatable). Also read from MLOPS_AUDIT_CHECKLISTS.",
    )(function)


class AuditGroup(click.Group):
    """The one error boundary: user errors exit 1 with ``Error: ...``; anything else is a bug."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            code = super().invoke(ctx)
        except AuditorError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("\nInterrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (`| head`): nothing left to say
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception:
            click.echo(
                "Internal error: this is a bug in mlops-audit, not a problem with your files.\n"
                "Please report it to the mlops-audit issue tracker with the text below.\n",
                err=True,
            )
            click.echo(traceback.format_exc(), err=True)
            ctx.exit(EXIT_BUG)
        if isinstance(code, int) and code:
            ctx.exit(code)
        return code


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
@click.argument("files", nargs=-1, required=True, type=_file_arg)
@_checklist_dir_option
def validate_command(files: tuple[Path, ...], checklist_dirs: tuple[Path, ...]) -> int:
    """Check checklist and audit files; name the file, line and key of each problem.

    A file with a top-level `dimensions` key is a checklist; one with `answers` is an audit.
    Exit 0 when every file is valid, 1 otherwise.

    \b
    Example:
      mlops-audit validate checklists/mlops-culture.yaml examples/*.yaml
    """
    from auditor.commands import validate

    return validate.run(files, checklist_dirs, sys.stdout, sys.stderr)


@cli.command("score")
@click.argument("audits", nargs=-1, required=True, type=_file_arg)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a terminal summary; json: one object per audit (a list when several).",
)
@click.option("--explain", is_flag=True, help="Show how every question's score was reached.")
@_checklist_dir_option
def score_command(
    audits: tuple[Path, ...], output_format: str, explain: bool, checklist_dirs: tuple[Path, ...]
) -> int:
    """Score audit files: per-dimension bars, interval, verdict, red flags, what to ask next.

    \b
    Example:
      mlops-audit score examples/demo.yaml
      mlops-audit score examples/*.yaml --format json
    """
    from auditor.commands import score

    return score.run(audits, output_format, explain, checklist_dirs, sys.stdout)


@cli.command("schema")
@click.argument("kind", type=click.Choice(["checklist", "audit"]))
def schema_command(kind: str) -> int:
    """Print the JSON Schema of the checklist or audit format, for editors.

    \b
    Example:
      mlops-audit schema checklist > checklist.schema.json
    """
    from auditor.commands import schema

    return schema.run(kind, sys.stdout)


@cli.command("demo")
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=_existing_dir,
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
)
@click.option(
    "--mode",
    type=click.Choice(["candidate", "self"]),
    help="candidate: you interview a company; self: a manager audits their own team.",
)
@click.option("--company", help="Company name.")
@click.option("--team", help="Team name.")
@click.option("--role", help="The role interviewed for, or the team's role.")
@click.option("--respondent", help='Who answered, by role (e.g. "hiring manager").')
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="DIMENSION",
    help="Ask only this dimension's questions (repeatable); other answers are kept.",
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

    \b
    Example:
      mlops-audit interview acme.yaml --company Acme --respondent "hiring manager"
      mlops-audit interview acme.yaml --only monitoring --review
    """
    from auditor.commands import interview

    meta = {"company": company, "team": team, "role": role, "respondent": respondent}
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
    cli.main(args=argv, prog_name="mlops-audit")
