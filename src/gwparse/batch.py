"""Many documents: find the inputs, parse them in order (in parallel), filter records.

The CLI is a thin layer over this module. ``parse_all`` yields one
``Outcome`` per input, in input order, as soon as it is ready, so callers can
stream records out and forget them: a batch never sits in memory at once.
With ``jobs > 1`` the work is shared with forked worker processes (``gwparse.workers``).
"""
from __future__ import annotations

import os
import sys
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
    walked: bool = False  # found in a folder, not named on the command line


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


def walk(folder: Path, globs: Sequence[str] = (), problems: list[tuple[PurePath, str]] | None = None
         ) -> list[PurePath]:
    """Files under ``folder`` (relative paths), recursively, in a stable sorted order.

    A sub-folder that cannot be read, and a wanted name that is no regular file
    (a FIFO would block the batch), go to ``problems`` as (relative path, reason).
    """
    found: list[PurePath] = []
    problems = problems if problems is not None else []

    def unreadable(e: OSError) -> None:
        rel = PurePath(os.path.relpath(e.filename, folder)) if e.filename else PurePath(".")
        problems.append((rel, f"cannot read folder: {e.strerror or e}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=False):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        base = PurePath(os.path.relpath(root, folder))
        for name in files:
            if not _hidden(name):
                rel = base / name if str(base) != "." else PurePath(name)
                if _wanted(rel, globs):
                    if (kind := special_kind(os.path.join(root, name))) is not None:
                        problems.append((rel, f"not a regular file ({kind}), not read"))
                    else:
                        found.append(rel)
    return sorted(found, key=lambda p: p.parts)


def special_kind(path: str) -> str | None:
    """'a FIFO', 'a socket', 'a device' for what is no regular file (nor a link to one); else None."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # a dangling link: opening it reports the error
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")


def identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of a file, to know it under any name; None when it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def collect_inputs(args: Iterable[str], globs: Sequence[str] = (),
                   read_stdin: Callable[[], bytes] | None = None,
                   exclude: frozenset[tuple[int, int]] = frozenset()) -> list[Input]:
    """Expand the command line's FILE|DIR|- arguments into inputs, in argument order.

    A missing path, a folder with no documents, an unreadable sub-folder or a
    FIFO becomes an input with a ``problem``, reported in its place like any
    other failure. Files found in folders whose identity is in ``exclude`` (the
    outputs this run writes) are left out.
    """
    inputs: list[Input] = []
    for arg in args:
        if arg == "-":
            data = read_stdin() if read_stdin else b""
            inputs.append(Input("-", PurePath("stdin"), data=data))
            continue
        path = Path(arg)
        if path.is_dir():
            problems: list[tuple[PurePath, str]] = []
            rels = [rel for rel in walk(path, globs, problems)
                    if not exclude or identity(os.path.join(arg, rel)) not in exclude]
            if not rels and not problems:
                kinds = " ".join(globs) if globs else " ".join(KNOWN_SUFFIXES)
                inputs.append(Input(arg, PurePath(path.name), problem=f"no documents found in folder ({kinds})"))
            found = [Input(os.path.join(arg, rel), rel, walked=True) for rel in rels]
            found += [Input(os.path.normpath(os.path.join(arg, rel)), rel, problem=why) for rel, why in problems]
            inputs.extend(sorted(found, key=lambda i: i.rel.parts))
        elif (kind := special_kind(arg)) is not None:
            inputs.append(Input(arg, PurePath(path.name), problem=f"not a regular file ({kind}), not read"))
        elif path.exists():
            inputs.append(Input(arg, PurePath(path.name)))
        else:
            inputs.append(Input(arg, PurePath(path.name), problem="no such file or folder"))
    return inputs


class CtrlC:
    """Ctrl-C as Python has it (KeyboardInterrupt), remembered; SIGTERM and SIGHUP alike.

    Code that turns the KeyboardInterrupt into another error must still end
    the run as an interrupt, not as a failed document or a traceback: opencc
    and pydantic-core do, when Ctrl-C lands while they are being imported.
    The CLI installs ``handler`` for SIGINT, and for SIGTERM and SIGHUP so that
    ``kill`` or a closed terminal cleans up temporary files as Ctrl-C does; the
    run then exits ``status()`` (130, 143, 129). For other callers ``pressed`` stays False.
    """

    pressed = False
    signum = 2  # SIGINT

    @classmethod
    def handler(cls, signum: int, frame: object) -> None:
        cls.pressed = True
        cls.signum = signum
        raise KeyboardInterrupt

    @classmethod
    def check(cls) -> None:
        """Raise the interrupt again if one was swallowed: raised inside a finalizer or a
        weakref callback (importlib's module locks have one), Python only reports it."""
        if cls.pressed:
            raise KeyboardInterrupt

    @classmethod
    def _unraisable(cls, unraisable: object) -> None:
        if cls.pressed and isinstance(getattr(unraisable, "exc_value", None), KeyboardInterrupt):
            return  # remembered in ``pressed``; ``check`` raises it where it can be
        sys.__unraisablehook__(unraisable)

    @classmethod
    def install(cls) -> None:
        import signal

        sys.unraisablehook = cls._unraisable
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when ignored (a background job)
            signal.signal(signal.SIGINT, cls.handler)
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None and signal.getsignal(sig) is signal.SIG_DFL:  # not under nohup
                signal.signal(sig, cls.handler)

    @classmethod
    def status(cls) -> int:
        """The exit status of a run ended by the signal: 128 + its number, as a shell reports it."""
        return 128 + cls.signum


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
