"""Every page of every document the tool prints, read back as a reader's viewer lays it out:
text stays inside the content box, no page is mostly empty, the brief is one page.

Pages are read with poppler's ``pdftotext -bbox-layout`` (the Makefile installs poppler-utils):
the box of every word, in points, as a PDF viewer or a text extractor places it. Chosen over
pypdf, which gives no glyph positions without a visitor that re-implements text layout, and over
pdfminer.six, which would be one more dependency and is many times slower on these forty PDFs;
pdftotext is also the tool the layout bugs were reported with.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from tests.conftest import EXAMPLES, SELF_AUDIT, write_previous_audit
from tests.test_scenarios import FILES as SCENARIOS
from tests.test_scenarios import _audits, _load

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None,
        reason="pdftotext (poppler-utils) is not installed; `make test` installs it",
    ),
]

MM = 72 / 25.4
# The @page margins of report.css (top, right, bottom, left), in mm: the report and the
# comparison share them; the probe sheet has its own narrow ones.
REPORT_MARGINS = (20.0, 17.0, 18.0, 17.0)
SHEET_MARGINS = (11.0, 11.0, 11.0, 11.0)
TOLERANCE = 1.0  # points: a glyph's side bearing may poke out a hair
MOSTLY_EMPTY = 0.25  # share of the content box's height that a page's text reaches

PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)
WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>'
)


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: list[list[Word]]

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line]


def read_pages(pdf: Path) -> list[Page]:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = []
    for chunk in out.split("<page ")[1:]:
        size = PAGE.match("<page " + chunk)
        assert size is not None
        lines = [
            [Word(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(x)]
            for x in LINE.findall(chunk)
        ]
        pages.append(Page(float(size.group(1)), float(size.group(2)), lines))
    return pages


@dataclass(frozen=True)
class Document:
    name: str
    args: tuple[str, ...]
    margins: tuple[float, float, float, float] = REPORT_MARGINS
    kicker: str = "PRODUCTION ML "  # the checklist title, upper-cased by the style


MERGED = "merged.yaml"  # written by the fixture from examples/respondents
PREVIOUS = "previous.yaml"  # written by the fixture: an earlier audit of the self-audit's team
MANAGER = ("--target", "3", "--previous", PREVIOUS)
EXAMPLE_AUDITS = sorted(EXAMPLES.glob("*.yaml"))
MTS = EXAMPLES / "ml-test-score"


def _documents() -> Iterator[Document]:
    for audit in [*EXAMPLE_AUDITS, Path(MERGED)]:
        yield Document(f"{audit.stem}", ("report", str(audit)))
        yield Document(f"{audit.stem}-brief", ("report", str(audit), "--brief"))
    for stem in ("demo", "quillfeather-labs", "self-audit-platform-team", "merged"):
        audit = Path(MERGED) if stem == "merged" else EXAMPLES / f"{stem}.yaml"
        yield Document(f"{stem}-full", ("report", str(audit), "--detail", "full"))
    # A manager's report with the gap to a target and what changed since the previous audit.
    yield Document("manager", ("report", str(SELF_AUDIT), *MANAGER))
    yield Document("manager-brief", ("report", str(SELF_AUDIT), *MANAGER, "--brief"))
    yield Document("manager-full", ("report", str(SELF_AUDIT), *MANAGER, "--detail", "full"))
    for audit in sorted(MTS.glob("*.yaml")):
        if audit.stem != "ml-test-score":  # the checklist itself
            yield Document(
                f"mts-{audit.stem}",
                ("report", str(audit), "--checklist-dir", str(MTS)),
                kicker="THE ML TEST SCORE",
            )
    trend = sorted(str(p) for p in (EXAMPLES / "trend").glob("*.yaml"))
    yield Document("trend", ("compare", *trend, "--target", "3"), kicker="TREND OVER TIME")
    yield Document("sheet", ("sheet",), SHEET_MARGINS, kicker="INTERVIEW PROBES")
    yield Document("sheet-self", ("sheet", "--mode", "self"), SHEET_MARGINS, "TEAM SELF-AUDIT")


DOCUMENTS = list(_documents())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("layout")
    merged = folder / MERGED
    runner = CliRunner()
    respondents = sorted(str(p) for p in (EXAMPLES / "respondents").glob("*.yaml"))
    result = runner.invoke(cli, ["merge", *respondents, "-o", str(merged)])
    assert result.exit_code == 0, result.output
    written = {MERGED: str(merged), PREVIOUS: str(write_previous_audit(folder))}
    paths = {}
    for doc in DOCUMENTS:
        out = folder / f"{doc.name}.pdf"
        args = [written.get(a, a) for a in doc.args]
        result = runner.invoke(cli, [*args, "-o", str(out)], catch_exceptions=False)
        assert result.exit_code == 0, (doc.name, result.output)
        paths[doc.name] = out
    return paths


class Box(NamedTuple):
    left: float
    top: float
    right: float
    bottom: float


def _content_box(page: Page, margins: tuple[float, float, float, float]) -> Box:
    top, right, bottom, left = (m * MM for m in margins)
    return Box(left, top, page.width - right, page.height - bottom)


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_text_never_runs_past_the_content_box(doc: Document, rendered: dict[str, Path]) -> None:
    """Body text inside the margins on all four sides; the running header and footer, which sit
    in the top and bottom margins, inside the left and right ones."""
    for number, page in enumerate(read_pages(rendered[doc.name]), start=1):
        box = _content_box(page, doc.margins)
        outside = [
            (w.text, round(w.x0), round(w.y0), round(w.x1), round(w.y1))
            for w in page.words
            if w.x0 < box.left - TOLERANCE
            or w.x1 > box.right + TOLERANCE
            or w.y0 < 0
            or w.y1 > page.height
        ]
        assert outside == [], f"{doc.name} page {number}: past the content box {outside[:8]}"


def overlapping(page: Page) -> list[tuple[str, str]]:
    """Pairs of words printed over each other on one visual line: text that ran out of its
    table column into the next one (a band's range on a points scale once did)."""
    rows: list[tuple[float, list[Word]]] = []
    for word in sorted(page.words, key=lambda w: (w.y0 + w.y1) / 2):
        middle = (word.y0 + word.y1) / 2
        if rows and abs(middle - rows[-1][0]) < 2:
            rows[-1][1].append(word)
        else:
            rows.append((middle, [word]))
    found = []
    for _, row in rows:
        row.sort(key=lambda w: w.x0)
        found += [(a.text, b.text) for a, b in itertools.pairwise(row) if b.x0 < a.x1 - 0.5]
    return found


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_no_two_words_are_printed_over_each_other(doc: Document, rendered: dict[str, Path]) -> None:
    for number, page in enumerate(read_pages(rendered[doc.name]), start=1):
        assert overlapping(page) == [], f"{doc.name} page {number}"


def test_the_overlap_check_sees_text_run_into_the_next_column() -> None:
    """So that the empty lists above mean something."""
    words = [Word(10, 100, 60, 110, "above"), Word(55, 100, 90, 110, "Strong")]
    assert overlapping(Page(595, 842, [words])) == [("above", "Strong")]
    apart = [Word(10, 100, 50, 110, "above"), Word(55, 100, 90, 110, "Strong")]
    assert overlapping(Page(595, 842, [apart])) == []


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_no_page_but_the_last_is_mostly_empty(doc: Document, rendered: dict[str, Path]) -> None:
    pages = read_pages(rendered[doc.name])
    for number, page in enumerate(pages[:-1], start=1):
        box = _content_box(page, doc.margins)
        body = [w.y1 for w in page.words if w.y0 >= box.top - TOLERANCE and w.y1 <= box.bottom]
        reach = (max(body) - box.top) / (box.bottom - box.top) if body else 0.0
        assert reach >= MOSTLY_EMPTY, f"{doc.name} page {number} of {len(pages)}: {reach:.0%}"


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_the_first_line_is_the_document_not_a_hidden_header(
    doc: Document, rendered: dict[str, Path]
) -> None:
    """The running header once left a clipped copy of its text over page 1's first line."""
    first = " ".join(w.text for w in read_pages(rendered[doc.name])[0].lines[0])
    assert first.startswith(doc.kicker), first


@pytest.mark.parametrize(
    "doc", [d for d in DOCUMENTS if d.args[0] == "report"], ids=lambda d: d.name
)
def test_reports_are_short_unless_asked(doc: Document, rendered: dict[str, Path]) -> None:
    pages = len(read_pages(rendered[doc.name]))
    if doc.name.endswith("-brief"):
        assert pages == 1
    elif doc.name.endswith("-full"):
        assert pages > 4
    elif "--previous" in doc.args:
        assert 2 <= pages <= 7, pages  # the gap to a target and the changes: two pages more
    else:
        assert 2 <= pages <= 5, pages


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_brief_is_one_page_for_every_scenario(path: Path, tmp_path: Path) -> None:
    """Eighteen companies, from thin evidence to four respondents in conflict: the brief's
    lists and reasons are capped so it never spills onto a second page."""
    from auditor.yamlio import dump_yaml

    runner = CliRunner()
    scenario = _load(path)
    files = []
    for index, audit in enumerate(_audits(scenario)):
        target = tmp_path / f"audit-{index + 1}.yaml"
        target.write_text(dump_yaml(audit), encoding="utf-8")
        files.append(target)
    audit_file = files[-1]
    if len(files) > 1 and "trend" not in scenario["expect"]:
        audit_file = tmp_path / "merged.yaml"
        result = runner.invoke(cli, ["merge", *map(str, files), "-o", str(audit_file)])
        assert result.exit_code == 0, result.output
    out = tmp_path / "brief.pdf"
    result = runner.invoke(cli, ["report", str(audit_file), "--brief", "-o", str(out)])
    assert result.exit_code == 0, result.output
    pages = read_pages(out)
    assert len(pages) == 1
    box = _content_box(pages[0], REPORT_MARGINS)
    assert all(
        box.left - TOLERANCE <= w.x0 <= w.x1 <= box.right + TOLERANCE for w in pages[0].words
    )
