"""The safe YAML reader: every bad file gets one located message, and writes are atomic."""

from __future__ import annotations

import io
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from auditor.errors import InputError, InputErrors, Problems
from auditor.yamlio import (
    MAX_BYTES,
    STDIN,
    BadNumber,
    describe_path,
    parse_yaml,
    read_text,
    read_yaml,
    write_atomic,
)


def _error(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    return str(caught.value)


def test_missing_file_is_named(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}: no such file"


def test_directory_is_refused(tmp_path: Path) -> None:
    assert _error(tmp_path) == f"{tmp_path}: is a directory, expected a YAML file"


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert _error(path) == f"{path}: is a binary file, expected YAML text"


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"company: Acme\nteam: M\xfcnchen\n")
    assert _error(path) == f"{path}:2: is not UTF-8 text"


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * MAX_BYTES, encoding="utf-8")
    assert _error(path).endswith(f"bytes, over the {MAX_BYTES:,}-byte limit for input files")


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(InputError, match="a YAML alias refers to itself"):
        parse_yaml("a: &a [*a]\n", "loop.yaml")


def test_deep_nesting_is_refused_before_the_parser_overflows() -> None:
    # 50,000 levels crash libyaml's parser with a segmentation fault if they reach it.
    with pytest.raises(InputError) as caught:
        parse_yaml("a:\n  " + "[" * 50_000 + "]" * 50_000 + "\n", "deep.yaml")
    assert str(caught.value) == "deep.yaml:2: YAML is nested more than 1000 levels deep"


def test_dates_stay_text() -> None:
    assert parse_yaml("date: 2026-11-20\n", "a.yaml").data == {"date": "2026-11-20"}


def test_line_of_follows_the_key_path() -> None:
    doc = parse_yaml("a:\n  - id: x\n  - id: y\n    weight: 2\n", "f.yaml")
    assert doc.line_of(["a", 1, "weight"]) == 4
    assert describe_path(doc.data, ["a", 1, "weight"]) == "a[y].weight"


def test_write_atomic_sets_mode_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text("old", encoding="utf-8")
    write_atomic(path, "new: 1\n", mode=0o600)
    assert path.read_text(encoding="utf-8") == "new: 1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["notes.yaml"]  # no temp file left behind


def test_write_atomic_keeps_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text("old", encoding="utf-8")

    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.yaml"]


def _yaml_files() -> list[Path]:
    root = Path(__file__).resolve().parent.parent
    folders = ("checklists", "examples", "tests/fixtures/valid", "tests/fixtures/checklists")
    return sorted(p for folder in folders for p in (root / folder).rglob("*.yaml"))


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: p.name)
def test_the_fast_builder_gives_what_pyyaml_gives(path: Path) -> None:
    import yaml

    from auditor.yamlio import _Loader

    expected = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    assert read_yaml(path).data == expected


def test_yaml_beyond_plain_data_falls_back_to_pyyaml() -> None:
    doc = parse_yaml(
        "base: &b {weight: 2}\nmerged:\n  <<: *b\n  id: x\nraw: !!binary aGk=\n", "m.yaml"
    )
    assert doc.data["merged"] == {"weight": 2, "id": "x"}
    assert doc.data["raw"] == b"hi"


def test_duplicate_keys_are_refused_on_both_paths() -> None:
    for text in ("a: 1\nb: 2\na: 3\n", "x: !!binary aGk=\na: 1\na: 2\n"):
        with pytest.raises(InputError) as caught:
            parse_yaml(text, "d.yaml")
        assert "a: duplicate key (first on line" in str(caught.value)


def test_a_device_is_read_no_further_than_the_limit() -> None:
    # /dev/zero says it has 0 bytes and never ends: only MAX_BYTES + 1 of it is read.
    assert _error(Path("/dev/zero")) == (
        f"/dev/zero: is over the {MAX_BYTES:,}-byte limit for input files"
    )


def test_a_fifo_is_read_once_and_bounded(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    chunk = b"a: " + b"x" * 65_536 + b"\n"
    stop = threading.Event()

    def feed() -> None:  # writes until the reader goes away, as `yes` would
        try:
            with open(fifo, "wb") as handle:
                while not stop.is_set():
                    handle.write(chunk)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        assert _error(fifo) == f"{fifo}: is over the {MAX_BYTES:,}-byte limit for input files"
    finally:
        stop.set()
        writer.join(timeout=10)


class _Stdin(io.TextIOWrapper):
    """Standard input from bytes, a terminal or not."""

    def __init__(self, data: bytes, *, tty: bool = False) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes, *, tty: bool = False) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data, tty=tty))


