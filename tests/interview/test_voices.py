"""Several voices in one audit file: `interview --respondent` adds a person's answers beside the
others', and the file scores as `merge` of the same people's own files does."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from auditor.assessment import assess
from auditor.checklist import Checklist
from auditor.cli import cli
from auditor.errors import AuditorError
from auditor.interview.session import Change, Session
from auditor.interview.voices import whose
from auditor.loading import checklist_dirs, find_checklist, load_audit
from auditor.scoring import score_audit
from tests.conftest import CHECKLISTS, EXAMPLES

TINY = ("--checklist-dir", str(CHECKLISTS))
NEW = (
    "--checklist",
    "tiny",
    "--mode",
    "candidate",
    "--company",
    "Acme",
    "--team",
    "R",
    "--role",
    "MLE",
)


def interview(path: Path, lines: str, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["interview", str(path), *TINY, *args], input=lines, catch_exceptions=False
    )


def flat(text: str) -> str:
    return " ".join(text.split())


def data_of(path: Path) -> dict[str, Any]:
    load_audit(path, [CHECKLISTS])  # it loads as `score` reads it
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture
def two_voices(tmp_path: Path) -> Path:
    path = tmp_path / "acme.yaml"
    first = interview(path, "1\n3\ny\n2\n8\n", *NEW, "--respondent", "hiring manager")
    assert first.exit_code == 0, first.output
    second = interview(path, "2\nnote\nhe laughed\n30\nn\nu\n2\n4\n", "--respondent", "ML engineer")
    assert second.exit_code == 0, second.output
    return path


def test_a_second_person_turns_the_audit_into_voices_losing_nothing(two_voices: Path) -> None:
    data = data_of(two_voices)
    assert data["respondent"] == "hiring manager, ML engineer"
    assert [r["id"] for r in data["respondents"]] == ["hiring-manager", "ml-engineer"]
    assert data["respondents"][0]["respondent"] == "hiring manager"
    assert data["answers"] == {
        "deploys": {
            "responses": {"hiring-manager": {"answer": "team"}, "ml-engineer": {"answer": "ops"}}
        },
        "cycle": {
            "responses": {
                "hiring-manager": {"answer": 3},
                "ml-engineer": {"answer": 30, "note": "he laughed"},
            }
        },
        "alerts": {
            "responses": {"hiring-manager": {"answer": "yes"}, "ml-engineer": {"answer": "no"}}
        },
        "prod": {
            "responses": {
                "hiring-manager": {"answer": 2},
                "ml-engineer": {"unknown": "did-not-know"},
            }
        },
        "dev": {"responses": {"hiring-manager": {"answer": 8}, "ml-engineer": {"answer": 4}}},
    }


def test_the_new_voice_is_asked_everything_and_sees_the_others_apart(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    interview(path, "1\n3\ny\n2\n8\n", *NEW, "--respondent", "hiring manager", "--name", "Priya")
    result = interview(path, "2\n", "--respondent", "ML engineer", "--name", "Tomás")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert (
        f"{path} now holds the answers of 2 people: the 5 already in it are kept as those of "
        "Priya (hiring manager), respondent hiring-manager; every question is now asked for "
        "Tomás (ML engineer), respondent ml-engineer."
    ) in out
    assert "0 of 5 questions have an answer or an unknown; 5 to go." in out
    # The others' answers are shown as theirs, never as this person's current answer.
    assert "Others said: hiring manager: The team" in out
    assert "Current answer" not in out
    # Input ended after one answer: the resume command names the person.
    assert (
        f"mlops-audit interview {path} --checklist-dir {CHECKLISTS} --respondent 'ML engineer' --name 'Tomás'"
        in out
    )


def test_naming_someone_already_in_the_file_resumes_their_answers(two_voices: Path) -> None:
    result = interview(two_voices, "", "--respondent", "ml-engineer", "--review")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "Recording the answers of ML engineer." in out
    assert "Current answer: Another team (Enter keeps it)" in out
    assert "Others said: hiring manager: The team" in out
    # Spelling aside, a role names the same person; a note is theirs alone.
    result = interview(two_voices, "\nnote\n-\n", "--respondent", "ML Engineer", "--review")
    assert result.exit_code == 0, result.output
    cycle = data_of(two_voices)["answers"]["cycle"]["responses"]
    assert cycle == {"hiring-manager": {"answer": 3}, "ml-engineer": {"answer": 30}}
    assert len(data_of(two_voices)["respondents"]) == 2


def test_names_tell_apart_two_people_of_one_role(two_voices: Path) -> None:
    # The ML engineer recorded without a name takes the name given...
    interview(two_voices, "", "--respondent", "ML engineer", "--name", "Tomás")
    # ...and a second ML engineer, by another name, is a new voice.
    result = interview(two_voices, "1\n", "--respondent", "ML engineer", "--name", "Lee")
    assert result.exit_code == 0, result.output
    assert f"Adding Lee (ML engineer) to {two_voices}, respondent ml-engineer-2 (3 people)" in flat(
        result.output
    )
    data = data_of(two_voices)
    assert [(r["id"], r.get("respondent_name")) for r in data["respondents"]] == [
        ("hiring-manager", None),
        ("ml-engineer", "Tomás"),
        ("ml-engineer-2", "Lee"),
    ]
    assert data["answers"]["deploys"]["responses"]["ml-engineer-2"] == {"answer": "team"}
    # A role that now names two people needs the name or the id.
    result = interview(two_voices, "", "--respondent", "ML engineer")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {two_voices}: several people match --respondent 'ML engineer': ml-engineer = "
        "Tomás (ML engineer), ml-engineer-2 = Lee (ML engineer); give --respondent with one of "
        "these ids, or --name\n"
    )
    assert interview(two_voices, "", "--respondent", "ml-engineer-2").exit_code == 0
    assert interview(two_voices, "", "--name", "lee").exit_code == 0


def test_an_audit_of_several_people_needs_to_know_whose_answers(two_voices: Path) -> None:
    before = two_voices.read_bytes()
    result = interview(two_voices, "1\n")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {two_voices} holds the answers of 2 people (hiring-manager = hiring manager, "
        "ml-engineer = ML engineer); say whose answers to record with --respondent ROLE (and "
        '--name NAME to tell two people of one role apart), e.g. --respondent "ML engineer"\n'
    )
    result = interview(two_voices, "1\n", "--name", "Sam")
    assert result.output == (
        f"Error: {two_voices}: nobody named 'Sam' answered this audit (hiring-manager = hiring "
        "manager, ml-engineer = ML engineer); to add them, give their role too: --respondent "
        "ROLE --name NAME\n"
    )
    assert two_voices.read_bytes() == before


def test_answers_nobody_is_named_for_are_not_given_to_someone(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("checklist: {id: tiny}\nmode: candidate\nanswers:\n  deploys: {answer: team}\n")
    before = path.read_bytes()
    result = interview(path, "1\n", "--respondent", "platform")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path} does not say who gave its answers, so another person's cannot be told "
        f"apart from them; add `respondent: <their role>` to {path} (e.g. respondent: hiring "
        "manager), then run the command again\n"
    )
    assert path.read_bytes() == before
    # With no answer yet, --respondent just says who answers (as before voices).
    empty = tmp_path / "b.yaml"
    empty.write_text("checklist: {id: tiny}\nmode: candidate\nanswers: {}\n")
    assert interview(empty, "", "--respondent", "platform").exit_code == 0
    assert data_of(empty)["respondent"] == "platform" and "respondents" not in data_of(empty)


def test_the_first_voice_keeps_its_comments_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            # Round 1 by phone.
            checklist: {id: tiny, version: "1.0"}
            mode: candidate
            company: Acme   # the parent company
            respondent: HM
            respondent_name: Jo
            interviewer: me
            answers:
              deploys: {answer: team, note: "said proudly"}   # check with the engineers
              cycle:
                answer: 4  # a month, roughly
                note: they said a month
              alerts: {unknown: not-asked}
            """
        )
    )
    result = interview(path, "1\n1\ny\n", "--respondent", "platform")
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output
    text = path.read_text(encoding="utf-8")
    for comment in (
        "# Round 1 by phone.",
        "# the parent company",
        "# check with the engineers",
        "# a month, roughly",
    ):
        assert text.count(comment) == 1, (comment, text)
    data = data_of(path)
    assert data["interviewer"] == "me" and "respondent_name" not in data
    assert data["respondents"][0] == {"id": "hm", "respondent": "HM", "respondent_name": "Jo"}
    assert data["answers"]["cycle"]["responses"]["hm"] == {"answer": 4, "note": "they said a month"}
    assert data["answers"]["alerts"]["responses"] == {
        "hm": {"unknown": "not-asked"},
        "platform": {"answer": "yes"},
    }
    # `respondents` is written before the answers, where `merge` puts it.
    assert text.index("respondents:") < text.index("answers:")


