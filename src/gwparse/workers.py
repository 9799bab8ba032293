"""Forked worker processes for ``parse_all(jobs=N)``.

Not ``concurrent.futures``: its manager and feeder threads, one result queue
shared under a lock and the pickled inputs cost a two-worker batch 7-9 % on
two CPUs (bench/PROFILE.md). Here the workers are forked with the inputs in
memory; the parent, with no threads, sends each worker a few chunks of input
numbers at a time and reads the answers from each worker's own pipe. A worker
that dies costs only the document it was parsing; the parent parses the rest
of what it held.

Ctrl-C: the parent's bookkeeping (forking, handing out work, taking answers,
closing) runs with SIGINT held back, so a KeyboardInterrupt is raised only
where the state is whole (waiting for answers, parsing, or between documents)
and ``close()`` can always end and reap every worker. Workers leave at once and
quietly on SIGINT, or ignore it when this process does (a background job).
"""
from __future__ import annotations

import os
import selectors
import signal
import struct
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gwparse.batch import CtrlC, Delivery, Input, Outcome, ParseOptions, outcome_of

if TYPE_CHECKING:
    from gwparse.checks import ParseWarning
    from gwparse.model import TaskRecord
    from gwparse.writers import Rendered


@contextmanager
def interrupts_held() -> Iterator[set[signal.Signals]]:
    """Hold SIGINT back until the block ends (then it is raised); yields the signal mask from before."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield before
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@dataclass(slots=True)
class _Worker:
    tasks: int | None  # pipe the parent sends input numbers down; None once closed
    results: int | None  # pipe the worker answers on; None once closed
    pid: int  # 0 once reaped
    todo: deque[int] = field(default_factory=deque)  # sent, not yet answered, in the worker's order


class ForkedOutcomes(Iterator[Outcome]):
    """Outcomes from forked workers, in input order, with a bounded amount of work in flight.

    Each worker is kept one chunk ahead, within a window of a few chunks per
    worker past the next document to deliver (a slow consumer holds memory
    down). ``close()`` ends the workers at once.
    """

    def __init__(self, inputs: Sequence[Input], options: ParseOptions, jobs: int, delivery: Delivery):
        import gc

        try:  # workers forked after this inherit the parser's imports
            import gwparse.pipeline  # noqa: F401
            import gwparse.writers  # noqa: F401
        except Exception as e:  # a broken install: each document fails with the reason
            if CtrlC.pressed:
                raise KeyboardInterrupt from e
        gc.freeze()  # the inherited heap stays shared: the collector does not touch (copy) it
        self.inputs = list(inputs)
        self.options = options
        self.delivery = delivery
        self.done: dict[int, Outcome] = {}
        todo = []
        for i, inp in enumerate(self.inputs):
            if inp.problem is None:
                todo.append(i)
            else:
                self.done[i] = Outcome(inp, error=inp.problem)
        size = max(1, min(8, len(todo) // (jobs * 16)))
        self.chunk = size
        self.queue: deque[list[int]] = deque(todo[k:k + size] for k in range(0, len(todo), size))
        self.window = 4 * jobs * size  # documents ahead of the one to deliver next
        self.next = 0
        self.orphans: set[int] = set()  # held by a worker that died: parsed here
        self.finished = False
        self.workers: list[_Worker] = []
        try:  # an interrupt raised as the block ends still finds every worker and pipe recorded
            with interrupts_held() as mask:
                self.selector = selectors.DefaultSelector()
                for _ in range(min(jobs, len(self.queue))):
                    try:
                        self._fork(mask)
                    except OSError:  # out of processes or memory: go on with fewer (none: all parsed here)
                        break
                self._assign()
        except BaseException:
            self.close()
            raise

    def _fork(self, mask: set[signal.Signals]) -> None:
        tasks_r, tasks_w = os.pipe()
        try:
            results_r, results_w = os.pipe()
        except OSError:
            _close(tasks_r, tasks_w)
            raise
        _widen(results_w)
        try:
            pid = os.fork()
        except OSError:
            _close(tasks_r, tasks_w, results_r, results_w)
            raise
        if pid == 0:  # the worker: never return into the caller's code
            code = 1
            try:
                _close(tasks_w, results_r, *(fd for w in self.workers for fd in (w.tasks, w.results)))
                code = _worker_loop(tasks_r, results_w, self.inputs, self.options, self.delivery, mask)
            finally:
                os._exit(code)
        _close(tasks_r, results_w)
        worker = _Worker(tasks_w, results_r, pid)
        self.workers.append(worker)
        self.selector.register(results_r, selectors.EVENT_READ, worker)

    def _assign(self) -> None:
        """Give each worker a next chunk while it parses one, within the window; close the task pipes when all is sent."""
        for w in self.workers:
            while (self.queue and w.tasks is not None and len(w.todo) <= self.chunk
                   and self.queue[0][0] < self.next + self.window):
                chunk = self.queue.popleft()
                w.todo.extend(chunk)
                try:
                    _write_all(w.tasks, struct.pack(f"=I{len(chunk)}I", len(chunk), *chunk))
                except OSError:  # it died: its pipe's end says so in _receive
                    _close(w.tasks)
                    w.tasks = None
        if not self.queue:
            for w in self.workers:
                _close(w.tasks)
                w.tasks = None

    def _receive(self, ready: list[tuple[selectors.SelectorKey, int]]) -> None:
        for key, _ in ready:
            w = key.data
            try:
                i, records, error, warnings = _read_answer(key.fd)
            except (EOFError, OSError):
                self._lost(w)
                continue
            w.todo.popleft()
            self.done[i] = Outcome(self.inputs[i], records, error, warnings)
        self._assign()

    def _lost(self, w: _Worker) -> None:
        """A worker's pipe ended: it left after its work, or died holding some."""
        status = self._end(w)
        if w.todo:
            i = w.todo.popleft()
            self.done[i] = Outcome(self.inputs[i], error=f"the worker process parsing it crashed ({_how(status)})")
            self.orphans.update(w.todo)
            w.todo.clear()

    def _end(self, w: _Worker, kill: bool = False) -> int:
        """Close a worker's pipes and reap it (killed first if ``kill``); its wait status."""
        if w.results is not None:
            self.selector.unregister(w.results)
        _close(w.tasks, w.results)
        w.tasks = w.results = None
        if not w.pid:
            return 0
        if kill:  # it holds nothing worth saving: no files, only its pipes
            try:
                os.kill(w.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        status = _reap(w.pid)
        w.pid = 0
        return status

    def __next__(self) -> Outcome:
        while self.next not in self.done:
            if self.next >= len(self.inputs):
                self.close()
                raise StopIteration
            if self.next in self.orphans or all(w.results is None for w in self.workers):
                i = self.next  # what a dead worker held, or all workers are gone: parse it here
                self.done[i] = outcome_of(self.inputs[i], self.options, self.delivery)
                self.orphans.discard(i)
            else:
                ready = self.selector.select()
                with interrupts_held():
                    self._receive(ready)
        with interrupts_held():
            outcome = self.done.pop(self.next)
            self.next += 1
            self._assign()
        return outcome

    def close(self) -> None:
        """Stop: end the workers still running (interrupted, --fail-fast, broken pipe) and reap them all."""
        with interrupts_held():
            if self.finished:
                return
            self.finished = True
            for w in self.workers:
                self._end(w, kill=True)
            if hasattr(self, "selector"):  # (not made if start-up failed first)
                self.selector.close()


def _worker_loop(tasks: int, results: int, inputs: Sequence[Input], options: ParseOptions,
                 delivery: Delivery, mask: set[signal.Signals]) -> int:
    """A forked worker: parse the input numbers the parent sends, one answer per document."""
    # Ctrl-C reaches the whole process group: workers leave at once and quietly, the
    # parent cleans up. A parent that ignores SIGINT (a background job) keeps its workers.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is not signal.SIG_IGN:
            signal.signal(sig, _leave)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # forked while the parent held SIGINT back
    while True:
        head = _read_exact(tasks, _COUNT.size)
        if len(head) < _COUNT.size:  # the parent closed the pipe: no more work
            return 0
        (count,) = _COUNT.unpack(head)
        for i in struct.unpack(f"={count}I", _read_exact(tasks, 4 * count)):
            outcome = outcome_of(inputs[i], options, delivery)
            _write_all(results, _answer(i, outcome.records, outcome.error, outcome.warnings))


def _leave(signum: int, frame: object) -> None:
    os._exit(128 + signum)


# Pipe messages. Parent → worker: a count, then that many input numbers (``=I`` each). Worker → parent,
# per document: input number, kind, record and unit counts, payload length, warnings length, payload,
# warnings. A rendering travels as its bytes, anything else (records, a failure) pickled; the
# warnings as UTF-8 lines ``code TAB message`` (both are one line, the code has no tab).
_COUNT = struct.Struct("=I")
_ANSWER = struct.Struct("=IBIIQI")
_RENDERED, _PICKLED = 0, 1


def _answer(i: int, records: list[TaskRecord] | Rendered, error: str | None,
            warnings: Sequence[ParseWarning] = ()) -> bytes:
    from gwparse.writers import Rendered

    notes = "\n".join(f"{w.code}\t{w.message}" for w in warnings).encode("utf-8")
    if error is None and isinstance(records, Rendered):
        head = _ANSWER.pack(i, _RENDERED, records.count, records.units, len(records.data), len(notes))
        return head + records.data + notes
    import pickle

    payload = pickle.dumps((records, error), pickle.HIGHEST_PROTOCOL)
    return _ANSWER.pack(i, _PICKLED, 0, 0, len(payload), len(notes)) + payload + notes


def _read_answer(fd: int) -> tuple[int, list[TaskRecord] | Rendered, str | None, list[ParseWarning]]:
    """One worker answer; EOFError if the pipe ends first (the worker left or died)."""
    from gwparse.checks import ParseWarning
    from gwparse.writers import Rendered

    head = _read_exact(fd, _ANSWER.size)
    if len(head) < _ANSWER.size:
        raise EOFError
    i, kind, count, units, size, notes_size = _ANSWER.unpack(head)
    payload = _read_exact(fd, size)
    notes = _read_exact(fd, notes_size)
    if len(payload) < size or len(notes) < notes_size:
        raise EOFError
    warnings = [ParseWarning(*line.split("\t", 1)) for line in notes.decode("utf-8").split("\n")] if notes else []
    if kind == _RENDERED:
        return i, Rendered(payload, count, units), None, warnings
    import pickle

    records, error = pickle.loads(payload)
    return i, records, error, warnings


def _read_exact(fd: int, size: int) -> bytes:
    """``size`` bytes from a pipe, or fewer if it ends first."""
    parts: list[bytes] = []
    got = 0
    while got < size:
        more = os.read(fd, size - got)
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)  # (one part is returned as it is, not copied)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _close(*fds: int | None) -> None:
    for fd in fds:
        if fd is not None:
            os.close(fd)


def _widen(fd: int) -> None:
    """Let a worker's answers sit in its pipe without waiting for the parent (Linux: 1 MiB)."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except OSError:  # capped by /proc/sys/fs/pipe-max-size, or not Linux
        pass


def _reap(pid: int) -> int:
    """Wait for a worker to end; its wait status (0 if someone else reaped it)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            return f"killed by {signal.Signals(sig).name}"
        except ValueError:
            return f"killed by signal {sig}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