def test_dash_reads_standard_input_once_named_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"a: 1\nb: [\n")
    with pytest.raises(InputError) as caught:
        read_yaml(STDIN)
    assert str(caught.value).startswith("<stdin>:3: not valid YAML")
    _stdin(monkeypatch, b"x" * (MAX_BYTES + 10))
    with pytest.raises(InputError) as caught:
        read_text(STDIN)
    assert str(caught.value) == "<stdin>: is over the 2,097,152-byte limit for input files"


def test_dash_refuses_a_terminal_and_a_closed_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"a: 1\n", tty=True)
    with pytest.raises(InputError) as caught:
        read_text(STDIN)
    assert str(caught.value) == (
        "<stdin>: standard input is a terminal; pipe a file in "
        "(`cat audit.yaml | mlops-audit score -`) or give its name"
    )
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError) as caught:
        read_text(STDIN)
    assert str(caught.value) == "<stdin>: standard input is closed; give a file name instead"


@pytest.mark.parametrize(
    ("scalar", "message"),
    [
        (".nan", ".nan (not a number) is not accepted; write a number"),
        (".NaN", ".NaN (not a number) is not accepted; write a number"),
        (".inf", ".inf (infinity) is not accepted; write a number between -1e12 and 1e12"),
        ("-.Inf", "-.Inf (infinity) is not accepted; write a number between -1e12 and 1e12"),
        ("1.0e+308", "1.0e+308 is too large; write a number between -1e12 and 1e12"),
        ("1.0e+400", "1.0e+400 is too large; write a number between -1e12 and 1e12"),
        ("1000000000001", "1000000000001 is too large; write a number between -1e12 and 1e12"),
        ("0x1000000000000", "0x1000000000000 is too large; write a number between -1e12 and 1e12"),
        (
            "9" * 5000,
            "99999999999999999999... (5,000 characters) is too large; write a number between "
            "-1e12 and 1e12",
        ),
    ],
    ids=lambda value: value[:20],
)
def test_numbers_beyond_the_limits_are_refused_where_they_are(scalar: str, message: str) -> None:
    text = f"dimensions:\n  - id: ship\n    weight: {scalar}\n"
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "c.yaml")
    assert str(caught.value) == f"c.yaml:3: dimensions[ship].weight: {message}"


def test_numbers_within_the_limits_are_kept() -> None:
    text = "a: [1000000000000, -1.0e+12, 0.5, 1.0e-300, 0x10, 1_000, 0]\n"
    assert parse_yaml(text, "a.yaml").data == {"a": [10**12, -1e12, 0.5, 1e-300, 16, 1000, 0]}


def test_every_refused_number_is_reported_keys_included() -> None:
    text = "a: .nan\nb:\n  .inf: 1\nc: !!binary aGk=\n"  # the binary takes PyYAML's path
    with pytest.raises(InputErrors) as caught:
        parse_yaml(text, "n.yaml")
    assert str(caught.value).splitlines() == [
        "n.yaml:1: a: .nan (not a number) is not accepted; write a number",
        "n.yaml:3: b..inf: .inf (infinity) is not accepted; write a number between -1e12 and 1e12",
    ]


def test_with_a_collector_refused_numbers_stand_as_bad_numbers() -> None:
    problems = Problems()
    doc = parse_yaml("a: [1, .nan]\n", "n.yaml", problems=problems)
    assert len(problems) == 1
    assert isinstance(doc.data["a"][1], BadNumber) and doc.data["a"][0] == 1


@pytest.mark.parametrize("scalar", ["1:20", "190:20:30", "-1:30", "1:20.5"])
def test_base_60_numbers_stay_text(scalar: str) -> None:
    assert parse_yaml(f"a: {scalar}\n", "a.yaml").data == {"a": scalar}


def test_aliases_may_not_expand_past_the_text_limit() -> None:
    big = "x" * 100_000
    ok = f"a: &a '{big}'\nb: [{', '.join(['*a'] * 19)}]\n"  # 2,000,000 bytes written out
    assert len(parse_yaml(ok, "ok.yaml").data["b"]) == 19
    bomb = f"a: &a '{big}'\nb: [{', '.join(['*a'] * 21)}]\n"
    with pytest.raises(InputError) as caught:
        parse_yaml(bomb, "bomb.yaml")
    assert str(caught.value) == (
        "bomb.yaml:2: YAML aliases expand to more than 2,097,152 bytes of text, the limit for an "
        "input file; write the content out or use fewer aliases"
    )


def test_locating_many_keys_reuses_one_index() -> None:
    text = "m:\n" + "".join(f"  k{i}: {i}\n" for i in range(1000))
    doc = parse_yaml(text, "m.yaml")
    assert [doc.line_of(["m", f"k{i}"]) for i in (0, 500, 999)] == [2, 502, 1001]
    assert doc.line_of(["m", "missing"]) == 2  # the deepest node reached: the mapping
    assert len(doc._keys) == 2  # one index per mapping (the top and m), not one per lookup
