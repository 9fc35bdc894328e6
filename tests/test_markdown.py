"""Markdown exports: ``score --format md`` and ``compare --format md``, read back through two real
renderers (markdown-it-py with GitHub's extensions, and cmark-gfm, the C library GitHub's own
renderer is built on) so what a reader sees is the table and the text expected, and hostile
text from an audit or a checklist stays text."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import cmarkgfm
from click.testing import Result
from cmarkgfm.cmark import Options
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from auditor.render.markdown import text, write_assessments_markdown
from auditor.view import AssessmentView
from tests.conftest import (
    CHECKLISTS,
    EXAMPLES,
    SELF_AUDIT,
    assert_no_renderer_imported,
    write_previous_audit,
)

Write = Callable[[str, str], Path]
Invoke = Callable[..., Result]
GFM = MarkdownIt("gfm-like")  # tables, strike-through and linkify, as GitHub renders
# Hostile text, as a user could put it in any free-text field of an audit or a checklist.
HOSTILE = (
    "A | B `tick` *star* _under_ [link](http://evil.example) ![img](http://evil.example/i.png) "
    "<script>alert(1)</script> &amp; $x^2$ ~~gone~~ https://evil.example www.evil.example # h"
)


def _html(markdown: str) -> str:
    """GitHub's renderer with raw HTML let through: any HTML we wrote would show up here."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def _tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Each table as rows of cell texts (header row first)."""
    tables: list[list[list[str]]] = []
    row: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            row.append(_plain(tokens[index + 1]))
        elif token.type == "tr_close":
            tables[-1].append(row)
    return tables


def _plain(inline: Token) -> str:
    """An inline token's text as a reader sees it, markup removed."""
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def _headings(tokens: list[Token], tag: str) -> list[str]:
    return [
        _plain(tokens[i + 1])
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == tag
    ]


def _no_markup_from_text(tokens: list[Token]) -> None:
    kinds = {c.type for t in tokens for c in (t.children or [])} | {t.type for t in tokens}
    assert not kinds & {"link_open", "image", "html_inline", "html_block", "s_open"}, kinds


# --- score --------------------------------------------------------------------------------------


def test_the_summary_renders_as_headings_a_table_and_lists(invoke: Invoke) -> None:
    result = invoke("score", EXAMPLES / "demo.yaml", "--format", "md")
    assert result.exit_code == 0, result.output
    tokens = GFM.parse(result.output)
    assert _headings(tokens, "h2") == ["Acme Analytics · Search Ranking"]
    assert _headings(tokens, "h3") == [
        "Why",
        "Dimensions",
        "Red flags, structural (would follow you to another team)",
        "Red flags, situational (team-level or temporary)",
        "Ask next",
    ]
    (table,) = _tables(tokens)
    assert table[0] == ["Dimension", "Score", "Coverage", "Level", "Signal"]
    assert table[1:3] == [
        ["Production-to-development ratio", "67", "100%", "3", "🟢 green"],
        ["MLOps ownership", "61 (44–72)", "71%", "3", "🟢 green"],
    ]
    assert len(table) == 7
    lines = result.output.splitlines()
    assert "🟠 **ASK MORE** · Ask more before deciding: level 2, Automated training" in lines
    assert (
        "**Level 2 · Automated training** · score 66/100, between 63 and 68 · coverage 95%" in lines
    )
    assert "1. How long do people wait for GPUs on the shared cluster at busy times? " in (
        result.output
    )
    _no_markup_from_text(tokens)
    html = _html(result.output)
    assert html.count("<tr>") == 7 and "<h2>Acme Analytics · Search Ranking</h2>" in html


def test_notes_are_never_in_the_summary(invoke: Invoke) -> None:
    demo = EXAMPLES / "demo.yaml"
    plain = invoke("score", demo, "--format", "md").output
    view = json.loads(invoke("score", demo, "--format", "json").output)
    notes = [q["note"] for d in view["dimensions"] for q in d["questions"] if q["note"]]
    assert notes and not any(text(n) in plain for n in notes)


def test_several_voices_name_who_said_what_unless_redacted(tmp_path: Path, invoke: Invoke) -> None:
    merged = tmp_path / "harborview.yaml"
    result = invoke("merge", *sorted((EXAMPLES / "respondents").glob("*.yaml")), "-o", merged)
    assert result.exit_code == 0, result.output
    shown = invoke("score", merged, "--format", "md").output
    assert "### Where answers disagree" in shown
    assert "Lena Fischer" in shown
    redacted = invoke("score", merged, "--format", "md", "--redact").output
    assert "### Where answers disagree" in redacted and "Lena Fischer" not in redacted


