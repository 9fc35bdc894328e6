"""The one Jinja environment and the one place that builds what templates see.

Every document (report, probe sheet, survey; HTML, PDF, Markdown) is rendered through
:func:`environment`: Jinja's sandbox, autoescape on, ``StrictUndefined`` (a typo in a template
is an error, not an empty string), templates only from inside one folder, and every filter
registered here. Templates read the assessment view (:mod:`auditor.view`) and the comparison and
probe-sheet data; they format numbers and draw charts from them but never compute a score, a
level or a colour's meaning. Chart geometry (points on a circle) is arithmetic Jinja cannot do, so it lives in the
filters below, which take numbers and return numbers.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import io
import json
import math
import os
import re
import stat
import textwrap
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.bccache
import markupsafe
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from auditor import __version__
from auditor.checklist import Checklist
from auditor.errors import AuditorError
from auditor.loading import bundled
from auditor.plan_view import PlanView
from auditor.probes import checklist_dict
from auditor.survey import survey_data

if TYPE_CHECKING:  # the view's shapes, for annotations only: importing them costs start-up
    from auditor.view import AssessmentView

GENERATOR = f"mlops-audit {__version__}"


def template_root(template_dir: Path | None) -> Path:
    """The folder templates and their assets are looked up in first: the user's, or the
    bundled one. A file the user's folder lacks comes from the bundled folder (see
    :func:`_loader` and :func:`auditor.render.fetcher.resolve_layered`)."""
    if template_dir is None:
        return bundled("report_templates")
    if not template_dir.is_dir():
        raise AuditorError(f"{template_dir}: template folder not found")
    return template_dir


def _loader(root: Path) -> jinja2.BaseLoader:
    # The user's folder in front of the bundled one: overriding one file (the palette, the CSS)
    # does not mean copying all of them, and a copy made for an older version keeps working for
    # the files it does not have. Each folder is read only from inside itself (FolderLoader).
    shipped = bundled("report_templates")
    if root.resolve() == shipped.resolve():
        return FolderLoader(root)
    return jinja2.ChoiceLoader([FolderLoader(root), FolderLoader(shipped)])


def _autoescape(name: str | None) -> bool:
    # Everything is escaped as HTML except the Markdown sheet, which is plain text for a
    # notes app, where "&lt;" would show as such.
    return not (name or "").endswith(".md.j2")


def environment(template_dir: Path | None = None) -> jinja2.Environment:
    """The template environment for every document the tool renders.

    A user's folder (``--template-dir``) gets a sandboxed environment: its templates are not
    ours to trust, and Jinja's sandbox stops them reaching Python internals
    (``{{ r.__class__ }}``, ``cycler.__init__.__globals__``) that would let them run code.
    The bundled templates are rendered the same way, so that what a user copies and edits
    behaves as it did before the edit (bench/templates.py measured the sandbox's cost).
    """
    return _environment(template_root(template_dir), for_pdf=False)


@functools.lru_cache(maxsize=8)
def _environment(root: Path, *, for_pdf: bool) -> jinja2.Environment:
    # One per folder (and kind) and process: a process that renders many reports compiles each
    # template once (compiling report.html.j2 costs about as much as rendering it).
    env = SandboxedEnvironment(
        loader=_loader(root),
        bytecode_cache=_compiled_templates("pdf" if for_pdf else "html"),
        autoescape=_autoescape,
        finalize=break_long_words if for_pdf else None,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        num=num,
        pct=pct,
        paragraphs=paragraphs,
        arc=arc,
        polar=polar,
        polygon=polygon,
        gauge_point=gauge_point,
        lines=lines,
        plural=plural,
        on100=on100,
        url_text=url_text,
    )
    env.globals["font_src"] = font_src
    return env


def _compiled_templates(kind: str) -> jinja2.BytecodeCache | None:
    """Where compiled templates are kept between runs: compiling the report's templates took
    a tenth of a one-shot report. One folder per version and environment (the PDF's adds a
    ``finalize`` step to the compiled code), under ``$XDG_CACHE_HOME`` or ``~/.cache``; none
    when there is no such folder to make."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home: never a folder relative to where the user stands
        return None
    folder = Path(base) / "mlops-audit" / f"templates-{__version__}-{kind}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(folder)


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates on disk, each checked against its template's source when read (Jinja
    compares a checksum, and the Python version), and written atomically. A cache only saves
    time: one that cannot be read is compiled again, one that cannot be written is skipped."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            with open(self.folder / f"{bucket.key}.cache", "rb") as handle:
                bucket.load_bytecode(handle)
        except FileNotFoundError:
            return
        except (OSError, ValueError, TypeError, EOFError):  # unreadable or damaged: compile
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        from auditor.yamlio import write_atomic

        data = io.BytesIO()
        bucket.write_bytecode(data)
        with contextlib.suppress(OSError, AuditorError):
            write_atomic(self.folder / f"{bucket.key}.cache", data.getvalue(), mode=0o600)


