"""The interview's audit file: checked before it is written, merged with edits made meanwhile."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml

from auditor.errors import AuditorError
from auditor.interview.session import Session
from auditor.interview.store import AuditStore
from auditor.loading import load_audit

CHECKLISTS = Path(__file__).resolve().parent.parent / "fixtures" / "checklists"
AUDIT = """\
checklist: {id: tiny}
mode: candidate
company: Acme
answers:
  deploys: {answer: team}
"""


def open_session(path: Path) -> tuple[AuditStore, Session]:
    store, data = AuditStore.open(path, None, [CHECKLISTS])
    assert data is not None
    return store, Session(store.checklist, data)


def test_an_edit_made_during_the_interview_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    store, session = open_session(path)
    assert session.current is not None and session.current.id == "cycle"
    # The user fixes the company and adds a note in an editor while the question is on screen.
    path.write_text(
        AUDIT.replace("Acme", "Acme Analytics") + "  alerts: {note: ask the SRE}\n",
        encoding="utf-8",
    )
    store.save(session, session.answer(4))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["company"] == "Acme Analytics"
    assert data["answers"] == {
        "deploys": {"answer": "team"},
        "cycle": {"answer": 4},
        "alerts": {"note": "ask the SRE"},
    }
    assert session.data["company"] == "Acme Analytics"


def test_an_edit_that_breaks_the_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    store, session = open_session(path)
    broken = AUDIT + "  cycle: {answer: soon}\n"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(AuditorError) as caught:
        store.save(session, session.answer(4))
    assert str(caught.value) == (
        f"{path}:6: answers.cycle.answer: expected a number of weeks, got 'soon'\n"
        f"{path} was changed during the interview and no longer loads; your last change "
        "(cycle = 4 weeks) was not saved. Fix the file and run the command again."
    )
    assert path.read_text(encoding="utf-8") == broken


def test_a_deleted_file_is_written_again(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    store, session = open_session(path)
    path.unlink()
    store.save(session, session.answer(4))
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]["cycle"] == {"answer": 4}


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(AuditorError) as caught:
        AuditStore.open(tmp_path / "nope" / "a.yaml", "tiny", [CHECKLISTS])
    assert (
        str(caught.value)
        == f"{tmp_path / 'nope' / 'a.yaml'}: folder {tmp_path / 'nope'} does not exist"
    )


def test_temp_files_left_by_a_killed_run_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    stale = tmp_path / ".a.yaml.k2j4_x.tmp"
    fresh = tmp_path / ".a.yaml.99zz.tmp"
    other = tmp_path / ".b.yaml.k2j4_x.tmp"
    for file in (stale, fresh, other):
        file.write_text("answers: {}", encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    open_session(path)
    assert (stale.exists(), fresh.exists(), other.exists()) == (False, True, True)


def test_comments_written_by_hand_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "# Round 1 with the hiring manager; round 2 next week.\n"
        + AUDIT.replace("company: Acme", "company: Acme  # the parent company")
        + "  # ask the SRE about paging\n",
        encoding="utf-8",
    )
    store, session = open_session(path)
    store.save(session, session.answer(4))
    text = path.read_text(encoding="utf-8")
    assert "# Round 1 with the hiring manager; round 2 next week." in text
    assert "company: Acme  # the parent company" in text
    assert "# ask the SRE about paging" in text
    assert yaml.safe_load(text)["answers"]["cycle"] == {"answer": 4}


def test_a_file_without_comments_is_written_without_the_round_trip_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    store, session = open_session(path)
    # Put back afterwards: a half-forgotten ruamel.yaml breaks the tests that use it.
    monkeypatch.delitem(sys.modules, "ruamel.yaml", raising=False)
    store.save(session, session.answer(4))
    assert "ruamel.yaml" not in sys.modules
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]["cycle"] == {"answer": 4}


def test_an_edit_that_keeps_size_time_and_inode_is_still_seen(tmp_path: Path) -> None:
    """The check compares content: an edit in place, same size, mtime put back, is merged."""
    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    store, session = open_session(path)
    before = path.stat()
    with path.open("r+", encoding="utf-8") as handle:  # same inode, same size
        handle.write(AUDIT.replace("Acme", "Acmf"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )
    store.save(session, session.answer(4))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["company"] == "Acmf"
    assert data["answers"]["cycle"] == {"answer": 4}


def test_a_new_audit_never_writes_over_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    """The first save of a new audit (metadata typed slowly) finds a file made meanwhile."""
    from auditor.interview.session import new_audit

    path = tmp_path / "a.yaml"
    store, data = AuditStore.open(path, "tiny", [CHECKLISTS])
    assert data is None
    session = Session(store.checklist, new_audit(store.checklist, "candidate", {}, "2026-01-02"))
    path.write_text(AUDIT, encoding="utf-8")
    with pytest.raises(AuditorError) as caught:
        store.save(session)
    assert str(caught.value) == (
        f"{path} was created by another program while this interview started; nothing was "
        "written. Run the command again to resume that file."
    )
    assert path.read_text(encoding="utf-8") == AUDIT


def test_a_read_only_audit_is_refused_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(AuditorError) as caught:
        AuditStore.open(path, None, [CHECKLISTS])
    assert str(caught.value) == (
        f"{path}: the file is read-only (mode 0444) and the interview saves every answer into "
        f"it; make it writable (chmod u+w {path}) or interview into a copy"
    )


def test_an_audit_made_read_only_during_the_interview_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    store, session = open_session(path)
    path.chmod(0o400)
    with pytest.raises(AuditorError) as caught:
        store.save(session, session.answer(4))
    assert str(caught.value).endswith("interview into a copy\nThe last change was not saved.")
    assert path.read_text(encoding="utf-8") == AUDIT


def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "acme.yaml"
    real.parent.mkdir()
    real.write_text(AUDIT, encoding="utf-8")
    link = tmp_path / "acme.yaml"
    link.symlink_to(Path("shared") / "acme.yaml")
    store, session = open_session(link)
    store.save(session, session.answer(4))
    assert link.is_symlink() and os.readlink(link) == str(Path("shared") / "acme.yaml")
    assert yaml.safe_load(real.read_text(encoding="utf-8"))["answers"]["cycle"] == {"answer": 4}
    assert sorted(p.name for p in real.parent.iterdir()) == ["acme.yaml"]  # no temp file left


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_save_as_root_keeps_the_users_owner_and_group(tmp_path: Path) -> None:
    """`sudo mlops-audit interview mine.yaml` must not leave the user's audit root-owned."""
    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    os.chown(path, 12345, 23456)
    store, session = open_session(path)
    store.save(session, session.answer(4))
    st = path.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (12345, 23456, 0o600)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]["cycle"] == {"answer": 4}


