"""The one Jinja environment and the one place that builds what templates see.

Every document (report, probe sheet, survey; HTML, PDF, Markdown) is rendered through
:func:`environment`: autoescape on, ``StrictUndefined`` (a typo in a template is an error, not
an empty string), and every filter registered here. Templates read the assessment view
(:mod:`auditor.view`) and the comparison and probe-sheet data; they format numbers and draw
charts from them but never compute a score, a level or a colour's meaning. Chart geometry (points on a circle) is arithmetic Jinja cannot do, so it lives in the
filters below, which take numbers and return numbers.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from auditor import __version__
from auditor.checklist import Checklist
from auditor.errors import AuditorError
from auditor.loading import bundled
from auditor.plan_view import PlanView
from auditor.probes import checklist_dict
from auditor.survey import survey_data
from auditor.view import AssessmentView

GENERATOR = f"mlops-audit {__version__}"


def template_root(template_dir: Path | None) -> Path:
    """The folder templates and their assets come from: the user's, or the bundled one."""
    if template_dir is None:
        return bundled("report_templates")
    if not template_dir.is_dir():
        raise AuditorError(f"{template_dir}: template folder not found")
    return template_dir


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
        loader=jinja2.FileSystemLoader(root),
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


def report_context(view: AssessmentView, *, output_format: str) -> dict[str, Any]:
    """Everything the report templates see: the documented assessment and how it is shown."""
    data = view
    redact = view["redacted"]
    meta = data["meta"]
    title = " · ".join(v for v in (meta.get("company"), meta.get("team")) if v) or "Audit"
    return {
        "r": data,
        "title": title,
        "format": output_format,
        "redacted": redact,
        "generator": GENERATOR,
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
    }


def sheet_context(
    checklist: Checklist, mode: str, only: Sequence[str], *, output_format: str
) -> dict[str, Any]:
    """Everything the probe sheet templates see."""
    return {
        "c": checklist_dict(checklist, mode, only),
        "format": output_format,
        "generator": GENERATOR,
    }


def plan_context(plan: PlanView, *, output_format: str) -> dict[str, Any]:
    """Everything the plan templates see: the plan (:mod:`auditor.plan_view`) and how it is
    shown."""
    meta = plan["meta"]
    title = " · ".join(v for v in (meta.get("company"), meta.get("team")) if v) or "Audit"
    return {"p": plan, "title": title, "format": output_format, "generator": GENERATOR}


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
