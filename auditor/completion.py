"""What the shell completes after ``--checklist`` (checklist ids) and ``--only`` (dimension ids).

It runs on every press of Tab, so it reads as little as it can and checks nothing: checklist ids
are file names (a checklist is named after its id, see :mod:`auditor.loading`) and their titles
one line of each file; dimension ids come from one plain YAML load of the one checklist, without
validating it. A folder or file that cannot be read is left out: completion must never print an
error into the middle of a command line being typed. :mod:`auditor.cli` turns the pairs returned
here into click's completion items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from auditor.errors import AuditorError
from auditor.loading import available_checklists, checklist_dirs
from auditor.yamlio import read_yaml

DEFAULT_CHECKLIST = "mlops-culture"
_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.M)
# An audit names its checklist as `checklist: {id: x, ...}` or as a block with `id: x` under it.
_AUDIT_CHECKLIST = re.compile(
    r"^checklist:[ \t]*(?:\{[^}\n]*?\bid:[ \t]*['\"]?([a-z0-9][a-z0-9-]*)"
    r"|\n(?:[ \t]+.*\n)*?[ \t]+id:[ \t]*['\"]?([a-z0-9][a-z0-9-]*))",
    re.M,
)

Choice = tuple[str, str]  # (value, help)


def looks_like_a_file(incomplete: str) -> bool:
    """``sheet --checklist`` also takes a checklist file: complete a path instead of an id."""
    return "/" in incomplete or incomplete.startswith(".") or incomplete.endswith((".y", ".ya"))


def _dirs(extra: Sequence[Path]) -> list[Path]:
    try:
        return [d for d in checklist_dirs(extra) if d.is_dir()]
    except (AuditorError, OSError):
        return []


def checklist_choices(extra: Sequence[Path], incomplete: str) -> list[Choice]:
    """Checklist ids starting with ``incomplete``, each with its title."""
    try:
        found = available_checklists(_dirs(extra))
    except (AuditorError, OSError):
        return []
    choices = []
    for checklist_id, entry in found.items():
        if checklist_id.startswith(incomplete):
            choices.append((checklist_id, _title(entry.path)))
    return choices


def _title(path: Path) -> str:
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(4096)  # the title is near the top; no need to read it all
    except (OSError, UnicodeDecodeError):
        return ""
    found = _TITLE.search(head)
    return found.group(1).strip("'\"") if found else ""


def dimension_choices(
    checklist: str | None, audit_file: Path | None, extra: Sequence[Path], incomplete: str
) -> list[Choice]:
    """Dimension ids of the checklist (named, or the one ``audit_file`` names, or the default)
    that complete the last of the comma-separated ids in ``incomplete``."""
    ref = checklist or (_named_by(audit_file) if audit_file is not None else None)
    data = _load(ref or DEFAULT_CHECKLIST, extra)
    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    taken = set(done.split(",")) if done else set()
    choices = []
    for dimension in data.get("dimensions") or []:
        if not isinstance(dimension, dict):
            continue
        dimension_id = dimension.get("id")
        if (
            isinstance(dimension_id, str)
            and dimension_id.startswith(last)
            and dimension_id not in taken
        ):
            choices.append((prefix + dimension_id, str(dimension.get("title") or "")))
    return choices


def _named_by(audit_file: Path) -> str | None:
    """The checklist id an existing audit file names; None for a new or unreadable one."""
    try:
        with audit_file.open(encoding="utf-8") as handle:
            text = handle.read(65536)
    except (OSError, UnicodeDecodeError):
        return None
    found = _AUDIT_CHECKLIST.search(text)
    return (found.group(1) or found.group(2)) if found else None


def _load(ref: str, extra: Sequence[Path]) -> dict[str, Any]:
    """The checklist's data, unchecked; {} when it cannot be found or read."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        path: Path | None = Path(ref)
    else:
        path = next(
            (d / f"{ref}.yaml" for d in _dirs(extra) if (d / f"{ref}.yaml").is_file()), None
        )
    if path is None or not path.is_file():
        return {}
    try:
        # The tool's own reader, for its limits (size, aliases, depth): a hostile file in a
        # checklist folder must not hang the shell. No schema check, no checklist built.
        data = read_yaml(path).data
    except (AuditorError, OSError):
        return {}
    return data if isinstance(data, dict) else {}
