"""Many documents: find the inputs, parse them in order (in parallel), filter records.

The CLI is a thin layer over this module. ``parse_all`` yields one
``Outcome`` per input, in input order, as soon as it is ready, so callers can
stream records out and forget them: a batch never sits in memory at once.
With ``jobs > 1`` the work is shared with forked worker processes.
"""
from __future__ import annotations

import os
import struct
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from gwparse.readers import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from gwparse.model import TaskRecord
    from gwparse.writers import Rendered

# Files taken from folders unless --glob says otherwise; named files are always taken.
KNOWN_SUFFIXES = (".txt", ".text", ".md", ".htm", ".html", ".xhtml", ".docx", ".xlsx", ".doc")


@dataclass(frozen=True, slots=True)
class Input:
    """One document to parse, as the user will see it named."""

    path: str  # as shown in messages and passed to parse(); '-' is standard input
    rel: PurePath  # path below the folder argument it came from: --out-dir mirrors it
    data: bytes | None = None  # standard input, read up front
    problem: str | None = None  # a failure known before parsing (missing path, empty folder)


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """The keyword arguments of ``gwparse.parse``, picklable for worker processes."""

    style: str | None = None
    keep_script: bool = False
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class Delivery:
    """How a worker hands a document back: filtered, and rendered as text for the
    stream formats so that the parent of a ``-j N`` batch only copies it."""

    fmt: str | None = None  # json, jsonl, csv or tsv: render in the worker; None: the records
    headers: str = "en"
    per_unit: bool = False
    unit: str | None = None  # --unit / --role filter
    role: str | None = None

    def prepare(self, records: list[TaskRecord]) -> list[TaskRecord] | Rendered:
        keep = record_filter(self.unit, self.role)
        if keep is not None:
            records = [r for r in records if keep(r)]
        if self.fmt is None:
            return records
        from gwparse.writers import render

        return render(records, self.fmt, headers=self.headers, per_unit=self.per_unit)


@dataclass(slots=True)
class Outcome:
    """What parsing one input gave: records (or their rendering), or the one-line reason it failed."""

    input: Input
    records: list[TaskRecord] | Rendered = field(default_factory=list)
    error: str | None = None


