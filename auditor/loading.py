"""Find and load checklists and audits: the only module of the core that reads files.

Checklists are found by id: ``<id>.yaml`` in the user's folders (``--checklist-dir``, then the
``MLOPS_AUDIT_CHECKLISTS`` environment variable, ``os.pathsep``-separated), then the bundled ones.
A user's folder comes first so that a copied and edited checklist can replace a bundled one.

A checklist file must be named after its id, wherever it is read from (``validate``,
``checklists``, ``sheet --checklist FILE``): an audit names its checklist by id, and the lookup
opens ``<id>.yaml``, so a file named otherwise could never be found, or would be found in place of
another. Keeping the name the key also keeps the lookup one ``stat`` per folder instead of a read of
every file. Only a checklist read from standard input, which has no name, is exempt.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from auditor.audit import Audit, build_audit, checklist_ref
from auditor.checklist import Checklist, build_checklist
from auditor.errors import AuditorError, InputError, Location
from auditor.schema import ID_PATTERN
from auditor.yamlio import STDIN, YamlDoc, display_name, read_yaml

ENV_DIRS = "MLOPS_AUDIT_CHECKLISTS"
_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def bundled(name: str) -> Path:
    """A bundled data folder (checklists, report_templates, examples), installed or checked out.

    An installed wheel carries them in ``auditor/_bundled/``; a checkout has them at the top.
    """
    installed = _PACKAGE / "_bundled" / name
    if installed.is_dir():
        return installed
    checkout = _CHECKOUT / name
    if checkout.is_dir() and (_CHECKOUT / "setup.cfg").is_file():
        return checkout
    raise AuditorError(
        f"bundled folder {name!r} is missing from this installation; reinstall mlops-audit"
    )


def checklist_dirs(extra: Sequence[Path] = ()) -> list[Path]:
    """Where checklists are looked up, first match wins."""
    from_env = [Path(p) for p in os.environ.get(ENV_DIRS, "").split(os.pathsep) if p]
    return [*extra, *from_env, bundled("checklists")]


@dataclass(frozen=True)
class ChecklistEntry:
    path: Path
    bundled: bool


def available_checklists(dirs: Sequence[Path]) -> dict[str, ChecklistEntry]:
    """Checklist id (the file stem) to its file, first folder wins."""
    builtin = bundled("checklists")
    found: dict[str, ChecklistEntry] = {}
    for folder in dirs:
        if not folder.is_dir():
            raise AuditorError(f"{folder}: checklist folder not found")
        for path in sorted(folder.glob("*.yaml")):
            found.setdefault(path.stem, ChecklistEntry(path, folder == builtin))
    return found


def find_checklist(checklist_id: str, dirs: Sequence[Path]) -> Checklist:
    """The checklist ``<id>.yaml`` in the first folder that has it."""
    for folder in dirs:
        if not folder.is_dir():
            raise AuditorError(f"{folder}: checklist folder not found")
    if re.fullmatch(ID_PATTERN, checklist_id):  # never a path: "../x" stays in no folder
        for folder in dirs:
            path = folder / f"{checklist_id}.yaml"
            if path.is_file():
                return load_checklist(path)
    known = ", ".join(sorted(available_checklists(dirs))) or "none"
    raise AuditorError(f"checklist {checklist_id!r} not found; available: {known}")


def checklist_from_doc(doc: YamlDoc, path: Path, *, known_hash: str | None = None) -> Checklist:
    """Build the checklist ``doc`` read from ``path``, whose name must be its id (see above)."""
    checklist = build_checklist(doc, known_hash=known_hash)
    expected = f"{checklist.id}.yaml"
    if path != STDIN and path.name != expected:
        raise doc.at(
            ["id"],
            f"checklist id {checklist.id!r} does not match the file name {path.name!r}: audits "
            f"find a checklist by its id, as {expected}; rename the file or change the id",
        )
    return checklist


@lru_cache(maxsize=64)
def _load_checklist_cached(path: Path, stamp: tuple[int, int, int]) -> Checklist:
    return _compiled(path) or checklist_from_doc(read_yaml(path), path)


# The bundled checklists, parsed, validated and hashed ahead of time by `make schema`: parsing
# and checking 60 KB of YAML at every start was a quarter of `score`'s start-up. Each records
# the size and CRC-32 of the YAML it came from; when the YAML has changed since (an edited
# checkout), it is read as any other checklist.
COMPILED = _PACKAGE / "_generated" / "checklists"


def compiled_form(path: Path) -> dict[str, Any]:
    """What `make schema` writes for the checklist at ``path`` (read and checked in full)."""
    raw = path.read_bytes()
    doc = read_yaml(path)
    checklist = checklist_from_doc(doc, path)
    return {
        "source": {"file": path.name, "size": len(raw), "crc32": zlib.crc32(raw)},
        "hash": checklist.hash,
        "data": doc.data,
    }


def _compiled(path: Path) -> Checklist | None:
    if path.parent != bundled("checklists"):
        return None
    try:
        raw = path.read_bytes()
        form = json.loads((COMPILED / f"{path.stem}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # not compiled, or unreadable: the YAML says what is wrong, if anything
    source = form.get("source", {})
    if source.get("size") != len(raw) or source.get("crc32") != zlib.crc32(raw):
        return None
    doc = YamlDoc(display_name(path), form["data"], None)  # type: ignore[arg-type]
    return checklist_from_doc(doc, path, known_hash=form["hash"])


def load_checklist(path: Path) -> Checklist:
    """Load and check one checklist file; cached per process while the file is unchanged."""
    if path == STDIN:
        return checklist_from_doc(read_yaml(path), path)
    try:
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
    except OSError:
        stamp = (-1, -1, -1)  # read_yaml reports the real problem
    return _load_checklist_cached(path, stamp)


def resolve_checklist(ref: str, dirs: Sequence[Path]) -> Checklist:
    """A checklist named by id, or by path when ``ref`` looks like a file."""
    if ref.endswith((".yaml", ".yml")) or os.sep in ref or ref == "-":
        return load_checklist(Path(ref))
    return find_checklist(ref, dirs)


def checklist_for(doc: YamlDoc, dirs: Sequence[Path]) -> Checklist:
    """The checklist an audit document names; not found is an error at its ``checklist.id``."""
    try:
        return find_checklist(checklist_ref(doc), dirs)
    except InputError:
        raise
    except AuditorError as exc:
        where = Location(doc.file, doc.line_of(["checklist", "id"]), "checklist.id")
        raise InputError(where, str(exc)) from None


def load_audit(
    path: Path, dirs: Sequence[Path], checklist: Checklist | None = None
) -> tuple[Audit, Checklist]:
    """Load an audit and check its answers against its checklist (found by id unless given)."""
    doc = read_yaml(path)
    if checklist is None:
        checklist = checklist_for(doc, dirs)
    else:
        checklist_ref(doc)  # the audit's own shape, before its answers
    return build_audit(doc, checklist, shape_checked=True), checklist
