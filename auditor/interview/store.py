"""The audit file behind an interview: read at the start, written atomically after every change.

Never written over content it has not read: the text last read or written is kept, and before
each save (and again just before the new file is renamed into place) the file on disk is compared
with it. When someone edited the file meanwhile, the edit is read back and the new change applied
on top of it, so neither is lost. Other interviews are kept out by :mod:`auditor.interview.lock`.

What is written is first checked exactly as ``score`` will read it (size limit, YAML limits,
the checklist), so the interview can never leave a file that does not load. A symbolic link is
followed (the file it points to is updated, the link stays), and a file that belongs to someone
else (an audit of the user's, saved by a run under sudo) keeps its owner and group.
"""

from __future__ import annotations

import contextlib
import copy
import glob
import os
import stat
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from auditor.audit import build_audit
from auditor.checklist import Checklist
from auditor.errors import AuditorError, InputError
from auditor.interview import comments
from auditor.interview.session import Change, Session, ordered
from auditor.loading import checklist_for, find_checklist
from auditor.schema import AUDIT_SCHEMA_LINE
from auditor.yamlio import MAX_BYTES, parse_yaml, read_text

FILE_MODE = 0o600
STALE_SECONDS = 60
HEADER = AUDIT_SCHEMA_LINE + (
    "# mlops-audit interview file: saved after every answer. Edit freely between runs;\n"
    "# your comments are kept. Resume with: mlops-audit interview {name}\n"
)
# A save retried this often because the file kept changing under it gives up.
_ATTEMPTS = 5
# Notes at least this long that are one object (written once with an anchor and aliases) are
# written once again: written out in full, a few aliased notes make a file too big to load.
_ALIAS_MIN = 80

Warn = Callable[[str], None]


def real_path(path: Path) -> Path:
    """``path`` with symbolic links resolved: the file that is read and replaced."""
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links (RuntimeError before Python 3.13)
        raise AuditorError(f"{path}: cannot follow this symbolic link: {exc}") from None


class _Broken(Exception):
    """The file on disk changed and no longer loads (the message says why)."""