def _hostile_checklist(folder: Path) -> Path:
    source = (CHECKLISTS / "tiny.yaml").read_text(encoding="utf-8")
    hostile = source.replace("title: Shipping", f"title: '{HOSTILE}'").replace(
        "label: Another team", "label: 'Another | team <b>x</b> [y](http://evil.example)'"
    )
    assert hostile != source
    folder.mkdir()
    (folder / "tiny.yaml").write_text(hostile, encoding="utf-8")
    return folder


def test_hostile_text_stays_text_and_the_table_holds(
    tmp_path: Path, write: Write, invoke: Invoke
) -> None:
    checklists = _hostile_checklist(tmp_path / "checklists")
    audit = write(
        "evil.yaml",
        f"""\
checklist: {{id: tiny, version: "1.0"}}
mode: candidate
company: '{HOSTILE}'
team: "line one\\nline two\\r\\n---\\n# heading"
role: "- not a list"
respondent: "<img src=x onerror=alert(1)>"
date: 2026-01-15
answers:
  deploys: {{answer: nobody, nature: structural}}
  cycle: {{answer: 3}}
  alerts: {{answer: no}}
""",
    )
    result = invoke("score", audit, "--format", "md", "--checklist-dir", checklists)
    assert result.exit_code == 0, result.output
    tokens = GFM.parse(result.output)
    _no_markup_from_text(tokens)
    (title,) = _headings(tokens, "h2")
    assert title == f"{HOSTILE} · line one line two --- # heading"
    (table,) = _tables(tokens)
    assert all(len(row) == 5 for row in table)
    assert [row[0] for row in table] == ["Dimension", HOSTILE, "Monitoring"]
    paragraphs = [_plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "paragraph_open"]
    assert "Audit: - not a list · 2026-01-15 · candidate mode · answered by " in "".join(paragraphs)
    assert "answered by <img src=x onerror=alert(1)> · checklist tiny 1.0" in "".join(paragraphs)
    html = _html(result.output)
    for made in ("<a ", "<img", "<script", "<b>", "<del>", "<h1", "<hr"):
        assert made not in html, made
    assert html.count("<table>") == 1 and html.count("<tr>") == 3


# Markdown's punctuation, and what autolinks are made of, much more often than st.text() gives.
_MARKUP = st.text(alphabet="*_`[]()<>|~&$#!\\:/w.@ -+=1a\n;h", max_size=40)


@given(st.text() | _MARKUP)
def test_any_text_reads_back_as_itself(value: str) -> None:
    """Whatever a field holds, a reader sees exactly its text (line breaks as spaces)."""
    escaped = text(value)
    assert "\n" not in escaped and "\r" not in escaped
    (paragraph,) = GFM.parseInline("x " + escaped + " x")
    kinds = {c.type for c in paragraph.children or []}
    assert kinds <= {"text"}, kinds
    expected = re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]+", " ", value).strip()
    assert _plain(paragraph) == f"x {expected} x"


def test_markdown_is_written_as_each_audit_arrives(invoke: Invoke) -> None:
    view = json.loads(invoke("score", EXAMPLES / "demo.yaml", "--format", "json").output)
    stream = io.StringIO()
    seen: list[int] = []

    def views() -> Iterator[AssessmentView]:
        for index in range(3):
            seen.append(stream.getvalue().count("\n## "))
            yield {**view, "meta": {**view["meta"], "company": f"Company {index}"}}

    write_assessments_markdown(views(), stream)
    assert seen == [0, 0, 1]  # the first section, then each as its audit arrives
    tokens = GFM.parse(stream.getvalue())
    assert _headings(tokens, "h2") == [f"Company {i} · Search Ranking" for i in range(3)]
    assert sum(t.type == "hr" for t in tokens) == 2


