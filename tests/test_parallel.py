"""A large batch across processes: the same output as one process, in order; a bad file still
stops it before any output; a worker's bug is reported as a bug; Ctrl-C stops every worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor import parallel
from auditor.errors import InputError, Location
from auditor.parallel import Batch
from tests.conftest import CHECKLISTS, FIXTURES

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="workers need fork")

TINY_AUDIT = (FIXTURES / "valid" / "tiny-audit.yaml").read_text(encoding="utf-8")


def test_workers_check_then_produce_in_order_from_what_they_built() -> None:
    built: dict[int, int] = {}

    def check(index: int) -> list[str]:
        built[index] = index * index  # kept in the worker that checked it
        return [f"w{index}"] if index % 10 == 0 else []

    def produce(index: int) -> tuple[int, int]:
        return index, built.pop(index) + os.getpid() * 0  # from this process's own memory

    with Batch(check, produce, 100, jobs=3) as batch:
        assert batch.workers == 3
        warnings = batch.check()
        assert warnings == [[f"w{i}"] if i % 10 == 0 else [] for i in range(100)]
        assert list(batch.produce()) == [(i, i * i) for i in range(100)]
    assert not built  # the parent built nothing: the workers did


def test_the_first_bad_item_in_order_stops_the_batch_before_any_output() -> None:
    produced: list[int] = []

    def check(index: int) -> None:
        if index in (45, 70):
            raise InputError(Location(f"a{index}.yaml", 3, "answers.cycle"), "not a number")

    with Batch(check, produced.append, 100, jobs=2) as batch, pytest.raises(InputError) as raised:
        batch.check()
    assert str(raised.value) == "a45.yaml:3: answers.cycle: not a number"
    assert produced == []


def test_a_bug_in_a_worker_is_raised_with_the_worker_traceback() -> None:
    def produce(index: int) -> int:
        if index == 77:
            raise ZeroDivisionError("in the worker")
        return index

    with Batch(lambda i: None, produce, 100, jobs=2) as batch:
        batch.check()
        with pytest.raises(ZeroDivisionError) as raised:
            list(batch.produce())
    assert "in produce" in str(raised.value.__cause__)  # the worker's own traceback


def test_a_worker_that_dies_is_an_error_not_a_hang() -> None:
    def check(index: int) -> None:
        if index == 50:
            os._exit(9)  # as if killed for memory

    failed = pytest.raises(parallel.WorkerFailed, match="--jobs 1")
    with Batch(check, lambda i: i, 100, jobs=2) as batch, failed:
        batch.check()


def test_small_batches_and_jobs_1_stay_in_this_process() -> None:
    assert parallel.workers_for(parallel.MIN_ITEMS - 1, None) == 1
    assert parallel.workers_for(10_000, 1) == 1
    assert parallel.workers_for(20, 4) == 2  # never more workers than chunks of work
    pids = set()
    with Batch(lambda i: None, lambda i: pids.add(os.getpid()), 10) as batch:
        batch.check()
        list(batch.produce())
    assert pids == {os.getpid()}


# --- the command, as a user runs it ---------------------------------------------------------


def _audits(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for index in range(count):
        path = folder / f"a{index:04d}.yaml"
        path.write_text(TINY_AUDIT.replace("company: Acme", f"company: Acme {index}"), "utf-8")
        paths.append(path)
    return paths


def _score(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "auditor", "score", "--checklist-dir", str(CHECKLISTS)]
    return subprocess.run([*command, *map(str, args)], capture_output=True, check=False)


@pytest.mark.parametrize("output_format", ["json", "text", "csv", "md"])
def test_a_large_batch_gives_the_same_output_on_every_core_as_on_one(
    tmp_path: Path, output_format: str
) -> None:
    paths = _audits(tmp_path / "audits", 150)
    one = _score("--format", output_format, "--jobs", "1", *paths)
    many = _score("--format", output_format, "--jobs", "3", *paths)
    assert one.returncode == many.returncode == 0, many.stderr
    assert many.stdout == one.stdout
    assert one.stdout.count(b"Acme 149") == 1  # every audit is there, the last one too


def test_a_bad_file_in_a_large_batch_stops_it_before_any_output(tmp_path: Path) -> None:
    paths = _audits(tmp_path / "audits", 150)
    paths[120].write_text(TINY_AUDIT.replace("cycle: {answer: 3}", "cycle: {answer: soon}"))
    paths[130].write_text("answers: [")
    done = _score("--format", "json", *paths)
    assert done.returncode == 1
    assert done.stdout == b""
    assert done.stderr.decode().startswith(f"Error: {paths[120]}:8: answers.cycle")


def test_ctrl_c_stops_the_workers_without_a_traceback(tmp_path: Path) -> None:
    paths = _audits(tmp_path / "audits", 3000)
    command = [sys.executable, "-m", "auditor", "score", "--checklist-dir", str(CHECKLISTS)]
    process = subprocess.Popen(
        [*command, "--jobs", "2", *map(str, paths)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    assert process.stdout is not None
    process.stdout.read(1)  # scoring has started in the workers
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: to the whole group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.decode().strip() == "Interrupted."
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(process.pid, 0)