class AuditStore:
    def __init__(
        self, path: Path, checklist: Checklist, warn: Warn | None = None, target: Path | None = None
    ) -> None:
        self.path = path
        self.target = target or real_path(path)
        self.checklist = checklist
        self.warnings: list[str] = []
        self._warn = warn
        # The text last read from or written to the file and the data it reads as; None: no
        # file (a new audit).
        self._seen: str | None = None
        self._seen_data: dict[str, Any] | None = None
        self._owner: tuple[int, int] | None = None

    @staticmethod
    def open(
        path: Path, checklist_id: str | None, dirs: Sequence[Path], warn: Warn | None = None
    ) -> tuple[AuditStore, dict[str, Any] | None]:
        """The store and the existing audit data (None for a new file).

        An existing file is fully checked first: a hand edit that broke it is reported with its
        line, never overwritten; one this user may not write is refused before any question.
        """
        target = real_path(path)
        _remove_stale_temp_files(target)
        st = _stat(target)
        if st is None:
            if not target.parent.is_dir():
                raise AuditorError(f"{path}: folder {target.parent} does not exist")
            checklist = find_checklist(checklist_id or "mlops-culture", dirs)
            return AuditStore(path, checklist, warn, target), None
        _check_writable(path, target, st)
        text = read_text(path)
        doc = parse_yaml(text, str(path))
        checklist = checklist_for(doc, dirs)
        audit = build_audit(doc, checklist, shape_checked=True)
        if checklist_id is not None and checklist_id != checklist.id:
            raise AuditorError(
                f"{path}: this audit uses checklist {checklist.id!r}, not {checklist_id!r}; "
                "leave out --checklist to resume it, or give another file name"
            )
        store = AuditStore(path, checklist, warn, target)
        store._seen, store._seen_data = text, doc.data
        store._owner = (st.st_uid, st.st_gid)
        data = copy.deepcopy(audit.data)
        if data["checklist"].get("hash") is None and not audit.checklist_changed:
            # Written by hand without a hash: the answers were just checked against this
            # checklist, so say which one. Not when it names an older version: its answers to
            # questions since removed are only allowed because the version differs.
            data["checklist"].update(version=checklist.version, hash=checklist.hash)
        return store, data

    def save(self, session: Session, change: Change | None = None) -> None:
        """Write the session's audit, merged with any edit made to the file since it was read.

        ``change`` is the edit this save is for, re-applied on top of such an edit; without one
        (the first save of a new audit) a file that appeared meanwhile is never written over.
        """
        for _ in range(_ATTEMPTS):
            current = self._current(change)
            if current != self._seen:
                self._take(session, change, current)
            data = ordered(session.data, self.checklist)
            text = self._render(data)
            written = self._check(text)
            try:
                if self._replace(text, current):
                    break
            except OSError as exc:
                raise AuditorError(
                    f"{self.path}: cannot write the audit file: {exc.strerror or exc}; "
                    "the last change was not saved (the file still holds every answer "
                    "confirmed before it)"
                ) from None
        else:
            raise AuditorError(
                f"{self.path} kept changing on disk while the interview saved it; the last "
                "change was not saved. Close whatever is writing to it and run the command again."
            )
        session.data = data
        self._seen, self._seen_data = text, written

    def _current(self, change: Change | None) -> str | None:
        """The file's text now (None when there is none), or an error that says it broke."""
        try:
            return self._read()
        except _Broken as exc:
            last = "" if change is None else f" ({change.describe(self.checklist)})"
            raise AuditorError(
                f"{exc}\n{self.path} was changed during the interview and no longer loads; "
                f"your last change{last} was not saved. Fix the file and run the command again."
            ) from None

    def _read(self) -> str | None:
        st = _stat(self.target)
        if st is None:
            return None
        try:
            _check_writable(self.path, self.target, st)
        except AuditorError as exc:
            raise AuditorError(f"{exc}\nThe last change was not saved.") from None
        try:
            return read_text(self.path)
        except AuditorError as exc:
            raise _Broken(str(exc)) from None

    def _take(self, session: Session, change: Change | None, current: str | None) -> None:
        """Adopt ``current``, the file as someone else left it, and re-apply ``change``."""
        if current is None:  # deleted meanwhile: written again, in full
            self._seen = self._seen_data = None
            return
        if change is None:
            happened = "created" if self._seen is None else "changed"
            raise AuditorError(
                f"{self.path} was {happened} by another program while this interview started; "
                "nothing was written. Run the command again to resume that file."
            )
        try:
            doc = parse_yaml(current, str(self.path))
            build_audit(doc, self.checklist)
        except InputError as exc:
            raise AuditorError(
                f"{exc}\n{self.path} was changed during the interview and no longer loads; "
                f"your last change ({change.describe(self.checklist)}) was not saved. "
                "Fix the file and run the command again."
            ) from None
        session.rebase(copy.deepcopy(doc.data), change)
        self._seen, self._seen_data = current, doc.data

    def _render(self, data: dict[str, Any]) -> str:
        """The file's new text. A file with comments of the user's is rewritten keeping them;
        one without is written plainly (and ruamel.yaml is not even imported)."""
        header = HEADER.format(name=self.path)
        plain = header + _dump(data)
        previous, old = self._seen, self._seen_data
        # A file whose only comments are our header (this one, or the one before the schema
        # line was added) is written plainly: nothing of the user's to keep.
        mine = (
            header if previous and previous.startswith(header) else header[len(AUDIT_SCHEMA_LINE) :]
        )
        if previous is None or old is None or "#" not in previous.replace(mine, "", 1):
            return plain
        try:
            return comments.rewrite(previous, old, data, str(self.path))
        except comments.CommentsLost as exc:
            lost = comments.comment_lines(previous, skip=header)
            shown = "; ".join(f"line {n}: {text}" for n, text in lost[:3])
            more = f"; and {len(lost) - 3} more" if len(lost) > 3 else ""
            self._say(
                f"Warning: {self.path}: the comments in this file could not be kept ({exc}), "
                f"so it was saved without them. Dropped: {shown}{more}."
                if lost
                else f"Warning: {self.path}: written without its layout ({exc})."
            )
            return plain

    def _check(self, text: str) -> dict[str, Any]:
        """Check ``text`` as ``score`` will read it (the data it reads as, or an error): a bug
        or a change that would leave a file no command loads fails here, before writing."""
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:
            raise AuditorError(
                f"{self.path}: with the last change the file would be {size:,} bytes, over the "
                f"{MAX_BYTES:,}-byte limit for audit files, and no command could read it; the "
                "last change was not saved. Shorten the longest notes in the file, then run the "
                "command again."
            )
        try:
            doc = parse_yaml(text, str(self.path))
            build_audit(doc, self.checklist)
        except InputError as exc:
            raise AuditorError(
                f"{exc}\n(in the text about to be saved, which would not load: the last change "
                "was not saved)"
            ) from None
        return doc.data

    def _replace(self, text: str, expected: str | None) -> bool:
        """Put ``text`` in place of the file if it still holds ``expected``; False if not.

        A temporary file beside the target, fsynced, given the old file's owner, then renamed
        over it (linked into place for a new file, which fails if one appeared). The file is
        compared once more just before: the window for a lost edit is the rename itself.
        """
        data = text.encode("utf-8")
        folder = self.target.parent
        fd, tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=folder)
        try:
            os.fchmod(fd, FILE_MODE)
            self._give_owner(fd)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            placed = self._unchanged(expected) and _put_in_place(
                tmp, self.target, new=expected is None
            )
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if placed:
            _fsync_folder(folder)
        return placed

    def _unchanged(self, expected: str | None) -> bool:
        try:
            return self._read() == expected
        except (_Broken, AuditorError):  # the next attempt says what is wrong
            return False

    def _give_owner(self, fd: int) -> None:
        """The old file's owner and group for the new one. As root (sudo) the user's audit must
        not become root's; a user keeps a shared group where they belong to it."""
        if self._owner is None:
            return
        uid, gid = self._owner
        mine = os.fstat(fd)
        if (mine.st_uid, mine.st_gid) == (uid, gid):
            return
        with contextlib.suppress(OSError):  # not ours to give (no root, or root_squash on NFS)
            os.fchown(fd, uid if os.geteuid() == 0 else -1, gid)

    def _say(self, text: str) -> None:
        self.warnings.append(text)
        if self._warn is not None:
            self._warn(text)


