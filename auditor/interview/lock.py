"""One interview per audit file at a time: an advisory lock in a file beside the audit.

Two interviews on one file would each rewrite it from what they last read, and drop the answers
the other confirmed. The lock is ``flock`` on ``.<name>.lock``, not on the audit itself: every
save renames a new file over the audit, so a lock on the old inode would guard nothing after the
first answer. The lock file holds the owner's pid (for the message a second run prints) and is
removed when the interview ends. The kernel drops a ``flock`` when its process dies, so a killed
interview leaves at worst an unlocked file, which the next run takes over.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from auditor.errors import AuditorError

# Each retry means another run removed the lock file between our open and our lock: it finished.
_ATTEMPTS = 20


def lock_path(target: Path) -> Path:
    """The lock file of the audit at ``target`` (its real path, symbolic links resolved)."""
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def audit_lock(target: Path, shown: Path) -> Iterator[None]:
    """Hold the interview lock of ``target`` (named ``shown`` in messages) while inside.

    Raises :class:`AuditorError` at once when another interview holds it: waiting would leave
    a person looking at a silent terminal.
    """
    import fcntl  # POSIX only, like the signal handling the interview needs

    path = lock_path(target)
    for _ in range(_ATTEMPTS):
        fd = _open(path, shown)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise AuditorError(
                f"{shown} is open in another interview{holder}; finish or quit that one first"
            ) from None
        except OSError as exc:
            os.close(fd)
            raise AuditorError(
                f"{shown}: cannot lock {path} ({exc.strerror or exc}); this file system does "
                "not support locks, so two interviews could overwrite each other's answers. "
                "Move the audit to a local folder."
            ) from None
        if _is_current(fd, path):
            break
        os.close(fd)  # removed by the run that just finished: lock the new one
    else:  # pragma: no cover - twenty interviews finishing in a row within microseconds
        raise AuditorError(f"{shown} is open in another interview; finish or quit that one first")
    with contextlib.suppress(OSError):  # read-only (a lock file left by root): no pid to show
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    try:
        yield
    finally:
        # Removed while still locked, so no other run can lock this inode and then find it gone
        # without noticing (it checks that the file it locked is still the one at the path).
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _open(path: Path, shown: Path) -> int:
    # O_NOFOLLOW: in a shared folder the lock name could be a planted link to a file we would
    # otherwise truncate (as root, any file).
    flags = os.O_CLOEXEC | os.O_NOFOLLOW
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | flags, 0o600)
    except PermissionError:
        if not os.path.lexists(path):
            raise AuditorError(
                f"{shown}: cannot write in folder {path.parent}: permission denied; the "
                "interview saves every answer by writing a new file there"
            ) from None
        try:  # someone else's lock file: flock works on it read-only
            fd = os.open(path, os.O_RDONLY | flags)
        except OSError:
            raise AuditorError(
                f"{shown}: cannot open the lock file {path}: permission denied; if no "
                "interview of this file is running (one under sudo, say), remove it"
            ) from None
    except FileNotFoundError:
        raise AuditorError(f"{shown}: folder {path.parent} does not exist") from None
    except OSError as exc:
        raise AuditorError(
            f"{shown}: cannot create the lock file {path}: {exc.strerror or exc}"
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise AuditorError(f"{shown}: {path} is not a regular file; remove it and try again")
    if os.geteuid() == 0:
        _give_to_folder_owner(fd, path.parent)
    return fd


def _give_to_folder_owner(fd: int, folder: Path) -> None:
    """Under sudo, the lock file is the folder owner's: should a kill leave it behind, their
    own next run can still open it (a root-owned 0600 file it could not)."""
    with contextlib.suppress(OSError):
        owner = os.stat(folder)
        os.fchown(fd, owner.st_uid, owner.st_gid)


def _holder(fd: int) -> str:
    """`` (pid 123)``, or nothing when the holder has not written its pid (it cannot write one
    into a lock file left by root)."""
    # The holder writes its pid just after it locks: a run that started at the same instant
    # may look in between, so look again for a moment.
    for _ in range(50):
        try:
            text = os.pread(fd, 32, 0).decode("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return ""
        if text.isdigit():
            return f" (pid {text})"
        time.sleep(0.002)
    return ""


def _is_current(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)
