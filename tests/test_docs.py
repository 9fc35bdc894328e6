"""Docs that cannot rot: every command has help with an example, and the validators and the
compiled bundled checklists are current."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from auditor import loading
from auditor.cli import cli
from auditor.loading import (
    COMPILED,
    _compiled,
    bundled,
    checklist_from_doc,
    compiled_form,
    load_checklist,
)
from auditor.schema import SCHEMAS
from auditor.validation import generated_source, schema_digest
from auditor.yamlio import read_yaml

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


@pytest.mark.parametrize(
    "source", sorted(bundled("checklists").glob("*.yaml")), ids=lambda p: p.stem
)
def test_compiled_checklists_are_current_and_build_the_same(source: Path) -> None:
    """The bundled checklists' compiled forms (what start-up reads) say what the YAML says."""
    compiled = COMPILED / f"{source.stem}.json"
    assert compiled.is_file(), "run `make schema` to compile the bundled checklists"
    assert json.loads(compiled.read_text(encoding="utf-8")) == compiled_form(source), (
        "run `make schema`: a bundled checklist changed since it was compiled"
    )
    from_yaml = checklist_from_doc(read_yaml(source), source)
    assert _compiled(source) == from_yaml
    assert load_checklist(source).hash == from_yaml.hash


def test_a_stale_compiled_checklist_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = bundled("checklists") / "mlops-culture.yaml"
    form = compiled_form(source)
    form["source"]["crc32"] += 1  # as if the YAML had been edited since
    form["data"]["title"] = "Not what the YAML says"
    (tmp_path / "mlops-culture.json").write_text(json.dumps(form), encoding="utf-8")
    monkeypatch.setattr(loading, "COMPILED", tmp_path)
    assert _compiled(source) is None
    uncached = loading._load_checklist_cached.__wrapped__  # the per-process cache aside
    assert uncached(source, (0, 0, 0)).title == read_yaml(source).data["title"]
