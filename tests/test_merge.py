"""``mlops-audit merge``: every respondent kept, no invented answer, disagreements as findings."""

from __future__ import annotations

import json
import stat
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.audit import build_audit
from auditor.errors import AuditorError
from auditor.loading import load_audit, load_checklist
from auditor.merge import merge_audits, respondent_ids
from auditor.scoring import score_audit
from auditor.yamlio import dump_yaml, parse_yaml, read_yaml
from tests.conftest import CHECKLISTS, EXAMPLES

Write = Callable[[str, str], Path]
Invoke = Callable[..., Result]
TINY = load_checklist(CHECKLISTS / "tiny.yaml")


@pytest.fixture(autouse=True)
def _terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text output wraps to the terminal: pin its width so the expected lines are exact."""
    monkeypatch.setenv("COLUMNS", "100")


MANAGER = """\
    checklist: {id: tiny, version: "1.0"}
    mode: candidate
    company: Acme
    team: Ranking
    date: 2026-11-20
    respondent: hiring manager
    respondent_name: Ada Lovelace
    answers:
      deploys: {answer: team, note: "We own it end to end"}
      cycle: {answer: 0.5}
      alerts: {unknown: did-not-know}
      prod: {answer: 2}
      dev: {answer: 8}
"""

ENGINEER = """\
    checklist: {id: tiny, version: "1.0"}
    mode: candidate
    company: acme
    date: 2026-11-21
    respondent: ML engineer
    respondent_name: Bo Chen
    answers:
      deploys: {answer: nobody, note: "Nothing has shipped in a year"}
      cycle: {answer: 3}
      alerts: {answer: yes}
      prod: {answer: 1}
"""

LEAD = """\
    checklist: {id: tiny, version: "1.0"}
    mode: candidate
    company: Acme
    team: Ranking
    date: 2026-11-22
    respondent: ML engineer
    answers:
      deploys: {answer: ops}
      cycle: {answer: 2}
      alerts: {answer: yes}
