"""Redaction that keeps its promise: a name typed into a role field is found (narrowly), warned
about, and cut out of everything a redacted command writes; an explicit name is always removed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from auditor.cli import cli
from auditor.privacy import find_name, role_only
from tests.conftest import EXAMPLES

# (role as typed, the name in it, the role cut back)
NAMED = [
    ("hiring manager (Renée)", "Renée", "hiring manager"),
    ("Renée, hiring manager", "Renée", "hiring manager"),
    ("Renée Dupont, Hiring Manager", "Renée Dupont", "Hiring Manager"),
    ("Dr. Renée Okafor (hiring manager)", "Dr. Renée Okafor", "hiring manager"),
    ("hiring manager (O'Neil)", "O'Neil", "hiring manager"),
    ("Jean-Luc van der Berg - engineering manager", "Jean-Luc van der Berg", "engineering manager"),
    ("Recruiter: Jordan", "Jordan", "Recruiter"),
    ("hiring manager (Renée) for Payments", "Renée", "hiring manager for Payments"),
    ("Renée, hiring manager (Payments)", "Renée", "hiring manager (Payments)"),
    # Non-Latin names: a cased script like any other; a script without capitals beside a role
    # written in another script.
    ("Рене, менеджер по найму", "Рене", "менеджер по найму"),
    ("Μαρία Παπαδοπούλου, hiring manager", "Μαρία Παπαδοπούλου", "hiring manager"),
    ("hiring manager (王芳)", "王芳", "hiring manager"),
    ("Hiring Manager, 王芳", "王芳", "Hiring Manager"),
    ("hiring manager (김민지)", "김민지", "hiring manager"),
    ("hiring manager (ليلى)", "ليلى", "hiring manager"),
    ("hiring manager (प्रिया)", "प्रिया", "hiring manager"),
]

# Roles that hold no name: false alarms cost more than a missed name.
NOT_NAMED = [
    "hiring manager",
    "ML engineer",
    "engineering manager (platform)",
    "Hiring Manager (Platform Team)",
    "hiring manager (Payments)",
    "Staff ML Engineer (Payments, ex-Stripe)",
    "Senior Recruiter (Talent Acquisition)",
    "Head of Data, Lisbon",
    "VP, Engineering",
    "Tech Lead, Ads Quality",
    "CTO (co-founder)",
    "hiring manager (she/her)",
    "hiring manager (ML)",
    "hiring manager (2nd round)",
    "Director of Engineering",
    "Engineering Manager - Recommendations",
    "hiring manager (Acme)",  # the company is never a name
    "менеджер (Платформа)",
    # Within one script without capitals nothing tells a name from a team: never flagged.
    "王芳，招聘经理",
    "招聘经理（平台）",
]


@pytest.mark.parametrize(("role", "name", "cut"), NAMED, ids=[r for r, _, _ in NAMED])
def test_a_name_in_a_role_is_found_and_cut(role: str, name: str, cut: str) -> None:
    found = find_name(role, ["Acme", "Search Ranking"])
    assert found is not None and (found.name, found.role) == (name, cut)
    assert role_only(role) == cut


@pytest.mark.parametrize("role", NOT_NAMED)
def test_a_role_without_a_name_is_left_alone(role: str) -> None:
    assert find_name(role, ["Acme"]) is None
    assert role_only(role, not_names=["Acme"]) == " ".join(role.split())


def test_known_names_are_removed_wherever_they_appear() -> None:
    assert role_only("Renée's team lead", ["Renée Dupont"]) == "team lead"
    assert role_only("lead (Sam)", ["Sam Park"]) == "lead"
    assert role_only("Priya", ["Priya"]) is None  # nothing left: no role to show
    # Several respondents' roles merged into one field.
    assert role_only("hiring manager (Renée), ML engineer (Tomás)") == "hiring manager, ML engineer"


@given(st.text(max_size=60))
def test_any_text_reads_without_error_and_never_grows(text: str) -> None:
    cut = role_only(text, ["Renée"])
    assert cut is None or len(cut) <= len(" ".join(text.split()))


# --- warnings ---------------------------------------------------------------------------------


WARNING = (
    "Warning: {file}:13: respondent: 'hiring manager (Renée)' looks like it holds a name "
    "(Renée); write the role alone there and the name as respondent_name, which --redact "
    "removes\n"
)


@pytest.fixture
def named(tmp_path: Path) -> Path:
    """The demo audit with a name typed into its role and no respondent_name."""
    text = (EXAMPLES / "demo.yaml").read_text(encoding="utf-8")
    text = text.replace("respondent: hiring manager\n", "respondent: hiring manager (Renée)\n")
    text = text.replace("respondent_name: Priya Raman\n", "")
    path = tmp_path / "named.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_and_score_warn_about_a_name_in_the_role(
    named: Path, invoke: Callable[..., Result]
) -> None:
    result = invoke("validate", named)
    assert result.exit_code == 0
    assert result.stdout == f"{named}: valid audit\n"
    assert result.stderr == WARNING.format(file=named)
    scored = invoke("score", named, "--format", "json")
    assert scored.exit_code == 0 and scored.stderr == WARNING.format(file=named)
    assert json.loads(scored.stdout)["meta"]["respondent"] == "hiring manager (Renée)"


def test_a_given_name_silences_a_reading_that_is_not_that_name(
    tmp_path: Path, invoke: Callable[..., Result]
) -> None:
    """With respondent_name given, "(Hugo)" in the role is by the user's account no name of the
    respondent; only a part of the given name is warned about."""
    text = (EXAMPLES / "demo.yaml").read_text(encoding="utf-8")
    path = tmp_path / "a.yaml"
    path.write_text(
        text.replace("respondent: hiring manager\n", "respondent: hiring manager (Hugo)\n"),
        encoding="utf-8",
    )
    assert invoke("validate", path).stderr == ""
    path.write_text(
        text.replace("respondent: hiring manager\n", "respondent: hiring manager (Priya)\n"),
        encoding="utf-8",
    )
    assert "looks like it holds a name (Priya)" in invoke("validate", path).stderr


def test_the_interview_warns_before_asking_the_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["interview", str(tmp_path / "a.yaml"), "--mode", "candidate"],
        input="Acme\nRanking\nMLE\nRenée, hiring manager\nRenée Dupont\nq\n",
        catch_exceptions=False,
    )
    out = " ".join(result.output.split())
    assert (
        "Who answered, by role (e.g. hiring manager): Renée, hiring manager Note: respondent: "
        "'Renée, hiring manager' looks like it holds a name (Renée); write the role alone there "
        "and the name as respondent_name, which --redact removes. Their name, if you want it "
        "kept (--redact always removes it): Renée Dupont"
    ) in out


# --- redaction everywhere ---------------------------------------------------------------------


def test_score_redact_removes_every_name(named: Path, invoke: Callable[..., Result]) -> None:
    plain = invoke("score", named, "--format", "json").stdout
    assert "Renée" in plain and "Alex Moreno" in plain  # the interviewer, in the private copy
    redacted = invoke("score", named, "--format", "json", "--redact")
    view = json.loads(redacted.stdout)
    assert "Renée" not in redacted.stdout and "Alex Moreno" not in redacted.stdout
    assert view["redacted"] is True
    assert view["file"] is None and str(named.parent) not in redacted.stdout  # paths name people
    assert json.loads(plain)["file"] == str(named)
    assert view["meta"]["respondent"] == "hiring manager"
    assert all(q["note"] is None for d in view["dimensions"] for q in d["questions"])
    text = invoke("score", named, "--redact").stdout
    assert "answered by hiring manager\n" in text and "Renée" not in text


def test_merged_and_compared_audits_lose_names_in_labels_and_ids(
    tmp_path: Path, named: Path, invoke: Callable[..., Result]
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        named.read_text(encoding="utf-8").replace(
            "respondent: hiring manager (Renée)\n", "respondent: Tomás, ML engineer\n"
        ),
        encoding="utf-8",
    )
    merged = tmp_path / "merged.yaml"
    assert invoke("merge", named, other, "-o", merged).exit_code == 0
    assert "- id: hiring-manager\n" in merged.read_text(encoding="utf-8")  # not "...-ren-e"
    assert "- id: ml-engineer\n" in merged.read_text(encoding="utf-8")
    view = invoke("score", merged, "--format", "json", "--redact").stdout
    assert "Renée" not in view and "Tomás" not in view
    labels = [r["label"] for r in json.loads(view)["respondents"]]
    assert labels == ["hiring manager", "ML engineer"]
    compared = invoke("compare", named, other, "--view", "side-by-side", "--redact")
    assert compared.exit_code == 0
    assert "Renée" not in compared.stdout and "Tomás" not in compared.stdout
    data = invoke(
        "compare", named, other, "--view", "side-by-side", "--redact", "--format", "json"
    ).stdout
    assert "Renée" not in data and "Tomás" not in data
    assert [a["label"] for a in json.loads(data)["audits"]] == [
        "Acme Analytics · Search Ranking (2026-11-12) (hiring manager)",
        "Acme Analytics · Search Ranking (2026-11-12) (ML engineer)",
    ]


def test_report_redact_removes_the_name_in_the_role(
    tmp_path: Path, named: Path, invoke: Callable[..., Result]
) -> None:
    out = tmp_path / "r.html"
    result = invoke("report", named, "--redact", "--format", "html", "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Renée" not in html and "Alex Moreno" not in html
    assert "hiring manager" in html