def test_the_new_file_is_given_the_old_owner_before_it_replaces_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As above without root: the chown of the temporary file, before the rename, recorded."""
    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    store, session = open_session(path)
    store._owner = (12345, 23456)  # as if the user's file were opened by root
    calls: list[tuple[int, int, bool]] = []

    def fchown(fd: int, uid: int, gid: int) -> None:
        calls.append((uid, gid, path.read_text(encoding="utf-8") == AUDIT))

    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(os, "fchown", fchown)
    store.save(session, session.answer(4))
    assert calls == [(12345, 23456, True)]  # while the old file was still in place


def test_an_older_checklist_version_with_an_orphan_and_no_hash_resumes(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "checklist: {id: tiny, version: '0.9'}\nmode: candidate\nanswers:\n"
        "  deploys: {answer: team}\n  oldq: {answer: maybe, note: from 0.9}\n",
        encoding="utf-8",
    )
    store, session = open_session(path)
    store.save(session, session.answer(4))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["checklist"] == {"id": "tiny", "version": "0.9"}  # still says what it was
    assert data["answers"] == {
        "deploys": {"answer": "team"},
        "cycle": {"answer": 4},
        "oldq": {"answer": "maybe", "note": "from 0.9"},
    }
    open_session(path)  # and resumes again


def test_a_change_that_would_make_the_file_too_big_to_load_is_not_saved(tmp_path: Path) -> None:
    from auditor.yamlio import MAX_BYTES

    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    store, session = open_session(path)
    with pytest.raises(AuditorError) as caught:
        store.save(session, session.set_note("x" * MAX_BYTES))
    assert str(caught.value).startswith(f"{path}: with the last change the file would be 2,097,")
    assert str(caught.value).endswith(
        "bytes, over the 2,097,152-byte limit for audit files, and no command could read it; "
        "the last change was not saved. Shorten the longest notes in the file, then run the "
        "command again."
    )
    assert path.read_text(encoding="utf-8") == AUDIT


def test_a_note_shared_through_aliases_is_not_written_out_in_full(tmp_path: Path) -> None:
    """A 10 kB note used 150 times is 1.5 MB written out: close to the 2 MiB every command
    reads (expanded), and written out in full it would pass it within a few more answers."""
    note = "n" * 10_000
    lines = ["checklist: {id: tiny, version: '0.9'}", "mode: candidate", "answers:"]
    lines.append(f"  deploys: {{answer: team, note: &n {note}}}")
    lines += [f"  old{i}: {{note: *n}}" for i in range(150)]
    path = tmp_path / "a.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store, session = open_session(path)
    store.save(session, session.answer(4))
    assert path.stat().st_size < 20_000
    audit, _ = load_audit(path, [CHECKLISTS])
    assert audit.data["answers"]["old149"] == {"note": note}
    assert audit.data["answers"]["cycle"] == {"answer": 4}


def test_notes_yaml_1_1_reads_as_other_types_stay_text_in_a_commented_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("# round 1\n" + AUDIT, encoding="utf-8")
    store, session = open_session(path)
    for note in ("no", "yes", "on", "1:20"):
        store.save(session, session.set_note(note))
        audit, _ = load_audit(path, [CHECKLISTS])
        assert audit.data["answers"]["cycle"]["note"] == note
    assert path.read_text(encoding="utf-8").startswith("# round 1\n")
    assert store.warnings == []


def test_when_comments_cannot_be_kept_a_warning_names_them(tmp_path: Path) -> None:
    """A note with NEL, a line break in YAML 1.1 but not in ruamel.yaml's 1.2: the comment-keeping
    output would not read back, so the file is written plainly, and the user is told."""
    path = tmp_path / "a.yaml"
    path.write_text(
        "# Round 1 with the hiring manager.\n"
        + AUDIT.replace("company: Acme", "company: Acme  # the parent company"),
        encoding="utf-8",
    )
    said: list[str] = []
    store, data = AuditStore.open(path, None, [CHECKLISTS], said.append)
    assert data is not None
    session = Session(store.checklist, data)
    store.save(session, session.set_note("before\x85after"))
    assert (
        said
        == store.warnings
        == [
            f"Warning: {path}: the comments in this file could not be kept "
            "(answers.cycle.note would not read back as saved), so it was saved without them. "
            "Dropped: line 1: # Round 1 with the hiring manager.; line 4: # the parent company."
        ]
    )
    audit, _ = load_audit(path, [CHECKLISTS])
    assert audit.data["answers"]["cycle"]["note"] == "before\x85after"


def test_without_ruamel_yaml_the_loss_of_comments_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    path = tmp_path / "a.yaml"
    path.write_text(AUDIT + "# ask the SRE\n", encoding="utf-8")
    store, session = open_session(path)
    monkeypatch.setitem(sys.modules, "ruamel.yaml", None)  # import fails
    store.save(session, session.answer(4))
    assert store.warnings == [
        f"Warning: {path}: the comments in this file could not be kept (ruamel.yaml is not "
        "installed), so it was saved without them. Dropped: line 6: # ask the SRE."
    ]


def test_a_full_disk_leaves_the_previous_file_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    store, session = open_session(path)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(AuditorError) as caught:
        store.save(session, session.answer(4))
    assert str(caught.value) == (
        f"{path}: cannot write the audit file: No space left on device; the last change was "
        "not saved (the file still holds every answer confirmed before it)"
    )
    assert path.read_text(encoding="utf-8") == AUDIT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]
