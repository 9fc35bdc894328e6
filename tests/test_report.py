"""`mlops-audit report`: the PDF read back as a reader sees it, hostile notes, redaction, HTML.

PDFs are rendered once per module (fixtures below) because each costs about a second.
"""

from __future__ import annotations

import html.parser
import json
import re
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from auditor.assessment import assess
from auditor.cli import cli
from auditor.loading import checklist_dirs, load_audit
from auditor.scoring import score_audit
from tests.conftest import (
    CHECKLISTS,
    EXAMPLES,
    FIXTURES,
    SELF_AUDIT,
    Listener,
    write_previous_audit,
)

TINY_AUDIT = FIXTURES / "valid" / "tiny-audit.yaml"


def _run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _text(reader: PdfReader) -> str:
    """All text of the PDF with whitespace runs (line breaks included) made single spaces."""
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def _squash(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- the demo report


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[PdfReader, Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("demo") / "demo.pdf"
    result = _run("report", EXAMPLES / "demo.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    audit, checklist = load_audit(EXAMPLES / "demo.yaml", checklist_dirs())
    return PdfReader(out), out, assess(score_audit(checklist, audit))


@pytest.fixture(scope="module")
def demo_full(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    out = tmp_path_factory.mktemp("demo-full") / "demo.pdf"
    result = _run("report", EXAMPLES / "demo.yaml", "--detail", "full", "-o", out)
    assert result.exit_code == 0, result.output
    return PdfReader(out)


def test_every_page_is_numbered_page_x_of_y(demo: tuple[PdfReader, Path, Any]) -> None:
    reader, _, _ = demo
    pages = len(reader.pages)
    assert 2 <= pages <= 4  # a short report by default: the evidence is on request
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {pages}" in (page.extract_text() or "")


def test_the_first_page_has_the_decision_its_reasons_and_the_level(
    demo: tuple[PdfReader, Path, dict[str, Any]],
) -> None:
    reader, _, data = demo
    first = _squash(reader.pages[0].extract_text() or "")
    assert first.startswith("PRODUCTION ML CULTURE AUDIT · CANDIDATE ASSESSMENT Acme Analytics")
    assert _squash(data["decision"]["headline"]) in first
    for reason in data["decision"]["reasons"]:
        assert _squash(reason["text"]) in first
    assert _squash(data["verdict"]) in first
    assert (
        f"Level {data['level']}" in first and "The open questions cannot change the level" in first
    )
    assert "The average alone is in level 3 (the dashed needle); a cap holds it at level 2" in first
    assert "Still open, and what would settle it" in first
    assert _squash(data["next_questions"][0]["text"]) in first


def test_the_summary_leaves_the_evidence_to_the_full_report(
    demo: tuple[PdfReader, Path, dict[str, Any]], demo_full: PdfReader
) -> None:
    reader, _, data = demo
    summary, full = _text(reader), _text(demo_full)
    why = [_squash(q["why"])[:60] for d in data["dimensions"] for q in d["questions"]]
    assert not any(w in summary for w in why)  # the same in every audit: an appendix's job
    assert all(w in full for w in why)
    for text in (summary, full):
        assert data["meta"]["company"] in text
        assert _squash(data["decision"]["headline"]) in text
        for dimension in data["dimensions"]:
            assert dimension["title"] in text
        for flag in data["red_flags"]:
            assert _squash(flag["answer"]) in text
        for source in data["checklist"]["sources"]:
            assert _squash(source["title"]) in text
        assert data["checklist"]["hash"] in text
    for dimension in data["dimensions"]:
        for question in dimension["questions"]:
            assert _squash(question["text"]) in full
    assert 8 <= len(demo_full.pages) <= 14


def test_metadata_outline_and_no_attachments(
    demo: tuple[PdfReader, Path, dict[str, Any]], demo_full: PdfReader
) -> None:
    reader, _, data = demo
    meta = reader.metadata
    assert meta is not None
    company = data["meta"]["company"]
    assert meta.title is not None and company in meta.title
    assert meta.author == data["meta"]["interviewer"]
    assert meta.subject is not None and data["decision"]["headline"] in meta.subject
    assert meta.get("/Keywords") is not None and data["checklist"]["id"] in meta["/Keywords"]
    assert _outline(reader.outline) == [
        (0, company),
        (1, "Still open, and what would settle it"),
        (1, "At a glance, by dimension"),
        (0, "Red flags (2)"),
        (1, "Structural (1)"),
        (1, "Situational (1)"),
        (0, "Strengths (12)"),
        (0, "How to read this report"),
        (1, "Sources"),
    ]
    outline = _outline(demo_full.outline)
    start = outline.index((0, "Appendix A · The evidence, question by question")) + 1
    end = outline.index((0, "Appendix B · Methodology"))
    assert [t for _, t in outline[start:end]] == [d["title"] for d in data["dimensions"]]
    assert reader.attachments == {} and demo_full.attachments == {}


def test_a_typical_report_is_small_and_private(
    demo: tuple[PdfReader, Path, dict[str, Any]],
) -> None:
    _, path, _ = demo
    assert path.stat().st_size < 60 * 1024
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it carries interview notes
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def _outline(items: list[Any], depth: int = 0) -> list[tuple[int, str]]:
    """pypdf's nested outline as (depth, title) pairs in reading order."""
    flat: list[tuple[int, str]] = []
    for item in items:
        if isinstance(item, list):
            flat.extend(_outline(item, depth + 1))
        else:
            flat.append((depth, item.title))
    return flat


# --------------------------------------------------------------------------- hostile notes


HOSTILE_NOTES = {
    "deploys": '<img src="file:///etc/hostname">',
    "cycle": '<link rel="attachment" href="file:///etc/passwd">',
    "alerts": '<a href="javascript:alert(1)">click</a>',
    "prod": "<style>p { background: url(http://127.0.0.1:PORT/css) }</style>",
    "dev": '{{ 7*7 }} {% include "report.css" %} <img src="http://127.0.0.1:PORT/img">',
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Listener]]:
    listener = Listener()
    folder = tmp_path_factory.mktemp("hostile")
    notes = {k: v.replace("PORT", str(listener.port)) for k, v in HOSTILE_NOTES.items()}

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    company = f"<script>alert(1)</script> url(http://127.0.0.1:{listener.port}/c)"
    audit = folder / "hostile.yaml"
    audit.write_text(
        "checklist: {id: tiny, version: '1.0'}\nmode: candidate\n"
        f"company: {quoted(company)}\n"
        "answers:\n"
        f"  deploys: {{answer: ops, note: {quoted(notes['deploys'])}}}\n"
        f"  cycle: {{answer: 3, note: {quoted(notes['cycle'])}}}\n"
        f"  alerts: {{unknown: did-not-know, note: {quoted(notes['alerts'])}}}\n"
        f"  prod: {{answer: 2, note: {quoted(notes['prod'])}}}\n"
        f"  dev: {{answer: 8, note: {quoted(notes['dev'])}}}\n",
        encoding="utf-8",
    )
    for fmt in ("pdf", "html"):
        result = _run(
            "report",
            audit,
            "--checklist-dir",
            CHECKLISTS,
            "--detail",
            "full",  # the notes are in the appendix
            "-o",
            folder / f"hostile.{fmt}",
        )
        assert result.exit_code == 0, result.output
        assert "Warning" not in result.stderr  # nothing even tried to load a URL
    listener.close()  # counts what is still in its backlog: every connection attempt so far
    yield folder, listener


def test_hostile_notes_are_literal_text_in_the_pdf(hostile: tuple[Path, Listener]) -> None:
    folder, listener = hostile
    reader = PdfReader(folder / "hostile.pdf")
    text = _text(reader)
    for note in HOSTILE_NOTES.values():
        assert _squash(note.replace("PORT", str(listener.port))) in text
    assert "<script>alert(1)</script>" in text
    assert reader.attachments == {}
    # No link annotation points anywhere: notes are text, not links.
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert "/URI" not in action, action


def test_the_loopback_listener_received_nothing(hostile: tuple[Path, Listener]) -> None:
    _, listener = hostile
    assert listener.connections == 0


def test_the_listener_does_count_a_connection() -> None:
    """So that the zero above means something."""
    import socket

    listener = Listener()
    socket.create_connection(("127.0.0.1", listener.port)).close()
    listener.close()
    assert listener.connections == 1


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_hostile_notes_are_escaped_in_the_html(hostile: tuple[Path, Listener]) -> None:
    folder, listener = hostile
    page = (folder / "hostile.html").read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(page)
    tags = [tag for tag, _ in parser.tags]
    assert "img" not in tags and "script" not in tags and "a" not in tags
    assert tags.count("style") == 1 and tags.count("link") == 0
    assert "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in page
    assert (
        '<div class="note">{{ 7*7 }} {% include &#34;report.css&#34; %} &lt;img src=&#34;http://'
        in page
    )
    style = page[page.index("<style>") : page.index("</style>")]
    assert f"127.0.0.1:{listener.port}" not in style  # user text never reaches CSS


# --------------------------------------------------------------------------- options


@pytest.fixture(scope="module")
def redacted(tmp_path_factory: pytest.TempPathFactory) -> tuple[PdfReader, Path]:
    out = tmp_path_factory.mktemp("redacted") / "shared.pdf"
    result = _run("report", EXAMPLES / "demo.yaml", "--redact", "--detail", "full", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {out} ({out.stat().st_size / 1024:.0f} KB, redacted)\n"
    return PdfReader(out), out


def test_redacted_report_has_no_notes_or_names_and_says_so(
    redacted: tuple[PdfReader, Path],
) -> None:
    reader, path = redacted
    audit, _ = load_audit(EXAMPLES / "demo.yaml", checklist_dirs())
    notes = [r.note for r in audit.responses.values() if r.note]
    assert notes, "the demo audit should carry notes for this test to mean anything"
    text = _text(reader)
    for note in notes:
        assert _squash(note)[:40] not in text
    for private in ("respondent_name", "interviewer"):
        assert audit.meta[private] not in text
        assert audit.meta[private] not in str(reader.metadata)
    assert "Redacted copy" in text and "REDACTED" in text
    assert audit.meta["company"] in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_html_is_one_self_contained_file(invoke: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = invoke("report", EXAMPLES / "demo.yaml", "-o", out)  # format from the extension
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(page)
    references = [
        (tag, attrs[name])
        for tag, attrs in parser.tags
        for name in ("src", "href")
        if attrs.get(name)
    ]
    assert references == []
    # The fonts travel inside the page: every url() but the charts' own patterns (#id) is a
    # data: URI of a bundled font.
    urls = [u for u in re.findall(r"url\(\"?([^\")]*)", page) if not u.startswith("#")]
    assert len(urls) == 4 and all(u.startswith("data:font/woff;base64,") for u in urls)
    assert 'font-family: "Inter"' in page
    assert page.count("<svg") >= 8  # gauge, bars, legend: drawn inline
    assert "How to read this report" in page and "Acme" in page
    assert len(page) < 300_000


def test_html_embeds_other_font_subsets_only_when_the_text_needs_them(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    audit = write(
        "greek.yaml",
        """\
        checklist: {id: tiny}
        mode: candidate
        company: Ωμέγα Analytics
        answers:
          deploys: {answer: ops}
        """,
    )
    out = tmp_path / "greek.html"
    result = _run("report", audit, "--checklist-dir", CHECKLISTS, "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("data:font/woff;base64,") == 6  # Latin's four faces, Greek's two
    assert "U+0370-0377" in page and "U+0400-045F" not in page


def test_font_src_inlines_only_bundled_font_files() -> None:
    from auditor.errors import AuditorError
    from auditor.render.templates import environment

    env = environment()
    for name in ("../report.css", "LICENSE-Inter.txt", "/etc/passwd", "nothing.woff"):
        with pytest.raises(AuditorError, match=r"font_src\("):
            env.from_string("{{ font_src(name) }}").render(name=name, format="html")
    assert env.from_string("{{ font_src('inter-latin-400-normal.woff') }}").render(
        format="pdf"
    ) == ("fonts/inter-latin-400-normal.woff")


def test_dash_writes_the_pdf_to_standard_output() -> None:
    result = _run("report", TINY_AUDIT, "--checklist-dir", CHECKLISTS, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-") and result.stdout_bytes.rstrip().endswith(
        b"%%EOF"
    )
    assert result.stderr == ""


def _structure(element: Any) -> Iterator[Any]:
    """Every element of a tagged PDF's structure tree, depth first."""
    yield element
    kids = element.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
            yield from _structure(kid.get_object())


@pytest.mark.parametrize("args", [("--detail", "full"), ()], ids=["demo-full", "merged"])
def test_tagged_pdf_describes_every_figure_and_header_cell(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    audit = EXAMPLES / "demo.yaml"
    if not args:  # a merged audit: the disagreement table has a row header per question
        audit = tmp_path / "merged.yaml"
        respondents = sorted((EXAMPLES / "respondents").glob("*.yaml"))
        assert _run("merge", *respondents, "-o", audit).exit_code == 0
    out = tmp_path / "tagged.pdf"
    result = _run("report", audit, *args, "--tagged", "-o", out)
    assert result.exit_code == 0, result.output
    catalog = PdfReader(out).trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"]
    elements = list(_structure(catalog["/StructTreeRoot"]))
    figures = [e for e in elements if e.get("/S") == "/Figure"]
    assert len(figures) >= 10  # the gauge, a bar per dimension, the legend's keys
    assert all(str(f.get("/Alt") or "").strip() for f in figures)
    assert str(figures[0]["/Alt"]).startswith("Gauge: overall score ")
    headers = [e for e in elements if e.get("/S") == "/TH"]
    cells = [e for e in elements if e.get("/S") == "/TD"]
    assert headers and cells
    assert {str(h["/A"]["/Scope"]) for h in headers} == {"/Column", "/Row"}
    assert all(c["/A"]["/Headers"] for c in cells)  # every data cell names its headers
    # Layout is not announced as data: every table is a data table, with header cells.
    tables = [e for e in elements if e.get("/S") == "/Table"]
    assert tables
    for table in tables:
        assert any(e.get("/S") == "/TH" for e in _structure(table))


def test_an_audit_with_everything_unknown_renders(tmp_path: Path) -> None:
    audit = tmp_path / "unknown.yaml"
    audit.write_text(
        "checklist: {id: tiny}\nmode: self\ncompany: Nobody Knows\nanswers:\n"
        + "".join(f"  {q}: {{unknown: not-asked}}\n" for q in ("deploys", "cycle", "alerts")),
        encoding="utf-8",
    )
    out = tmp_path / "unknown.html"
    result = _run("report", audit, "--checklist-dir", CHECKLISTS, "-o", out)
    assert result.exit_code == 0, result.output
    page = _squash(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")))
    assert "Not enough evidence" in page and "No level yet" in page
    assert "unknown: not asked" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("-o", "{tmp}/missing/out.pdf"),
            "Error: {tmp}/missing/out.pdf: the folder {tmp}/missing does not exist\n",
        ),
        (
            ("-o", "{tmp}"),
            "Error: {tmp}: is a folder; give a file name, e.g. {tmp}/report.pdf\n",
        ),
        (
            ("--brief", "--detail", "full"),
            "Error: --brief is one page; it cannot be combined with --detail full\n",
        ),
    ],
)
def test_output_and_template_errors_are_clear(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    from auditor.loading import bundled

    values = {"tmp": tmp_path, "bundled": bundled("report_templates")}
    result = _run(
        "report", TINY_AUDIT, "--checklist-dir", CHECKLISTS, *(a.format(**values) for a in args)
    )
    assert result.exit_code == 1
    assert result.stderr == message.format(**values)


def test_a_template_error_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text("<p>\n{{ r.no_such_key.x }}\n{% if %}", "utf-8")
    result = _run(
        "report", TINY_AUDIT, "--checklist-dir", CHECKLISTS, "--template-dir", tmp_path, "-o", "-"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'report.html.j2'}:3: template error: Expected an expression, got "
        "'end of statement block'\n"
    )


def test_characters_no_font_has_are_named() -> None:
    """Latin, Greek and Cyrillic are bundled; CJK depends on the system's fonts, so the expected
    answer is read from fontconfig itself."""
    import shutil
    import subprocess

    from auditor.render.pdf import missing_glyphs

    assert missing_glyphs("<p>Müller &amp; Söhne, café, Ærø, Ωμέγα, Привет — “ok” …</p>") == []
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        pytest.skip("fontconfig's fc-list is not installed")
    has_cjk = subprocess.run(
        [fc_list, ":charset=65e5", "family"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert missing_glyphs("<b>日</b> &lt;x&gt;") == ([] if has_cjk else ["日"])


# --------------------------------------------------------------------------- several audits


def test_several_audits_render_in_one_run_into_a_folder(tmp_path: Path) -> None:
    audits = [EXAMPLES / "quick-screen-call.yaml", TINY_AUDIT]
    result = CliRunner().invoke(
        cli,
        [
            "report",
            *map(str, audits),
            "--checklist-dir",
            str(CHECKLISTS),
            "-o",
            str(tmp_path / "out"),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in written] == ["quick-screen-call.pdf", "tiny-audit.pdf"]
    assert "Fernhill Logistics" in _text(PdfReader(written[0]))
    assert "Acme" in _text(PdfReader(written[1]))
    assert result.stderr.count("Wrote ") == 2


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("-", "several reports cannot go to standard output; give a folder with -o"),
        ("file.pdf", "{tmp}/file.pdf: with several audits, -o names a folder, not a file"),
        ("missing/out", "{tmp}/missing/out: the folder {tmp}/missing does not exist"),
    ],
)
def test_several_audits_need_a_folder(tmp_path: Path, output: str, message: str) -> None:
    (tmp_path / "file.pdf").write_bytes(b"%PDF")
    target = output if output == "-" else str(tmp_path / output)
    result = _run("report", EXAMPLES / "demo.yaml", TINY_AUDIT, "-o", target)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message.format(tmp=tmp_path)}\n"


def test_two_audits_with_one_name_are_refused_before_rendering(tmp_path: Path) -> None:
    copy = tmp_path / "other" / "demo.yaml"
    copy.parent.mkdir()
    copy.write_bytes((EXAMPLES / "demo.yaml").read_bytes())
    result = _run("report", EXAMPLES / "demo.yaml", copy, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "would both be written to" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_bad_audit_stops_the_batch_before_any_report(tmp_path: Path) -> None:
    bad = FIXTURES / "invalid" / "audit-bad-mode.yaml"
    result = _run("report", EXAMPLES / "demo.yaml", bad, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:2: mode:")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["report", "compare"])
def test_output_over_an_input_audit_is_refused(tmp_path: Path, command: str) -> None:
    audit = tmp_path / "mine.yaml"
    audit.write_bytes((EXAMPLES / "demo.yaml").read_bytes())
    extra = [EXAMPLES / "brightside-retail.yaml"] if command == "compare" else []
    result = _run(command, audit, *extra, "--format", "html", "-o", audit)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {audit}: is an input audit; writing there would replace it. Choose another -o\n"
    )
    assert audit.read_bytes() == (EXAMPLES / "demo.yaml").read_bytes()


def test_nothing_of_a_long_token_is_lost_in_the_pdf(tmp_path: Path) -> None:
    """A 30,000-character note and a 1,000-character company name without a space: every
    character is in the PDF, as many times as the HTML has it (they wrap, nothing is cut), and
    laying it out takes seconds, not the minute WeasyPrint needs without break opportunities."""
    import random
    import string

    import yaml

    rng = random.Random(10)
    note = "".join(rng.choice(string.ascii_lowercase) for _ in range(30_000))
    company = "".join(rng.choice(string.ascii_lowercase) for _ in range(1_000))
    data = yaml.safe_load((EXAMPLES / "demo.yaml").read_text(encoding="utf-8"))
    data["company"] = company
    data["answers"]["models-in-production"]["note"] = note
    audit = tmp_path / "long.yaml"
    audit.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    # The full report: the note is in the question-by-question evidence.
    assert _run("report", audit, "--detail", "full", "-o", tmp_path / "long.pdf").exit_code == 0
    assert _run("report", audit, "--detail", "full", "-o", tmp_path / "long.html").exit_code == 0
    page = (tmp_path / "long.html").read_text(encoding="utf-8")
    # A wrapped token comes out of the PDF one line at a time, page headers in between; the
    # lines made of nothing but its letters, joined, give it back.
    lines = [
        line.strip().replace("\u200b", "")  # the break opportunities the PDF's HTML has
        for pdf_page in PdfReader(tmp_path / "long.pdf").pages
        for line in (pdf_page.extract_text() or "").split("\n")
    ]
    joined = "".join(line for line in lines if re.fullmatch("[a-z]+", line))
    assert page.count(note) >= 1
    assert joined.count(note) == page.count(note)
    assert joined.count(company) >= 1


# --------------------------------------------------------------------------- restyling


def test_an_empty_template_dir_renders_the_bundled_templates(tmp_path: Path) -> None:
    """A --template-dir overrides only the files it has: the rest come from the bundle."""
    result = _run(
        "report", TINY_AUDIT, "--checklist-dir", CHECKLISTS, "--template-dir", tmp_path, "-o", "-"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-") and result.stderr == ""


def test_a_template_dir_overrides_single_files_in_front_of_the_bundled_ones(
    tmp_path: Path,
) -> None:
    """One palette file changes the CSS and the charts alike; everything else, fonts included,
    still comes from the bundled folder."""
    from auditor.loading import bundled

    mine = tmp_path / "mine"
    mine.mkdir()
    palette = (bundled("report_templates") / "_palette.j2").read_text(encoding="utf-8")
    assert '"red": "#b42828"' in palette
    (mine / "_palette.j2").write_text(palette.replace('"red": "#b42828"', '"red": "#aa00aa"'))
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    audit = EXAMPLES / "quillfeather-labs.yaml"
    for out in (html, pdf):
        result = _run("report", audit, "--template-dir", mine, "-o", out)
        assert result.exit_code == 0, result.output
        assert "Warning" not in result.stderr
    page = html.read_text(encoding="utf-8")
    assert "--red: #aa00aa;" in page  # the CSS custom property
    assert 'stroke="#aa00aa"' in page  # the gauge's level 0 band, drawn solid
    assert "#b42828" not in page
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(pdf).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Inter" in name for name in fonts), fonts  # loaded from the bundle


def test_how_to_read_states_the_checklists_own_scale(tmp_path: Path) -> None:
    runner = CliRunner()
    points = tmp_path / "points.html"
    done = runner.invoke(
        cli,
        [
            "report",
            "--checklist-dir",
            str(EXAMPLES / "ml-test-score"),
            str(EXAMPLES / "ml-test-score" / "strong.yaml"),
            "-o",
            str(points),
        ],
    )
    assert done.exit_code == 0, done.output
    text = points.read_text(encoding="utf-8")
    assert "Scores are in points, at most 7" in text and "to 100 (best)" not in text
    hundred = tmp_path / "demo.html"
    assert (
        runner.invoke(cli, ["report", str(EXAMPLES / "demo.yaml"), "-o", str(hundred)]).exit_code
        == 0
    )
    assert "Every answer scores from 0 (worst) to 100 (best)" in hundred.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- --target, --previous

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext (poppler-utils) is not installed; `make test` installs it",
)


def _pdf_lines(pdf: Path) -> list[str]:
    """The PDF's lines in the order they were drawn: a table cell's lines together."""
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [line.strip() for line in raw.splitlines()]


def _pdftotext(pdf: Path) -> str:
    """The PDF's text as one line: whitespace runs made single spaces, and words broken at a
    hyphen joined again."""
    return _squash(re.sub(r"-\n", "-", "\n".join(_pdf_lines(pdf))))


class _Text(html.parser.HTMLParser):
    """The text a reader of the HTML sees: no style sheet, no head, no chart titles; a space
    between blocks and table cells, none around inline elements."""

    HIDDEN = ("head", "style", "svg")
    BLOCKS = ("p", "li", "td", "th", "tr", "div", "section", "h1", "h2", "h3", "h4", "br")

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in self.HIDDEN
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in self.HIDDEN
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _html_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return _squash("".join(parser.parts))


@pytest.fixture(scope="module")
def manager(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The self-audit example with --target 3 and --previous (an audit of the team three months
    before): the terminal, the view, and the text of each report."""
    folder = tmp_path_factory.mktemp("manager")
    options = ("--target", "3", "--previous", write_previous_audit(folder))
    found: dict[str, Any] = {"terminal": _run("score", SELF_AUDIT, *options).stdout}
    found["view"] = json.loads(_run("score", SELF_AUDIT, *options, "--format", "json").stdout)
    for name, extra in {
        "pdf": options,
        "brief": (*options, "--brief"),
        "full": (*options, "--detail", "full"),
        "plain": (),
    }.items():
        out = folder / f"{name}.pdf"
        result = _run("report", SELF_AUDIT, *extra, "-o", out)
        assert result.exit_code == 0, result.output
        found[name] = _pdftotext(out)
        found[f"{name}-lines"] = _pdf_lines(out)
    page = folder / "report.html"
    assert _run("report", SELF_AUDIT, *options, "-o", page).exit_code == 0
    found["html"] = _html_text(page.read_text(encoding="utf-8"))
    return found


def _terminal_section(terminal: str, heading: str) -> list[str]:
    lines = terminal.splitlines()
    start = lines.index(heading) + 1
    return lines[start : lines.index("", start)]


@needs_pdftotext
@pytest.mark.parametrize("kind", ["pdf", "full", "html"])
def test_the_report_shows_the_gap_to_target_as_the_terminal_does(
    manager: dict[str, Any], kind: str
) -> None:
    text, goal = manager[kind], manager["view"]["target"]
    assert "Gap to target: level 3 (60/100)" in text
    assert goal["summary"] in text
    # The terminal's line per dimension short of the target, "  - MLOps ownership: 38, 22 short",
    # is a row of the table with the same numbers; a dimension at the target has no gap.
    section = _terminal_section(manager["terminal"], "Target: level 3 (60/100)")
    rows = [re.fullmatch(r"  - (.+): (\S+), (\S+) short", line) for line in section]
    short = [m.groups() for m in rows if m]
    assert len(short) == 5
    for title, score, gap in short:
        assert f"{title} {score} {gap} " in text
    assert "Compute access 82 none" in text
    assert "In all 67" in text
    # Each practice the level still needs, in its dimension's row, with today's answer.
    for practice in goal["practices"]:
        assert f"Needs {practice['needs']} (level 3) today: {practice['today']}" in text
    assert f"MLOps ownership 38 22 Needs {goal['practices'][1]['needs']}" in text
    assert "end-to-end-owner" not in text and "ci-cd" not in text  # titles, never ids


@needs_pdftotext
@pytest.mark.parametrize("kind", ["pdf", "full", "html"])
def test_the_report_shows_what_changed_since_as_the_terminal_does(
    manager: dict[str, Any], kind: str
) -> None:
    text, since = manager[kind], manager["view"]["since"]
    section = _terminal_section(manager["terminal"], "Since the previous audit (2026-08-01)")
    assert _squash(" ".join(section[:1])) == since["summary"]
    assert "Since the previous audit (2026-08-01) " + since["summary"] in text
    assert (
        since["summary"] == "Since 2026-08-01: score 49 → 53 (+4), level 1 → 2; 5 answers changed."
    )
    # "  MLOps ownership: 13 → 38 (+25)": the same numbers in the row of every dimension.
    moved = [re.fullmatch(r"  ([^·]+): (\S+) → (\S+) \((\S+)\)", line) for line in section]
    found = [m.groups() for m in moved if m]
    assert found == [
        ("MLOps ownership", "13", "38", "+25"),
        ("Experiment-to-deploy cycle", "38", "50", "+12"),
    ]
    assert "Dimension 2026-08-01 2026-11-20 Change" in text
    for title, before, after, change in found:
        assert f"{title} {before} {after} {change} " in text
    assert "Compute access 82 82 0 " in text
    # Answers grouped by dimension, those that moved the score most first, read as heard.
    ownership, cycle = since["changes"]
    first = ownership["questions"][0]
    assert f"MLOps ownership Question 2026-08-01 2026-11-20 Change {first['text']} " in text
    assert f"{first['before']} {first['after']} +45" in text
    assert (cycle["questions"][0]["before"], cycle["questions"][0]["after"]) == (
        "12 weeks (1 to 6 months)",
        "3.5 weeks (1 week to 1 month)",
    )
    assert "12 weeks (1 to 6 months) 3.5 weeks (1 week to 1 month) +35" in text
    # Of ownership's four changes the summary lists three and counts the last; the full
    # report lists every one.
    assert (ownership["shown"], ownership["more"]) == (3, 1)
    last = ownership["questions"][-1]
    assert last["before"] == "Nobody; we would find out the next working day"
    if kind == "full":
        assert f"{last['before']} {last['after']} +30" in text
        assert "smaller change" not in text
    else:
        assert last["before"] not in text
        assert "… and 1 smaller change; every one in --detail full." in text
    assert "[on-call]" not in text and "who-deploys" not in text


@needs_pdftotext
def test_the_brief_gives_one_line_to_each(manager: dict[str, Any]) -> None:
    text, view = manager["brief"], manager["view"]
    assert view["target"]["headline"] == (
        "Target level 3: not reached; 5 of 6 dimensions short (67 points), 3 practices missing."
    )
    # Each on one line of its own, between the level and the bars.
    lines = manager["brief-lines"]
    assert view["target"]["headline"] in lines and view["since"]["summary"] in lines
    assert f"{view['target']['headline']} {view['since']['summary']} At a glance" in text
    assert "Gap to target" not in text and "Answers that changed" not in text


@needs_pdftotext
def test_without_the_options_the_report_has_neither(manager: dict[str, Any]) -> None:
    assert "Gap to target" in manager["pdf"] and "Since the previous audit" in manager["pdf"]
    plain = manager["plain"]
    assert "Gap to target" not in plain and "Since the previous audit" not in plain
    assert "Target level" not in plain


def test_a_knock_out_is_in_its_dimensions_row_by_its_question(tmp_path: Path) -> None:
    knocked = tmp_path / "knocked.yaml"
    source = SELF_AUDIT.read_text(encoding="utf-8")
    knocked.write_text(
        source.replace("  monitored-share:\n    answer: 33", "  monitored-share:\n    answer: 0"),
        encoding="utf-8",
    )
    out = tmp_path / "knocked.html"
    assert _run("report", knocked, "--target", "2", "-o", out).exit_code == 0
    text = _html_text(out.read_text(encoding="utf-8"))
    assert "Gap to target: level 2 (40/100)" in text
    assert (
        "Monitoring coverage 31 9 knock-out What share of our production models are monitored "
        "for prediction quality or data drift, not just uptime? today: 0% (No production model "
        "is monitored)"
    ) in text
    assert "monitored-share" not in text
