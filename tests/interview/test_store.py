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


def test_a_file_without_comments_is_written_without_the_round_trip_library(tmp_path: Path) -> None:
    import sys

    path = tmp_path / "a.yaml"
    path.write_text(AUDIT, encoding="utf-8")
    store, session = open_session(path)
    sys.modules.pop("ruamel.yaml", None)
    store.save(session, session.answer(4))
    assert "ruamel.yaml" not in sys.modules
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]["cycle"] == {"answer": 4}


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
