"""``mlops-audit compare``: side by side, trend, target gaps, what is not comparable, bad input."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.audit import build_audit
from auditor.cli import cli
from auditor.compare import Row, Target, compare, gap, parse_target, rank, resolve_target
from auditor.errors import AuditorError
from auditor.loading import load_checklist
from auditor.scoring import score_audit
from auditor.yamlio import parse_yaml
from tests.conftest import CHECKLISTS, EXAMPLES, assert_no_renderer_imported

Write = Callable[[str, str], Path]
Invoke = Callable[..., Result]
TINY = load_checklist(CHECKLISTS / "tiny.yaml")


@pytest.fixture(autouse=True)
def _terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text output wraps to the terminal: pin its width so the expected lines are exact."""
    monkeypatch.setenv("COLUMNS", "100")


def _audit(
    company: str = "Acme",
    team: str = "Ranking",
    date: str = "2026-01-15",
    deploys: str = "ops",
    cycle: str = "{answer: 3}",
    alerts: str = "{unknown: did-not-know}",
    prod: int = 2,
    dev: int = 8,
) -> str:
    return textwrap.dedent(
        f"""\
        checklist: {{id: tiny, version: "1.0"}}
        mode: self
        company: {company}
        team: {team}
        date: {date}
        answers:
          deploys: {{answer: {deploys}}}
          cycle: {cycle}
          alerts: {alerts}
          prod: {{answer: {prod}}}
          dev: {{answer: {dev}}}
        """
    )


def _compare(invoke: Invoke, *args: object) -> Result:
    return invoke("compare", "--checklist-dir", CHECKLISTS, *args)


