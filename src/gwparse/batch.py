"""Many documents: find the inputs, parse them in order (in parallel), filter records.

The CLI is a thin layer over this module. ``parse_all`` yields one
``Outcome`` per input, in input order, as soon as it is ready, so callers can
stream records out and forget them: a batch never sits in memory at once.
Worker functions are module-level so that process pools can pickle them.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

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


def parse_chunk(items: list[tuple[str, bytes | None]], options: ParseOptions, delivery: Delivery
                ) -> list[tuple[list[TaskRecord] | Rendered, str | None]]:
    """Worker entry point: a few inputs per task, to amortise inter-process traffic."""
    return [_delivered(parse_one(path, data, options), delivery) for path, data in items]


def _delivered(result: tuple[list[TaskRecord], str | None], delivery: Delivery
               ) -> tuple[list[TaskRecord] | Rendered, str | None]:
    records, error = result
    return (records if error else delivery.prepare(records)), error


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: workers leave at once and quietly,
    # the parent cleans up and exits 130.
    import signal

    signal.signal(signal.SIGINT, lambda *_: os._exit(130))


def parse_all(inputs: Sequence[Input], options: ParseOptions, jobs: int = 1,
              delivery: Delivery = Delivery()) -> Iterator[Outcome]:
    """Parse ``inputs`` and yield their outcomes in input order, as each is ready.

    ``jobs > 1`` with several inputs uses a process pool; at most a few chunks
    per worker are in flight, so a slow consumer (a paused pager) holds memory
    down instead of piling results up. The pool starts here, before the caller
    draws a progress bar (forking beside its thread is best avoided). Close
    the iterator to stop early: pending work is cancelled.
    """
    todo = [i for i in inputs if i.problem is None]
    if jobs <= 1 or len(todo) <= 1:
        return _serial(inputs, options, delivery)
    return _PooledOutcomes(inputs, options, jobs, delivery)


def _serial(inputs: Sequence[Input], options: ParseOptions, delivery: Delivery) -> Iterator[Outcome]:
    for inp in inputs:
        if inp.problem is not None:
            yield Outcome(inp, error=inp.problem)
        else:
            records, error = _delivered(parse_one(inp.path, inp.data, options), delivery)
            yield Outcome(inp, records, error)


class _PooledOutcomes(Iterator[Outcome]):
    """Outcomes from a process pool, in input order, with a bounded amount of work in flight.

    ``close()`` stops the pool even when iteration never began (a generator's
    ``finally`` would not run then) and ends busy workers at once.
    """

    def __init__(self, inputs: Sequence[Input], options: ParseOptions, jobs: int, delivery: Delivery):
        from concurrent.futures import ProcessPoolExecutor

        try:  # workers forked after this inherit the parser's imports
            import gc

            import gwparse.pipeline  # noqa: F401

            gc.freeze()  # the inherited heap stays shared: the collector does not touch (copy) it
        except Exception:
            pass
        n = len(inputs)
        size = max(1, min(8, n // (jobs * 16)))
        self.chunks = iter([list(inputs[i:i + size]) for i in range(0, n, size)])
        workers = min(jobs, -(-n // size))
        self.options = options
        self.delivery = delivery
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
        self.pending: deque = deque()
        self.ready: deque[Outcome] = deque()
        self.finished = False
        for _ in range(workers * 4):
            self._submit()

    def _submit(self) -> None:
        chunk = next(self.chunks, None)
        if chunk is not None:
            items = [(i.path, i.data) for i in chunk if i.problem is None]
            future = self.pool.submit(parse_chunk, items, self.options, self.delivery) if items else None
            self.pending.append((chunk, future))

    def __next__(self) -> Outcome:
        from concurrent.futures.process import BrokenProcessPool

        if not self.ready:
            if not self.pending:
                if not self.finished:
                    self.finished = True
                    self.pool.shutdown(wait=True)
                raise StopIteration
            chunk, future = self.pending.popleft()
            try:
                done = iter(future.result() if future else [])
            except BrokenProcessPool:
                done = iter([([], "the worker process parsing it crashed")] * len(chunk))
            self._submit()
            for inp in chunk:
                if inp.problem is not None:
                    self.ready.append(Outcome(inp, error=inp.problem))
                else:
                    records, error = next(done)
                    self.ready.append(Outcome(inp, records, error))
        return self.ready.popleft()

    def close(self) -> None:
        if not self.finished:  # interrupted, --fail-fast, broken pipe: in-flight work is unwanted
            self.finished = True
            _stop_workers(self.pool)
            self.pool.shutdown(wait=False, cancel_futures=True)


def _stop_workers(pool: Any) -> None:
    """End a pool's worker processes now rather than after their current chunks."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


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
