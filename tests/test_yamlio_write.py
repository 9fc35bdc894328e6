"""`yamlio.write_atomic`, the write side of auditor/yamlio.py: what is at the target is never
broken (devices, pipes, links, owners, read-only files), and new files follow the umask.

Kept apart from tests/test_yamlio.py, which tests the reader.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.yamlio import write_atomic


@pytest.fixture
def umask() -> Iterator[None]:
    """Restores the umask a test sets."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_a_fifo_is_written_in_place_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    write_atomic(fifo, b"report bytes")
    reader.join(timeout=10)
    assert received == [b"report bytes"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_character_device_is_written_in_place_never_replaced(tmp_path: Path) -> None:
    """A private copy of /dev/null (made with mknod, so root only): replacing the real one
    with a regular file, as root, would break the machine."""
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("mknod needs root")
    write_atomic(null, b"x" * 100_000)
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert null.lstat().st_rdev == os.makedev(1, 3)


@pytest.mark.parametrize("name", ["/dev/fd/{fd}", "/proc/self/fd/{fd}"])
def test_a_path_to_one_of_our_descriptors_writes_to_it(name: str) -> None:
    read_end, write_end = os.pipe()
    try:
        target = Path(name.format(fd=write_end))
        if not target.exists():
            pytest.skip(f"{target.parent} does not exist here")
        write_atomic(target, "through the pipe")
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            assert pipe.read() == b"through the pipe"
    finally:
        for fd in (read_end, write_end):
            with contextlib.suppress(OSError):  # closed already
                os.close(fd)


def test_an_appending_redirection_is_appended_to(tmp_path: Path) -> None:
    log = tmp_path / "log"
    log.write_text("before\n", encoding="utf-8")
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        write_atomic(Path(f"/dev/fd/{fd}"), "after\n")
    finally:
        os.close(fd)
    assert log.read_text(encoding="utf-8") == "before\nafter\n"


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real" / "audit.yaml"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, "new", mode=0o600)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "real"]
    assert [p.name for p in real.parent.iterdir()] == ["audit.yaml"]  # the temp file was here


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "target.pdf")
    write_atomic(link, b"pdf")
    assert link.is_symlink() and (tmp_path / "target.pdf").read_bytes() == b"pdf"


def test_a_new_shared_file_follows_the_umask_and_a_private_one_is_0600(
    tmp_path: Path, umask: None
) -> None:
    os.umask(0o077)
    write_atomic(tmp_path / "strict.pdf", b"x")
    os.umask(0o022)
    write_atomic(tmp_path / "usual.pdf", b"x")
    os.umask(0o000)
    write_atomic(tmp_path / "notes.yaml", b"x", mode=0o600)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert modes == {"strict.pdf": 0o600, "usual.pdf": 0o644, "notes.yaml": 0o600}


def test_an_existing_file_keeps_its_permissions_unless_it_is_private(tmp_path: Path) -> None:
    shared = tmp_path / "shared.pdf"
    shared.write_bytes(b"old")
    shared.chmod(0o640)
    write_atomic(shared, b"new")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640
    private = tmp_path / "notes.yaml"
    private.write_bytes(b"old")
    private.chmod(0o644)
    write_atomic(private, b"new", mode=0o600)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_an_existing_file_keeps_its_owner_and_group_under_sudo(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    audit = tmp_path / "audit.yaml"
    audit.write_text("old", encoding="utf-8")
    os.chown(audit, 4321, 4322)
    write_atomic(audit, "new", mode=0o600)
    info = audit.stat()
    assert (info.st_uid, info.st_gid, audit.read_text(encoding="utf-8")) == (4321, 4322, "new")


def test_a_read_only_file_is_refused_not_replaced(tmp_path: Path) -> None:
    audit = tmp_path / "audit.yaml"
    audit.write_text("old", encoding="utf-8")
    audit.chmod(0o444)
    with pytest.raises(PermissionError) as caught:
        write_atomic(audit, "new")
    assert caught.value.errno == errno.EACCES
    assert caught.value.strerror == (
        f"the file is read-only; make it writable (chmod u+w {audit}) or choose another file"
    )
    assert audit.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["audit.yaml"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, "x")
