"""The scenario suite: fictional companies judged by an ML engineer before the tool ran.

Each file in ``tests/scenarios/`` holds a story, the answers, and the decision and level range the
story calls for (see the README there). The audits are run through the CLI as a user would:
written to files, merged when several people answered, scored as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from auditor.yamlio import dump_yaml

SCENARIOS = Path(__file__).parent / "scenarios"
FILES = sorted(SCENARIOS.glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _audits(scenario: dict[str, Any]) -> list[dict[str, Any]]:
    if "audit" in scenario:
        return [scenario["audit"]]
    if "audits" in scenario:
        return list(scenario["audits"])
    base = scenario["meta"]
    return [
        {**base, "date": step["date"], "answers": scenario[step["answers"]]}
        for step in scenario["trend"]
    ]


def _score(invoke: Callable[..., Result], path: Path) -> dict[str, Any]:
    result = invoke("score", path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, dict)
    return data


def _check(view: dict[str, Any], expect: dict[str, Any], where: str) -> None:
    decision = view["decision"]
    rules = [r["rule"] for r in decision["reasons"]]
    summary = (
        f"{where}: decision {decision['decision']!r} ({decision['headline']}), level "
        f"{view['level']} ({decision['level_text']}), rules {rules}"
    )
    wanted = expect["decision"]
    assert decision["decision"] in (wanted if isinstance(wanted, list) else [wanted]), summary
    if expect["level"] is None:
        assert view["level"] is None, summary
    else:
        low, high = expect["level"]
        assert view["level"] is not None and low <= view["level"] <= high, summary
    for rule in expect.get("rules", []):
        assert rule in rules, summary
    for rule in expect.get("not_rules", []):
        assert rule not in rules, summary
    if "difference" in rules and "disagreement" in rules:  # what blocks the decision leads
        assert rules.index("disagreement") < rules.index("difference"), summary
    disagreeing = {d["question"] for d in view["disagreements"] if not d["resolved"]}
    for question in expect.get("disagreements", []):
        assert question in disagreeing, f"{summary}; disagreements {sorted(disagreeing)}"
    if "ask_first" in expect:
        count = len(expect["ask_first"])
        first = {a for n in view["next_questions"][:count] for a in n["ask"]}
        assert first == set(expect["ask_first"]), f"{summary}; asks {first}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario(path: Path, tmp_path: Path, invoke: Callable[..., Result]) -> None:
    scenario = _load(path)
    expect = scenario["expect"]
    files = []
    for index, audit in enumerate(_audits(scenario)):
        target = tmp_path / f"audit-{index + 1}.yaml"
        target.write_text(dump_yaml(audit), encoding="utf-8")
        files.append(target)
    if "trend" in expect:
        for index, (file, step) in enumerate(zip(files, expect["trend"], strict=True)):
            _check(_score(invoke, file), step, f"{path.stem} step {index + 1}")
        return
    if len(files) > 1:
        merged = tmp_path / "merged.yaml"
        result = invoke("merge", *files, "-o", merged)
        assert result.exit_code == 0, result.output
        files = [merged]
    _check(_score(invoke, files[0]), expect, path.stem)


def test_there_are_at_least_fifteen_scenarios() -> None:
    assert len(FILES) >= 15
    for path in FILES:
        scenario = _load(path)
        assert scenario.get("story") and scenario.get("expect"), path.name
