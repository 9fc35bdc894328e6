"""Any YAML value in any position of a valid checklist or audit: a clear error or finite numbers.

The invariant (issue 10): `validate` and `score --format json` exit 1 with `Error:` lines, or exit
0 and print JSON whose every number is finite. Never exit 70 ("a bug"), never a traceback.

Each example takes a valid file and writes one scalar of it over with something hostile: YAML's
not-a-number and infinities, numbers past every limit, integers too long for Python to print,
base-60, numbers in other scripts, wrong types, odd Unicode, flow collections.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.cli import EXIT_BUG, cli
from tests.conftest import CHECKLISTS, FIXTURES

CHECKLIST = (CHECKLISTS / "tiny.yaml").read_text(encoding="utf-8")
AUDIT = (FIXTURES / "valid" / "tiny-audit.yaml").read_text(encoding="utf-8")

RAW = [
    ".nan",
    ".NaN",
    ".inf",
    "-.inf",
    "+.inf",
    "1.0e+308",
    "-1.0e+308",
    "1e308",
    "1.0e+400",
    "1.0e-320",
    "9" * 5000,
    "-" + "9" * 30,
    "1000000000001",
    "999999999999",
    "0x" + "f" * 40,
    "0b" + "1" * 64,
    "0777",
    "1_000",
    "1:20",
    "190:20:30",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "[]",
    "{}",
    "[1, .nan]",
    "{a: .inf}",
    "0",
    "-1",
    "0.0",
    "-0.0",
    "2.5",
    '"1,2,3"',
    '"\u0663"',
    '"2 weeks"',
    '"50%"',
    '"1e400"',
    '"nan"',
    '"inf"',
    '"\u202e\u0000"',
    '""',
    '" "',
    '"\\x1b[31mred\\x1b[0m"',
    '"\U0001f600"',
    '"\u00e9\u0301"',
    "!!binary aGk=",
    "&a 1",
]
SCALARS = st.one_of(
    st.sampled_from(RAW),
    st.integers(-(2**80), 2**80).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(
        lambda number: yaml.safe_dump(number).split("\n")[0]
    ),
    st.text(max_size=12).map(lambda text: json.dumps(text)),
)


def _scalar_spans(text: str) -> list[tuple[int, int]]:
    """Where each scalar (key or value) of ``text`` is written."""
    spans = []
    stack = [yaml.compose(text, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif node is not None:
            spans.append((node.start_mark.index, node.end_mark.index))
    return sorted(spans)


CHECKLIST_SPANS = _scalar_spans(CHECKLIST)
AUDIT_SPANS = _scalar_spans(AUDIT)


def _invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def _assert_clear_outcome(result: Result, *, json_out: bool) -> None:
    assert result.exit_code != EXIT_BUG, result.output
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        assert result.stderr.strip(), "exit 1 without saying why"
        if json_out:
            assert all(line.startswith("Error: ") for line in result.stderr.splitlines())
        return
    if json_out:
        _assert_finite(json.loads(result.stdout, parse_constant=_refuse_constant))


def _refuse_constant(name: str) -> Any:
    raise AssertionError(f"invalid JSON: {name}")


def _assert_finite(value: Any) -> None:
    if isinstance(value, float):
        assert math.isfinite(value)
    elif isinstance(value, dict):
        for item in value.values():
            _assert_finite(item)
    elif isinstance(value, list):
        for item in value:
            _assert_finite(item)


def _replace(text: str, span: tuple[int, int], scalar: str) -> str:
    return text[: span[0]] + scalar + text[span[1] :]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(span=st.sampled_from(AUDIT_SPANS), scalar=SCALARS)
def test_any_value_anywhere_in_an_audit(span: tuple[int, int], scalar: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        audit = Path(tmp) / "audit.yaml"
        audit.write_text(_replace(AUDIT, span, scalar), encoding="utf-8")
        _assert_clear_outcome(
            _invoke("validate", "--checklist-dir", CHECKLISTS, audit), json_out=False
        )
        _assert_clear_outcome(
            _invoke("score", "--checklist-dir", CHECKLISTS, audit, "--format", "json"),
            json_out=True,
        )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(span=st.sampled_from(CHECKLIST_SPANS), scalar=SCALARS)
def test_any_value_anywhere_in_a_checklist(span: tuple[int, int], scalar: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        checklist = folder / "tiny.yaml"
        checklist.write_text(_replace(CHECKLIST, span, scalar), encoding="utf-8")
        _assert_clear_outcome(_invoke("validate", checklist), json_out=False)
        _assert_clear_outcome(
            _invoke(
                "score",
                "--checklist-dir",
                folder,
                FIXTURES / "valid" / "tiny-audit.yaml",
                "--format",
                "json",
            ),
            json_out=True,
        )


def test_the_hostile_values_are_really_written() -> None:
    # A guard on the test itself: the replacement lands where the scalar was.
    span = AUDIT_SPANS[0]
    replaced = _replace(AUDIT, span, ".nan")
    assert replaced != AUDIT and ".nan" in replaced
    assert len(AUDIT_SPANS) > 20 and len(CHECKLIST_SPANS) > 100
