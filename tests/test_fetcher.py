"""The URL fetcher serves files under the template folder and refuses everything else."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from auditor.render.fetcher import FetchRefused, content_type, resolve
from tests.conftest import FIXTURES, Listener


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    (folder / "fonts").mkdir(parents=True)
    (folder / "report.css").write_text("p { color: black }", encoding="utf-8")
    (folder / "fonts" / "a.woff").write_bytes(b"wOFF")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    return folder


def test_a_file_under_the_root_is_served(root: Path) -> None:
    assert resolve((root / "fonts" / "a.woff").as_uri(), root) == (root / "fonts" / "a.woff")
    assert content_type(root / "fonts" / "a.woff") == "font/woff"
    assert content_type(root / "report.css") == "text/css"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:9/x.css", "only files in the template folder are loaded"),
        ("https://example.com/font.woff", "only files in the template folder are loaded"),
        ("ftp://example.com/x", "only files in the template folder are loaded"),
        ("data:text/css,p{color:red}", "only files in the template folder are loaded"),
        ("javascript:alert(1)", "only files in the template folder are loaded"),
        ("file://otherhost/etc/passwd", "file URLs with a host are not loaded"),
        ("file:///etc/passwd", "outside the template folder"),
        ("file:///etc/hostname", "outside the template folder"),
    ],
)
def test_other_schemes_hosts_and_outside_files_are_refused(
    root: Path, url: str, reason: str
) -> None:
    with pytest.raises(FetchRefused) as caught:
        resolve(url, root)
    assert str(caught.value) == f"{url}: {reason}" + (f" {root}" if "outside" in reason else "")


@pytest.mark.parametrize(
    ("suffix", "reason"),
    [
        ("/../secret.txt", "'..' in the path is not allowed"),
        ("/fonts/../../secret.txt", "'..' in the path is not allowed"),
        ("/%2e%2e/secret.txt", "'..' in the path is not allowed"),
        ("/%2E%2E/secret.txt", "'..' in the path is not allowed"),
        ("/%252e%252e/secret.txt", "encoded characters in the path are not allowed"),
        ("/report.css%00.woff", "encoded characters in the path are not allowed"),
        ("/..%5csecret.txt", "encoded characters in the path are not allowed"),
        ("/missing.css", "no such file in the template folder"),
        ("/fonts", "no such file in the template folder"),
    ],
)
def test_traversal_and_encoded_traversal_are_refused(root: Path, suffix: str, reason: str) -> None:
    url = root.as_uri() + suffix
    with pytest.raises(FetchRefused) as caught:
        resolve(url, root)
    assert str(caught.value) == f"{url}: {reason}"


def test_a_symbolic_link_out_of_the_root_is_refused(root: Path) -> None:
    (root / "link.txt").symlink_to(root.parent / "secret.txt")
    with pytest.raises(FetchRefused, match="outside the template folder"):
        resolve((root / "link.txt").as_uri(), root)


def test_a_sibling_folder_sharing_the_prefix_is_outside(root: Path) -> None:
    sibling = root.parent / (root.name + "-evil")
    sibling.mkdir()
    (sibling / "x.css").write_text("", encoding="utf-8")
    with pytest.raises(FetchRefused, match="outside the template folder"):
        resolve((sibling / "x.css").as_uri(), root)


@given(st.lists(st.sampled_from(["..", ".", "%2e%2e", "%2E.", "fonts", "a.woff", "%2f", "", "x"])))
def test_whatever_the_path_a_served_file_is_under_the_root(segments: list[str]) -> None:
    root = FIXTURES
    url = root.as_uri() + "/" + "/".join(segments)
    try:
        served = resolve(url, root)
    except FetchRefused:
        return
    assert os.path.commonpath([str(root), str(served)]) == str(root)
    assert served.is_file()


def test_a_custom_template_dir_gets_the_same_fetcher(
    invoke: Callable[..., Result], tmp_path: Path, root: Path
) -> None:
    """A user's template asks for a file inside its folder, one outside and one on the network:
    only the first is loaded, and the command says what it refused."""
    listener = Listener()
    network = f"http://127.0.0.1:{listener.port}"
    (root / "report.html.j2").write_text(
        "<html><head><title>{{ title }}</title>"
        '<link rel="stylesheet" href="report.css">'
        '<link rel="stylesheet" href="../secret.txt">'
        f'<link rel="stylesheet" href="{network}/x.css">'
        '<link rel="attachment" href="report.css">'
        "</head><body><h1>{{ r.verdict }}</h1>"
        '<a rel="attachment" href="fonts/a.woff">attached</a>'
        f'<img src="{network}/img.png"><img src="file:///etc/hostname"></body></html>',
        encoding="utf-8",
    )
    out = tmp_path / "custom.pdf"
    fixtures = FIXTURES
    result = invoke(
        "report",
        fixtures / "valid" / "tiny-audit.yaml",
        "--checklist-dir",
        fixtures / "checklists",
        "--template-dir",
        root,
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    reader = PdfReader(out)
    assert reader.attachments == {}  # even files inside the folder are never embedded
    assert b"/EmbeddedFile" not in out.read_bytes() and b"/FileAttachment" not in out.read_bytes()
    assert (
        f"Warning: not loaded: {network}/x.css: only files in the template folder are loaded"
        in result.stderr
    )
    assert (
        f"Warning: not loaded: {(root.parent / 'secret.txt').as_uri()}: outside the template folder {root}"
        in result.stderr
    )
    assert "Warning: not loaded: file:///etc/hostname: outside the template folder" in result.stderr
    assert "report.css" not in result.stderr
    listener.close()
    assert listener.connections == 0
