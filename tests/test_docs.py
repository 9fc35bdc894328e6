"""Docs that cannot rot: every command has help with an example, and the validators are current."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from auditor.cli import cli
from auditor.schema import SCHEMAS
from auditor.validation import generated_source, schema_digest

GENERATED = Path(__file__).resolve().parent.parent / "auditor" / "_generated"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_an_example(name: str) -> None:
    command = cli.commands[name]
    assert command.help and len(command.help.split("\n")[0]) > 10
    assert "Example:" in command.help, f"{name} --help has no example"
    with click.Context(command) as ctx:
        assert "mlops-audit " + name in command.get_help(ctx)


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_generated_validators_are_from_the_current_schema(kind: str) -> None:
    current = (GENERATED / f"{kind}_schema.py").read_text(encoding="utf-8")
    assert f"\n# Schema digest: {schema_digest(kind)}\n" in current, (
        "run `make schema` to regenerate the validators"
    )


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_generated_validators_match_the_schema(kind: str) -> None:
    """Byte for byte, under the fastjsonschema version that wrote them (the lowest-versions run
    has another, which writes other code from the same schema: the digest test covers it)."""
    from importlib.metadata import version

    current = (GENERATED / f"{kind}_schema.py").read_text(encoding="utf-8")
    made_with = re.search(r"with fastjsonschema (\S+)\. Do not edit", current)
    assert made_with, "the generated validator does not say which fastjsonschema wrote it"
    installed = version("fastjsonschema")
    if installed != made_with.group(1):
        pytest.skip(f"written by fastjsonschema {made_with.group(1)}, {installed} is installed")
    assert current == generated_source(kind), "run `make schema` to regenerate the validators"


def test_the_readme_example_audit_is_valid(tmp_path: Path) -> None:
    from auditor.loading import checklist_dirs, load_audit

    readme = (GENERATED.parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "answers:" in b]
    assert blocks, "README shows no example audit"
    for index, block in enumerate(blocks):
        path = tmp_path / f"readme-{index}.yaml"
        path.write_text(block, encoding="utf-8")
        audit, _ = load_audit(path, checklist_dirs())
        assert audit.responses
