"""A manager's roadmap: actions with their effort, in the view and in the terminal."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from click.testing import Result

from tests.conftest import EXAMPLES

SELF = EXAMPLES / "self-audit-platform-team.yaml"


def _json(invoke: Callable[..., Result], *args: Any) -> dict[str, Any]:
    result = invoke("score", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


# --- fix first --------------------------------------------------------------------------------


def test_fix_first_lists_actions_with_their_effort(invoke: Callable[..., Result]) -> None:
    view = _json(invoke, SELF)
    first = view["improvements"][0]
    assert (first["question"], first["effort"], first["effort_text"]) == (
        "skew",
        "large",
        "a quarter or more",
    )
    assert first["action"] == (
        "Compute features from one definition, a feature store or a shared library, in both "
        "training and serving, and compare the two on the same rows"
    )
    assert all(i["action"] and i["effort"] for i in view["improvements"])
    text = invoke("score", SELF).stdout
    assert (
        "Fix first (moves the level most)\n"
        "  > Compute features from one definition, a feature store or a shared library,\n"
        "    in both training and serving, and compare the two on the same rows.\n"
        "    a quarter or more · +5.8 pts · today: Two separate implementations that we\n"
        "    compare by hand now and then [skew]\n"
        "  > Add a schema check where the last break came in, and alert the pipeline's\n"
        "    owner when an upstream table changes.\n"
        "    days · +4.4 pts · today: Yes [schema-break]\n"
    ) in text