def test_a_target_and_a_previous_audit_have_their_sections(tmp_path: Path, invoke: Invoke) -> None:
    """The gap per dimension and what changed since, with the terminal's numbers, after the
    fix-first list; the changed answers that moved the score most listed, the rest counted."""
    options = ("--target", "3", "--previous", write_previous_audit(tmp_path))
    result = invoke("score", SELF_AUDIT, *options, "--format", "md")
    assert result.exit_code == 0, result.output
    view = json.loads(invoke("score", SELF_AUDIT, *options, "--format", "json").output)
    terminal = invoke("score", SELF_AUDIT, *options).output
    tokens = GFM.parse(result.output)
    assert _headings(tokens, "h3") == [
        "Why",
        "Dimensions",
        "Red flags, situational (this team, or temporary)",
        "Fix first",
        "Gap to target: level 3 (60/100)",
        "Since the previous audit (2026-08-01)",
        "Ask next",
    ]
    lines = result.output.splitlines()
    goal, since = view["target"], view["since"]
    assert text(goal["summary"]) in lines and text(since["summary"]) in lines
    _, gaps, dims = _tables(tokens)
    assert gaps[0] == ["Dimension", "Score", "Points short"]
    # Every dimension the terminal lists as short ("  - MLOps ownership: 38, 22 short").
    short = re.findall(r"^  - (.+): (\S+), (\S+) short$", terminal, re.M)
    assert len(short) == 5
    assert all([title, score, gap] in gaps for title, score, gap in short)
    assert ["Compute access", "82", "none"] in gaps and gaps[-1] == ["In all", "", "67"]
    assert (
        "- Needs an automated release pipeline (level 3, Experiment-to-deploy cycle); today: One "
        "or two people deploy by hand following a wiki page"
    ) in lines
    assert dims[0] == ["Dimension", "2026-08-01", "2026-11-20", "Change"]
    moved = re.findall(r"^  ([^·\n]+): (\S+) → (\S+) \((\S+)\)$", terminal, re.M)
    assert moved == [
        ("MLOps ownership", "13", "38", "+25"),
        ("Experiment-to-deploy cycle", "38", "50", "+12"),
    ]
    assert all(list(row) in dims for row in moved) and ["Compute access", "82", "82", "0"] in dims
    ownership = since["changes"][0]
    first, last = ownership["questions"][0], ownership["questions"][-1]
    assert (
        f"  - {text(first['text'])} {text(first['before'])} → {text(first['after'])} (+45)"
    ) in lines
    assert "  - and 1 smaller change" in lines and text(last["before"]) not in result.output
    ours = result.output[result.output.index("### Gap") : result.output.index("### Ask next")]
    assert "who-deploys" not in ours and "on-call" not in ours and "`" not in ours  # no ids
    _no_markup_from_text(tokens)


def test_without_a_target_or_a_previous_audit_neither_section(invoke: Invoke) -> None:
    shown = invoke("score", SELF_AUDIT, "--format", "md").output
    assert "Gap to target" not in shown and "Since the previous audit" not in shown


# --- compare ------------------------------------------------------------------------------------


def test_a_trend_has_its_headline_table_and_decisions(invoke: Invoke) -> None:
    audits = sorted((EXAMPLES / "trend").glob("*.yaml"))
    result = invoke("compare", *audits, "--target", "3", "--format", "md")
    assert result.exit_code == 0, result.output
    tokens = GFM.parse(result.output)
    assert _headings(tokens, "h2") == [
        "Trend · Fernwood Health · Clinical ML · 4 audits, 2026-01-19 to 2026-10-19"
    ]
    data = json.loads(invoke("compare", *audits, "--target", "3", "--format", "json").output)
    assert f"**{text(data['headline'])}**" in result.output.splitlines()
    (table,) = _tables(tokens)
    assert table[0] == [
        "Dimension",
        "2026-01-19",
        "2026-04-20",
        "2026-07-20",
        "2026-10-19",
        "Δ previous",
        "Δ first",
    ]
    assert table[1] == [
        "Overall",
        "16 (16–17)",
        "33 (33–34)",
        "45 (43–46)",
        "79 (78–79)",
        "+34",
        "+63",
    ]
    assert len(table) == 2 + len(data["dimensions"])
    assert _headings(tokens, "h3") == [
        "Decision per audit",
        "What moved, first audit to last",
        "Gap to target (level 3: a score of 60)",
    ]
    assert "- **2026-04-20**: 🟠 **IMPROVE** · Level 1, DevOps but no MLOps: level 2 next" in (
        result.output.splitlines()
    )
    _no_markup_from_text(tokens)


def test_side_by_side_escapes_labels_and_marks_the_leader(invoke: Invoke) -> None:
    audits = [EXAMPLES / "northwind-payments.yaml", EXAMPLES / "quillfeather-labs.yaml"]
    result = invoke("compare", *audits, "--format", "md")
    tokens = GFM.parse(result.output)
    (table,) = _tables(tokens)
    assert table[0] == [
        "Dimension",
        "Northwind Payments · Fraud & Risk ML",
        "Quillfeather Labs · Applied Research",
    ]
    assert table[1] == ["Overall", "87 (86–87) ★", "13 (13–15)"]
    html = _html(result.output)
    assert "Fraud &amp; Risk ML" in html
    assert _headings(tokens, "h3") == ["Decision per audit", "Structural red flags"]


def test_exports_start_fast(tmp_path: Path) -> None:
    """Neither WeasyPrint nor Jinja2 is imported for a CSV or a Markdown export."""
    demo = tmp_path / "demo.yaml"
    shutil.copy(EXAMPLES / "demo.yaml", demo)
    assert_no_renderer_imported("score", str(demo), "--format", "md")
    assert_no_renderer_imported("score", str(demo), "--format", "csv", "--by", "question")
