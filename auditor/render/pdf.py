"""HTML to PDF with WeasyPrint: the one PDF writer for every document the tool prints.

WeasyPrint is imported inside :func:`render_pdf`, never at module level: its import costs about
half a second, which only the commands that render should pay. Every URL the document asks for
goes through :func:`rooted_fetcher`, which serves files under the template folder and nothing
else (see :mod:`auditor.render.fetcher`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from auditor.render.fetcher import FetchRefused, content_type, resolve

# Tagged PDF (PDF/UA-1): a structure tree for screen readers and reflow. WeasyPrint builds it
# from the HTML, which is why templates use real headings, lists and tables.
PDF_VARIANT = "pdf/ua-1"


def rooted_fetcher(root: Path, refused: list[str]) -> Any:
    """A WeasyPrint URL fetcher that serves files under ``root`` only; refusals are appended
    to ``refused`` so the command can say what a template asked for and did not get."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RootedFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            # Redirects off and only file: allowed, in case a request ever reached the base
            # class; fetch() below never calls it.
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)

        def fetch(self, url: str, headers: object = None) -> Any:
            try:
                path = resolve(url, root)
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
) -> bytes:
    """The PDF for ``html``, whose relative URLs resolve under ``base_dir`` (and only there).

    Metadata (title, author, subject, keywords) comes from the HTML head, the outline from the
    headings. Attachments are dropped even if the markup asked for one: a shared report must
    not carry files. ``timings`` receives the layout and write times in seconds.
    """
    started = time.perf_counter()
    import weasyprint

    # WeasyPrint logs every CSS property it ignores and every refused URL; the refusals are
    # reported through ``warn`` instead, once each, in our words.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    imported = time.perf_counter()
    refused: list[str] = []
    document = weasyprint.HTML(
        string=html,
        base_url=base_dir.resolve().as_uri() + "/",
        url_fetcher=rooted_fetcher(base_dir, refused),
    ).render(pdf_variant=PDF_VARIANT)
    document.metadata.attachments = []
    laid_out = time.perf_counter()
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
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
    assert isinstance(pdf, bytes)
    return pdf
