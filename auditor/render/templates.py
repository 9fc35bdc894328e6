"""The one Jinja environment and the one place that builds what templates see.

Every document (report, probe sheet; HTML, PDF, Markdown) is rendered through
:func:`environment`: autoescape on, ``StrictUndefined`` (a typo in a template is an error, not
an empty string), and every filter registered here. Templates read the assessment view
(:mod:`auditor.view`) and the comparison and probe-sheet data; they format numbers and draw
charts from them but never compute a score, a level or a colour's meaning. Chart geometry (points on a circle) is arithmetic Jinja cannot do, so it lives in the
filters below, which take numbers and return numbers.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from auditor import __version__
from auditor.checklist import Checklist
from auditor.errors import AuditorError
from auditor.loading import bundled
from auditor.probes import checklist_dict
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
    # the files it does not have.
    shipped = bundled("report_templates")
    if root.resolve() == shipped.resolve():
        return jinja2.FileSystemLoader(root)
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(root), jinja2.FileSystemLoader(shipped)])


def _autoescape(name: str | None) -> bool:
    # Everything is escaped as HTML except the Markdown sheet, which is plain text for a
    # notes app, where "&lt;" would show as such.
    return not (name or "").endswith(".md.j2")


def environment(template_dir: Path | None = None) -> jinja2.Environment:
    """The template environment for every document the tool renders."""
    return _environment(template_root(template_dir))


@functools.lru_cache(maxsize=8)
def _environment(root: Path) -> jinja2.Environment:
    # One per folder and process: a process that renders many reports compiles each template
    # once (compiling report.html.j2 costs about as much as rendering it).
    env = jinja2.Environment(
        loader=_loader(root),
        autoescape=_autoescape,
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
    )
    env.globals["font_src"] = font_src
    return env


def render(name: str, context: dict[str, Any], template_dir: Path | None = None) -> str:
    """Render template ``name`` with ``context``; template problems become user errors."""
    env = environment(template_dir)
    try:
        return env.get_template(name).render(context)
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
    except jinja2.UndefinedError as exc:
        raise AuditorError(f"{name}: template error: {exc.message}") from None


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
        "source_name": None if redact else Path(data["file"]).name,
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
