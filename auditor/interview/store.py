"""The audit file behind an interview: read at the start, written atomically after every change.

What is written is first parsed and checked against the checklist, exactly as ``score`` will read
it, so a bug can never leave a file that does not load. If the file changed on disk since the last
read or write (edited by hand during the interview), the edit is read back and the new change is
applied on top of it, so neither is lost.
"""

from __future__ import annotations

import contextlib
import copy
import glob
import io
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.audit import build_audit
from auditor.checklist import Checklist
from auditor.errors import AuditorError, InputError
from auditor.interview.session import Change, Session, ordered
from auditor.loading import find_checklist, load_audit
from auditor.yamlio import dump_yaml, parse_yaml, write_atomic

FILE_MODE = 0o600
STALE_SECONDS = 60
HEADER = (
    "# mlops-audit interview file: saved after every answer. Edit freely between runs;\n"
    "# your comments are kept. Resume with: mlops-audit interview {name}\n"
)


def real_path(path: Path) -> Path:
    """``path`` with symbolic links resolved: the file whose lock is taken."""
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links (RuntimeError before Python 3.13)
        raise AuditorError(f"{path}: cannot follow this symbolic link: {exc}") from None


@dataclass(frozen=True)
class _Stamp:
    inode: int
    size: int
    mtime_ns: int


class AuditStore:
    def __init__(self, path: Path, checklist: Checklist) -> None:
        self.path = path
        self.checklist = checklist
        self._stamp: _Stamp | None = None

    @staticmethod
    def open(
        path: Path, checklist_id: str | None, dirs: Sequence[Path]
    ) -> tuple[AuditStore, dict[str, Any] | None]:
        """The store and the existing audit data (None for a new file).

        An existing file is fully checked first: a hand edit that broke it is reported with its
        line, never overwritten.
        """
        _remove_stale_temp_files(path)
        if not path.exists():
            if path.parent != Path() and not path.parent.is_dir():
                raise AuditorError(f"{path}: folder {path.parent} does not exist")
            return AuditStore(path, find_checklist(checklist_id or "mlops-culture", dirs)), None
        audit, checklist = load_audit(path, dirs)
        if checklist_id is not None and checklist_id != checklist.id:
            raise AuditorError(
                f"{path}: this audit uses checklist {checklist.id!r}, not {checklist_id!r}; "
                "leave out --checklist to resume it, or give another file name"
            )
        store = AuditStore(path, checklist)
        store._stamp = store._current_stamp()
        data = copy.deepcopy(audit.data)
        if data["checklist"].get("hash") is None and not audit.checklist_changed:
            # Written by hand without a hash: the answers were just checked against this
            # checklist, so say which one. Not when it names an older version: its answers to
            # questions since removed are only allowed because the version differs.
            data["checklist"].update(version=checklist.version, hash=checklist.hash)
        return store, data

    def save(self, session: Session, change: Change | None = None) -> None:
        """Write the session's audit; first re-read the file if someone changed it meanwhile."""
        now = self._current_stamp()
        # A deleted file is simply written again; a changed one is merged with.
        if change is not None and None not in (self._stamp, now) and now != self._stamp:
            session.rebase(self._reread(change), change)
        data = ordered(session.data, self.checklist)
        text = self._render(data)
        self._check(text)
        try:
            write_atomic(self.path, text, mode=FILE_MODE)
        except OSError as exc:
            raise AuditorError(
                f"{self.path}: cannot write the audit file: {exc.strerror or exc}; "
                "the last change was not saved"
            ) from None
        session.data = data
        self._stamp = self._current_stamp()

    def _reread(self, change: Change) -> dict[str, Any]:
        try:
            audit, _ = load_audit(self.path, (), self.checklist)
        except InputError as exc:
            raise AuditorError(
                f"{exc}\n{self.path} was changed during the interview and no longer loads; "
                f"your last change ({change.describe(self.checklist)}) was not saved. "
                "Fix the file and run the command again."
            ) from None
        return copy.deepcopy(audit.data)

    def _render(self, data: dict[str, Any]) -> str:
        """The file's new text. Comments the user wrote into it are kept: hand edits include
        them. Only then is ruamel.yaml (a round-trip YAML library) imported; a file without
        comments of its own is written plainly."""
        plain = HEADER.format(name=self.path) + dump_yaml(data)
        try:
            previous = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return plain
        own = previous.replace(HEADER.format(name=self.path), "", 1)
        if "#" not in own:
            return plain
        try:
            return _round_trip(previous, data)
        except Exception:
            return plain

    def _check(self, text: str) -> None:
        # Parse what is about to be written, as `score` will: a bug must fail here, not leave
        # a file that no longer loads.
        build_audit(parse_yaml(text, str(self.path)), self.checklist)

    def _current_stamp(self) -> _Stamp | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return _Stamp(st.st_ino, st.st_size, st.st_mtime_ns)


def _round_trip(previous: str, data: dict[str, Any]) -> str:
    """``previous`` with ``data``'s values, its comments and layout kept where keys still are."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 100
    yaml.preserve_quotes = True
    document = yaml.load(previous)
    if not isinstance(document, dict):
        raise ValueError("not a mapping")
    _update(document, data)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _update(target: dict[Any, Any], new: dict[str, Any]) -> None:
    """Make ``target`` hold ``new``, changing in place so comments attached to keys survive."""
    for key in [k for k in target if k not in new]:
        del target[key]
    for key, value in new.items():
        current = target.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            _update(current, value)
        elif current != value or type(current) is not type(value):
            target[key] = copy.deepcopy(value)


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files a killed run left beside ``path`` (write_atomic's names); they hold notes.

    Only old ones: a fresh one may belong to a run still writing.
    """
    folder = path.parent if str(path.parent) else Path()
    now = time.time()
    for stale in folder.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
