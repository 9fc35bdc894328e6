"""HTML to PDF with WeasyPrint: the one PDF writer for every document the tool prints.

WeasyPrint is imported inside :func:`render_pdf`, never at module level: its import costs about
half a second, which only the commands that render should pay. Every URL the document asks for
goes through :func:`rooted_fetcher`, which serves files under the template folder and nothing
else (see :mod:`auditor.render.fetcher`).
"""

from __future__ import annotations

import contextlib
import html as html_module
import io
import logging
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from auditor.render.fetcher import FetchRefused, content_type, resolve_layered

# Tagged PDF (PDF/UA-1): a structure tree for screen readers and reflow, built by WeasyPrint from
# the HTML (which is why templates use real headings, lists and tables). Asked for, not default:
# it makes a typical report about 35% bigger and 10% slower (docs/benchmarks.md).
TAGGED_VARIANT = "pdf/ua-1"


def import_weasyprint() -> Any:
    """The ``weasyprint`` module, imported on first use.

    Without Pango (or a library it needs) the import fails with ``OSError: cannot load library``
    from deep inside cffi; that is the user's to fix, so it becomes a
    :class:`~auditor.syslibs.MissingSystemLibrary` with the install line for this platform.
    WeasyPrint also prints its own notice to standard output on the way, which could land in a
    PDF written to ``-o -``: it is swallowed, as the error says more.
    """
    try:
        with contextlib.redirect_stdout(io.StringIO()), _quick_import():
            import weasyprint
    except OSError as exc:
        from auditor.syslibs import missing_library_error

        error = missing_library_error(exc)
        if error is None:
            raise
        raise error from None
    return weasyprint


@contextlib.contextmanager
def _quick_import() -> Iterator[None]:
    """Import WeasyPrint without what a report does not use, which was half of its import time.

    - WeasyPrint tries several names for each library (Windows', macOS' and Linux' among them);
      every miss makes cffi call ``ctypes.util.find_library``, which on Linux runs ``ldconfig``,
      ``gcc`` and ``ld`` (about 200 processes in all). On Linux the names that load are the
      ``.so`` sonames, which cffi opens directly, so the search is skipped while WeasyPrint
      imports: the dynamic loader still finds each library as before (``LD_LIBRARY_PATH``
      included), and one that is missing still fails, with our message.
    - ``fontTools.subset`` is imported lazily (loaded on first use): WeasyPrint subsets fonts
      with HarfBuzz when it can, and falls back to fontTools, which then loads, when it cannot.
    Nothing of WeasyPrint's own files is changed; ``bench/report.py`` measures the difference.
    """
    import ctypes.util
    import importlib.util
    import sys

    search = ctypes.util.find_library
    if sys.platform.startswith("linux"):
        ctypes.util.find_library = lambda name: None
    try:
        if "fontTools.subset" not in sys.modules:
            spec = importlib.util.find_spec("fontTools.subset")
            if spec is not None and spec.loader is not None:
                spec.loader = importlib.util.LazyLoader(spec.loader)
                module = importlib.util.module_from_spec(spec)
                sys.modules["fontTools.subset"] = module
                spec.loader.exec_module(module)
                # `from fontTools import subset` then binds it without touching it.
                sys.modules["fontTools"].subset = module  # type: ignore[attr-defined]
        yield
    finally:
        ctypes.util.find_library = search


