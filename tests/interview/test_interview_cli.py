"""`mlops-audit interview` end to end through CliRunner, answers scripted line by line."""

from __future__ import annotations

import datetime
import json
import stat
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from auditor.cli import cli
from auditor.loading import load_audit

CHECKLISTS = Path(__file__).resolve().parent.parent / "fixtures" / "checklists"
META = ("--company", "Acme", "--team", "Ranking", "--role", "MLE", "--respondent", "HM")
TINY = ("--checklist", "tiny", "--checklist-dir", str(CHECKLISTS))


def interview(
    path: Path, lines: str, *args: str, env: dict[str, str] | None = None, new: bool = True
) -> Result:
    extra = (*TINY, *META, "--mode", "candidate") if new else ("--checklist-dir", str(CHECKLISTS))
    return CliRunner().invoke(
        cli,
        ["interview", str(path), *extra, *args],
        input=lines,
        env=env,
        catch_exceptions=False,
    )


def answers(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    load_audit(path, [CHECKLISTS])  # and it must load as `score` loads it
    return dict(data["answers"])


def flat(text: str) -> str:
    """Output with line breaks undone: messages are wrapped to the terminal's width."""
    return " ".join(text.split())


def write_audit(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_new_audit_records_every_answer_and_ends_with_the_score(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    result = interview(path, "1\n3\ny\n2\n8\n")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data == {
        "checklist": data["checklist"] | {"id": "tiny", "version": "1.0"},
        "mode": "candidate",
        "company": "Acme",
        "team": "Ranking",
        "role": "MLE",
        "date": datetime.date.today().isoformat(),
        "respondent": "HM",
        "answers": {
            "deploys": {"answer": "team"},
            "cycle": {"answer": 3},
            "alerts": {"answer": "yes"},
            "prod": {"answer": 2},
            "dev": {"answer": 8},
        },
    }
    assert data["checklist"]["hash"].startswith("sha256:")
    audit, checklist = load_audit(path, [CHECKLISTS])
    assert audit.checklist_hash == checklist.hash
    out = result.output
    for line in (
        "saved: deploys = The team",
        "saved: cycle = 3 weeks",
        "saved: alerts = Yes",
        "saved: prod = 2 models",
        "saved: dev = 8 models",
    ):
        assert line in out
    assert "Every question in scope has an answer or an unknown." in out
    assert "Score " in out and "Level " in out
    assert out.endswith(f"Next, the report:\n  mlops-audit report {path} -o report.pdf\n")


def test_each_question_shows_where_it_is_and_derived_questions_are_not_asked(
    tmp_path: Path,
) -> None:
    result = interview(tmp_path / "a.yaml", "1\n3\ny\n2\n8\n")
    out = result.output
    for where in (
        "Shipping · 1/2 · 1 of 5 overall",
        "Shipping · 2/2 · 2 of 5 overall",
        "Monitoring · 1/3 · 3 of 5 overall",
        "Monitoring · 3/3 · 5 of 5 overall",
    ):
        assert where in out
    assert "Production to development ratio\n" not in out  # the derived question
    assert "  1  The team\n  2  Another team\n  3  Nobody\n" in out
    assert "Critical: a red answer here caps the verdict." in out


def test_file_is_private_and_stays_private(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    interview(path, "1\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)
    interview(path, "3\n", new=False)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name != "a.yaml"]  # no temp file left


def test_missing_metadata_is_asked_at_the_start(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = CliRunner().invoke(
        cli,
        ["interview", str(path), *TINY],
        input="2\nAcme\n\nPlatform\nengineering manager\nSam Okafor\n1\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Mode: 1 candidate (interviewing) or 2 self (your team) [1]: 2\n" in out
    assert "Company: Acme\n" in out
    assert "Who answers, by role (e.g. engineering manager): engineering manager\n" in out
    # The name apart from the role, where --redact always removes it.
    assert "Their name, if you want it kept (--redact always removes it): Sam Okafor\n" in out
    assert "Who of us deploys?" in out  # self phrasing
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["mode"] == "self"
    assert (data["company"], data["role"], data["respondent"], data["respondent_name"]) == (
        "Acme",
        "Platform",
        "engineering manager",
        "Sam Okafor",
    )
    assert "team" not in data  # left blank
    assert data["answers"] == {"deploys": {"answer": "team"}}


def test_resume_asks_only_open_questions_and_keeps_hand_edits(tmp_path: Path) -> None:
    path = write_audit(
        tmp_path / "a.yaml",
        """\
        # my comment
        checklist: {id: tiny, version: "1.0"}
        mode: candidate
        company: Acme
        respondent_name: Jo
        interviewer: me
        answers:
          alerts: {unknown: not-asked, note: "ask the SRE"}
          cycle: {answer: "4", note: "they said a month"}
        """,
    )
    result = interview(path, "2\n5\n6\n", new=False)
    assert result.exit_code == 0, result.output
    out = result.output
    assert ": 2 of 5 questions have an answer or an unknown; 3 to go." in flat(out)
    assert "Who deploys?" in out
    assert "How many weeks to deploy?\n" not in out
    assert "Do alerts fire?\n" not in out
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["respondent_name"] == "Jo" and data["interviewer"] == "me"
    assert data["answers"] == {
        "deploys": {"answer": "ops"},
        "cycle": {"answer": "4", "note": "they said a month"},
        "alerts": {"unknown": "not-asked", "note": "ask the SRE"},
        "prod": {"answer": 5},
        "dev": {"answer": 6},
    }
    # A hand-written file without a hash gets the one it was just checked against.
    assert data["checklist"]["hash"].startswith("sha256:")


def test_unknowns_flag_asks_unknown_questions_again(tmp_path: Path) -> None:
    path = write_audit(
        tmp_path / "a.yaml",
        """\
        checklist: {id: tiny}
        mode: candidate
        answers:
          deploys: {answer: team}
          cycle: {answer: 2}
          alerts: {unknown: not-asked}
          prod: {answer: 1}
          dev: {answer: 1}
        """,
    )
    nothing = interview(path, "", new=False)
    assert "0 to go" in flat(nothing.output)
    result = interview(path, "y\n", "--unknowns", new=False)
    assert "Do alerts fire?" in result.output
    assert answers(path)["alerts"] == {"answer": "yes"}


def test_back_changes_the_previous_answer(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    # deploys = team; back from cycle; Enter keeps it; back again; pick Nobody; cycle = 2.
    result = interview(path, "1\nb\n\nb\n3\n2\n")
    assert "This is the first question" not in result.output
    assert result.output.count("Current answer: The team (Enter keeps it)") == 2
    assert answers(path) == {"deploys": {"answer": "nobody"}, "cycle": {"answer": 2}}


def test_back_at_the_first_question_says_so(tmp_path: Path) -> None:
    result = interview(tmp_path / "a.yaml", "b\n")
    assert "This is the first question of this session (--review walks all)." in result.output


def test_unknown_asks_why_and_can_be_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = interview(path, "u\n\nu\n7\n2\nu\n1\n")
    out = result.output
    assert "Unknown: 1 not asked · 2 did not know (Enter cancels): \n" in out
    assert "Type 1 or 2, or Enter to cancel; got '7'." in out
    assert answers(path) == {
        "deploys": {"unknown": "did-not-know"},
        "cycle": {"unknown": "not-asked"},
    }


def test_unknown_replaces_an_answer_and_an_answer_replaces_unknown(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    interview(path, "1\nb\nu\n2\nb\n3\n")
    assert answers(path) == {"deploys": {"answer": "nobody"}}


def test_notes_are_added_edited_and_cleared(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = interview(path, "n\nPlatform team deploys\n2\n")
    assert "saved: note on deploys" in result.output
    assert answers(path) == {"deploys": {"answer": "ops", "note": "Platform team deploys"}}
    result = interview(path, "n\n\nn\nEdited\n\n", "--review", new=False)
    assert "Current note: Platform team deploys" in result.output
    assert answers(path)["deploys"] == {"answer": "ops", "note": "Edited"}
    interview(path, "n\n-\n", "--review", new=False)
    assert answers(path)["deploys"] == {"answer": "ops"}


def test_note_on_a_yes_no_question_is_typed_note_and_n_means_no(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = interview(path, "s\ns\nnote\npaged twice\nn\n")
    assert "y/n or 1-2 · u unknown · x not applicable · s skip · b back · note" in result.output
    assert answers(path) == {"alerts": {"answer": "no", "note": "paged twice"}}


def test_bad_numbers_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = interview(path, "s\nsix\n-3\n1e999\n3 parsecs\n2.5 weeks\n")
    out = result.output
    assert out.count("expected a number of weeks, e.g. 1\n") == 3
    assert "expected at least 0 weeks, got -3\n" in out
    assert answers(path) == {"cycle": {"answer": 2.5}}
    result = interview(path, "s\n1 week\n", "--review", "--only", "ship", new=False)
    assert "saved: cycle = 1 week\n" in result.output


def test_numbers_take_their_unit_and_a_percent_sign(tmp_path: Path) -> None:
    checklist = tmp_path / "dirs" / "pct.yaml"
    checklist.parent.mkdir()
    checklist.write_text(
        (CHECKLISTS / "tiny.yaml")
        .read_text(encoding="utf-8")
        .replace("id: tiny", "id: pct")
        .replace("unit: weeks", "unit: percent\n          max: 100"),
        encoding="utf-8",
    )
    path = tmp_path / "a.yaml"
    result = CliRunner().invoke(
        cli,
        [
            *("interview", str(path), "--checklist", "pct"),
            *("--checklist-dir", str(checklist.parent), *META, "--mode", "self", "--only", "ship"),
        ],
        input="s\n140\n40%\n",
        catch_exceptions=False,
    )
    assert "expected 0 to 100 percent, got 140" in result.output
    assert "Answer with a percentage, e.g. 1." in result.output
    assert "saved: cycle = 40%\n" in result.output
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answers"] == {"cycle": {"answer": 40}}


def test_bad_choice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = interview(path, "4\nteam-lead\nops\n")
    assert "4 is not an option. Type 1 to 3; or u, x, s, b, n, ?, q." in result.output
    assert "'team-lead' is not an answer here. Type 1 to 3" in result.output
    assert answers(path) == {"deploys": {"answer": "ops"}}  # an option id is accepted too


def test_enter_without_an_answer_says_what_to_type(tmp_path: Path) -> None:
    result = interview(tmp_path / "a.yaml", "\n")
    assert "Type 1 to 3; or u, x, s, b, n, ?, q." in result.output


def test_quit_saves_and_shows_the_score_and_how_to_continue(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = interview(path, "1\nq\n3\n")
    assert result.exit_code == 0
    out = result.output
    assert "4 question(s) still open. Continue with:\n  mlops-audit interview " in out
    assert "How many weeks to deploy?" in out and "saved: cycle" not in out
    assert "Score " in out
    assert f"  mlops-audit report {path} -o report.pdf\n" in out
    assert answers(path) == {"deploys": {"answer": "team"}}


def test_end_of_input_behaves_like_quit(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = interview(path, "1\n")
    assert result.exit_code == 0
    assert "4 question(s) still open" in result.output and "Score " in result.output


def test_skip_leaves_the_question_open_for_next_time(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = interview(path, "s\n2\n")
    assert "skipped: asked again next time" in result.output
    assert answers(path) == {"cycle": {"answer": 2}}
    again = interview(path, "1\n", new=False)
    assert "Who deploys?" in again.output
    assert answers(path)["deploys"] == {"answer": "team"}


def test_why_shows_why_it_matters(tmp_path: Path) -> None:
    result = interview(tmp_path / "a.yaml", "?\n")
    assert "Why it matters\n  Ownership.\n" in result.output


def test_only_asks_one_dimension_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    interview(path, "3\n")
    result = interview(path, "n\n4\n4\n", "--only", "watch", new=False)
    out = result.output
    assert "Who deploys?\n" not in out and "Do alerts fire?\n" in out
    assert "Monitoring · 1/3 · 1 of 3 overall" in out
    assert answers(path) == {
        "deploys": {"answer": "nobody"},
        "alerts": {"answer": "no"},
        "prod": {"answer": 4},
        "dev": {"answer": 4},
    }
    assert "Continue with:" not in out  # the scope is done


def test_only_names_an_unknown_dimension(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["interview", str(tmp_path / "a.yaml"), *TINY, *META, "--only", "monitoring"]
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: --only monitoring: no such dimension in checklist tiny; "
        "dimensions are: ship, watch\n"
    )
    assert not (tmp_path / "a.yaml").exists()


def test_review_walks_answered_questions_and_enter_keeps(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    interview(path, "1\n3\ny\n2\n8\n")
    result = interview(path, "\n1\n\nu\n2\n\n", "--review", new=False)
    out = result.output
    assert "5 to go" in flat(out)
    assert "Current answer: 3 weeks (Enter keeps it)" in out
    assert answers(path) == {
        "deploys": {"answer": "team"},
        "cycle": {"answer": 1},
        "alerts": {"answer": "yes"},
        "prod": {"unknown": "did-not-know"},
        "dev": {"answer": 8},
    }


def test_resume_with_another_checklist_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    interview(path, "1\n")
    before = path.read_bytes()
    result = CliRunner().invoke(
        cli,
        [
            "interview",
            str(path),
            "--checklist",
            "mlops-culture",
            "--checklist-dir",
            str(CHECKLISTS),
        ],
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: this audit uses checklist 'tiny', not 'mlops-culture'; "
        "leave out --checklist to resume it, or give another file name\n"
    )
    assert path.read_bytes() == before


def test_a_broken_file_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    path = write_audit(
        tmp_path / "a.yaml",
        """\
        checklist: {id: tiny}
        mode: candidate
        answers:
          deploys: {answer: sometimes}
        """,
    )
    before = path.read_bytes()
    result = interview(path, "1\n", new=False)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}:4: answers.deploys.answer: expected one of: team, ops, nobody; "
        "got 'sometimes'\n"
    )
    assert path.read_bytes() == before


def test_metadata_options_update_a_resumed_audit(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    interview(path, "1\n")
    # (--respondent naming someone else adds their voice: tests/interview/test_voices.py)
    interview(path, "", "--company", "Globex", "--respondent", "hm", "--name", "Jo", new=False)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert (data["company"], data["respondent"], data["respondent_name"]) == ("Globex", "hm", "Jo")
    assert data["answers"] == {"deploys": {"answer": "team"}}


def test_mode_cannot_change_on_resume(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    interview(path, "1\n")
    result = interview(path, "", "--mode", "self", new=False)
    assert result.exit_code == 1
    assert "this audit is in candidate mode, not self; leave out --mode to resume it" in (
        result.output
    )


@pytest.mark.parametrize("columns", ["60", "40"])
def test_questions_fit_a_narrow_terminal(tmp_path: Path, columns: str) -> None:
    result = interview(
        tmp_path / "a.yaml", "?\nn\n" + "word " * 40 + "\n1\n", env={"COLUMNS": columns}
    )
    screen = result.output.split("Acme · Ranking")[0]  # the score summary follows
    assert "Who deploys?" in screen
    too_wide = [line for line in screen.splitlines() if len(line) > int(columns)]
    # The note line echoes what was typed and a path cannot be broken; everything else fits.
    assert [
        line
        for line in too_wide
        if not line.startswith(("Note (", "  mlops-audit")) and str(tmp_path) not in line
    ] == []


def test_no_colour_when_not_a_terminal(tmp_path: Path) -> None:
    result = interview(tmp_path / "a.yaml", "1\n3\ny\n2\n8\n")
    assert "\x1b[" not in result.output


def test_answers_to_questions_a_newer_checklist_dropped_are_kept(tmp_path: Path) -> None:
    path = write_audit(
        tmp_path / "a.yaml",
        """\
        checklist: {id: tiny, version: "0.9", hash: "sha256:0000000000000000"}
        mode: candidate
        answers:
          gone: {answer: sometimes, note: "from the old checklist"}
        """,
    )
    result = interview(path, "1\n", new=False)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Still marked as answered against the old checklist: the orphan would not load otherwise.
    assert data["checklist"] == {"id": "tiny", "version": "0.9", "hash": "sha256:0000000000000000"}
    assert data["answers"] == {
        "deploys": {"answer": "team"},
        "gone": {"answer": "sometimes", "note": "from the old checklist"},
    }
    assert "Answers to questions no longer in the checklist (kept, not scored)" in result.output


def test_end_of_input_during_metadata_still_creates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    result = CliRunner().invoke(
        cli, ["interview", str(path), *TINY, "--company", "Acme"], input="", catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert (data["mode"], data["company"], data["answers"]) == ("candidate", "Acme", {})
    assert "5 question(s) still open" in result.output


def test_x_marks_a_question_not_applicable_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    # deploys is critical: "not applicable" is refused there; alerts takes x and a reason.
    result = interview(path, "x\n1\n0.5\nx\nno models live yet\n2\n8\n")
    out = flat(result.output)
    assert "A critical question always applies: answer it, or type u if nobody knows." in out
    assert "saved: alerts = not applicable (no models live yet)" in out
    assert answers(path)["alerts"] == {"na": "no models live yet"}
    data = json.loads(
        CliRunner().invoke(cli, ["score", str(path), "--checklist-dir", str(CHECKLISTS),
                                 "--format", "json"]).output
    )  # fmt: skip
    assert [n["question"] for n in data["not_applicable"]] == ["alerts"]