def test_a_name_is_private(two_voices: Path) -> None:
    interview(two_voices, "", "--respondent", "ML engineer", "--name", "Tomás Ortega")
    audit, checklist = load_audit(two_voices, [CHECKLISTS])
    shown = assess(score_audit(checklist, audit))
    assert shown["respondents"][1]["respondent_name"] == "Tomás Ortega"
    redacted = json.dumps(assess(score_audit(checklist, audit), redact=True))
    assert "Tomás" not in redacted and "ML engineer" in redacted


# The same people, recorded as voices of one file or merged from their own files, score the same.


def _typed(question_id: str, entry: dict[str, Any] | None, checklist: Checklist) -> str:
    """What a person types at the interview to record ``entry``."""
    if not entry:
        return "s\n"
    typed = f"note\n{entry['note']}\n" if entry.get("note") else ""
    if "unknown" in entry:
        return typed + ("u\n1\n" if entry["unknown"] == "not-asked" else "u\n2\n")
    value = entry["answer"]
    question = checklist.question(question_id)
    assert question is not None
    if question.answer.kind == "yesno":
        value = "yes" if value in (True, "yes") else "no"
    return typed + f"{value}\n"


def test_voices_of_one_file_score_as_merge_of_their_own_files(tmp_path: Path) -> None:
    sources = sorted((EXAMPLES / "respondents").glob("*.yaml"))
    checklist = find_checklist("mlops-culture", checklist_dirs())
    asked = [q.id for q in checklist.questions() if q.answer.kind != "derived"]
    merged = tmp_path / "merged.yaml"
    runner = CliRunner()
    done = runner.invoke(cli, ["merge", *map(str, sources), "-o", str(merged)])
    assert done.exit_code == 0, done.output
    voices = tmp_path / "harborview.yaml"
    for index, source in enumerate(sources):
        own = yaml.safe_load(source.read_text(encoding="utf-8"))
        lines = "".join(_typed(q, own["answers"].get(q), checklist) for q in asked)
        args = ["--respondent", own["respondent"], "--name", own["respondent_name"]]
        if index == 0:
            args += ["--mode", "candidate", "--company", own["company"], "--team", own["team"]]
            args += ["--role", own["role"]]
        result = runner.invoke(
            cli, ["interview", str(voices), *args], input=lines, catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
    one_file, merged_files = (
        json.loads(runner.invoke(cli, ["score", str(p), "--format", "json"]).output)
        for p in (voices, merged)
    )

    def comparable(view: dict[str, Any]) -> dict[str, Any]:
        # Where each answer came from (a file, a day) is not what it scores.
        view = {k: v for k, v in view.items() if k not in ("file", "meta")}
        view["respondents"] = [
            {k: v for k, v in r.items() if k not in ("file", "date", "interviewer")}
            for r in view["respondents"]
        ]
        return view

    assert comparable(one_file) == comparable(merged_files)
    assert one_file["decision"]["decision"] == "ask-more"
    assert len(one_file["disagreements"]) == 6
    assert [r["label"] for r in one_file["respondents"]] == [
        "Lena Fischer (data engineer)",
        "Priya Raman (hiring manager)",
        "Tomás Ortega (ML engineer)",
        "Kwame Asante (platform lead)",
    ]


# The pure parts: whose answers, and a change to one person's answer.


def test_whose_resumes_a_single_respondent_as_before() -> None:
    data = {"respondent": "HM", "answers": {"q": {"answer": 1}}}
    found = whose(data, {"respondent": "hm", "company": "Acme"}, "2026-01-02", "a.yaml")
    assert found.respondent is None
    assert found.changes == (Change(None, "company", "Acme"), Change(None, "respondent", "hm"))


def test_a_change_to_one_voice_leaves_the_others_alone() -> None:
    data: dict[str, Any] = {
        "respondents": [{"id": "a"}, {"id": "b"}],
        "answers": {"q": {"responses": {"a": {"answer": 1}, "b": {"unknown": "not-asked"}}}},
    }
    Change("q", "answer", 2, "b").apply(data)
    assert data["answers"]["q"]["responses"] == {"a": {"answer": 1}, "b": {"answer": 2}}
    Change("q", "answer", None, "a").apply(data)
    assert data["answers"]["q"] == {"responses": {"b": {"answer": 2}}}
    Change(None, "respondent_name", "Jo", "b").apply(data)
    assert data["respondents"] == [{"id": "a"}, {"id": "b", "respondent_name": "Jo"}]


def test_a_session_walks_one_voice() -> None:
    checklist = find_checklist("quick-screen", checklist_dirs())
    data: dict[str, Any] = {
        "respondents": [{"id": "a"}, {"id": "b"}],
        "answers": {"on-call": {"responses": {"a": {"answer": "yes"}}}},
    }
    mine = Session(checklist, data, respondent="b")
    theirs = Session(checklist, data, respondent="a")
    assert len(mine.queue) == len(theirs.queue) + 1


def test_whose_refuses_what_it_cannot_tell_apart() -> None:
    data = {"respondents": [{"id": "x", "respondent": "X"}, {"id": "x-2", "respondent": "X"}]}
    with pytest.raises(AuditorError, match="several people match --respondent 'x'"):
        whose(data, {"respondent": "x"}, "2026-01-02", "a.yaml")


@pytest.mark.parametrize(
    "example",
    ["demo", "northwind-payments", "brightside-retail", "quillfeather-labs", "quick-screen-call"],
)
def test_converting_to_voices_loses_nothing_that_scores(example: str, tmp_path: Path) -> None:
    """An audit turned into voices, with a second person who has said nothing yet, scores
    exactly as before: every answer, cause and not-applicable became the first person's."""
    source = EXAMPLES / f"{example}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    found = whose(data, {"respondent": "platform", "respondent_name": "Bo"}, "2026-12-01", "x")
    for change in found.changes:
        change.apply(data)
    converted = tmp_path / "converted.yaml"
    converted.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    def shown(path: Path) -> dict[str, Any]:
        audit, checklist = load_audit(path, checklist_dirs())
        view = dict(assess(score_audit(checklist, audit)))
        return {k: view[k] for k in ("overall", "level", "decision", "caps", "red_flags")} | {
            "dimensions": [
                {k: d[k] for k in ("id", "score", "low", "high")} for d in view["dimensions"]
            ]
        }

    before, after = shown(source), shown(converted)
    # Who said a red answer is now named ("Priya Raman (hiring manager) said ..."); what was
    # said, how it scores and what is decided are not changed.
    for view in (before, after):
        for flag in view["red_flags"]:
            flag["said_by"] = []
        for reason in view["decision"]["reasons"]:
            reason["text"] = ""
    assert after == before
    assert [r["id"] for r in data["respondents"]][-1] == "platform"


def test_a_second_person_of_the_same_role_is_told_apart_by_name() -> None:
    data = {
        "respondent": "hiring manager",
        "respondent_name": "Priya",
        "answers": {"q": {"answer": 1}},
    }
    found = whose(
        data, {"respondent": "Hiring Manager", "respondent_name": "Sam"}, "2026-12-01", "a"
    )
    assert found.respondent == "hiring-manager-2"
    for change in found.changes:
        change.apply(data)
    assert data["answers"] == {"q": {"responses": {"hiring-manager": {"answer": 1}}}}
    assert [r["id"] for r in data["respondents"]] == ["hiring-manager", "hiring-manager-2"]
    same = whose(data, {"respondent": "hiring manager", "respondent_name": "priya"}, "x", "a")
    assert same.respondent == "hiring-manager" and same.changes == ()
