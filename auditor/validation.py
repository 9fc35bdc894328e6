"""Check a parsed YAML document against its JSON Schema, with errors a person can act on.

The validators are fastjsonschema code generated from :mod:`auditor.schema` into
``auditor/_generated/`` (``make schema``; a test fails when they are stale). Compiling the schema at
run time costs about 70 ms, more than the whole start-up budget of ``score``; importing the
generated code costs a few.

fastjsonschema stops at the first problem. When it finds one, :func:`schema_problems` walks the
document against the same schema to find them all, so that ``validate`` reports every problem in
file order. The walk is our own (about a hundred lines for the keywords our schemas use) rather
than the ``jsonschema`` library's ``iter_errors``: that library and its compiled dependencies
would be installed for a path taken only when a file is already wrong, and every message here is
worded from the keyword at fault either way. A test checks that the walk and the generated
validator agree on what is valid.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from auditor.errors import InputError, Problems
from auditor.schema import HASH_PATTERN
from auditor.yamlio import BadNumber, PathKey, YamlDoc

GENERATED_PACKAGE = "auditor._generated"


def validate(kind: str, doc: YamlDoc) -> None:
    """Raise an :class:`InputError` for every place where ``doc`` breaks the ``kind`` schema
    (an :class:`~auditor.errors.InputErrors` when there are several)."""
    from fastjsonschema import JsonSchemaValueException

    try:
        _validator(kind)(doc.data)
    except JsonSchemaValueException as exc:
        problems = Problems()
        problems.extend(schema_problems(kind, doc))
        # The walk finds nothing only for a number already refused as it was read (or if it
        # ever disagreed with the generated code: then the first problem is still reported).
        if not problems and not isinstance(exc.value, BadNumber):
            path = _typed_path(doc.data, exc.path[1:])  # the first element is the root, "data"
            failure = _Failure(path, exc.rule or "", _as_dict(exc.definition), exc.value)
            problems.add(_explain(doc, failure))
        problems.raise_if_any()


def schema_problems(kind: str, doc: YamlDoc) -> list[InputError]:
    """Every place where ``doc`` breaks the ``kind`` schema, each worded as :func:`validate`
    words it. A :class:`~auditor.yamlio.BadNumber` (already reported as it was read) is not
    reported again."""
    from auditor.schema import SCHEMAS

    return [
        _explain(doc, failure)
        for failure in _walk(SCHEMAS[kind], doc.data, [])
        if not isinstance(failure.value, BadNumber)
    ]


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
    """The Python source of the validator for ``kind``, as ``make schema`` writes it.

    The header names the fastjsonschema version that wrote the code and a digest of the schema
    it was written from: other versions write different code from the same schema, so the
    staleness test compares the digest always and the code only under the version named.
    """
    from importlib.metadata import version

    import fastjsonschema

    source: str = fastjsonschema.compile_to_code(_strip_descriptions(_schema(kind)))
    header = (
        "# Generated from auditor/schema.py by `make schema` "
        f"with fastjsonschema {version('fastjsonschema')}. Do not edit.\n"
        f"# Schema digest: {schema_digest(kind)}\n"
        "# ruff: noqa\n# mypy: ignore-errors\n"
    )
    return header + source


def schema_digest(kind: str) -> str:
    """A digest of the schema the validator for ``kind`` is generated from."""
    canonical = json.dumps(_strip_descriptions(_schema(kind)), sort_keys=True)
    import hashlib  # for `make schema` and its test, never at run time

    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _schema(kind: str) -> Any:
    from auditor.schema import SCHEMAS

    return SCHEMAS[kind]


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


@dataclass(frozen=True)
class _Failure:
    """One keyword that a value breaks: where, which keyword, the schema holding it, the value.

    ``key`` names the unknown key for ``additionalProperties``.
    """

    path: list[PathKey]
    rule: str
    definition: dict[str, Any]
    value: Any
    key: Any = None


def _walk(schema: dict[str, Any], value: Any, path: list[PathKey]) -> Iterator[_Failure]:
    """Every failure of ``value`` against ``schema``, for the keywords :mod:`auditor.schema`
    uses, with fastjsonschema's semantics (integers may be written 2.0; true is not a number)."""
    kinds = schema.get("type")
    if kinds is not None:
        allowed = kinds if isinstance(kinds, list) else [kinds]
        if not any(_is_type(value, kind) for kind in allowed):
            yield _Failure(path, "type", schema, value)
            return  # the other keywords say nothing useful about a value of the wrong type
    if "enum" in schema and not any(_same(value, c) for c in schema["enum"]):
        yield _Failure(path, "enum", schema, value)
    if "const" in schema and not _same(value, schema["const"]):
        yield _Failure(path, "const", schema, value)
    if isinstance(value, str):
        yield from _walk_text(schema, value, path)
    elif _is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            yield _Failure(path, "minimum", schema, value)
        if "maximum" in schema and value > schema["maximum"]:
            yield _Failure(path, "maximum", schema, value)
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            yield _Failure(path, "exclusiveMinimum", schema, value)
    elif isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            yield _Failure(path, "minItems", schema, value)
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            yield _Failure(path, "maxItems", schema, value)
        if "items" in schema:
            for index, item in enumerate(value):
                yield from _walk(schema["items"], item, [*path, index])
    elif isinstance(value, dict):
        yield from _walk_mapping(schema, value, path)
    for branch in schema.get("allOf", ()):
        yield from _walk_branch(branch, value, path)