"""


def _merge(invoke: Invoke, *files: Path, out: Path, extra: tuple[str, ...] = ()) -> Result:
    return invoke("merge", "--checklist-dir", CHECKLISTS, *files, "-o", out, *extra)


def test_merge_keeps_every_respondent_and_invents_no_answer(
    write: Write, invoke: Invoke, tmp_path: Path
) -> None:
    files = [write("hm.yaml", MANAGER), write("eng.yaml", ENGINEER), write("lead.yaml", LEAD)]
    out = tmp_path / "combined.yaml"
    result = _merge(invoke, *files, out=out)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Merged 3 audits into {out}: 5 questions answered, 2 where answers disagree "
        "(2 in conflict).",
        "  ! deploys: conflict, 100 points apart",
        "  ! cycle: conflict, 80 points apart",
        f"Score it with `mlops-audit score {out}`.",
    ]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = read_yaml(out).data
    assert [s["id"] for s in data["respondents"]] == [
        "hiring-manager",
        "ml-engineer",
        "ml-engineer-2",
    ]
    assert data["respondents"][0]["respondent_name"] == "Ada Lovelace"
    assert (data["company"], data["team"], data["date"]) == ("Acme", "Ranking", "2026-11-22")
    # No answer is written that nobody gave: only what each respondent said.
    assert data["answers"]["deploys"] == {
        "responses": {
            "hiring-manager": {"answer": "team", "note": "We own it end to end"},
            "ml-engineer": {"answer": "nobody", "note": "Nothing has shipped in a year"},
            "ml-engineer-2": {"answer": "ops"},
        }
    }
    assert data["answers"]["alerts"]["responses"]["hiring-manager"] == {"unknown": "did-not-know"}
    assert all("answer" not in entry for entry in data["answers"].values())
    assert all("spread" not in entry for entry in data["answers"].values())


def test_a_merged_question_spans_its_respondents(
    write: Write, invoke: Invoke, tmp_path: Path
) -> None:
    files = [write("hm.yaml", MANAGER), write("eng.yaml", ENGINEER), write("lead.yaml", LEAD)]
    out = tmp_path / "combined.yaml"
    assert _merge(invoke, *files, out=out).exit_code == 0
    result = score_audit(TINY, load_audit(out, [CHECKLISTS])[0])
    deploys = next(q for q in result.questions() if q.question.id == "deploys")
    # Scores 1, 0 and 0.5: the point is their median, the range the worst and best of them.
    assert (deploys.score, deploys.low, deploys.high) == (0.5, 0.0, 1.0)
    assert deploys.value is None and deploys.signal == "mixed"
    # One respondent's knock-out answer stands as a finding until it is resolved.
    assert [q.question.id for q in result.disputed_knockouts] == ["deploys"]
    assert result.point.level == 0 and result.optimistic.level >= result.point.level
    flag = next(f for f in result.red_flags if f.item.question.id == "deploys")
    assert flag.said_by == ("ml-engineer",)


def test_merged_audit_scores_and_shows_who_said_what(
    write: Write, invoke: Invoke, tmp_path: Path
) -> None:
    files = [write("hm.yaml", MANAGER), write("eng.yaml", ENGINEER), write("lead.yaml", LEAD)]
    out = tmp_path / "combined.yaml"
    assert _merge(invoke, *files, out=out).exit_code == 0
    text = invoke("score", "--checklist-dir", CHECKLISTS, out).output
    assert text.splitlines()[4].startswith("ASK MORE · Ask more: the people you met disagree")
    section = text[text.index("Where answers disagree") :].splitlines()
    assert section[1:5] == [
        "  ≠ Who deploys? [deploys, conflict]",
        "      Ada Lovelace (hiring manager): The team",
        "      Bo Chen (ML engineer): Nobody",
        "      ML engineer: Another team",
    ]
    data = json.loads(
        invoke("score", "--checklist-dir", CHECKLISTS, out, "--format", "json").output
    )
    finding = data["disagreements"][0]
    assert [d["question"] for d in data["disagreements"]] == ["deploys", "cycle"]
    assert finding["answers"][0] == {
        "respondent": "Ada Lovelace (hiring manager)",
        "status": "answered",
        "answer": "The team",
        "signal": "green",
        "nature": None,
        "note": "We own it end to end",
    }
    assert finding["conflict"] is True and finding["resolved"] is False
    rules = [r["rule"] for r in data["decision"]["reasons"]]
    assert data["decision"]["decision"] == "ask-more" and rules[0] == "disagreement"
    assert [m["id"] for m in data["respondents"]] == [
        "hiring-manager",
        "ml-engineer",
        "ml-engineer-2",
    ]


def test_an_answer_written_beside_the_responses_settles_the_question(
    write: Write, invoke: Invoke, tmp_path: Path
) -> None:
    files = [write("hm.yaml", MANAGER), write("eng.yaml", ENGINEER)]
    out = tmp_path / "combined.yaml"
    assert _merge(invoke, *files, out=out).exit_code == 0
    settled = out.read_text().replace("  deploys:\n", "  deploys:\n    answer: ops\n", 1)
    out.write_text(settled)
    data = json.loads(
        invoke("score", "--checklist-dir", CHECKLISTS, out, "--format", "json").output
    )
    deploys = next(d for d in data["disagreements"] if d["question"] == "deploys")
    assert deploys["resolved"] is True and deploys["agreed"] == "Another team"
    rules = [(r["rule"], r["questions"]) for r in data["decision"]["reasons"]]
    assert ("disagreement", ["deploys"]) not in rules


def test_redacted_merge_view_has_no_names_or_notes(write: Write, tmp_path: Path) -> None:
    from auditor.assessment import assess

    files = [write("hm.yaml", MANAGER), write("eng.yaml", ENGINEER)]
    audits = [load_audit(f, [CHECKLISTS])[0] for f in files]
    doc = parse_yaml(dump_yaml(merge_audits(TINY, audits)), str(tmp_path / "m.yaml"))
    merged = build_audit(doc, TINY)
    shown = json.dumps(assess(score_audit(TINY, merged), redact=True))
    for private in ("Ada", "Lovelace", "Bo Chen", "shipped in a year", "end to end"):
        assert private not in shown
    assert "hiring manager" in shown


GREENS = """    id: greens
    version: "1"
    title: Two greens
    bands:
      - {min: 0, level: 0, name: Low, candidate: Low., self: Low.}
      - {min: 50, level: 1, name: High, candidate: High., self: High.}
    dimensions:
      - id: d
        title: D
        questions:
          - id: q
            candidate: Q?
            self: Q?
            why: Because.
            answer:
              kind: choice
              options:
                - {id: best, label: Best, score: 1}
                - {id: good, label: Good, score: 0.76}
