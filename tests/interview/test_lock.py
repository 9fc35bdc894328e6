"""The interview lock: one interview per audit file, refused clearly, never left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.errors import AuditorError
from auditor.interview.lock import audit_lock, lock_path


def test_a_second_lock_on_the_same_file_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    target = tmp_path / "acme.yaml"
    with audit_lock(target, Path("acme.yaml")):
        assert lock_path(target) == tmp_path / ".acme.yaml.lock"
        assert lock_path(target).read_text() == f"{os.getpid()}\n"
        assert oct(lock_path(target).stat().st_mode & 0o777) == "0o600"
        with pytest.raises(AuditorError) as caught, audit_lock(target, Path("acme.yaml")):
            pass  # pragma: no cover - never entered
        assert str(caught.value) == (
            f"acme.yaml is open in another interview (pid {os.getpid()}); "
            "finish or quit that one first"
        )
    assert not lock_path(target).exists()
    with audit_lock(target, Path("acme.yaml")):  # free again
        pass


def test_the_lock_is_released_when_the_block_raises(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    with pytest.raises(KeyboardInterrupt), audit_lock(target, target):
        raise KeyboardInterrupt
    with audit_lock(target, target):
        pass


def test_a_lock_held_by_another_process_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from auditor.interview.lock import audit_lock\n"
            f"with audit_lock(Path({str(target)!r}), Path('a.yaml')):\n"
            "    print('held', flush=True); sys.stdin.readline()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(AuditorError) as caught, audit_lock(target, Path("a.yaml")):
            pass  # pragma: no cover - never entered
        assert f"(pid {holder.pid})" in str(caught.value)
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)
    with audit_lock(target, target):  # released with its process
        pass


def test_a_lock_file_left_by_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    lock_path(target).write_text("999999\n")  # no process holds a flock on it
    with audit_lock(target, target):
        assert lock_path(target).read_text() == f"{os.getpid()}\n"


def test_a_planted_link_as_lock_file_is_not_followed(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    lock_path(tmp_path / "a.yaml").symlink_to(precious)
    with pytest.raises(AuditorError) as caught, audit_lock(tmp_path / "a.yaml", Path("a.yaml")):
        pass  # pragma: no cover - never entered
    assert str(caught.value).startswith(
        f"a.yaml: cannot create the lock file {tmp_path / '.a.yaml.lock'}: "
    )
    assert precious.read_text() == "keep me\n"


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(AuditorError) as caught, audit_lock(tmp_path / "no" / "a.yaml", Path("x")):
        pass  # pragma: no cover - never entered
    assert str(caught.value) == f"x: folder {tmp_path / 'no'} does not exist"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_a_folder_the_user_cannot_write_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(AuditorError) as caught, audit_lock(folder / "a.yaml", Path("a.yaml")):
            pass  # pragma: no cover - never entered
    finally:
        folder.chmod(0o755)
    assert str(caught.value) == (
        f"a.yaml: cannot write in folder {folder}: permission denied; the interview saves "
        "every answer by writing a new file there"
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_under_sudo_the_lock_file_belongs_to_the_folders_owner(tmp_path: Path) -> None:
    """A kill can leave the lock file behind: the user's own next run must be able to open it."""
    os.chown(tmp_path, 12345, 23456)
    with audit_lock(tmp_path / "a.yaml", Path("a.yaml")):
        st = lock_path(tmp_path / "a.yaml").stat()
        assert (st.st_uid, st.st_gid) == (12345, 23456)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may open any file")
def test_a_lock_file_the_user_cannot_open_is_named(tmp_path: Path) -> None:
    lock_path(tmp_path / "a.yaml").write_text("")
    lock_path(tmp_path / "a.yaml").chmod(0)
    with pytest.raises(AuditorError) as caught, audit_lock(tmp_path / "a.yaml", Path("a.yaml")):
        pass  # pragma: no cover - never entered
    assert str(caught.value) == (
        f"a.yaml: cannot open the lock file {tmp_path / '.a.yaml.lock'}: permission denied; if "
        "no interview of this file is running (one under sudo, say), remove it"
    )