def test_side_by_side_names_the_leader_and_what_cannot_be_separated(
    write: Write, invoke: Invoke
) -> None:
    acme = write("acme.yaml", _audit())
    globex = write(
        "globex.yaml",
        _audit("Globex", "Search", deploys="team", cycle="{answer: 0.5}", alerts="{answer: yes}"),
    )
    result = _compare(invoke, acme, globex, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["view"] == "side-by-side"
    assert [a["label"] for a in data["audits"]] == ["Acme · Ranking", "Globex · Search"]
    ship = data["dimensions"][0]
    assert (ship["id"], ship["leader"], ship["separable"]) == ("ship", "Globex · Search", True)
    assert [s["score"] for s in ship["scores"]] == [35.0, 100.0]
    watch = data["dimensions"][1]
    # Acme's alerts are unknown: its best case (75) reaches Globex's 75, so no verdict yet
    assert [(s["score"], s["low"], s["high"]) for s in watch["scores"]] == [
        (50.0, 25.0, 75.0),
        (75.0, 75.0, 75.0),
    ]
    assert (watch["leader"], watch["separable"]) == ("Globex · Search", False)
    assert watch["cannot_separate_from"] == ["Acme · Ranking"]
    text = _compare(invoke, acme, globex).output
    assert "Side by side · 2 audits" in text
    assert "  Shipping: Globex · Search ★" in text
    assert "\x1b[" not in text


def test_overlapping_ranges_say_which_questions_would_separate(
    write: Write, invoke: Invoke
) -> None:
    acme = write("acme.yaml", _audit())  # Monitoring 50, range 25-75 (alerts unknown)
    initech = write("initech.yaml", _audit("Initech", "Ads", alerts="{answer: no}", prod=8, dev=8))
    data = json.loads(_compare(invoke, acme, initech, "--format", "json").output)
    watch = data["dimensions"][1]
    assert [s["score"] for s in watch["scores"]] == [50.0, 45.0]
    assert (watch["leader"], watch["separable"]) == ("Acme · Ranking", False)
    assert watch["cannot_separate_from"] == ["Initech · Ads"]
    assert [(a["audit"], a["question"]) for a in watch["ask_to_separate"]] == [
        ("Acme · Ranking", "alerts")
    ]
    text = _compare(invoke, acme, initech).output
    assert (
        "  Monitoring: Acme · Ranking ≈ the data cannot separate it from Initech · Ads yet; ask:"
        in text
    )
    assert "      ? Do our alerts fire? [Acme · Ranking, ±16.7 pts]" in text


def test_same_team_at_different_dates_is_a_trend(write: Write, invoke: Invoke) -> None:
    q1 = write("q1.yaml", _audit(date="2026-01-15"))
    q2 = write("q2.yaml", _audit(date="2026-04-15", alerts="{answer: yes}"))
    q3 = write("q3.yaml", _audit(date="2026-07-15", alerts="{answer: yes}", deploys="team"))
    data = json.loads(_compare(invoke, q3, q1, q2, "--format", "json").output)  # any order
    assert data["view"] == "trend"
    assert [a["label"] for a in data["audits"]] == ["2026-01-15", "2026-04-15", "2026-07-15"]
    ship = data["dimensions"][0]
    assert [s["since_previous"] for s in ship["scores"]] == [None, 0.0, 25.0]
    assert [s["since_first"] for s in ship["scores"]] == [None, 0.0, 25.0]
    steps = data["changes"]
    assert [(c["question"], c["before"], c["after"]) for c in steps[0]["questions"]] == [
        ("alerts", "unknown (did not know)", "Yes")
    ]
    assert [(c["question"], c["delta"]) for c in steps[1]["questions"]] == [("deploys", 50.0)]
    text = _compare(invoke, q1, q2, q3).output
    assert text.splitlines()[0] == "Trend · Acme · Ranking · 3 audits, 2026-01-15 to 2026-07-15"
    assert "    deploys: Another team → The team (+50)" in text


def test_target_gaps_are_per_dimension_and_never_offset(write: Write, invoke: Invoke) -> None:
    strong_ship = write(
        "a.yaml", _audit(deploys="team", cycle="{answer: 0.5}", alerts="{answer: no}")
    )
    other = write("b.yaml", _audit("Globex", "Search"))
    data = json.loads(
        _compare(invoke, strong_ship, other, "--target", "L4", "--format", "json").output
    )
    assert data["target"] == {"score": 80.0, "level": 4}
    gaps = [[s["gap"] for s in row["scores"]] for row in data["dimensions"]]
    assert gaps == [[0.0, 45.0], [55.0, 30.0]]  # Shipping 100 does not offset Monitoring 25
    assert [a["total_gap"] for a in data["audits"]] == [55.0, 75.0]
    text = _compare(invoke, strong_ship, other, "--target", "75").output
    assert "Gap to target (75/100), per dimension" in text
    assert "  Acme · Ranking: total 50 pts: Monitoring 50" in text


@pytest.mark.parametrize(
    ("target", "expected"),
    [("3", (None, 3)), ("L2", (None, 2)), ("level 0", (None, 0)), ("75", (75.0, None))],
)
def test_parse_target(target: str, expected: tuple[float | None, int | None]) -> None:
    assert parse_target(target) == expected


@pytest.mark.parametrize("target", ["L7", "high", "101", "-1", "L50"])
def test_bad_target_is_a_clear_error(write: Write, invoke: Invoke, target: str) -> None:
    a, b = write("a.yaml", _audit()), write("b.yaml", _audit("Globex"))
    result = _compare(invoke, a, b, "--target", target)
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --target expects a maturity level 0-4 (e.g. 3 or L3) or a score 5-100, "
        f"got {target!r}\n",
    )


def test_target_level_is_the_first_band_at_or_above_it() -> None:
    assert resolve_target(TINY, None, 3) == Target(80.0, 3)  # tiny jumps from level 2 to 4
    assert resolve_target(TINY, None, 2) == Target(50.0, 2)
    capped = dataclasses.replace(TINY, bands=TINY.bands[:2])
    with pytest.raises(AuditorError) as caught:
        resolve_target(capped, None, 3)
    assert str(caught.value) == (
        "--target level 3: checklist tiny has no band at that level (highest is 2)"
    )


