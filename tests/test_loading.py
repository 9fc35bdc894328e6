"""Finding checklists: by id, as <id>.yaml, one read per file, never outside the folders."""

from __future__ import annotations

from pathlib import Path

import pytest

import auditor.loading as loading
from auditor.commands import checklists
from auditor.errors import AuditorError
from auditor.loading import find_checklist
from tests.conftest import CHECKLISTS

TINY = (CHECKLISTS / "tiny.yaml").read_text(encoding="utf-8")


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "lists"
    folder.mkdir()
    for index in range(count):
        name = f"list-{index}"
        (folder / f"{name}.yaml").write_text(TINY.replace("id: tiny", f"id: {name}", 1))
    return folder


def test_listing_reads_each_file_once_and_lists_the_folder_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It used to list the whole folder again for every file: 108 s for 2,000 files.
    import io

    folder = _folder(tmp_path, 30)
    reads: list[Path] = []
    listings: list[Path] = []
    read_yaml, glob = loading.read_yaml, Path.glob
    monkeypatch.setattr(loading, "read_yaml", lambda path: reads.append(path) or read_yaml(path))
    monkeypatch.setattr(
        Path, "glob", lambda self, pattern: listings.append(self) or glob(self, pattern)
    )
    out = io.StringIO()
    assert checklists.run([folder], out) == 0
    assert len(out.getvalue().splitlines()) == 1 + 30 + 2  # header, ours, the two built in
    assert sorted(p.name for p in reads if p.parent == folder) == sorted(
        f"list-{i}.yaml" for i in range(30)
    )
    assert listings.count(folder) == 1


def test_finding_one_checklist_lists_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, 5)
    monkeypatch.setattr(Path, "glob", lambda self, pattern: pytest.fail("listed a folder"))
    assert find_checklist("list-3", [folder]).id == "list-3"


def test_an_id_is_never_a_path(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 1)
    (tmp_path / "secret.yaml").write_text(TINY.replace("id: tiny", "id: secret", 1))
    with pytest.raises(AuditorError) as caught:
        find_checklist("../secret", [folder])
    assert str(caught.value) == "checklist '../secret' not found; available: list-0"
