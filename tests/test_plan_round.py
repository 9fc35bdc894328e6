"""The whole loop as a candidate lives it: three interviewers recorded into one file, a plan for a
30-minute round with the ML engineer, that round recorded as a fourth voice, and the decision
changes. Every step goes through the command line, answers typed as at the interview's prompt."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from auditor.cli import cli
from auditor.loading import checklist_dirs, find_checklist

# What each person said, by question id: an option id, a number, y/n, "?" for "did not know";
# a question left out is skipped (not asked). The first three could not say how models are
# released and watched: that is the ML engineer's round.
RECRUITER = {"recent-change": "none", "on-call": "?", "shipped-last-year": "?", "etl-share": "?"}
HIRING_MANAGER: dict[str, Any] = {
    "models-in-production": 12,
    "models-in-development": 9,
    "shipped-last-year": 5,
    "last-unshipped": "killed-on-evidence",
    "reaches-users": "done-when-live",
    "who-deploys": "self-service",
    "end-to-end-owner": "one-team",
    "platform-team": "dedicated",
    "model-catalog": "y",
    "retire-model": "owner-decides",
    "leadership-deploys": "understands",
    "recent-change": "none",
    "cycle-weeks": 1,
    "budget-approval": "?",
    "gpu-days": 1,
    "scale-experiments": "routine",
    "contention": "hours",
    "tracking": "automatic",
    "latency-alerts": "slo-paging",
    "runbooks": "y",
    "etl-share": 15,
    "data-access-days": 2,
    **dict.fromkeys(
        ["monitored-share", "ci-cd", "rollback", "skew", "validation", "last-degradation"], "?"
    ),
    "upstream-contracts": "?",
}
DIRECTOR = {
    "models-in-production": 12,
    "shipped-last-year": 6,
    "end-to-end-owner": "one-team",
    "platform-team": "dedicated",
    "leadership-deploys": "understands",
    "retire-model": "owner-decides",
    "on-call": "owner-rotation",
    "monitored-share": "?",
}
# What the ML engineer would say to anything about releases, monitoring and data.
ML_ENGINEER = {
    "monitored-share": 95,
    "ci-cd": "automated",
    "rollback": "minutes-practised",
    "online-testing": "routine",
    "registry": "full-lineage",
    "last-degradation": "alert",
    "retraining": "automated-gated",
    "skew": "feature-store",
    "validation": "blocking",
    "upstream-contracts": "contracts",
    "schema-break": "n",
}


def test_three_interviews_a_plan_and_a_fourth_voice_change_the_decision(tmp_path: Path) -> None:
    audit = tmp_path / "acme.yaml"
    runner = CliRunner()
    checklist = find_checklist("mlops-culture", checklist_dirs())
    asked = [q.id for q in checklist.questions() if q.answer.kind != "derived"]

    def run(*args: str, lines: str = "") -> str:
        result = runner.invoke(cli, [str(a) for a in args], input=lines, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    def record(role: str, name: str, said: dict[str, Any], *first: str) -> str:
        lines = "".join(
            "s\n" if q not in said else "u\n2\n" if said[q] == "?" else f"{said[q]}\n"
            for q in asked
        )
        return run("interview", audit, "--respondent", role, "--name", name, *first, lines=lines)

    def decision() -> str:
        return str(json.loads(run("score", audit, "--format", "json"))["decision"]["decision"])

    record(
        "recruiter",
        "Sam Lee",
        RECRUITER,
        *("--mode", "candidate", "--company", "Acme Analytics", "--team", "Search Ranking"),
        *("--role", "Senior ML engineer"),
    )
    record("hiring manager", "Priya Raman", HIRING_MANAGER)
    out = record("director", "Dana Cho", DIRECTOR)
    assert f"Adding Dana Cho (director) to {audit}, respondent director (3 people)" in " ".join(
        out.split()
    )
    assert decision() == "ask-more"

    plan = json.loads(
        run("plan", audit, "--with", "ml-engineer", "--minutes", "30", "--format", "json")
    )
    planned = [a["id"] for item in plan["items"] for a in item["ask"]]
    assert plan["planned_minutes"] <= 30 and len(planned) == 10
    # The critical question that could decide it leads; the practices level 3 needs follow.
    assert planned[:2] == ["monitored-share", "ci-cd"]
    assert plan["items"][0]["impact"] == "decision"
    # Cut to the time: one more the ML engineer could answer waits...
    assert [i["question"] for i in plan["later"]] == ["online-testing"]
    # ...and the compute budget is for the hiring manager or the director, not the engineer.
    assert [i["question"] for i in plan["others"]] == ["budget-approval"]
    text = run("plan", audit, "--with", "ML engineer", "--minutes", "30")
    assert "With the ML engineer, 30 minutes: 10 items, 30 minutes planned." in text

    # The round: the ML engineer answers exactly what the plan asked.
    record("ML engineer", "Tomás Ortega", {q: ML_ENGINEER[q] for q in planned})
    after = json.loads(run("score", audit, "--format", "json"))
    assert after["decision"]["decision"] == "join"
    assert (
        after["decision"]["headline"]
        == "Join, if the role fits: level 4, Full MLOps, automated operations"
    )
    assert [r["id"] for r in after["respondents"]] == [
        "recruiter",
        "hiring-manager",
        "director",
        "ml-engineer",
    ]
    # What was left for later is still open, and the next plan starts there.
    again = json.loads(run("plan", audit, "--with", "hiring manager", "--format", "json"))
    assert [i["question"] for i in again["items"]] == ["budget-approval"]