MAX_TEMPLATE_BYTES = 2 * 1024 * 1024


class FolderLoader(jinja2.BaseLoader):
    """Templates from one folder and nothing outside it.

    Jinja's own FileSystemLoader refuses ``..`` but follows a symbolic link anywhere, so an
    ``{% include %}`` of a link in the folder could read any file the user can. Here the real
    path (every link followed) must stay inside the folder's real path, and be a regular file
    of reasonable size (a FIFO would block the render for ever).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # TemplateNotFound for `..`
        filename = os.path.join(self.root, *pieces)
        real = os.path.realpath(filename)
        if os.path.commonpath([self.real_root, real]) != self.real_root:
            raise AuditorError(
                f"{filename}: is a link to {real}, outside the template folder; templates "
                "are only loaded from inside it. Copy the file into the folder instead"
            )
        try:
            info = os.stat(real)
        except OSError:
            raise jinja2.TemplateNotFound(template) from None
        if not stat.S_ISREG(info.st_mode):
            raise AuditorError(f"{filename}: is not a regular file; templates must be files")
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise AuditorError(
                f"{filename}: is {info.st_size:,} bytes, over the {MAX_TEMPLATE_BYTES:,}-byte "
                "limit for templates"
            )
        try:
            with open(real, encoding="utf-8") as handle:
                source = handle.read()
        except UnicodeDecodeError:
            raise AuditorError(f"{filename}: is not UTF-8 text") from None
        except OSError as exc:
            raise AuditorError(f"{filename}: cannot be read: {exc.strerror or exc}") from None

        def uptodate() -> bool:
            try:
                return os.stat(real).st_mtime_ns == info.st_mtime_ns
            except OSError:
                return False

        return source, os.path.normpath(filename), uptodate


# A run of this many characters without a space fits no line of any document; WeasyPrint's line
# breaker takes time quadratic in its length (a 30,000-character note: 45 s of layout), so for
# PDFs such a run gets an invisible break opportunity (U+200B) every _PIECE characters.
_LONG_RUN_MIN = 100
_LONG_RUN = re.compile(rf"\S{{{_LONG_RUN_MIN},}}")
_PIECE = 32


def break_long_words(value: Any) -> Any:
    """``value`` with a zero-width space every few characters of any very long word.

    Applied (as Jinja's ``finalize``) to what ``{{ ... }}`` prints into a PDF's HTML: text from
    the data, never markup a macro made (``Markup``), where it could split a tag. Every
    character is kept; the PDF shows the word wrapped at the edge of its box.
    """
    if type(value) is not str or len(value) < _LONG_RUN_MIN:
        return value
    return _LONG_RUN.sub(_pieces, value)


def _pieces(match: re.Match[str]) -> str:
    word = match.group()
    return "\u200b".join(word[i : i + _PIECE] for i in range(0, len(word), _PIECE))


def render(
    name: str, context: dict[str, Any], template_dir: Path | None = None, *, for_pdf: bool = False
) -> str:
    """Render template ``name`` with ``context`` (``for_pdf``: HTML that becomes a PDF).

    Any failure of a user's template (``--template-dir``), at compile or at render time, is
    the user's to fix: an :class:`AuditorError` naming its file and line. A failure of a
    bundled template is our bug and propagates as one.
    """
    env = _environment(template_root(template_dir), for_pdf=for_pdf)
    if template_dir is None:
        return env.get_template(name).render(context)
    try:
        return env.get_template(name).render(context)
    except AuditorError:
        raise
    except jinja2.TemplateNotFound as exc:
        where = template_root(template_dir)
        raise AuditorError(
            f"{where}: no template {exc.name}; start from a copy of the bundled templates "
            f"({bundled('report_templates')})"
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise AuditorError(
            f"{exc.filename or name}:{exc.lineno}: template error: {exc.message}"
        ) from None
    except Exception as exc:  # {{ x / 0 }}, a filter called wrongly, the sandbox's refusal
        line = _template_line(exc, template_root(template_dir)) or name
        message = exc.message if isinstance(exc, jinja2.TemplateError) else str(exc)
        raise AuditorError(f"{line}: template error: {message or type(exc).__name__}") from None


def _template_line(exc: BaseException, root: Path) -> str | None:
    """``FILE:LINE`` of the innermost template frame in ``exc``'s traceback.

    Jinja rewrites tracebacks so that a template's frames carry its file name and line.
    """
    real_root = os.path.realpath(root)
    found = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith(".j2") and os.path.realpath(filename).startswith(real_root + os.sep):
            found = f"{filename}:{line}"
    return found


# How much of the report to show: one page, the default few pages, or everything with the
# question-by-question evidence and the full methodology as appendices.
DETAILS = ("brief", "summary", "full")


def report_context(
    view: AssessmentView, *, output_format: str, detail: str = "summary"
) -> dict[str, Any]:
    """Everything the report templates see: the documented assessment and how it is shown."""
    if detail not in DETAILS:
        raise AuditorError(f"detail {detail!r}: use one of {', '.join(DETAILS)}")
    data = view
    redact = view["redacted"]
    meta = data["meta"]
    title = " · ".join(v for v in (meta.get("company"), meta.get("team")) if v) or "Audit"
    return {
        "r": data,
        "title": title,
        "format": output_format,
        "detail": detail,
        "redacted": redact,
        "generator": GENERATOR,
        "font_subsets": font_subsets(data, output_format),
        "source_name": None if redact or not data["file"] else Path(data["file"]).name,
        "dimension_titles": {d["id"]: d["title"] for d in data["dimensions"]},
    }


def compare_context(data: dict[str, Any], *, redact: bool, output_format: str) -> dict[str, Any]:
    """Everything the comparison template sees: the documented comparison data (see
    :func:`auditor.comparison_view.comparison_dict`) and how it is shown."""
    audits = data["audits"]
    if data["view"] == "trend":
        meta = audits[0]["meta"]
        title = " · ".join(v for v in (meta.get("company"), meta.get("team")) if v) or "Trend"
    else:
        title = " vs ".join(a["label"] for a in audits[:3])
        if len(audits) > 3:
            title += f" and {len(audits) - 3} more"
    return {
        "c": data,
        "title": title,
        "format": output_format,
        "redacted": redact,
        "generator": GENERATOR,
        "font_subsets": font_subsets(data, output_format),
    }


def sheet_context(
    checklist: Checklist, mode: str, only: Sequence[str], *, output_format: str
) -> dict[str, Any]:
    """Everything the probe sheet templates see."""
    data = checklist_dict(checklist, mode, only)
    return {
        "c": data,
        "format": output_format,
        "generator": GENERATOR,
        "font_subsets": font_subsets(data, output_format),
    }


def plan_context(plan: PlanView, *, output_format: str) -> dict[str, Any]:
    """Everything the plan templates see: the plan (:mod:`auditor.plan_view`) and how it is
    shown."""
    meta = plan["meta"]
    title = " · ".join(v for v in (meta.get("company"), meta.get("team")) if v) or "Audit"
    return {
        "p": plan,
        "title": title,
        "format": output_format,
        "generator": GENERATOR,
        "font_subsets": font_subsets(plan, output_format),
    }


def survey_context(
    checklist: Checklist,
    mode: str,
    only: Sequence[str],
    *,
    title: str | None,
    company: str | None,
    team: str | None,
) -> dict[str, Any]:
    """Everything the survey page sees: the survey data (embedded as JSON for its script, and
    shown as the form), and its script and style, inlined so the page is one offline file.

    The script and style are the tool's own assets, never user text; the page's Content
    Security Policy allows exactly them (by hash) and nothing else: no request can leave the
    page, and a checklist text that slipped past escaping could still not run.
    """
    folder = bundled("report_templates") / "survey"
    script = (folder / "survey.js").read_text(encoding="utf-8")
    style = (folder / "survey.css").read_text(encoding="utf-8")
    for name, text in (("survey.js", script), ("survey.css", style)):
        if "</" in text:  # would close its <script> or <style> element early
            raise ValueError(f"{folder / name} contains '</', which cannot be inlined")
    return {
        "s": survey_data(checklist, mode, only, title=title, company=company, team=team),
        "script": markupsafe.Markup(script),
        "style": markupsafe.Markup(style),
        "csp": (
            f"default-src 'none'; script-src '{_sha256(script)}'; "
            f"style-src '{_sha256(style)}'; base-uri 'none'; form-action 'none'"
        ),
        "generator": GENERATOR,
    }


def _sha256(text: str) -> str:
    """A CSP source expression that allows exactly ``text`` as an inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


# Fonts: the bundled Inter subsets (report_templates/fonts.css).

FONT_SUBSETS = ("latin", "latin-ext", "greek", "cyrillic")
# Characters each subset beyond Latin is needed for (coarse: its main blocks).
_SUBSET_CHARS = {
    "latin-ext": re.compile("[\u0100-\u02ff\u1d00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff]"),
    "greek": re.compile("[\u0370-\u03ff]"),
    "cyrillic": re.compile("[\u0400-\u04ff]"),
}
_FONT_FILE = re.compile(r"[a-z0-9-]+\.woff2?")


def font_subsets(data: object, output_format: str) -> tuple[str, ...]:
    """The font subsets a document embeds. A PDF lists them all (WeasyPrint embeds only the
    glyphs it uses); an HTML page carries Latin, and each other subset only if the data has a
    character it covers, since inlined fonts cost the page 40-70 KB each."""
    if output_format == "pdf":
        return FONT_SUBSETS
    text = json.dumps(data, ensure_ascii=False, default=str)
    return ("latin", *(name for name, chars in _SUBSET_CHARS.items() if chars.search(text)))


@jinja2.pass_context
def font_src(context: jinja2.runtime.Context, name: str) -> str:
    """Where a bundled font file is loaded from: its path under the template folder for the
    PDF (the fetcher serves it), a data: URI of the bundled file for HTML. Only files in the
    bundled fonts folder are ever inlined, whatever a custom template asks for."""
    if not _FONT_FILE.fullmatch(name):
        raise AuditorError(f"font_src({name!r}): not a font file name")
    if context.get("format") == "pdf":
        return f"fonts/{name}"
    return _font_data(name)


@functools.lru_cache(maxsize=16)
def _font_data(name: str) -> str:
    path = bundled("report_templates") / "fonts" / name
    if not path.is_file():
        raise AuditorError(f"font_src({name!r}): no such font in the bundled fonts folder")
    kind = "woff2" if name.endswith(".woff2") else "woff"
    return f"data:font/{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


# Filters: numbers in, text or numbers out.


def num(value: float | None, digits: int | None = None) -> str:
    """A number as shown: ``?`` when unknown; as given (scores arrive rounded) unless
    ``digits`` asks for a fixed number of decimals."""
    if value is None:
        return "?"
    return f"{value:g}" if digits is None else f"{value:.{digits}f}"


def on100(value: float | None, maximum: float) -> float:
    """A score on a scale of ``maximum`` as a position from 0 to 100, for drawing."""
    return 0.0 if value is None or maximum <= 0 else max(0.0, min(100.0, value * 100 / maximum))


def pct(share: float) -> str:
    """A share in [0, 1] as a whole percentage."""
    return f"{round(share * 100)}%"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 question``, ``3 questions``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


_AFTER_SLASH = re.compile(r"(?<=/)(?!/)")


def url_text(url: str) -> str:
    """A web address to print, with a break opportunity (U+200B) after each of its slashes, so
    that it wraps at its parts ("…google.com/" then "architecture/…") rather than inside
    "https" or a word."""
    return "\u200b".join(_AFTER_SLASH.split(url))


def paragraphs(text: str | None) -> list[str]:
    """Text split on blank lines, as checklists write long descriptions."""
    if not text:
        return []
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def polar(value: float, index: int, count: int, radius: float, cx: float, cy: float) -> list[float]:
    """The point at ``value`` (0-100) along spoke ``index`` of ``count``, the first pointing up.

    Values above 100 reach past the rim, where the radar puts its labels.
    """
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = radius * max(0.0, value) / 100
    return [
        round(cx + distance * math.cos(angle), 2),
        round(cy + distance * math.sin(angle), 2),
    ]


def polygon(values: Sequence[float], radius: float, cx: float, cy: float) -> str:
    """SVG ``points`` for a radar polygon through ``values`` (0-100), one per spoke."""
    count = len(values)
    points = (polar(min(v, 100.0), i, count, radius, cx, cy) for i, v in enumerate(values))
    return " ".join(f"{x},{y}" for x, y in points)


def gauge_point(value: float, radius: float, cx: float, cy: float) -> list[float]:
    """The point at ``value`` (0-100) on the gauge's half-circle, 0 on the left."""
    angle = math.pi * (1 - max(0.0, min(value, 100.0)) / 100)
    return [round(cx + radius * math.cos(angle), 2), round(cy - radius * math.sin(angle), 2)]


def lines(text: str, width: int) -> list[str]:
    """``text`` wrapped at ``width`` characters, for SVG labels, which do not wrap themselves."""
    return textwrap.wrap(text, width, break_long_words=True) or [""]


def arc(start: float, end: float, radius: float, cx: float, cy: float) -> str:
    """SVG path data for the gauge's upper half-circle between two scores (0-100)."""
    (x1, y1), (x2, y2) = gauge_point(start, radius, cx, cy), gauge_point(end, radius, cx, cy)
    return f"M {x1} {y1} A {radius} {radius} 0 0 1 {x2} {y2}"
