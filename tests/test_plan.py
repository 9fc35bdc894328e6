"""`mlops-audit plan`: the next round's questions, ranked, kept to who can answer, cut to time."""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_type_hints

import pytest
import yaml
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import plan_view
from auditor.decision import decide_kind
from auditor.errors import AuditorError
from auditor.loading import checklist_dirs, load_audit
from auditor.merge import merge_audits
from auditor.plan import FOLLOW_UP_MINUTES, QUESTION_MINUTES, make_plan
from auditor.roles import parse_roles, with_text
from auditor.schema import ROLES
from auditor.scoring import Result as Scored
from auditor.scoring import score_audit
from auditor.yamlio import dump_yaml
from tests.conftest import EXAMPLES, REPO, assert_no_renderer_imported

Invoke = Callable[..., Result]
IMPACTS = ("decision", "level", "score")


@pytest.fixture(scope="module")
def harborview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four Harborview interviews merged: six disagreements, three in conflict."""
    loaded = [
        load_audit(p, checklist_dirs()) for p in sorted((EXAMPLES / "respondents").glob("*.yaml"))
    ]
    merged = merge_audits(loaded[0][1], [a for a, _ in loaded])
    path = tmp_path_factory.mktemp("plan") / "harborview.yaml"
    path.write_text(dump_yaml(merged), encoding="utf-8")
    return path


def scored(path: Path) -> Scored:
    audit, checklist = load_audit(path, checklist_dirs())
    return score_audit(checklist, audit)


# --with: the roles


@pytest.mark.parametrize(
    ("given_", "roles"),
    [
        (["ml-engineer"], ("ml-engineer",)),
        (["ML engineer"], ("ml-engineer",)),
        (["HM", "director"], ("hiring-manager", "director")),
        (["hiring manager,ML engineers"], ("hiring-manager", "ml-engineer")),
        (["MLOps", "platform engineer"], ("platform",)),
        (["director", "recruiter"], ("recruiter", "director")),  # the vocabulary's order
        ([], ()),
    ],
)
def test_with_takes_the_roles_and_their_common_spellings(
    given_: list[str], roles: tuple[str, ...]
) -> None:
    assert parse_roles(given_) == roles


def test_with_refuses_a_role_it_does_not_know() -> None:
    with pytest.raises(AuditorError) as caught:
        parse_roles(["data scientist"])
    assert str(caught.value) == (
        "--with 'data scientist': not a role the checklists know; use one of: recruiter "
        "(recruiter), hiring-manager (hiring manager), ml-engineer (ML engineer), platform "
        "(platform or MLOps engineer), director (director)"
    )


def test_with_text_reads_as_words() -> None:
    assert with_text(()) == "anyone"
    assert with_text(("ml-engineer",)) == "the ML engineer"
    assert with_text(("hiring-manager", "ml-engineer", "director")) == (
        "the hiring manager, the ML engineer and the director"
    )


# The plan itself


def test_conflicts_come_first_and_names_never_appear(harborview: Path) -> None:
    plan = make_plan(scored(harborview), roles=("ml-engineer",), minutes=30)
    first = plan["items"][:3]
    # The critical question first, then the practice level 3 requires (alerts that catch a
    # degrading model), then the heavier of the rest.
    assert [i["question"] for i in first] == ["monitored-share", "last-degradation", "skew"]
    assert all(i["heading"] == "Settle a conflict" and i["impact"] == "decision" for i in first)
    assert first[0]["heard"][:2] == [
        {
            "respondent": "data engineer",
            "answer": "40% (A quarter to half of the models are monitored)",
        },
        {
            "respondent": "hiring manager",
            "answer": "100% (90% or more of the models are monitored)",
        },
    ]
    text = json.dumps(plan)
    for name in ("Priya", "Tomás", "Lena", "Kwame", "Alex Moreau"):
        assert name not in text
    assert plan["decision"]["decision"] == "ask-more"
    # Recording the ML engineer as one more voice cannot settle a conflict: the plan says how.
    assert "One more voice does not settle a disagreement" in plan["record"]
    assert "write it as the question's answer, beside its responses" in plan["record"]
    # Every red flag outside a disagreement is there to confirm: the runbooks nobody has.
    runbooks = next(i for i in plan["items"] if i["question"] == "runbooks")
    assert runbooks["kind"] == "red-flag" and runbooks["minutes"] == FOLLOW_UP_MINUTES
    assert runbooks["why"] == (
        "A red flag: confirm it, and whether it would follow you to another team; its answer "
        "moves only the score."
    )


def test_the_plan_fits_the_minutes_in_rank_order(harborview: Path) -> None:
    result = scored(harborview)
    everything = make_plan(result, minutes=600)
    ranked = everything["items"]
    assert everything["later"] == [] and everything["others"] == []
    short = make_plan(result, minutes=10)
    # 4 + 4 fit in 10; the next follow-up (4) does not, but a later question (3)... does not
    # either: 8 + 3 > 10. Nothing is skipped that fits.
    assert [i["question"] for i in short["items"]] == [i["question"] for i in ranked[:2]]
    assert short["planned_minutes"] == 8
    assert short["items"] + short["later"] == ranked
    eleven = make_plan(result, minutes=11)
    # Here the first 3-minute question after the follow-ups takes the last three minutes.
    question = next(i for i in ranked if i["minutes"] == QUESTION_MINUTES)
    assert eleven["items"] == [*ranked[:2], question]
    assert eleven["planned_minutes"] == 11


def test_only_what_the_people_met_can_answer(harborview: Path) -> None:
    result = scored(harborview)
    plan = make_plan(result, roles=("hiring-manager",), minutes=600)
    assert plan["items"] and plan["others"]
    assert all("hiring-manager" in i["who"] for i in plan["items"])
    assert all("hiring-manager" not in i["who"] for i in plan["others"])
    # The hiring manager is not asked what the on-call engineer sees.
    assert "last-degradation" in {i["question"] for i in plan["others"]}


def test_an_unknown_asks_a_derived_metrics_inputs_in_one_question(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "checklist: {id: mlops-culture}\nmode: candidate\nanswers:\n"
        "  shipped-last-year: {answer: 4}\n  who-deploys: {answer: self-service}\n"
    )
    plan = make_plan(scored(path), minutes=600)
    ratio = next(i for i in plan["items"] if i["question"] == "production-ratio")
    assert [a["id"] for a in ratio["ask"]] == ["models-in-production", "models-in-development"]
    assert ratio["minutes"] == QUESTION_MINUTES
    assert ratio["ask"][0] == {
        "id": "models-in-production",
        "text": "How many models serve production traffic today?",
        "kind": "number",
        "unit": "models",
        "options": [],
    }


def test_a_knock_out_to_confirm_could_change_the_decision(tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "demo.yaml").read_text(encoding="utf-8"))
    data["answers"]["monitored-share"] = {"answer": 0}
    path = tmp_path / "a.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    plan = make_plan(scored(path), minutes=30)
    assert plan["decision"]["decision"] == "walk-away"
    first = plan["items"][0]
    assert (first["question"], first["kind"], first["impact"]) == (
        "monitored-share",
        "red-flag",
        "decision",
    )


def test_nothing_open_makes_an_empty_plan(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("plan", EXAMPLES / "demo.yaml", "--minutes", "2")
    assert result.exit_code == 0
    assert "Nothing fits in 2 minutes: the first item takes 4." in " ".join(result.output.split())
    assert "One more voice" not in result.output  # nothing to settle, nothing said of it


@settings(max_examples=25, deadline=None)
@given(
    minutes=st.integers(min_value=1, max_value=90),
    roles=st.lists(st.sampled_from(ROLES), unique=True, max_size=3),
    example=st.sampled_from(
        ["demo", "northwind-payments", "brightside-retail", "quillfeather-labs"]
    ),
)
def test_a_plan_never_exceeds_its_time_and_keeps_the_ranking(
    minutes: int, roles: list[str], example: str
) -> None:
    result = _results(example)
    chosen = tuple(r for r in ROLES if r in roles)
    plan = make_plan(result, roles=chosen, minutes=minutes)
    everything = make_plan(result, minutes=600)["items"]
    assert plan["planned_minutes"] == sum(i["minutes"] for i in plan["items"]) <= minutes
    answerable = [i for i in everything if i not in plan["others"]]
    assert [i["question"] for i in answerable] == sorted(
        (i["question"] for i in plan["items"] + plan["later"]),
        key=[i["question"] for i in answerable].index,
    )
    impacts = [IMPACTS.index(i["impact"]) for i in everything]
    assert impacts == sorted(impacts)
    for item in plan["items"] + plan["later"]:
        assert not chosen or not item["who"] or set(item["who"]) & set(chosen)


_CACHE: dict[str, Scored] = {}


def _results(example: str) -> Scored:
    if example not in _CACHE:
        _CACHE[example] = scored(EXAMPLES / f"{example}.yaml")
    return _CACHE[example]


# The command


def test_plan_in_the_terminal(invoke: Invoke, harborview: Path) -> None:
    result = invoke("plan", harborview, "--with", "ML engineer", "--minutes", "30")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith(
        "Plan for the next round · Harborview Logistics · Demand Forecasting\n"
        "Now: ASK MORE · Ask more: the people you met disagree on what matters; settle it\n"
        "before deciding\n"
        "With the ML engineer, 30 minutes: 7 items, 28 minutes planned.\n\n"
        " 1  ! Settle a conflict · Monitoring coverage · 4 min\n"
    )
    assert "If time allows (not planned: 1 item, 3 minutes)\n" in out
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_plan_refuses_bad_options_clearly(invoke: Invoke, harborview: Path) -> None:
    result = invoke("plan", harborview, "--with", "intern")
    assert result.exit_code == 1
    assert result.output.startswith("Error: --with 'intern': not a role the checklists know;")
    result = invoke("plan", harborview, "--minutes", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--minutes': 0 is not in the range 1<=x<=600." in result.output
    result = invoke("plan", "missing.yaml")
    assert result.exit_code == 1
    assert "missing.yaml" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("output_format", ["md", "html", "json", "text"])
def test_plan_files_are_private_and_never_overwrite_the_audit(
    invoke: Invoke, harborview: Path, tmp_path: Path, output_format: str
) -> None:
    target = tmp_path / f"plan.{output_format if output_format != 'text' else 'txt'}"
    result = invoke("plan", harborview, "--format", output_format, "-o", target)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert "What share of your production models are monitored" in text
    refused = invoke("plan", harborview, "--format", output_format, "-o", harborview)
    assert refused.exit_code == 1
    assert "is an input audit; writing there would replace it" in refused.output


def test_the_markdown_plan_has_tick_boxes(invoke: Invoke, harborview: Path, tmp_path: Path) -> None:
    target = tmp_path / "round.md"
    assert invoke("plan", harborview, "--with", "mle", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Next round: Harborview Logistics · Demand Forecasting\n")
    assert "## 1. Settle a conflict: What share of your production models" in text
    assert "- [ ] Both paths import the same feature code, and tests compare them\n" in text
    assert "## If time allows\n" in text


def test_the_html_plan_escapes_what_people_typed(invoke: Invoke, tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "demo.yaml").read_text(encoding="utf-8"))
    data["company"] = "<script>alert(1)</script>"
    audit = tmp_path / "a.yaml"
    audit.write_text(dump_yaml(data), encoding="utf-8")
    target = tmp_path / "a.html"
    assert invoke("plan", audit, "-o", target).exit_code == 0
    page = target.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.slow
def test_the_printable_plan_is_a_pdf(invoke: Invoke, harborview: Path, tmp_path: Path) -> None:
    target = tmp_path / "round.pdf"
    result = invoke("plan", harborview, "--with", "ml-engineer", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")


def test_plan_starts_without_a_renderer() -> None:
    assert_no_renderer_imported("plan", "--help")
    assert_no_renderer_imported("plan", str(EXAMPLES / "demo.yaml"), "--with", "hm")
    assert_no_renderer_imported("plan", str(EXAMPLES / "demo.yaml"), "--format", "json")


# docs/plan.md documents exactly the view's keys

DOC = REPO / "docs" / "plan.md"


def _documented() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    current: str | None = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### .*\(`(\w+)`\)\s*$", line)
        if heading:
            current = heading.group(1)
            found[current] = set()
            continue
        row = re.match(r"^\| (`[^|]+`) \|", line)
        if row and current is not None:
            found[current].update(re.findall(r"`([a-z_]+)`", row.group(1)))
    return found


def test_docs_list_exactly_the_keys_of_the_plan() -> None:
    documented = _documented()
    types = {
        name: obj
        for name, obj in vars(plan_view).items()
        if isinstance(obj, type) and name.endswith("View")
    }
    assert set(documented) == set(types)
    for name, kind in types.items():
        assert documented[name] == set(get_type_hints(kind)), name


def test_real_output_has_the_documented_keys(invoke: Invoke, harborview: Path) -> None:
    data: dict[str, Any] = json.loads(invoke("plan", harborview, "--format", "json").output)
    assert set(data) == set(get_type_hints(plan_view.PlanView))
    for item in data["items"] + data["others"] + data["later"]:
        assert set(item) == set(get_type_hints(plan_view.PlanItemView))
        for asked in item["ask"]:
            assert set(asked) == set(get_type_hints(plan_view.AskedView))
        for heard in item["heard"]:
            assert set(heard) == set(get_type_hints(plan_view.HeardView))


def test_a_self_audit_plan_asks_in_the_teams_own_words() -> None:
    plan = make_plan(scored(EXAMPLES / "self-audit-platform-team.yaml"), minutes=9)
    first = plan["items"][0]
    assert first["ask"][0]["text"] == (
        "What does our release process for a new model version look like, and how much of it "
        "is automated?"
    )
    assert first["why"] == (
        "A red flag: confirm it, and whether it goes beyond this team; its answer moves only "
        "the score."
    )
    assert first["heard"] == [
        {
            "respondent": "engineering manager",
            "answer": "One or two people deploy by hand following a wiki page",
        }
    ]


def test_a_trial_scores_without_its_own_what_ifs_and_decides_the_same() -> None:
    audit, checklist = load_audit(EXAMPLES / "quillfeather-labs.yaml", checklist_dirs())
    full, bare = score_audit(checklist, audit), score_audit(checklist, audit, what_ifs=False)
    assert full.next_questions and full.improvements
    assert bare.next_questions == () and bare.improvements == ()
    assert (bare.overall, bare.point, bare.pessimistic, bare.optimistic) == (
        full.overall,
        full.point,
        full.pessimistic,
        full.optimistic,
    )
    assert decide_kind(bare) == decide_kind(full)