def test_compare_bad_input(write: Write, invoke: Invoke, tmp_path: Path) -> None:
    a = write("a.yaml", _audit())
    one = _compare(invoke, a)
    assert (one.exit_code, one.stderr) == (1, "Error: compare needs at least two audits, got 1\n")
    missing = _compare(invoke, a, tmp_path / "gone.yaml")
    assert missing.stderr == f"Error: {tmp_path / 'gone.yaml'}: no such file\n"
    twice = _compare(invoke, a, a)
    assert twice.stderr == f"Error: {a} is given twice; compare each audit once\n"
    b = write("b.yaml", _audit("Globex"))
    forced = _compare(invoke, a, b, "--view", "trend")
    assert forced.stderr == (
        "Error: a trend needs audits of one company and team, got: Acme · Ranking; "
        "Globex · Ranking\n"
    )
    same_day = _compare(invoke, a, write("c.yaml", _audit()), "--view", "trend")
    assert same_day.stderr == (
        "Error: a trend needs every audit to have its own date; give each a distinct 'date'\n"
    )


def _other_checklist(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "lists"
    folder.mkdir(exist_ok=True)
    (folder / "other.yaml").write_text(text)
    return folder


def test_different_checklists_compare_only_what_they_share(
    write: Write, invoke: Invoke, tmp_path: Path
) -> None:
    tiny = (CHECKLISTS / "tiny.yaml").read_text()
    # 'other' drops the cycle question and scores alerts the other way round
    other = tiny.replace("id: tiny", "id: other", 1).replace(
        "answer: {kind: yesno, nature: situational}", "answer: {kind: yesno, good: no}"
    )
    cut = other.index("      - id: cycle")
    other = other[:cut] + other[other.index("  - id: watch") :]
    lists = _other_checklist(tmp_path, other)
    a = write("a.yaml", _audit())
    b_text = _audit("Globex").replace("id: tiny", "id: other").replace("  cycle: {answer: 3}\n", "")
    b = write("b.yaml", b_text)
    result = invoke(
        "compare", "--checklist-dir", CHECKLISTS, "--checklist-dir", lists, a, b, "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.output)
    excluded = [(e["kind"], e["id"], e["reason"]) for e in data["not_comparable"]]
    assert excluded == [
        ("question", "cycle", "not in every checklist's Shipping"),
        ("question", "alerts", "scored differently between the checklists"),
    ]
    assert [d["left_out"] for d in data["dimensions"]] == [["cycle"], ["alerts"]]
    ship = data["dimensions"][0]
    assert [s["score"] for s in ship["scores"]] == [50.0, 50.0]  # deploys only: ops vs ops
    assert data["notes"][0].startswith("The audits were answered with different checklists")
    text = invoke("compare", "--checklist-dir", CHECKLISTS, "--checklist-dir", lists, a, b).output
    assert "Not comparable (left out)" in text
    assert "  - question cycle: not in every checklist's Shipping (in: Acme · Ranking)" in text


def test_unrelated_checklists_are_refused(write: Write, invoke: Invoke, tmp_path: Path) -> None:
    tiny = (CHECKLISTS / "tiny.yaml").read_text()
    other = tiny.replace("id: tiny", "id: other", 1).replace("id: ship", "id: build")
    other = other.replace("id: watch", "id: observe")
    lists = _other_checklist(tmp_path, other)
    a = write("a.yaml", _audit())
    b = write("b.yaml", _audit("Globex").replace("id: tiny", "id: other"))
    result = invoke("compare", "--checklist-dir", CHECKLISTS, "--checklist-dir", lists, a, b)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: these audits share no dimension, so there is nothing to compare: {a} (tiny 1.0), "
        f"{b} (other 1.0)\n",
    )


# --- invariants ---------------------------------------------------------------------------


@given(st.floats(0, 100), st.one_of(st.none(), st.floats(0, 100)))
def test_gap_is_never_negative(target: float, score: float | None) -> None:
    result = gap(target, score)
    if score is None:
        assert result.points is None
    else:
        assert result.points is not None and result.points >= 0
        assert result.points == round(max(0.0, target - score), 1)


_ANSWERS = st.tuples(
    st.sampled_from(["team", "ops", "nobody"]),
    st.sampled_from(["{answer: 0.5}", "{answer: 3}", "{unknown: not-asked}"]),
    st.sampled_from(["{answer: yes}", "{answer: no}", "{unknown: did-not-know}"]),
)


@settings(max_examples=40, deadline=None)
@given(_ANSWERS, _ANSWERS, st.integers(5, 100))
def test_doing_better_elsewhere_never_offsets_a_gap(
    first: tuple[str, str, str], second: tuple[str, str, str], target: int
) -> None:
    """Improving Shipping alone leaves Monitoring's gap as it was, and the total never drops
    below the Monitoring gap: a surplus is not a credit."""
    base = _result(*first[:2], second[2])
    better = _result("team", "{answer: 0.5}", second[2])
    one = compare([base, better], view="side-by-side", target=(float(target), None))
    watch = one.dimensions[1]
    assert watch.gaps[0] == watch.gaps[1]
    for column, total in enumerate(one.total_gaps):
        gaps = [row.gaps[column].points for row in one.dimensions]
        known = [g for g in gaps if g is not None]
        assert all(g >= 0 for g in known)
        if known:
            assert total is not None and total >= max(known) - 1e-9
            assert total == pytest.approx(sum(known), abs=0.051)


def _result(deploys: str, cycle: str, alerts: str) -> object:
    text = _audit(deploys=deploys, cycle=cycle, alerts=alerts)
    return score_audit(TINY, build_audit(parse_yaml(text, f"{deploys}{cycle}.yaml"), TINY))


@settings(max_examples=60, deadline=None)
@given(st.lists(_ANSWERS, min_size=2, max_size=4))
def test_leader_ranks_first_and_separation_means_no_overlap(
    answers: list[tuple[str, str, str]],
) -> None:
    """A dimension is led by its highest score as shown; the overall row by the decision, then
    the level, then the score. Equal standings are level, whatever the order of the audits; an
    audit without a level is never left clearly behind, nor clearly ahead of one with a level,
    but for a confirmed knock-out."""
    results = [
        score_audit(
            TINY,
            build_audit(
                parse_yaml(_audit(f"Co{i}", deploys=d, cycle=c, alerts=a), f"{i}.yaml"), TINY
            ),
        )
        for i, (d, c, a) in enumerate(answers)
    ]
    comparison = compare(results)
    ranks = [rank(r) for r in results]
    shown = TINY.scale.shown

    def key(row: Row, i: int) -> tuple[int, int, float]:
        e = row.estimates[i]
        assert e is not None
        score = -1.0 if e.score is None else shown(e.score)
        if row.id != "overall":
            return (0, 0, score)
        return (ranks[i].order, -1 if ranks[i].level is None else ranks[i].level, score)

    for row in (comparison.overall, *comparison.dimensions):
        sep = row.separation
        top = sep.tied or ((sep.leader,) if sep.leader is not None else ())
        if not top:
            continue
        assert sep.leader is None or not sep.tied
        best = key(row, top[0])
        assert {key(row, i) for i in top} == {best}
        for i, e in enumerate(row.estimates):
            if i in top or e is None:
                continue
            assert key(row, i) < best  # every other audit ranks below
            on = sep.basis[i]
            if on == "score":
                overlap = shown(e.high) >= min(shown(row.estimates[t].low) for t in top)  # type: ignore[union-attr]
                assert overlap == (i in sep.contenders)
            if row.id == "overall":
                thin = ranks[i].level is None or ranks[top[0]].level is None
                clear = i not in sep.contenders and i not in sep.unsure
                if thin and clear:  # only a confirmed knock-out is clearly behind on thin evidence
                    assert on == "decision" and ranks[i].knockout
                    assert ranks[top[0]].level is not None
    # The order the audits are given in changes nothing.
    backwards = compare(results[::-1])
    last = len(results) - 1
    for row, other in zip(
        (comparison.overall, *comparison.dimensions),
        (backwards.overall, *backwards.dimensions),
        strict=True,
    ):
        mine, theirs = row.separation, other.separation
        assert (mine.leader is None) == (theirs.leader is None)
        if mine.leader is not None:
            assert theirs.leader == last - mine.leader
        assert sorted(last - i for i in theirs.tied) == list(mine.tied)
        assert sorted(last - i for i in theirs.contenders) == list(mine.contenders)


def test_example_trend_is_four_quarters_that_improve(invoke: Invoke) -> None:
    files = sorted((EXAMPLES / "trend").glob("*.yaml"))
    data = json.loads(invoke("compare", *files, "--target", "4", "--format", "json").output)
    assert data["view"] == "trend"
    assert [a["label"] for a in data["audits"]] == [
        "2026-01-19",
        "2026-04-20",
        "2026-07-20",
        "2026-10-19",
    ]
    overall = [s["score"] for s in data["overall"]["scores"]]
    assert overall == sorted(overall) and overall[-1] - overall[0] > 50
    # the Q3 regression is visible as a changed answer with a negative delta
    q3 = {c["question"]: c["delta"] for c in data["changes"][1]["questions"]}
    assert q3["schema-break"] == -100.0
    assert data["audits"][-1]["total_gap"] > 0


def test_an_audit_of_an_older_checklist_version_is_noted(write: Write, invoke: Invoke) -> None:
    old = _audit(date="2026-01-15").replace(
        'checklist: {id: tiny, version: "1.0"}',
        'checklist: {id: tiny, version: "0.9", hash: "sha256:0000000000000000"}',
    )
    old = old.replace("answers:\n", "answers:\n  gone: {answer: 3}\n")
    a = write("old.yaml", old)
    b = write("new.yaml", _audit(date="2026-04-15"))
    data = json.loads(_compare(invoke, a, b, "--format", "json").output)
    assert data["notes"] == [
        "2026-01-15 was answered against tiny 0.9 and is scored against 1.0; 1 answer to a "
        "question it no longer has is left out."
    ]
    assert "was answered against tiny 0.9" in _compare(invoke, a, b).output


# --- documents: PDF and HTML through the report's template machinery ----------------------


@pytest.fixture(scope="module")
def offers_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from auditor.cli import cli

    target = tmp_path_factory.mktemp("pdf") / "offers.pdf"
    files = [EXAMPLES / f"{n}.yaml" for n in ("northwind-payments", "brightside-retail")]
    result = CliRunner().invoke(
        cli, ["compare", *map(str, files), "--target", "3", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Wrote {target} (")
    return target


def test_compare_pdf_reads_as_a_comparison(offers_pdf: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(offers_pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Northwind Payments",
        "Brightside Retail",
        "Scores side by side",
        "Who is strongest, and can the data tell?",
        "Structural red flags",
        "Gap to target",
        "Data foundations and scope",
    ):
        assert expected in text
    assert 3 <= len(reader.pages) <= 8
    assert reader.metadata is not None and reader.metadata.title is not None
    assert reader.metadata.title.startswith("MLOps audit comparison: Northwind Payments")
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])


def test_compare_html_escapes_hostile_text(write: Write, invoke: Invoke, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> {{ 7*7 }}"
    a = write("a.yaml", _audit(f"'{hostile}'"))
    b = write("b.yaml", _audit("Globex"))
    out = tmp_path / "c.html"
    result = _compare(invoke, a, b, "-o", out)
    assert result.exit_code == 0, result.stderr
    html = out.read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_trend_html_lists_what_changed(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "trend.html"
    files = sorted((EXAMPLES / "trend").glob("*.yaml"))
    assert invoke("compare", *files, "--format", "html", "-o", out).exit_code == 0
    html = out.read_text()
    assert "What changed, 2026-01-19 to 2026-10-19" in html and "Scores over time" in html
    assert "1 production model for 7 models in development" in html


# --- the trend a director reads ------------------------------------------------------------

TREND = sorted((EXAMPLES / "trend").glob("*.yaml"))
HEADLINE = (
    "Score 16 → 79 (up 63) from January to October 2026; level 0 → 2; level 3 not reached: one "
    "practice missing (an automated release pipeline)."
)


def test_trend_text_opens_with_the_headline_and_groups_what_changed(invoke: Invoke) -> None:
    text = invoke("compare", *TREND, "--target", "3").output
    lines = text.splitlines()
    assert " ".join(line.strip() for line in lines[2:4]) == HEADLINE
    headings = [line for line in lines if line.startswith("  ") and ": " in line and "↑" in line]
    assert headings[:2] == [
        "  Monitoring coverage: 13 → 96, ↑ up 83",
        "  Data foundations and scope: 12 → 80, ↑ up 68",
    ]
    start = lines.index("  Monitoring coverage: 13 → 96, ↑ up 83")
    assert lines[start + 1 : start + 3] == [
        "    monitored-share: 0% → 100% (+100)",
        "    runbooks: No → Yes (+100)",
    ]
    assert "    … and 2 smaller changes" in lines
    assert "  30 answers changed, 18 shown; every answer and every step: --format json" in lines
    assert "1 production model for 7 models in development → 4 production models for 4" in text
    assert "per model in development" not in text and "1 production models" not in text
    # Every audit's gap to the target, not only the last one's, and what holds it below.
    for label, total in zip(
        ("2026-01-19", "2026-04-20", "2026-07-20", "2026-10-19"), (256, 152, 74, 0), strict=True
    ):
        assert any(line.startswith(f"  {label}: total {total} pts") for line in lines)
    assert "    level 2: one practice missing (an automated release pipeline)" in lines


def test_a_long_trend_has_a_gap_column_for_every_audit(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    lines = invoke("compare", *TREND, "--target", "3").output.splitlines()
    rows = [line.split() for line in lines if line[:4] == "2026"]
    assert [row[-1] for row in rows] == ["256", "152", "74", "0"]


@pytest.fixture(scope="module")
def trend_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("trend") / "trend.pdf"
    result = CliRunner().invoke(
        cli, ["compare", *map(str, TREND), "--target", "3", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    return target


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_trend_pdf_reads_in_ten_seconds(trend_pdf: Path) -> None:
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(trend_pdf).pages]
    first = _squash(pages[0])
    assert HEADLINE in first
    # The chart's axes: dated ticks, the score scale, the target and the levels.
    for expected in ("Jan 2026", "Jul", "Oct", "Audit date", "Score", "Target: level 3 (60)"):
        assert expected in first
    assert all(f"Level {n}" in first for n in range(5))
    # Direction in words beside the arrows: it reads in greyscale.
    assert "↑ up 83" in first and "↑ up 54" in first
    text = _squash(" ".join(pages))
    for expected in ("Gap to target, at each date", "The decision at each date", "What changed"):
        assert expected in text
    assert "level 0: 44 points short" in text and "level 2: 15 points short" in text
    assert "1 production model for 7 models in development" in text
    assert "per model in development" not in text and "1 production models" not in text
    assert len(pages) <= 6


# A4 in points, and the margins of report.css's @page (20mm 17mm 18mm 17mm).
_PAGE_W, _PAGE_H = 595.28, 841.89
_LEFT = _RIGHT = 17 * 72 / 25.4
_TOP, _BOTTOM = 20 * 72 / 25.4, 18 * 72 / 25.4


def _words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes (x0, y0, x1, y1), from poppler's pdftotext."""
    import shutil
    import subprocess
    import xml.etree.ElementTree as ET

    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils (make test does)"
    xhtml = subprocess.run(
        [tool, "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in ET.fromstring(xhtml).iterfind(".//h:page", ns):
        assert (float(page.get("width", 0)), float(page.get("height", 0))) == pytest.approx(
            (_PAGE_W, _PAGE_H), abs=1
        )
        pages.append(
            [
                (*(float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
                for w in page.iterfind(".//h:word", ns)
            ]
        )
    return pages


def test_no_text_of_the_trend_pdf_runs_past_the_content_box(trend_pdf: Path) -> None:
    pages = _words(trend_pdf)
    top, bottom = _TOP, _PAGE_H - _BOTTOM
    for number, words in enumerate(pages, start=1):
        assert words, f"page {number} has no text"
        for x0, y0, x1, y1, word in words:
            where = f"page {number}: {word!r} at x {x0:.1f}-{x1:.1f}, y {y0:.1f}-{y1:.1f}"
            assert x0 >= _LEFT - 1 and x1 <= _PAGE_W - _RIGHT + 1, where
            # Body text stays inside; only the running header and footer live in the margins,
            # and nothing straddles the edge between the two.
            assert y1 <= top + 1 or y0 >= bottom - 1 or (y0 >= top - 1 and y1 <= bottom + 1), where
        body = [w for w in words if w[1] >= top - 1 and w[3] <= bottom + 1]
        reach = max(y1 for *_, y1, _ in body) - top
        # No page mostly empty: the text reaches past the middle of the content box.
        assert reach > (bottom - top) / 2, f"page {number} is mostly empty"
        header = {w for *_, y1, w in words if y1 <= top + 1}
        assert number == 1 or {"Fernwood", "Trend"} <= header


def test_the_content_box_check_can_fail(tmp_path: Path) -> None:
    """The check above must catch a word past the right margin: a long unbroken word does."""
    from auditor.render.pdf import render_pdf
    from auditor.render.templates import template_root

    wide = "W" * 120
    html = f"<html><body><p style='white-space:nowrap'>{wide}</p></body></html>"
    pdf = tmp_path / "wide.pdf"
    pdf.write_bytes(render_pdf(html, template_root(None)))
    words = _words(pdf)[0]
    assert any(x1 > _PAGE_W - _RIGHT + 1 for _, _, x1, _, _ in words)


def test_output_file_is_only_for_documents(write: Write, invoke: Invoke, tmp_path: Path) -> None:
    a, b = write("a.yaml", _audit()), write("b.yaml", _audit("Globex"))
    result = _compare(invoke, a, b, "--format", "json", "-o", tmp_path / "x.json")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: -o writes a PDF or HTML file; for json, redirect the output\n",
    )


@pytest.mark.parametrize("command", ["compare", "merge"])
def test_text_commands_import_neither_weasyprint_nor_jinja(command: str, tmp_path: Path) -> None:
    files = [str(p) for p in sorted((EXAMPLES / "respondents").glob("*.yaml"))[:2]]
    args = [command, *files] + (["-o", str(tmp_path / "m.yaml")] if command == "merge" else [])
    assert_no_renderer_imported(*args)


def test_text_fits_a_narrow_terminal(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    offers = [
        EXAMPLES / f"{n}.yaml"
        for n in ("northwind-payments", "brightside-retail", "quillfeather-labs")
    ]
    for args in (offers, sorted((EXAMPLES / "trend").glob("*.yaml"))):
        output = invoke("compare", *args, "--target", "3").output
        too_long = [line for line in output.splitlines() if len(line) > 60]
        assert not too_long


def test_trend_in_a_narrow_terminal_shows_both_deltas_per_dimension(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    files = sorted((EXAMPLES / "trend").glob("*.yaml"))
    result = CliRunner().invoke(cli, ["compare", *map(str, files)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    first = next(line for line in lines if line.startswith("Δ first"))
    previous = next(line for line in lines if line.startswith("Δ prev "))
    assert len(first.split()) == 2 + 7  # the label, then overall and six dimensions
    assert len(previous.split()) == 2 + 7
    rows = [line.split() for line in lines if line[:4] == "2026"]
    assert first.split()[2] == f"{int(rows[-1][1]) - int(rows[0][1]):+d}"


@pytest.mark.parametrize(
    ("audits", "said", "unsaid"),
    [
        (
            ["trend/fernwood-2026-q1.yaml", "trend/fernwood-2026-q4.yaml"],
            "(company-wide, beyond this team)",
            "would follow you",
        ),
        (
            ["demo.yaml", "northwind-payments.yaml"],
            "(would follow you to another team)",
            "beyond this team",
        ),
    ],
    ids=["a manager's own team", "a candidate's companies"],
)
def test_structural_flags_are_explained_for_who_is_reading(
    invoke: Invoke, tmp_path: Path, audits: list[str], said: str, unsaid: str
) -> None:
    paths = [str(EXAMPLES / a) for a in audits]
    text = invoke("compare", "--view", "side-by-side", *paths).output
    (heading,) = [line for line in text.splitlines() if line.startswith("Structural red flags")]
    assert said in heading and unsaid not in heading
    page = tmp_path / "compare.html"
    assert invoke("compare", "--view", "side-by-side", *paths, "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert ("beyond the team" in html) == ("beyond" in said)
