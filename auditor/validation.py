"""Check a parsed YAML document against its JSON Schema, with errors a person can act on.

The validators are fastjsonschema code generated from :mod:`auditor.schema` into
``auditor/_generated/`` (``make schema``; a test fails when they are stale). Compiling the schema at
run time costs about 70 ms, more than the whole start-up budget of ``score``; importing the
generated code costs a few.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from auditor.errors import InputError
from auditor.schema import HASH_PATTERN
from auditor.yamlio import PathKey, YamlDoc

GENERATED_PACKAGE = "auditor._generated"


def validate(kind: str, doc: YamlDoc) -> None:
    """Raise an :class:`InputError` at the first place where ``doc`` breaks the ``kind`` schema."""
    from fastjsonschema import JsonSchemaValueException

    try:
        _validator(kind)(doc.data)
    except JsonSchemaValueException as exc:
        path = _typed_path(doc.data, exc.path[1:])  # the first element is the root, "data"
        raise _explain(
            doc, path, exc.rule or "", exc.rule_definition, exc.value, exc.definition
        ) from None


def _typed_path(data: Any, raw: list[str]) -> list[PathKey]:
    """fastjsonschema gives list indices as text; make them ints where the data is a list."""
    path: list[PathKey] = []
    node = data
    for key in raw:
        if isinstance(node, list) and str(key).isdigit():
            index = int(key)
            path.append(index)
            node = node[index] if index < len(node) else None
        else:
            path.append(key)
            node = node.get(key) if isinstance(node, dict) else None
    return path


def generated_source(kind: str) -> str:
    """The Python source of the validator for ``kind``, as ``make schema`` writes it."""
    import fastjsonschema

    from auditor.schema import SCHEMAS

    source: str = fastjsonschema.compile_to_code(_strip_descriptions(SCHEMAS[kind]))
    header = (
        "# Generated from auditor/schema.py by `make schema` (fastjsonschema). Do not edit.\n"
        "# ruff: noqa\n# mypy: ignore-errors\n"
    )
    return header + source


def _validator(kind: str) -> Callable[[Any], Any]:
    module = importlib.import_module(f"{GENERATED_PACKAGE}.{kind}_schema")
    return module.validate  # type: ignore[no-any-return]


def _strip_descriptions(schema: Any, *, names: bool = False) -> Any:
    """Descriptions are for editors; leaving them out makes the generated code a third the size.

    ``names`` is true for a ``properties`` mapping, whose keys are field names, not keywords.
    """
    if isinstance(schema, dict):
        return {
            key: _strip_descriptions(value, names=key == "properties" and not names)
            for key, value in schema.items()
            if names or key not in {"description", "$id", "title"}
        }
    if isinstance(schema, list):
        return [_strip_descriptions(item) for item in schema]
    return schema


def _explain(
    doc: YamlDoc, path: list[PathKey], rule: str, limit: Any, value: Any, definition: Any
) -> InputError:
    definition = definition if isinstance(definition, dict) else {}
    got = _show(value)
    if rule == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(definition.get("properties", {}))
        extra = sorted(str(key) for key in value if key not in allowed)
        name = extra[0] if extra else "?"
        return doc.at(
            [*path, name],
            f"unknown key {name!r}; expected one of: {', '.join(allowed)}",
        )
    if rule == "required" and isinstance(value, dict):
        missing = [key for key in definition.get("required", []) if key not in value]
        keys = ", ".join(repr(key) for key in missing)
        return doc.at(path, f"missing required key{'s' if len(missing) > 1 else ''} {keys}")
    if rule in {"type", "minimum", "maximum", "exclusiveMinimum"}:
        return doc.at(path, f"expected {_describe_type(definition)}, got {got}")
    if rule in {"enum", "const"}:
        choices = definition.get("enum") or [definition.get("const")]
        return doc.at(path, f"expected one of: {', '.join(map(str, choices))}; got {got}")
    if rule == "format" and definition.get("format") == "date":
        return doc.at(path, f"expected a date as YYYY-MM-DD, got {got}")
    if rule == "pattern" and limit == HASH_PATTERN:
        return doc.at(
            path,
            f"expected a checklist hash as the tool writes it ('sha256:' and 16 hex digits), got "
            f"{got}; remove the line to check the answers against the checklist's version instead",
        )
    if rule == "pattern":
        return doc.at(path, f"expected an id of lowercase letters, digits and dashes, got {got}")
    if rule == "minLength":
        return doc.at(path, "must not be empty")
    if rule == "minItems":
        return doc.at(path, f"expected at least {limit} items, got {len(value)}")
    if rule == "maxItems":
        return doc.at(path, f"expected at most {limit} items, got {len(value)}")
    return doc.at(path, f"is not valid ({rule} {limit!r}), got {got}")


def _describe_type(definition: dict[str, Any]) -> str:
    kind = definition.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if kinds == ["number"] or kinds == ["integer"]:
        noun = "a whole number" if kinds == ["integer"] else "a number"
        low, high = definition.get("minimum"), definition.get("maximum")
        above = definition.get("exclusiveMinimum")
        if low is not None and high is not None:
            return f"{noun} between {low:g} and {high:g}"
        if low is not None:
            return f"{noun} of at least {low:g}"
        if above is not None:
            return f"{noun} above {above:g}"
        return noun
    names = {
        "object": "a mapping",
        "array": "a list",
        "string": "text",
        "boolean": "true or false",
        "number": "a number",
        "integer": "a whole number",
    }
    return " or ".join(names.get(str(k), str(k)) for k in kinds)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
