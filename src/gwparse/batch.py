"""Many documents: find the inputs, parse them in order (in parallel), filter records.

The CLI is a thin layer over this module. ``parse_all`` yields one
``Outcome`` per input, in input order, as soon as it is ready, so callers can
stream records out and forget them: a batch never sits in memory at once.
With ``jobs > 1`` the work is shared with forked worker processes (``gwparse.workers``).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from gwparse.readers import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from gwparse.checks import ParseWarning
    from gwparse.model import TaskRecord
    from gwparse.writers import Rendered

# Files taken from folders unless --glob says otherwise; named files are always taken.
KNOWN_SUFFIXES = (".txt", ".text", ".md", ".htm", ".html", ".xhtml", ".docx", ".xlsx", ".doc",
                  ".xls", ".et", ".wps", ".odt", ".ods", ".pdf", ".ofd")


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
    unit: str | tuple[str, ...] | None = None  # --unit / --role filter
    role: str | tuple[str, ...] | None = None

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
    warnings: list[ParseWarning] = field(default_factory=list)  # the self-check's (gwparse.checks)


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


class CtrlC:
    """Ctrl-C as Python has it (KeyboardInterrupt), remembered.

    Code that turns the KeyboardInterrupt into another error must still end
    the run as an interrupt, not as a failed document or a traceback: opencc
    and pydantic-core do, when Ctrl-C lands while they are being imported.
    The CLI installs ``handler``; for other callers ``pressed`` stays False.
    """

    pressed = False

    @classmethod
    def handler(cls, signum: int, frame: object) -> None:
        cls.pressed = True
        raise KeyboardInterrupt

    @classmethod
    def install(cls) -> None:
        import signal

        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when ignored (a background job)
            signal.signal(signal.SIGINT, cls.handler)


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "unknown error"


def internal_error(e: Exception) -> str:
    """The one-line reason a parser bug is reported with; an exception hiding a Ctrl-C
    (see ``CtrlC``) is raised as the interrupt it is."""
    if CtrlC.pressed:
        raise KeyboardInterrupt from e
    return _one_line(f"internal error: {type(e).__name__}: {e}")


def parse_one(path: str, data: bytes | None, options: ParseOptions
              ) -> tuple[list[TaskRecord], str | None, list[ParseWarning]]:
    """Parse one input: records, the one-line reason it failed (or None) and the
    self-check's warnings. Never raises (except interrupts)."""
    from gwparse.errors import GwparseError

    kwargs = {"style": options.style, "keep_script": options.keep_script,
              "encoding": options.encoding, "max_bytes": options.max_bytes}
    try:
        from gwparse import pipeline

        if data is None:
            result = pipeline.parse_result(path, **kwargs)
        else:
            result = pipeline.parse_result_bytes(data, path, **kwargs)
    except GwparseError as e:
        return [], _one_line(str(e)), []
    except MemoryError:
        return [], "out of memory while parsing", []
    except Exception as e:  # a parser bug must not stop the batch, nor print a traceback
        return [], internal_error(e), []
    if not result.records:
        style = result.style
        return [], "no task records found" + (f"; detected style: {style}" if style else ""), []
    return result.records, None, result.warnings


def _delivered(result: tuple[list[TaskRecord], str | None, list[ParseWarning]], delivery: Delivery
               ) -> tuple[list[TaskRecord] | Rendered, str | None, list[ParseWarning]]:
    records, error, warnings = result
    return (records if error else delivery.prepare(records)), error, warnings


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
    from gwparse.workers import ForkedOutcomes

    return ForkedOutcomes(inputs, options, jobs, delivery)


def _serial(inputs: Sequence[Input], options: ParseOptions, delivery: Delivery) -> Iterator[Outcome]:
    for inp in inputs:
        yield outcome_of(inp, options, delivery)


def outcome_of(inp: Input, options: ParseOptions, delivery: Delivery) -> Outcome:
    """One input parsed and prepared for delivery, here or in a worker."""
    if inp.problem is not None:
        return Outcome(inp, error=inp.problem)
    records, error, warnings = _delivered(parse_one(inp.path, inp.data, options), delivery)
    return Outcome(inp, records, error, warnings)


def record_filter(unit: str | tuple[str, ...] | None = None, role: str | tuple[str, ...] | None = None
                  ) -> Callable[[TaskRecord], bool] | None:
    """The ``--unit``/``--role`` test: a record names a unit whose name contains one of
    ``unit`` and whose role is one of ``role`` (OR within each, AND across them, on one unit).

    Query words are compared in simplified script (``--unit 財政局`` finds 财政局), also
    against records kept in traditional script. None when there is nothing to filter.
    """
    units = _as_tuple(unit)
    roles = _as_tuple(role)
    if not units and not roles:
        return None
    from gwparse.text import to_simplified

    words = tuple(dict.fromkeys(to_simplified(u) for u in units))

    def named(name: str, traditional: bool) -> bool:
        if any(w in name for w in words):
            return True
        return traditional and any(w in to_simplified(name) for w in words)

    def keep(record: TaskRecord) -> bool:
        traditional = record.document.script == "traditional"
        return any((not words or named(u.name, traditional)) and (not roles or u.role in roles)
                   for u in record.units)

    return keep


def _as_tuple(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(v for v in value if v)
