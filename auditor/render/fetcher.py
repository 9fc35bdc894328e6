"""Which URLs a rendered document may load: only files under one folder, nothing else.

Reports carry interview notes, which are untrusted text. Autoescaping keeps that text from
becoming markup, and this is the second wall: even markup or CSS that reached the renderer (a
custom template that forgot to escape, a hostile stylesheet) cannot read a file outside the
template folder, reach the network, or embed data. The rules are plain functions here, with no
WeasyPrint import, so they are tested directly and cost nothing at start-up.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from auditor.errors import AuditorError

# WeasyPrint asks for fonts by URL; mimetypes does not know these on every system.
_TYPES = {".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf"}


class FetchRefused(AuditorError):
    """A URL the renderer may not load, with the reason."""


class FetchMissing(FetchRefused):
    """A URL inside the template folder that names no file there."""


def resolve(url: str, root: Path) -> Path:
    """The file under ``root`` that ``url`` names, or :class:`FetchRefused`.

    Only ``file:`` URLs without a host are served. The path is percent-decoded once; a decoded
    ``..`` segment, a ``%`` left over (double encoding), a NUL byte, or a real path (symbolic
    links followed) outside ``root`` is refused, as is anything that is not a regular file.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme != "file":
        raise FetchRefused(f"{_short(url)}: only files in the template folder are loaded")
    if parts.netloc not in ("", "localhost"):
        raise FetchRefused(f"{_short(url)}: file URLs with a host are not loaded")
    decoded = unquote(parts.path)
    if "%" in decoded or "\x00" in decoded or "\\" in decoded:
        raise FetchRefused(f"{_short(url)}: encoded characters in the path are not allowed")
    if ".." in decoded.split("/"):
        raise FetchRefused(f"{_short(url)}: '..' in the path is not allowed")
    real_root = os.path.realpath(root)
    real = os.path.realpath(decoded)
    if os.path.commonpath([real_root, real]) != real_root:
        raise FetchRefused(f"{_short(url)}: outside the template folder {root}")
    if not os.path.isfile(real):
        raise FetchMissing(f"{_short(url)}: no such file in the template folder")
    return Path(real)


def resolve_layered(url: str, root: Path, fallback: Path | None) -> Path:
    """As :func:`resolve`, but a file missing from ``root`` (a user's template folder, which
    may override a single file) is looked up at the same place under ``fallback`` (the bundled
    folder), with the same rules there."""
    try:
        return resolve(url, root)
    except FetchMissing:
        if fallback is None:
            raise
        # resolve() has checked the path (no '..', no encodings, inside root): what is left is
        # where it sits under root, to be looked for under fallback instead.
        relative = os.path.relpath(unquote(urlsplit(url).path), os.path.abspath(root))
        return resolve((Path(os.path.abspath(fallback)) / relative).as_uri(), fallback)


def content_type(path: Path) -> str:
    """The MIME type WeasyPrint should see for a template asset."""
    return _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "text/plain"


def _short(url: str) -> str:
    """URLs in messages are cut: a data: URL can be megabytes."""
    return url if len(url) <= 240 else url[:237] + "..."