"""


def test_threshold_flags_answers_far_apart_in_the_same_signal(
    write: Write, invoke: Invoke, tmp_path: Path
) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "greens.yaml").write_text(textwrap.dedent(GREENS))
    audit = "checklist: {{id: greens}}\nmode: candidate\nrespondent: {who}\nanswers:\n  q: {{answer: {a}}}\n"
    a = write("a.yaml", audit.format(who="cto", a="best"))
    b = write("b.yaml", audit.format(who="engineer", a="good"))
    out = tmp_path / "m.yaml"

    def disagreements(*extra: str) -> list[str]:
        merged = invoke("merge", "--checklist-dir", tmp_path / "lists", a, b, "-o", out, *extra)
        assert merged.exit_code == 0, merged.output
        data = json.loads(
            invoke("score", "--checklist-dir", tmp_path / "lists", out, "--format", "json").output
        )
        return [d["question"] for d in data["disagreements"]]

    assert disagreements() == []  # both green, 24 points apart: under the default 30
    # The default is the audit format's own: the merged file does not need to say it, and it
    # scores as the same people recorded as voices of one file (which never write one).
    assert "disagreement_threshold" not in yaml.safe_load(out.read_text(encoding="utf-8"))
    assert disagreements("--threshold", "20") == ["q"]


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (
            MANAGER.replace("company: Acme", "company: Globex"),
            "conflicting company: {a} says 'Acme', {b} says 'Globex'; merge audits of one company "
            "and team",
        ),
        (
            MANAGER.replace("team: Ranking", "team: Search"),
            "conflicting team: {a} says 'Ranking', {b} says 'Search'; merge audits of one company "
            "and team",
        ),
        (
            MANAGER.replace("mode: candidate", "mode: self"),
            "conflicting mode: {a} says 'candidate', {b} says 'self'; merge audits of one company "
            "and team",
        ),
    ],
)
def test_conflicting_metadata_is_one_clear_error(
    write: Write, invoke: Invoke, tmp_path: Path, second: str, message: str
) -> None:
    a, b = write("a.yaml", MANAGER), write("b.yaml", second)
    result = _merge(invoke, a, b, out=tmp_path / "m.yaml")
    assert result.exit_code == 1
    assert result.stderr == "Error: " + message.format(a=a, b=b) + "\n"
    assert not (tmp_path / "m.yaml").exists()


def test_merge_bad_input(write: Write, invoke: Invoke, tmp_path: Path) -> None:
    a = write("a.yaml", MANAGER)
    out = tmp_path / "m.yaml"
    one = _merge(invoke, a, out=out)
    assert (one.exit_code, one.stderr) == (1, "Error: merge needs at least two audits, got 1\n")
    missing = _merge(invoke, a, tmp_path / "nope.yaml", out=out)
    assert missing.stderr == f"Error: {tmp_path / 'nope.yaml'}: no such file\n"
    twice = _merge(invoke, a, a, out=out)
    assert twice.stderr == f"Error: {a} is given twice; merge each respondent once\n"
    onto_input = _merge(invoke, a, write("b.yaml", LEAD), out=a)
    assert onto_input.stderr == (
        f"Error: {a} is one of the audits being merged; write the merge to another file\n"
    )
    assert read_yaml(a).data["respondent_name"] == "Ada Lovelace"  # untouched
    nowhere = _merge(invoke, a, write("b2.yaml", LEAD), out=tmp_path / "no" / "m.yaml")
    assert (
        nowhere.stderr
        == f"Error: {tmp_path / 'no' / 'm.yaml'}: folder {tmp_path / 'no'} does not exist\n"
    )
    no_help = invoke("merge", a, write("c.yaml", LEAD))
    assert no_help.exit_code == 2 and "Missing option '-o'" in no_help.stderr


def test_merging_a_merged_audit_is_refused(write: Write, invoke: Invoke, tmp_path: Path) -> None:
    a, b = write("a.yaml", MANAGER), write("b.yaml", LEAD)
    merged = tmp_path / "m.yaml"
    assert _merge(invoke, a, b, out=merged).exit_code == 0
    again = _merge(invoke, merged, write("c.yaml", ENGINEER), out=tmp_path / "n.yaml")
    assert again.stderr == (
        f"Error: {merged} already holds several respondents; merge the respondents' own audits "
        "instead, so that each is counted once\n"
    )


def test_unrelated_checklists_are_refused(write: Write, invoke: Invoke, tmp_path: Path) -> None:
    other = (CHECKLISTS / "tiny.yaml").read_text().replace("id: tiny", "id: other", 1)
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "other.yaml").write_text(other)
    a = write("a.yaml", MANAGER)
    b = write("b.yaml", MANAGER.replace("id: tiny", "id: other"))
    result = invoke(
        "merge", "--checklist-dir", CHECKLISTS, "--checklist-dir", tmp_path / "lists", a, b,
        "-o", tmp_path / "m.yaml",
    )  # fmt: skip
    assert result.stderr == (
        f"Error: {b} is an audit for checklist 'other', {a} for 'tiny'; merge audits of one "
        "checklist\n"
    )


def test_a_respondent_not_declared_is_located(write: Write, invoke: Invoke) -> None:
    bad = write(
        "bad.yaml",
        """\
        checklist: {id: tiny, version: "1.0"}
        mode: candidate
        respondents:
          - {id: cto, file: cto.yaml}
          - {id: eng, file: eng.yaml}
        answers:
          deploys:
            answer: team
            responses:
              cto: {answer: team}
              ceo: {answer: team}
        """,
    )
    result = invoke("validate", "--checklist-dir", CHECKLISTS, bad)
    assert result.stderr == (
        f"{bad}:11: answers.deploys.responses.ceo: no respondent 'ceo' in respondents; "
        "expected one of: cto, eng\n"
    )
    wrong = write(
        "wrong.yaml", bad.read_text().replace("ceo: {answer: team}", "eng: {answer: all}")
    )
    result = invoke("validate", "--checklist-dir", CHECKLISTS, wrong)
    assert result.stderr == (
        f"{wrong}:11: answers.deploys.responses.eng.answer: expected one of: team, ops, "
        "nobody; got 'all'\n"
    )


def test_respondent_ids_come_from_roles_never_names() -> None:
    audits = [
        build_audit(parse_yaml(textwrap.dedent(text), f"{n}.yaml"), TINY)
        for n, text in enumerate(
            [MANAGER, ENGINEER, LEAD, MANAGER.replace("    respondent: hiring manager\n", "")]
        )
    ]
    assert respondent_ids(audits) == [
        "hiring-manager",
        "ml-engineer",
        "ml-engineer-2",
        "respondent-4",
    ]


# --- invariants ---------------------------------------------------------------------------

_CHOICES = st.sampled_from(["team", "ops", "nobody", None])
_WEEKS = st.one_of(st.none(), st.floats(0, 50, allow_nan=False).map(lambda w: round(w, 1)))
_YESNO = st.sampled_from(["yes", "no", None])


@st.composite
def _audit_text(draw: st.DrawFn) -> str:
    lines = ["checklist: {id: tiny}", "mode: self", "company: Acme", "answers:"]
    for question, value in (
        ("deploys", draw(_CHOICES)),
        ("cycle", draw(_WEEKS)),
        ("alerts", draw(_YESNO)),
        ("prod", draw(st.one_of(st.none(), st.integers(0, 30)))),
        ("dev", draw(st.one_of(st.none(), st.integers(1, 30)))),
    ):
        entry = "{unknown: did-not-know}" if value is None else f"{{answer: {value}}}"
        lines.append(f"  {question}: {entry}")
    return "\n".join(lines) + "\n"


def _scores(data: dict[str, object], name: str = "merged.yaml") -> list[float | None]:
    result = score_audit(TINY, build_audit(parse_yaml(dump_yaml(data), name), TINY))
    return [result.overall.score, *(d.estimate.score for d in result.dimensions)]


@settings(max_examples=60, deadline=None)
@given(_audit_text())
def test_merging_an_audit_with_itself_keeps_its_scores(text: str) -> None:
    one = build_audit(parse_yaml(text, "a.yaml"), TINY)
    two = build_audit(parse_yaml(text, "b.yaml"), TINY)
    merged = merge_audits(TINY, [one, two])
    result = score_audit(TINY, one)
    assert _scores(merged) == [result.overall.score, *(d.estimate.score for d in result.dimensions)]
    again = score_audit(TINY, build_audit(parse_yaml(dump_yaml(merged), "m.yaml"), TINY))
    assert again.disagreements == ()


@settings(max_examples=60, deadline=None)
@given(st.lists(_audit_text(), min_size=2, max_size=5), st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_the_order_of_files(texts: list[str], rnd: object) -> None:
    audits = [build_audit(parse_yaml(t, f"{i}.yaml"), TINY) for i, t in enumerate(texts)]
    shuffled = list(audits)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    first, second = merge_audits(TINY, audits), merge_audits(TINY, shuffled)
    assert _scores(first) == _scores(second)


@settings(max_examples=60, deadline=None)
@given(st.lists(_audit_text(), min_size=2, max_size=5))
def test_a_merged_question_spans_exactly_what_respondents_said(texts: list[str]) -> None:
    audits = [build_audit(parse_yaml(t, f"{i}.yaml"), TINY) for i, t in enumerate(texts)]
    merged = merge_audits(TINY, audits)
    per_source = [
        {q.question.id: q.score for q in score_audit(TINY, a).questions()} for a in audits
    ]
    result = score_audit(TINY, build_audit(parse_yaml(dump_yaml(merged), "m.yaml"), TINY))
    for item in result.questions():
        given_scores = [s[item.question.id] for s in per_source if s[item.question.id] is not None]
        if item.question.answer.kind == "derived" or not given_scores:
            continue
        assert item.score is not None  # someone answered: the unknown is filled
        assert (item.low, item.high) == (min(given_scores), max(given_scores))
        assert item.low <= item.score <= item.high
        # Never an answer nobody gave: a value is shown only when everyone who answered agreed.
        values = {v.value for v in item.voices if v.value is not None}
        assert item.value is None or values == {item.value}


def test_merge_error_for_fewer_than_two_is_raised_by_the_core() -> None:
    audit = build_audit(parse_yaml(textwrap.dedent(MANAGER), "a.yaml"), TINY)
    with pytest.raises(AuditorError, match=r"^merge needs at least two audits, got 1$"):
        merge_audits(TINY, [audit])


def test_example_respondents_disagree_on_monitoring(invoke: Invoke, tmp_path: Path) -> None:
    files = sorted((EXAMPLES / "respondents").glob("*.yaml"))
    out = tmp_path / "harborview.yaml"
    assert invoke("merge", *files, "-o", out).exit_code == 0
    data = json.loads(invoke("score", out, "--format", "json").output)
    found = {d["question"]: d for d in data["disagreements"]}
    assert found["monitored-share"]["conflict"] is True
    said = {a["respondent"]: a["answer"] for a in found["monitored-share"]["answers"]}
    assert said["Priya Raman (hiring manager)"].startswith("100%")
    assert said["Tomás Ortega (ML engineer)"].startswith("0%")
    assert found["monitored-share"]["spread"] == 100.0
    assert len(data["respondents"]) == 4
    # 0% monitored is a knock-out for one respondent: it stands until resolved, and no
    # decision is given before the disagreement is.
    assert data["decision"]["decision"] == "ask-more"
    assert "monitored-share" in data["decision"]["reasons"][0]["questions"]
    monitored = next(
        q for d in data["dimensions"] for q in d["questions"] if q["id"] == "monitored-share"
    )
    assert monitored["knockout"] == "disputed" and monitored["value"] is None
    # No consensus value is made up: the answer is what each of them said.
    assert monitored["answer"] is not None and monitored["answer"].count(":") == 4


def test_answers_to_removed_questions_are_kept_through_a_merge(
    write: Write, invoke: Invoke, tmp_path: Path
) -> None:
    old_ref = 'checklist: {id: tiny, version: "0.9", hash: "sha256:0000000000000000"}'
    first = MANAGER.replace('checklist: {id: tiny, version: "1.0"}', old_ref)
    first = first.replace("    answers:\n", '    answers:\n      gone: {answer: 3, note: "kept"}\n')
    second = LEAD.replace('checklist: {id: tiny, version: "1.0"}', old_ref)
    out = tmp_path / "m.yaml"
    assert _merge(invoke, write("a.yaml", first), write("b.yaml", second), out=out).exit_code == 0
    data = read_yaml(out).data
    assert data["checklist"]["hash"] == "sha256:0000000000000000"
    assert data["answers"]["gone"] == {
        "responses": {"hiring-manager": {"answer": "3", "note": "kept"}},
    }
    scored = json.loads(
        invoke("score", "--checklist-dir", CHECKLISTS, out, "--format", "json").output
    )
    assert [o["question"] for o in scored["orphaned_answers"]] == ["gone"]


def test_different_checklist_versions_are_refused(
    write: Write, invoke: Invoke, tmp_path: Path
) -> None:
    old_ref = 'checklist: {id: tiny, version: "0.9", hash: "sha256:0000000000000000"}'
    a = write("a.yaml", MANAGER.replace('checklist: {id: tiny, version: "1.0"}', old_ref))
    current = load_checklist(CHECKLISTS / "tiny.yaml")
    new_ref = f'checklist: {{id: tiny, version: "1.0", hash: "{current.hash}"}}'
    b = write("b.yaml", LEAD.replace('checklist: {id: tiny, version: "1.0"}', new_ref))
    result = _merge(invoke, a, b, out=tmp_path / "m.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {a}:1: checklist.hash: answered against another version of checklist tiny "
        f"(0.9, sha256:0000000000000000) than {b} (1.0, {current.hash}); merge answers to one "
        "version: ask for a new answers file, or leave this one out\n"
    )


def test_report_of_a_merged_audit_shows_who_said_what(invoke: Invoke, tmp_path: Path) -> None:
    files = sorted((EXAMPLES / "respondents").glob("*.yaml"))
    merged = tmp_path / "m.yaml"
    assert invoke("merge", *files, "-o", merged).exit_code == 0
    html_path, redacted_path = tmp_path / "m.html", tmp_path / "m-redacted.html"
    assert invoke("report", merged, "--format", "html", "-o", html_path).exit_code == 0
    assert (
        invoke("report", merged, "--format", "html", "--redact", "-o", redacted_path).exit_code == 0
    )
    html, redacted = html_path.read_text(), redacted_path.read_text()
    assert "Where answers disagree" in html and "Where answers disagree" in redacted
    assert "Priya Raman (hiring manager)" in html and "Tomás Ortega (ML engineer)" in html
    for name in ("Priya", "Tomás", "Lena", "Kwame"):
        assert name not in redacted
    assert "hiring manager" in redacted


def test_two_respondents_give_no_midpoint(write: Write, invoke: Invoke, tmp_path: Path) -> None:
    """'team' (1) against 'nobody' (0): the estimate is one of their answers, never 0.5; with
    an even count the lower middle one, the more careful reading."""
    files = [write("hm.yaml", MANAGER), write("eng.yaml", ENGINEER)]
    out = tmp_path / "two.yaml"
    assert _merge(invoke, *files, out=out).exit_code == 0
    result = score_audit(TINY, load_audit(out, [CHECKLISTS])[0])
    deploys = next(q for q in result.questions() if q.question.id == "deploys")
    assert (deploys.score, deploys.low, deploys.high) == (0.0, 0.0, 1.0)
    given = {v.score for v in deploys.voices if v.score is not None}
    for item in result.questions():
        if item.voices and item.score is not None:
            assert item.score in {v.score for v in item.voices}, item.question.id
    assert given == {0.0, 1.0}
