"""Many audits across the machine's cores, checked first, results in order.

A batch runs in two stages: every item is checked (an audit file read and built) and only then,
when none failed, is each one produced (scored and rendered) and yielded in order, so a bad
file stops the run before any output and the output still streams.

Across several processes, each worker is forked with the two stages' functions and takes a
fixed share of the items (chunks dealt round-robin). It checks its share and keeps what it
built in its own memory, reports each chunk (warnings, or the first error), and produces its
share only when the parent says every item passed. Nothing but indices, warnings and finished
output crosses between processes: a worker's output waits in its pipe until the parent writes
it, so memory stays bounded however many items there are.

It stays in the one process where forking cannot pay or is not safe: a few items, one core,
``jobs=1``, or a platform without a safe ``fork`` (macOS, Windows). Workers ignore Ctrl-C: the
parent takes it and stops them, with no traceback from each worker. An error in a worker is
raised again in the parent, where the command reports it as it would in one process.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from auditor.errors import AuditorError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

C = TypeVar("C")
R = TypeVar("R")

# Below this many items, starting workers costs more than they save (forking and the first
# results take ~20 ms; an audit takes ~3 ms).
MIN_ITEMS = 64
CHUNK = 16  # items per message: few round trips, and output still flows early


def available_cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether worker processes can be forked safely: on Linux and the BSDs; macOS's system
    libraries are not fork-safe, and Windows has no fork."""
    if sys.platform == "darwin":
        return False
    import multiprocessing  # here: a small batch never pays for importing it

    return "fork" in multiprocessing.get_all_start_methods()


def workers_for(count: int, jobs: int | None) -> int:
    """How many processes to use for ``count`` items: ``jobs`` when given (1: this process
    only), else one per available core once there are enough items to pay for it."""
    if jobs is not None:
        wanted = jobs
    elif count < MIN_ITEMS:
        wanted = 1
    else:
        wanted = available_cores()
    if wanted <= 1 or count <= 1 or not can_fork():
        return 1
    return min(wanted, (count + CHUNK - 1) // CHUNK)


class WorkerFailed(AuditorError):
    """A worker process ended without a word (killed, or out of memory)."""


class _RemoteTraceback(Exception):
    """Where an unexpected exception was raised in a worker, chained to it for the bug report."""

    def __str__(self) -> str:
        return str(self.args[0])


class Batch(Generic[C, R]):
    """``check(i)`` for every item, then ``produce(i)`` for every item, both in index order.

    Use as a context manager (it stops the workers however the block ends)::

        with Batch(check, produce, count) as batch:
            warnings = batch.check()      # raises the first item's error, in index order
            for output in batch.produce():
                ...

    ``check`` may keep what it builds for ``produce`` (in a dict the two share): both run in
    the same process for a given item. What they return crosses processes pickled, so it
    should be small and plain: warnings, a rendered string.
    """

    def __init__(
        self,
        check: Callable[[int], C],
        produce: Callable[[int], R],
        count: int,
        *,
        jobs: int | None = None,
    ) -> None:
        self._check = check
        self._produce = produce
        self.count = count
        self.workers = workers_for(count, jobs)
        self._processes: list[Any] = []
        self._pipes: list[tuple[Connection, Connection]] = []

    def __enter__(self) -> Batch[C, R]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- the two stages --------------------------------------------------------------------

    def check(self, step: Callable[[], None] | None = None) -> list[C]:
        """Every item's check, in order (``step`` called after each, for a progress bar)."""
        if self.workers == 1:
            checked = []
            for index in range(self.count):
                checked.append(self._check(index))
                if step is not None:
                    step()
            return checked
        self._start()
        found: list[C] = []
        for chunk in range(self._chunks()):
            values = self._receive(chunk)
            found.extend(values)
            for _ in values:
                if step is not None:
                    step()
        for _, send in self._pipes:
            send.send(True)  # every item passed: produce
        return found

    def produce(self) -> Iterator[R]:
        """Every item's output, in order, as it comes."""
        if self.workers == 1:
            for index in range(self.count):
                yield self._produce(index)
            return
        for chunk in range(self._chunks()):
            yield from self._receive(chunk)

    def close(self) -> None:
        for _, send in self._pipes:
            send.close()
        for process in self._processes:
            if process.is_alive():
                process.terminate()
            process.join()
        for receive, _ in self._pipes:
            receive.close()
        self._processes, self._pipes = [], []

    # -- the workers -----------------------------------------------------------------------

    def _chunks(self) -> int:
        return (self.count + CHUNK - 1) // CHUNK

    def _start(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        # What the parent has buffered would be written again by each child as it exits.
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        for worker in range(self.workers):
            results_in, results_out = context.Pipe(duplex=False)
            go_in, go_out = context.Pipe(duplex=False)
            process = context.Process(
                target=self._work, args=(worker, results_out, go_in), daemon=True
            )
            process.start()
            results_out.close()
            go_in.close()
            self._processes.append(process)
            self._pipes.append((results_in, go_out))

    def _receive(self, chunk: int) -> list[Any]:
        receive = self._pipes[chunk % self.workers][0]
        try:
            kind, payload = receive.recv()
        except EOFError:
            raise WorkerFailed(
                "a worker process ended unexpectedly (out of memory?); run again with --jobs 1"
            ) from None
        if kind == "error":
            error, where = payload
            if where is not None:
                raise error from _RemoteTraceback(where)
            raise error
        return list(payload)

    def _work(self, worker: int, results: Connection, go: Connection) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the process's own
        mine = [
            range(chunk * CHUNK, min((chunk + 1) * CHUNK, self.count))
            for chunk in range(worker, self._chunks(), self.workers)
        ]
        try:
            for indices in mine:
                results.send(("ok", [self._check(i) for i in indices]))
            if not go.recv():
                return
            for indices in mine:
                results.send(("ok", [self._produce(i) for i in indices]))
        except EOFError:  # the parent stopped: nothing more to do
            return
        except BrokenPipeError:
            return
        except BaseException as exc:  # every failure goes to the parent
            results.send(("error", _portable(exc)))


def _portable(exc: BaseException) -> tuple[BaseException, str | None]:
    """``exc`` as it can cross to the parent: an error of ours as it is (the parent prints it),
    anything else as a bug with the worker's traceback."""
    from multiprocessing.reduction import ForkingPickler

    if isinstance(exc, AuditorError):
        try:
            ForkingPickler.dumps(exc)
            return exc, None
        except Exception:  # a message is enough
            return AuditorError(str(exc)), None
    where = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        ForkingPickler.dumps(exc)
        return exc, where
    except Exception:  # not picklable: its text is enough
        return RuntimeError(f"{type(exc).__name__}: {exc}"), where
