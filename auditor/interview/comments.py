"""Rewrite an audit file that has the user's comments in it, keeping them.

ruamel.yaml (a round-trip YAML library, imported only here and only for such files) loads the
previous text with its comments and layout; only what changed between the data that text held
and the data to save is written into it, so a value nobody touched keeps its spelling. Two
differences from the reader have to be bridged:

- ruamel.yaml speaks YAML 1.2, the audit reader (PyYAML) 1.1: a note ``no`` or ``1:20``
  written plainly would read back as false or 80. Strings that 1.1 would read as anything but
  text are quoted.
- An anchor and its aliases are one object once loaded: changing the answer behind ``*x`` would
  change every answer that shares it. A shared value is copied before it is changed.

Whatever comes out is parsed as the audit reader will and compared with the data to save; any
difference raises :class:`CommentsLost` (the store then writes plainly and says so).
"""

from __future__ import annotations

import copy
import io
from typing import Any

import yaml

from auditor.errors import InputError
from auditor.yamlio import parse_yaml

_RESOLVER: Any = yaml.resolver.Resolver()
_EMITTER: Any = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)
_STR = "tag:yaml.org,2002:str"


class CommentsLost(Exception):
    """The file could not be rewritten with its comments; the message says why."""


def rewrite(previous: str, old: dict[str, Any], new: dict[str, Any], name: str) -> str:
    """``previous`` (which reads as ``old``) changed to read as ``new``, comments kept."""
    try:
        from ruamel.yaml import YAML
    except ImportError:
        raise CommentsLost("ruamel.yaml is not installed") from None
    rt = YAML()
    rt.width = 100
    rt.preserve_quotes = True
    try:
        document = rt.load(previous)
        if not isinstance(document, dict):
            raise CommentsLost("the file is not a mapping")
        _update(document, old, new, _shared(document))
        out = io.StringIO()
        rt.dump(document, out)
    except CommentsLost:
        raise
    except Exception as exc:  # ruamel.yaml's own errors have no common base
        raise CommentsLost(f"ruamel.yaml: {type(exc).__name__}: {exc}") from None
    text = out.getvalue()
    try:
        back = parse_yaml(text, name).data
    except InputError as exc:
        raise CommentsLost(f"the rewritten file would not load: {exc.message}") from None
    where = difference(back, new)
    if where is not None:
        raise CommentsLost(f"{where} would not read back as saved")
    return text


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (``1``, ``1.0`` and ``True`` differ)."""
    return difference(a, b) is None


def difference(a: Any, b: Any, path: str = "") -> str | None:
    """The key path of the first place where ``a`` and ``b`` differ, else None."""
    here = path or "the file"
    if type(a) is not type(b):
        return here
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return here
        for key in a:
            found = difference(a[key], b[key], f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return here
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            found = difference(x, y, f"{path}[{index}]")
            if found is not None:
                return found
        return None
    return None if a == b else here


def comment_lines(text: str, skip: str = "") -> list[tuple[int, str]]:
    """(line number, comment) for each comment in ``text``, leaving out those in ``skip``.

    A line scan that knows quotes on one line; good enough to tell a person what was dropped.
    """
    found = []
    ignored = set(skip.splitlines())
    for number, line in enumerate(text.splitlines(), 1):
        if line in ignored:
            continue
        at = _comment_start(line)
        if at is not None:
            found.append((number, line[at:].strip()))
    return found


def _comment_start(line: str) -> int | None:
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and (index == 0 or line[index - 1] in " \t[{,:-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return index
    return None


def _update(target: Any, old: dict[str, Any], new: dict[str, Any], shared: set[int]) -> None:
    """Make the ruamel mapping ``target`` (which reads as ``old``) read as ``new``, in place so
    that the comments attached to its keys stay."""
    for key in [k for k in target if k not in new]:
        del target[key]
    for key, value in new.items():
        before = old.get(key, _MISSING)
        if key in target and same(before, value):
            continue  # untouched: its text stays as the user wrote it
        current = target.get(key)
        if isinstance(value, dict) and isinstance(before, dict) and isinstance(current, dict):
            if id(current) in shared:
                current = target[key] = _unshared(current)
                _drop_borrowed_comment(target, key)
            wrapping = _wrapping(before, value)
            if wrapping:
                _drop_echoed_comment(target, key, current)
                target[key] = _wrapped(current, wrapping)
                continue
            _update(current, before, value, shared)
        elif key in target:
            target[key] = _node(value)
        else:
            _insert(target, key, _node(value), list(new))


_MISSING = object()


def _wrapping(before: dict[str, Any], value: dict[str, Any]) -> list[Any]:
    """The keys under which ``value`` holds ``before`` unchanged and alone (``{responses: {hm:
    before}}`` gives ``[responses, hm]``), else ``[]``: an answer that became one respondent's
    when a second voice joined the audit. Moved as it is, its comments move with it."""
    path: list[Any] = []
    node: Any = value
    while isinstance(node, dict) and len(node) == 1:
        key, node = next(iter(node.items()))
        path.append(key)
        if same(node, before):
            return path
    return []


def _insert(target: Any, key: Any, value: Any, order: list[Any]) -> None:
    """Add ``key`` where the data to save has it (before the first key that follows it there
    and is already in the file), not at the end: ``respondents`` goes before ``answers``."""
    following = order[order.index(key) + 1 :]
    keys = list(target)
    at = next((keys.index(k) for k in following if k in target), len(keys))
    target.insert(at, key, value)


def _drop_echoed_comment(parent: Any, key: Any, node: Any) -> None:
    """ruamel.yaml holds a comment after a flow mapping (``q: {answer: 1}  # why``) twice: on
    the mapping and on its key in ``parent``. Written once while the mapping stays on its key's
    line; moved under new keys it would be written twice, so it stays with the mapping only."""
    items = getattr(getattr(parent, "ca", None), "items", {})
    mine = items.get(key)
    own = getattr(getattr(node, "ca", None), "comment", None) or []
    if mine and len(mine) > 2 and mine[2] is not None and any(mine[2] is c for c in own):
        mine[2] = None


def _wrapped(node: Any, path: list[Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    for key in reversed(path):
        outer = CommentedMap()
        outer[_node(key)] = node
        node = outer
    return node


def _node(value: Any) -> Any:
    """``value`` as ruamel.yaml should write it: strings YAML 1.1 would misread, quoted."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(value, str):
        # PyYAML's own emitter knows which strings it may write plainly in YAML 1.1 (`?0` may
        # not be, in a flow mapping; 1.2 allows it) and which need double quotes.
        analysis = _EMITTER.analyze_scalar(value)
        resolved = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        if resolved == _STR and analysis.allow_flow_plain and analysis.allow_block_plain:
            return value
        if analysis.allow_single_quoted:
            return SingleQuotedScalarString(value)
        return DoubleQuotedScalarString(value)
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[_node(key)] = _node(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_node(item) for item in value)
    return value


def _shared(document: Any) -> set[int]:
    """The ids of mappings and lists reached more than once (an anchor and its aliases)."""
    seen: set[int] = set()
    shared: set[int] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                if id(child) in seen:
                    shared.add(id(child))
                else:
                    seen.add(id(child))
                    stack.append(child)
    return shared


def _drop_borrowed_comment(parent: Any, key: Any) -> None:
    """ruamel.yaml attaches a comment after an anchored value to every key that shares the
    value (written only once while the alias stays); an unshared copy must not carry it."""
    items = getattr(getattr(parent, "ca", None), "items", {})
    mine = items.get(key)
    if not mine:
        return
    for other_key, other in items.items():
        if other_key != key and any(
            a is not None and a is b for a, b in zip(mine, other, strict=False)
        ):
            del items[key]
            return


def _unshared(node: Any) -> Any:
    """A copy of an aliased value for one place: no anchor, no comments (they stay with the
    original)."""
    duplicate = copy.deepcopy(node)
    stack = [duplicate]
    while stack:
        item = stack.pop()
        if hasattr(item, "anchor") and getattr(item.anchor, "value", None) is not None:
            item.anchor.value = None
        comments = getattr(item, "ca", None)
        if comments is not None:
            comments.comment = None
            comments.items.clear()
            comments.end = None
        if isinstance(item, dict):
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))
    return duplicate