def _stat(target: Path) -> os.stat_result | None:
    try:
        return os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AuditorError(f"{target}: cannot be read: {exc.strerror or exc}") from None


def _check_writable(path: Path, target: Path, st: os.stat_result) -> None:
    """Refuse what the interview may not replace: it would be rewritten silently otherwise (the
    rename needs only the folder to be writable, root needs nothing)."""
    if stat.S_ISDIR(st.st_mode):
        raise AuditorError(f"{path}: is a directory, expected a YAML file")
    if not stat.S_ISREG(st.st_mode):
        raise AuditorError(
            f"{path}: is not a regular file (a device, pipe or socket); the interview needs a "
            "YAML file it can replace"
        )
    mode = stat.S_IMODE(st.st_mode)
    if not mode & 0o222:
        raise AuditorError(
            f"{path}: the file is read-only (mode {mode:04o}) and the interview saves every "
            f"answer into it; make it writable (chmod u+w {path}) or interview into a copy"
        )
    if not os.access(target, os.W_OK):
        raise AuditorError(
            f"{path}: you may not write to this file (it belongs to user id {st.st_uid}); "
            "interview into a copy of it"
        )


def _put_in_place(tmp: str, target: Path, *, new: bool) -> bool:
    """Rename ``tmp`` over ``target``; for a ``new`` file, False if one appeared meanwhile."""
    if new:
        try:
            os.link(tmp, target)  # atomic, and refuses to replace a file that appeared meanwhile
            return True
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: the check just before must do
            pass
    os.replace(tmp, target)
    return True


def _fsync_folder(folder: Path) -> None:
    # So that the rename itself survives a power cut.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _KeepLongAliases(_Dumper):  # type: ignore[misc]
    """The plain writer, except that a long string used in several places (a note written once
    with an anchor and referred to by aliases) is written once again with its anchor."""

    def ignore_aliases(self, data: Any) -> bool:
        if isinstance(data, str):
            return len(data) < _ALIAS_MIN
        return bool(super().ignore_aliases(data))


def _dump(data: dict[str, Any]) -> str:
    return str(
        yaml.dump(data, Dumper=_KeepLongAliases, sort_keys=False, allow_unicode=True, width=100)
    )


def _remove_stale_temp_files(target: Path) -> None:
    """Temp files a killed run left beside ``target`` (our names); they hold notes.

    Only old ones: a fresh one may belong to a run still writing.
    """
    folder = target.parent
    now = time.time()
    for stale in folder.glob(f".{glob.escape(target.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