def rooted_fetcher(root: Path, refused: list[str], fallback: Path | None = None) -> Any:
    """A WeasyPrint URL fetcher that serves files under ``root`` only (or, for one missing
    there, under ``fallback``); refusals are appended to ``refused`` so the command can say
    what a template asked for and did not get."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RootedFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            # Redirects off and only file: allowed, in case a request ever reached the base
            # class; fetch() below never calls it.
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)

        def fetch(self, url: str, headers: object = None) -> Any:
            try:
                path = resolve_layered(url, root, fallback)
            except FetchRefused as exc:
                refused.append(str(exc))
                raise
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), {"Content-Type": content_type(path)}
            )

    return RootedFetcher()


def render_pdf(
    html: str,
    base_dir: Path,
    *,
    warn: Callable[[str], None] | None = None,
    timings: dict[str, float] | None = None,
    tagged: bool = False,
    fallback_dir: Path | None = None,
) -> bytes:
    """The PDF for ``html``, whose relative URLs resolve under ``base_dir`` (and only there,
    or for a file missing there, under ``fallback_dir``: the bundled templates behind a
    user's folder).

    Metadata (title, author, subject, keywords) comes from the HTML head, the outline from the
    headings. Attachments are dropped even if the markup asked for one: a shared report must
    not carry files. ``timings`` receives the import, layout and write times in seconds;
    ``tagged`` makes a PDF/UA-1 document.
    """
    variant = TAGGED_VARIANT if tagged else None
    started = time.perf_counter()
    weasyprint = import_weasyprint()

    # WeasyPrint logs every CSS property it ignores and every refused URL; the refusals are
    # reported through ``warn`` instead, once each, in our words.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    imported = time.perf_counter()
    refused: list[str] = []
    document = weasyprint.HTML(
        string=html,
        base_url=base_dir.resolve().as_uri() + "/",
        url_fetcher=rooted_fetcher(base_dir, refused, fallback_dir),
    ).render(pdf_variant=variant)
    document.metadata.attachments = []
    for page in document.pages:  # `<a rel="attachment">` embeds its target as a file too
        page.links[:] = [link for link in page.links if link[0] != "attachment"]
    laid_out = time.perf_counter()
    pdf = document.write_pdf(pdf_variant=variant, finisher=scope_header_cells if tagged else None)
    written = time.perf_counter()
    if timings is not None:
        timings.update(
            {
                "import": imported - started,
                "layout": laid_out - imported,
                "write": written - laid_out,
            }
        )
    if warn is not None:
        for message in dict.fromkeys(refused):
            warn(f"not loaded: {message}")
        missing = missing_glyphs(html)
        if missing:
            warn(
                f"no installed font has {' '.join(missing)}; these characters show as boxes in "
                "the PDF. The bundled font covers Latin, Greek and Cyrillic; for Chinese, "
                "Japanese or Korean install a font such as fonts-noto-cjk."
            )
    assert isinstance(pdf, bytes)
    return pdf


def scope_header_cells(document: Any, pdf: Any) -> None:
    """Give every header cell of a tagged PDF its /Scope (PDF/UA asks for it on TH).

    WeasyPrint (70) links each data cell to its header cells through /Headers but writes no
    /Scope. Its header ids are ``TABLE-ROW-COLUMN``; the templates put column headers in a
    table's first row (``<thead>``, ``scope="col"``) and row headers at the start of later rows
    (``scope="row"``), so the row number says which a header cell is.
    """
    for element in pdf.objects:
        if not isinstance(element, dict) or element.get("S") != "/TH" or "A" not in element:
            continue
        parts = str(getattr(element.get("ID"), "string", "")).split("-")
        row = parts[1] if len(parts) == 3 else ""
        element["A"]["Scope"] = "/Column" if row == "0" else "/Row"


# What the bundled Inter subsets cover (see report_templates/fonts.css), coarsely: Latin,
# Latin Extended, Greek, Cyrillic, general punctuation and currency signs. Anything else in the
# text is looked up in the system's fonts, which Pango falls back to.
_COVERED = re.compile(
    "[\u0000-\u052f\u1d00-\u1eff\u2000-\u20cf\u2100-\u215f\u2190-\u21ff\u2212\u2215\ufeff\ufffd\\s]"
)
_TAG = re.compile(r"<[^>]*>")
_MAX_LISTED = 12


def missing_glyphs(html: str) -> list[str]:
    """Characters of ``html``'s text that neither the bundled font nor any installed font has.

    Asks fontconfig (``fc-list``) only when the text has characters beyond the bundled font,
    which Latin-script reports never do; without ``fc-list`` it cannot tell and says nothing.
    """
    text = html_module.unescape(_TAG.sub(" ", html))
    beyond = sorted({c for c in text if not _COVERED.match(c)})
    fc_list = shutil.which("fc-list")
    if not beyond or fc_list is None:
        return []

    def has_font(chars: list[str]) -> bool:
        charset = " ".join(f"{ord(c):x}" for c in chars)
        found = subprocess.run(
            [fc_list, f":charset={charset}", "family"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return bool(found.stdout.strip())

    if has_font(beyond):
        return []
    return [c for c in beyond[: _MAX_LISTED * 4] if not has_font([c])][:_MAX_LISTED]
