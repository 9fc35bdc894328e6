"""`mlops-audit survey`: the one-file offline survey page, its data, and what the tool makes of
answers files edited by hand. The page itself runs in tests/test_survey_browser.py."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from auditor.checklist import Checklist
from auditor.loading import checklist_dirs, find_checklist, load_checklist
from auditor.survey import red_ranges, survey_data
from tests.conftest import CHECKLISTS, FIXTURES, REPO, assert_no_renderer_imported

Invoke = Callable[..., Result]
Write = Callable[[str, str], Path]
ANSWERS = FIXTURES / "survey" / "answers-tiny.yaml"  # what the page writes (checked byte for byte)
HOSTILE = '</script><script>alert(1)</script><b>bold</b> & "quoted"'


def _culture() -> Checklist:
    return find_checklist("mlops-culture", checklist_dirs())


def _page(invoke: Invoke, out: Path, *args: object) -> str:
    result = invoke("survey", "-o", out, *args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _embedded(html: str) -> dict[str, Any]:
    found = re.search(
        r'<script type="application/json" id="survey-data">(.*?)</script>', html, re.S
    )
    assert found, "no survey data in the page"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def _inline(html: str, tag: str) -> str:
    found = re.search(rf"<{tag}>(.*?)</{tag}>", html, re.S)
    assert found, f"no inline {tag}"
    return found.group(1)


def test_the_survey_is_one_offline_file_anyone_can_read(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "survey.html"
    result = invoke("survey", "--mode", "self", "-o", out)
    assert result.exit_code == 0, result.output
    asked = [q for q in _culture().questions() if q.answer.asked]
    assert re.fullmatch(
        rf"Wrote {re.escape(str(out))} \(\d+ KB, {len(asked)} questions\)\n", result.stderr
    ), result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # questions only: not private
    html = out.read_text(encoding="utf-8")
    # Nothing to fetch: no external script, style, font, image or frame; the policy says so too.
    for fetching in ("src=", "<link", "@import", "url(", "<iframe", "<img", "<object"):
        assert fetching not in html, fetching
    assert html.count("<script") == 2 and html.count("<style") == 1
    script, style = _inline(html, "script"), _inline(html, "style")

    def allowed(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert (
        f'<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; '
        f"script-src &#39;{allowed(script)}&#39;; style-src &#39;{allowed(style)}&#39;; "
        'base-uri &#39;none&#39;; form-action &#39;none&#39;">'
    ) in html
    assert "localStorage" in script and "fetch" not in script and "XMLHttpRequest" not in script


def test_every_question_in_the_chosen_phrasing(invoke: Invoke, tmp_path: Path) -> None:
    checklist = _culture()
    for mode in ("self", "candidate"):
        data = _embedded(_page(invoke, tmp_path / f"{mode}.html", "--mode", mode))
        assert data["mode"] == mode
        assert data["checklist"] == {
            "id": checklist.id,
            "version": checklist.version,
            "hash": checklist.hash,
            "title": checklist.title,
        }
        shown = {q["id"]: q for d in data["dimensions"] for q in d["questions"]}
        asked = [q for q in checklist.questions() if q.answer.asked]
        assert list(shown) == [q.id for q in asked]  # derived metrics are computed, not asked
        assert [q["number"] for q in shown.values()] == list(range(1, len(asked) + 1))
        for question in asked:
            assert shown[question.id]["text"] == question.phrasing(mode)
            assert shown[question.id]["critical"] == question.critical


def test_numbers_come_with_their_unit_and_range(invoke: Invoke, tmp_path: Path) -> None:
    html = _page(invoke, tmp_path / "s.html", "--only", "data-foundations")
    question = next(q for q in _culture().questions() if q.id == "etl-share")
    assert question.answer.unit == "percent" and question.answer.maximum == 100
    assert (
        '<input type="number" id="q_etl-share_number" inputmode="decimal" step="any" min="0" '
        'max="100" aria-describedby="q_etl-share_unit q_etl-share_bucket">'
    ) in html
    assert '<span class="unit" id="q_etl-share_unit">percent (0 to 100)</span>' in html


def test_only_some_dimensions_title_company_and_team(invoke: Invoke, tmp_path: Path) -> None:
    html = _page(
        invoke,
        tmp_path / "s.html",
        "--only",
        "monitoring,compute",
        "--title",
        "Ranking team, Q3",
        "--company",
        "Acme",
        "--team",
        "Ranking",
    )
    data = _embedded(html)
    assert [d["id"] for d in data["dimensions"]] == ["compute", "monitoring"]
    assert data["partial"] is True
    assert (data["title"], data["company"], data["team"]) == ("Ranking team, Q3", "Acme", "Ranking")
    assert "<title>Ranking team, Q3</title>" in html
    assert "<h1>Ranking team, Q3</h1>" in html


def test_default_name_and_standard_output(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("survey", "--mode", "candidate")
    assert result.exit_code == 0, result.output
    assert _embedded((tmp_path / "mlops-culture-survey.html").read_text("utf-8"))["title"] == (
        "Interview survey: " + _culture().title
    )
    piped = invoke("survey", "--checklist", "quick-screen", "-o", "-")
    assert piped.exit_code == 0 and piped.stderr == ""
    assert _embedded(piped.stdout)["checklist"]["id"] == "quick-screen"


def test_a_critical_question_offers_no_not_applicable(invoke: Invoke, tmp_path: Path) -> None:
    html = _page(invoke, tmp_path / "s.html", "--checklist", "tiny", "--checklist-dir", CHECKLISTS)
    assert 'id="q_deploys_na"' not in html  # critical
    assert 'id="q_cycle_na"' in html and 'id="q_cycle_reason"' in html
    assert "This question always applies" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--only", "nope"),
            "Error: checklist 'mlops-culture' has no dimension 'nope'; its dimensions are: "
            "production-ratio, ownership, deploy-cycle, compute, monitoring, data-foundations\n",
        ),
        (
            ("--checklist", "nope"),
            "Error: checklist 'nope' not found; available: mlops-culture, quick-screen\n",
        ),
    ],
)
def test_bad_options_are_clear_errors(
    invoke: Invoke, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = invoke("survey", *args, "-o", tmp_path / "s.html")
    assert result.exit_code == 1
    assert result.stderr == message
    assert not (tmp_path / "s.html").exists()


def test_a_dimension_of_derived_metrics_only_is_refused(write: Write, invoke: Invoke) -> None:
    tiny = (CHECKLISTS / "tiny.yaml").read_text(encoding="utf-8")
    # Move the derived ratio into a dimension of its own: nobody answers it directly.
    ratio_at = tiny.index("      - id: ratio")
    split = (
        tiny[:ratio_at]
        + "  - id: derived-only\n    title: Derived\n    questions:\n"
        + tiny[ratio_at:]
    )
    folder = write("tiny.yaml", split).parent
    result = invoke(
        "survey", "--checklist", "tiny", "--checklist-dir", folder, "--only", "derived-only"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: dimension derived-only of checklist 'tiny' has no question a person answers "
        "(only derived metrics); choose another with --only\n"
    )


def test_hostile_checklist_text_is_escaped(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    tiny = (CHECKLISTS / "tiny.yaml").read_text(encoding="utf-8")
    hostile = json.dumps(HOSTILE)
    (folder / "tiny.yaml").write_text(
        tiny.replace("title: Tiny", f"title: {hostile}")
        .replace("self: Who of us deploys?", f"self: {hostile}")
        .replace("why: Ownership.", f"why: {hostile}")
        .replace("{id: ops, label: Another team,", f"{{id: ops, label: {hostile},"),
        encoding="utf-8",
    )
    html = _page(invoke, tmp_path / "s.html", "--checklist", "tiny", "--checklist-dir", folder)
    assert "<script>alert" not in html and "<b>bold" not in html
    assert html.count("<script") == 2 and html.count("</script>") == 2
    escaped = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;"
    assert f'<span class="qn">1.</span> {escaped}' in html  # the question
    assert f"<title>Team survey: {escaped}</title>" in html
    assert f'<label for="q_deploys_o_ops">{escaped}</label>' in html
    assert f"<p>{escaped}</p>" in html  # why it matters
    # In the embedded data, '<' and '>' are \u escapes: no '</script>' can close the block early.
    data = _embedded(html)
    question = data["dimensions"][0]["questions"][0]
    assert question["text"] == question["why"] == HOSTILE
    assert data["title"] == f"Team survey: {HOSTILE}"
    assert "\\u003c/script\\u003e" in html


def test_the_inlined_assets_cannot_close_their_element() -> None:
    folder = REPO / "report_templates" / "survey"
    for name in ("survey.js", "survey.css"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "</" not in text and "<!--" not in text, name


def test_survey_help_starts_fast() -> None:
    assert_no_renderer_imported("survey", "--help")


def test_writing_a_survey_never_imports_weasyprint(tmp_path: Path) -> None:
    out = tmp_path / "s.html"
    code = (
        "import sys\n"
        f"sys.argv = ['mlops-audit', 'survey', '-o', {str(out)!r}]\n"
        "from auditor.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code in (0, None), exc.code\n"
        "assert 'weasyprint' not in sys.modules\nprint('ok')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert run.stdout.endswith("ok\n"), run.stderr
    assert out.is_file()


def _numbers() -> list[tuple[Any, list[list[float | None]]]]:
    """Every number question of the built-in and the tests' checklists, with the red ranges
    the page is given for it (computed once: finding a curve's edge takes a few milliseconds)."""
    found = []
    for checklist in (_culture(), load_checklist(CHECKLISTS / "tiny.yaml")):
        data = survey_data(checklist, "self")
        shown = {q["id"]: q for d in data["dimensions"] for q in d["questions"]}
        found += [
            (q, shown[q.id]["red_ranges"])
            for q in checklist.questions()
            if q.answer.kind == "number"
        ]
    return found


@pytest.mark.parametrize(("question", "ranges"), _numbers(), ids=lambda v: getattr(v, "id", ""))
@given(value=st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_the_page_asks_a_cause_exactly_where_the_scorer_sees_red(
    question: Any, ranges: list[list[float | None]], value: float
) -> None:
    """The page decides "red" from these ranges; the scorer decides from the answer itself."""
    low, high = question.answer.minimum, question.answer.maximum
    if value < (low or 0) or (high is not None and value > high):
        return
    for start, end in ranges:  # a curve's edge is found to six digits
        for edge in (start, end):
            if edge is not None and math.isclose(value, edge, rel_tol=1e-5):
                return
    in_red = any(
        (start is None or value >= start) and (end is None or value < end) for start, end in ranges
    )
    scored = question.weight > 0 and question.answer.score(value).signal == "red"
    assert in_red == scored


def test_red_ranges_of_buckets_and_curves() -> None:
    questions = {q.id: q for q in _culture().questions()}
    assert red_ranges(questions["shipped-last-year"].answer) == [[None, 1.0]]
    assert red_ranges(questions["etl-share"].answer) == [[50.0, 70.0], [70.0, None]]
    [[edge, above]] = red_ranges(questions["gpu-days"].answer)  # lower is better: red from edge
    assert above is None and questions["gpu-days"].answer.score(edge * 1.001).signal == "red"
    assert questions["gpu-days"].answer.score(edge * 0.999).signal != "red"


# Answers files edited by hand get the errors of any audit: file, line, key, and exit 1.

TAMPERED = [
    (
        "an option id edited",
        ('answer: "ops"', 'answer: "opz"'),
        "11: answers.deploys.answer: expected one of: team, ops, nobody; got 'opz'",
    ),
    (
        "not a number",
        ("{answer: 3,", "{answer: .nan,"),
        "12: answers.cycle.answer: .nan (not a number) is not accepted; write a number",
    ),
    (
        "NaN as text",
        ("{answer: 3,", '{answer: "NaN",'),
        "12: answers.cycle.answer: expected a number of weeks, got 'NaN'",
    ),
    (
        "an unknown key",
        ('{unknown: "did-not-know"}', '{unknown: "did-not-know", colour: "red"}'),
        "13: answers.alerts.colour: unknown key 'colour'; expected one of: answer, na, nature, "
        "note, responses, unknown",
    ),
    (
        "a critical question marked not applicable",
        ('"deploys": {answer: "ops",', '"deploys": {na: "we buy our models",'),
        "11: answers.deploys.na: a critical question cannot be 'not applicable' (it could lift a "
        "knock-out); answer it, or mark it 'unknown: did-not-know'",
    ),
    (
        "a mangled checklist hash",
        ("sha256:b3a62f4d6fb41465", "sha256:b3a62f4d6fb4146"),
        "4: checklist.hash: expected a checklist hash as the tool writes it ('sha256:' and 16 hex "
        "digits), got 'sha256:b3a62f4d6fb4146'; remove the line to check the answers against the "
        "checklist's version instead",
    ),
    (
        "a number out of range",
        ('"prod": {answer: 2.5}', '"prod": {answer: -1}'),
        "14: answers.prod.answer: expected at least 0 models, got -1",
    ),
]


def test_the_answers_fixture_is_current() -> None:
    """It names the hash of the tiny checklist: were that to change, the tampering below would
    test a changed checklist instead (and the browser test, which writes it, fails too)."""
    assert load_checklist(CHECKLISTS / "tiny.yaml").hash in ANSWERS.read_text(encoding="utf-8")


@pytest.mark.parametrize(("what", "edit", "error"), TAMPERED, ids=[t[0] for t in TAMPERED])
def test_a_tampered_answers_file_gets_a_clear_error(
    invoke: Invoke, tmp_path: Path, what: str, edit: tuple[str, str], error: str
) -> None:
    text = ANSWERS.read_text(encoding="utf-8")
    assert edit[0] in text, what
    path = tmp_path / "answers.yaml"
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    for command in ("validate", "score"):
        result = invoke(command, "--checklist-dir", CHECKLISTS, path)
        assert result.exit_code == 1, result.output
        prefix = "" if command == "validate" else "Error: "
        assert result.stderr == f"{prefix}{path}:{error}\n"
        assert "Traceback" not in result.output
    other = tmp_path / "other.yaml"
    other.write_text(text.replace('"ML engineer"', '"Data scientist"'), encoding="utf-8")
    merged = invoke("merge", "--checklist-dir", CHECKLISTS, other, path, "-o", tmp_path / "m.yaml")
    assert merged.exit_code == 1
    assert merged.stderr == f"Error: {path}:{error}\n"


def test_an_answers_file_from_another_checklist_version_is_named_in_a_merge(
    invoke: Invoke, tmp_path: Path
) -> None:
    text = ANSWERS.read_text(encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(text, encoding="utf-8")
    odd = tmp_path / "odd.yaml"
    odd.write_text(
        text.replace("sha256:b3a62f4d6fb41465", "sha256:0123456789abcdef").replace(
            '"ML engineer"', '"Data scientist"'
        ),
        encoding="utf-8",
    )
    for order in ((good, odd), (odd, good)):
        result = invoke("merge", "--checklist-dir", CHECKLISTS, *order, "-o", tmp_path / "m.yaml")
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {odd}:4: checklist.hash: answered against another version of checklist tiny "
            f"(1.0, sha256:0123456789abcdef) than {good} (1.0, sha256:b3a62f4d6fb41465); merge "
            "answers to one version: ask for a new answers file, or leave this one out\n"
        )
    assert not (tmp_path / "m.yaml").exists()