def default_jobs() -> int:
    """CPUs this process may run on (the affinity mask counts in containers)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _hidden(name: str) -> bool:
    # dot-files, and Office lock files (~$plan.docx) that sit beside open documents
    return name.startswith((".", "~$"))


def _wanted(rel: PurePath, globs: Sequence[str]) -> bool:
    if globs:
        return any(rel.match(g) for g in globs)
    return rel.suffix.lower() in KNOWN_SUFFIXES


def walk(folder: Path, globs: Sequence[str] = ()) -> list[PurePath]:
    """Files under ``folder`` (relative paths), recursively, in a stable sorted order."""
    found: list[PurePath] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        base = PurePath(os.path.relpath(root, folder))
        for name in files:
            if not _hidden(name):
                rel = base / name if str(base) != "." else PurePath(name)
                if _wanted(rel, globs):
                    found.append(rel)
    return sorted(found, key=lambda p: p.parts)


def collect_inputs(args: Iterable[str], globs: Sequence[str] = (),
                   read_stdin: Callable[[], bytes] | None = None) -> list[Input]:
    """Expand the command line's FILE|DIR|- arguments into inputs, in argument order.

    A missing path or a folder with no documents becomes an input with a
    ``problem``, reported in its place like any other failure.
    """
    inputs: list[Input] = []
    for arg in args:
        if arg == "-":
            data = read_stdin() if read_stdin else b""
            inputs.append(Input("-", PurePath("stdin"), data=data))
            continue
        path = Path(arg)
        if path.is_dir():
            rels = walk(path, globs)
            if not rels:
                kinds = " ".join(globs) if globs else " ".join(KNOWN_SUFFIXES)
                inputs.append(Input(arg, PurePath(path.name), problem=f"no documents found in folder ({kinds})"))
            inputs.extend(Input(os.path.join(arg, rel), rel) for rel in rels)
        elif path.exists():
            inputs.append(Input(arg, PurePath(path.name)))
        else:
            inputs.append(Input(arg, PurePath(path.name), problem="no such file or folder"))
    return inputs


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "unknown error"


def _detected_style(path: str, data: bytes | None, options: ParseOptions) -> str | None:
    """The style the extractor saw, for the 'no task records' message; None if unknown."""
    try:
        from gwparse.extract import describe
        from gwparse.readers import dispatch

        kwargs = {"encoding": options.encoding, "max_bytes": options.max_bytes}
        if data is None:
            source = dispatch.read_path(path, **kwargs)
        else:
            source = dispatch.read_bytes(data, path, **kwargs)
        return describe(source, style=options.style).get("style") or None
    except Exception:  # it only decorates a message: never fail because of it
        return None


def parse_one(path: str, data: bytes | None, options: ParseOptions) -> tuple[list[TaskRecord], str | None]:
    """Parse one input; never raises (except interrupts): a failure is a one-line reason."""
    from gwparse.errors import GwparseError

    kwargs = {"style": options.style, "keep_script": options.keep_script,
              "encoding": options.encoding, "max_bytes": options.max_bytes}
    try:
        from gwparse import pipeline

        if data is None:
            records = pipeline.parse(path, **kwargs)
        else:
            records = pipeline.parse_bytes(data, path, **kwargs)
    except GwparseError as e:
        return [], _one_line(str(e))
    except MemoryError:
        return [], "out of memory while parsing"
    except Exception as e:  # a parser bug must not stop the batch, nor print a traceback
        return [], _one_line(f"internal error: {type(e).__name__}: {e}")
    if not records:
        style = _detected_style(path, data, options)
        return [], "no task records found" + (f"; detected style: {style}" if style else "")
    return records, None


def _delivered(result: tuple[list[TaskRecord], str | None], delivery: Delivery
               ) -> tuple[list[TaskRecord] | Rendered, str | None]:
    records, error = result
    return (records if error else delivery.prepare(records)), error


def parse_all(inputs: Sequence[Input], options: ParseOptions, jobs: int = 1,
              delivery: Delivery = Delivery()) -> Iterator[Outcome]:
    """Parse ``inputs`` and yield their outcomes in input order, as each is ready.

    ``jobs > 1`` with several inputs forks that many workers (where the
    system can fork; elsewhere it parses in this process); at most a few chunks
    per worker are in flight, so a slow consumer (a paused pager) holds memory
    down instead of piling results up. The workers start here, before the caller
    draws a progress bar (forking beside its thread is best avoided). Close
    the iterator to stop early: pending work is cancelled.
    """
    todo = [i for i in inputs if i.problem is None]
    if jobs <= 1 or len(todo) <= 1 or not hasattr(os, "fork"):  # no fork (Windows): one process
        return _serial(inputs, options, delivery)
    return _ForkedOutcomes(inputs, options, jobs, delivery)


def _serial(inputs: Sequence[Input], options: ParseOptions, delivery: Delivery) -> Iterator[Outcome]:
    for inp in inputs:
        yield _outcome(inp, options, delivery)


def _outcome(inp: Input, options: ParseOptions, delivery: Delivery) -> Outcome:
    if inp.problem is not None:
        return Outcome(inp, error=inp.problem)
    records, error = _delivered(parse_one(inp.path, inp.data, options), delivery)
    return Outcome(inp, records, error)


def _worker_loop(tasks: int, results: int, inputs: Sequence[Input], options: ParseOptions,
                 delivery: Delivery) -> int:
    """A forked worker: parse the input numbers the parent sends, one answer per document."""
    import signal

    # Ctrl-C reaches the whole process group: workers leave at once and quietly,
    # the parent cleans up and exits 130.
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    while True:
        head = _read_exact(tasks, _COUNT.size)
        if len(head) < _COUNT.size:  # the parent closed the pipe: no more work
            return 0
        (count,) = _COUNT.unpack(head)
        for i in struct.unpack(f"={count}I", _read_exact(tasks, 4 * count)):
            outcome = _outcome(inputs[i], options, delivery)
            _write_all(results, _answer(i, outcome.records, outcome.error))


# Pipe messages. Parent → worker: a count, then that many input numbers (``=I`` each). Worker → parent,
# per document: input number, kind, record and unit counts, payload length, payload. A
# rendering travels as its bytes, anything else (records, a failure) pickled.
_COUNT = struct.Struct("=I")
_ANSWER = struct.Struct("=IBIIQ")
_RENDERED, _PICKLED = 0, 1


def _answer(i: int, records: list[TaskRecord] | Rendered, error: str | None) -> bytes:
    from gwparse.writers import Rendered

    if error is None and isinstance(records, Rendered):
        return _ANSWER.pack(i, _RENDERED, records.count, records.units, len(records.data)) + records.data
    import pickle

    payload = pickle.dumps((records, error), pickle.HIGHEST_PROTOCOL)
    return _ANSWER.pack(i, _PICKLED, 0, 0, len(payload)) + payload


def _read_answer(fd: int) -> tuple[int, list[TaskRecord] | Rendered, str | None]:
    """One worker answer; EOFError if the pipe ends first (the worker left or died)."""
    from gwparse.writers import Rendered

    head = _read_exact(fd, _ANSWER.size)
    if len(head) < _ANSWER.size:
        raise EOFError
    i, kind, count, units, size = _ANSWER.unpack(head)
    payload = _read_exact(fd, size)
    if len(payload) < size:
        raise EOFError
    if kind == _RENDERED:
        return i, Rendered(payload, count, units), None
    import pickle

    records, error = pickle.loads(payload)
    return i, records, error


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


@dataclass(slots=True)
class _Worker:
    pid: int
    tasks: int | None  # pipe the parent sends input numbers down; None once closed
    results: int | None  # pipe the worker answers on; None once it has ended
    todo: deque[int] = field(default_factory=deque)  # sent, not yet answered, in the worker's order


class _ForkedOutcomes(Iterator[Outcome]):
    """Outcomes from forked worker processes, in input order, with a bounded amount of work in flight.

    Not ``concurrent.futures``: its manager and feeder threads, one result queue shared
    under a lock and the pickled inputs cost a two-worker batch 7-9 % on two CPUs
    (bench/PROFILE.md). Here the workers are forked with the inputs in memory; the
    parent, with no threads, sends each worker a few chunks of input numbers at a time
    and reads the answers from each worker's own pipe. A worker that dies costs only
    the document it was parsing; the parent parses the rest of what it held.
    ``close()`` ends the workers at once.
    """

    def __init__(self, inputs: Sequence[Input], options: ParseOptions, jobs: int, delivery: Delivery):
        import selectors

        try:  # workers forked after this inherit the parser's imports
            import gc

            import gwparse.pipeline  # noqa: F401
            import gwparse.writers  # noqa: F401

            gc.freeze()  # the inherited heap stays shared: the collector does not touch (copy) it
        except Exception:
            pass
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
        self.selector = selectors.DefaultSelector()
        self.workers: list[_Worker] = []
        for _ in range(min(jobs, len(self.queue))):
            try:
                self.workers.append(self._fork())
            except OSError:  # out of processes or memory: go on with fewer (none: all parsed here)
                break
        self._assign()

    def _fork(self) -> _Worker:
        import selectors

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
                code = _worker_loop(tasks_r, results_w, self.inputs, self.options, self.delivery)
            finally:
                os._exit(code)
        _close(tasks_r, results_w)
        worker = _Worker(pid, tasks_w, results_r)
        self.selector.register(results_r, selectors.EVENT_READ, worker)
        return worker

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

    def _receive(self) -> None:
        for key, _ in self.selector.select():
            w = key.data
            try:
                i, records, error = _read_answer(key.fd)
            except (EOFError, OSError):
                self._lost(w)
                continue
            w.todo.popleft()
            self.done[i] = Outcome(self.inputs[i], records, error)
        self._assign()

    def _lost(self, w: _Worker) -> None:
        """A worker's pipe ended: it left after its work, or died holding some."""
        status = _reap(w.pid)
        self._forget(w)
        if w.todo:
            i = w.todo.popleft()
            self.done[i] = Outcome(self.inputs[i], error=f"the worker process parsing it crashed ({_how(status)})")
            self.orphans.update(w.todo)
            w.todo.clear()

    def _forget(self, w: _Worker) -> None:
        if w.results is not None:
            self.selector.unregister(w.results)
        _close(w.tasks, w.results)
        w.tasks = w.results = None

    def _parse_here(self, i: int) -> None:
        self.orphans.discard(i)
        self.done[i] = _outcome(self.inputs[i], self.options, self.delivery)

    def __next__(self) -> Outcome:
        while self.next not in self.done:
            if self.next >= len(self.inputs):
                self.close()
                raise StopIteration
            if self.next in self.orphans or all(w.results is None for w in self.workers):
                self._parse_here(self.next)  # what a dead worker held, or all workers are gone
            else:
                self._receive()
        outcome = self.done.pop(self.next)
        self.next += 1
        self._assign()
        return outcome

    def close(self) -> None:
        """Stop: end workers still running (interrupted, --fail-fast, broken pipe) and reap them all."""
        if self.finished:
            return
        self.finished = True
        import signal

        for w in self.workers:
            if w.results is not None:
                self._forget(w)
                try:
                    os.kill(w.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                _reap(w.pid)
        self.selector.close()


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
    import signal

    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            return f"killed by {signal.Signals(sig).name}"
        except ValueError:
            return f"killed by signal {sig}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def record_filter(unit: str | None = None, role: str | None = None
                  ) -> Callable[[TaskRecord], bool] | None:
    """The ``--unit``/``--role`` test: a record names a unit containing ``unit`` (in ``role``).

    None when there is nothing to filter, so callers can skip the work.
    """
    if not unit and not role:
        return None

    def keep(record: TaskRecord) -> bool:
        return any((not unit or unit in u.name) and (not role or u.role == role) for u in record.units)

    return keep