def _walk_text(schema: dict[str, Any], value: str, path: list[PathKey]) -> Iterator[_Failure]:
    if "minLength" in schema and len(value) < schema["minLength"]:
        yield _Failure(path, "minLength", schema, value)
    if "pattern" in schema and not _pattern(schema["pattern"]).search(value):
        yield _Failure(path, "pattern", schema, value)
    if schema.get("format") == "date" and not _date_pattern().match(value):
        yield _Failure(path, "format", schema, value)


def _walk_mapping(
    schema: dict[str, Any], value: dict[Any, Any], path: list[PathKey]
) -> Iterator[_Failure]:
    if any(key not in value for key in schema.get("required", ())):
        yield _Failure(path, "required", schema, value)
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        where = [*path, str(key)]
        if key in properties:
            yield from _walk(properties[key], item, where)
        elif extra is False:
            yield _Failure(path, "additionalProperties", schema, value, key)
        elif isinstance(extra, dict):
            yield from _walk(extra, item, where)


def _walk_branch(branch: dict[str, Any], value: Any, path: list[PathKey]) -> Iterator[_Failure]:
    if "if" in branch:
        chosen = next(_walk(branch["if"], value, path), None) is None
        then = branch.get("then" if chosen else "else")
        if then is not None:
            yield from _walk(then, value, path)
    else:
        yield from _walk(branch, value, path)


def _is_type(value: Any, kind: str) -> bool:
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "integer":
        number = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        return number and not isinstance(value, bool)
    if kind == "null":
        return value is None
    types: dict[str, type] = {"object": dict, "array": list, "string": str, "boolean": bool}
    return kind in types and isinstance(value, types[kind])


def _same(value: Any, expected: Any) -> bool:
    """Enum equality as fastjsonschema has it: true is not 1, 1 is 1.0."""
    return isinstance(value, bool) == isinstance(expected, bool) and bool(value == expected)


@lru_cache(maxsize=16)
def _pattern(pattern: str) -> re.Pattern[str]:
    # fastjsonschema compiles a trailing $ as \Z: "abc\n" does not match ^abc$.
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)


def _date_pattern() -> re.Pattern[str]:
    """The generated validator's own pattern for ``format: date``."""
    module = importlib.import_module(f"{GENERATED_PACKAGE}.audit_schema")
    return module.REGEX_PATTERNS["date_re_pattern"]  # type: ignore[no-any-return]


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _explain(doc: YamlDoc, failure: _Failure) -> InputError:
    path, rule, definition, value = failure.path, failure.rule, failure.definition, failure.value
    got = _show(value)
    limit = definition.get(rule)
    if rule == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(definition.get("properties", {}))
        name = str(failure.key) if failure.key is not None else _first_extra(value, allowed)
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


def _first_extra(value: dict[Any, Any], allowed: list[str]) -> str:
    extra = sorted(str(key) for key in value if key not in allowed)
    return extra[0] if extra else "?"


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
    if isinstance(value, int) and abs(value) > 10**15:
        return "a very large number"  # repr() of an int over 4,300 digits raises
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
