"""The ``gwparse`` command: a thin click layer over ``gwparse.batch`` and ``gwparse.writers``.

Start-up matters (one document should take well under a second end to end),
so this module imports click and nothing heavy: pydantic, rich and openpyxl
are imported inside the functions that need them.
"""
from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from gwparse.batch import (
    CtrlC,
    Delivery,
    Input,
    Outcome,
    ParseOptions,
    collect_inputs,
    default_jobs,
    identity,
    internal_error,
    parse_all,
)
from gwparse.text import shown
from gwparse.writers import FORMATS, SUFFIXES, AtomicFile, Rendered, open_writer

if TYPE_CHECKING:
    from gwparse.model import TaskRecord

ROLES = ("lead", "responsible", "cooperate")
OUT_NAMES = ("replace-ext", "keep-ext")
# gwparse.sniff.STYLES, spelled out so that start-up does not import the parsers (a test keeps them equal)
TEXT_STYLES = ("tab-cells", "tab-rows", "pipe-table", "csv-table", "cell-lines", "labelled-list", "prose")
STDOUT_NAME = "standard output"

MAIN_HELP = """Parse 政务公开 task plans into task records: JSON, JSON Lines, CSV, TSV, xlsx or SQLite.

Each PATH is a document (.txt .md .htm .html .xhtml .docx .xlsx .doc, GBK,
Big5 or UTF-*), a folder (searched recursively, in sorted order) or - for
standard input. Records go to standard output unless -o or --out-dir says
otherwise; messages go to standard error as "gwparse: FILE: reason".

Exit status: 0 when every document gave records, 1 when any failed (the
others are still converted), 2 for a usage error, 130 when interrupted
(143 on SIGTERM, 129 on SIGHUP). A result that looks wrong gets
"gwparse: FILE: warning: ..." lines; with --strict such a document fails.

\b
Text styles for --style (see 'gwparse inspect FILE'):
  tab-cells  tab-rows  pipe-table  csv-table  cell-lines  labelled-list  prose

\b
Examples:
  gwparse plan.docx                            # a JSON array on stdout
  gwparse plan.txt --to csv --bom -o tasks.csv # CSV for Excel or WPS
  cat plan.txt | gwparse - --to jsonl          # standard input
  gwparse plans/ --to xlsx -o tasks.xlsx       # a folder into one workbook
  gwparse plans/ --glob '*.docx' --out-dir out # one output per document
  gwparse plans/ --unit 财政局 --role lead     # tasks a unit leads
  gwparse plans/ --unit 财政局 --unit 教育局   # tasks naming either
  gwparse plans/ -o tasks.db                   # append to a SQLite database
  gwparse diff plan-2023.docx plan-2024.docx   # tasks added, dropped, changed
  gwparse units plans/                         # who has how many tasks
  gwparse inspect plan.docx                    # what gwparse sees in a file
  gwparse schema                               # JSON Schema of a record
"""


class OutputError(Exception):
    """Writing an output failed: ``gwparse: OUT: reason``, exit 1."""

    def __init__(self, name: str, error: OSError):
        super().__init__(f"{name}: {error.strerror or error}")


def _echo_error(name: str, reason: str) -> None:
    click.echo(f"gwparse: {name}: {reason}", err=True)


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at devnull so the exit-time flush stays quiet.

    (The recipe from the Python docs, 'Note on SIGPIPE'.)
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (tests)
        pass


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Exit statuses without tracebacks: interrupt 130, broken pipe 0, output errors 1."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            sys.exit(CtrlC.status())
        except BrokenPipeError:
            _silence_stdout()
            sys.exit(0)
        except OutputError as e:
            click.echo(f"gwparse: {e}", err=True)
            sys.exit(1)
        except BaseException as e:
            if CtrlC.pressed and not isinstance(e, SystemExit):  # an interrupt in another guise
                sys.exit(CtrlC.status())
            raise

    return run


# --- option types and shared options -------------------------------------------------


class ByteSize(click.ParamType):
    """A size in bytes: 1048576, 500K, 50M, 1G."""

    name = "SIZE"
    _units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("B").removesuffix("I")
        unit = text[-1:] if text[-1:] in "KMG" else ""
        try:
            size = int(float(text[: len(text) - len(unit)]) * self._units[unit])
        except (ValueError, OverflowError):
            self.fail(f"{value!r} is not a size such as 1048576, 500K or 50M", param, ctx)
        if size <= 0:
            self.fail("must be more than zero", param, ctx)
        return size


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        import codecs

        try:
            info = codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r}") from None
        if not getattr(info, "_is_text_encoding", True):  # hex, rot13, base64 …: bytes↔bytes codecs
            raise click.BadParameter(f"{value!r} is not a text encoding")
    return value


def _default_max_bytes() -> int:
    from gwparse.readers import DEFAULT_MAX_BYTES

    return DEFAULT_MAX_BYTES


def parse_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--style, --keep-script, --encoding, --max-bytes: passed to ``gwparse.parse``."""
    for option in reversed([
        click.option("--style", type=click.Choice(TEXT_STYLES), metavar="STYLE",
                     help="Read every document's text as STYLE instead of sniffing it: "
                          + ", ".join(TEXT_STYLES) + ". Tables of .docx/.html/.xlsx are read as "
                          "tables without it ('gwparse inspect' shows the style and its --style value)."),
        click.option("--keep-script", is_flag=True,
                     help="Keep traditional characters (繁体) as written instead of converting "
                          "all text to simplified script."),
        click.option("--encoding", metavar="NAME", callback=_check_encoding,
                     help="Decode text and HTML inputs with this encoding (gb18030, big5, utf-8 …) "
                          "instead of detecting it."),
        click.option("--max-bytes", type=ByteSize(), default=_default_max_bytes,
                     help="Refuse documents larger than SIZE, e.g. 10M (default: 50M)."),
    ]):
        command = option(command)
    return command


def batch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """PATH..., --glob, --jobs, --fail-fast, --quiet, --strict: how a batch of documents runs."""
    for option in reversed([
        click.argument("paths", nargs=-1, required=True, metavar="PATH..."),
        click.option("--glob", "globs", metavar="PATTERN", multiple=True,
                     help="In folders, take only files matching PATTERN (e.g. '*.docx' or "
                          "'2019/*.txt') instead of every known kind; repeat for several."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                     help="Parse N documents at once, in worker processes (default: the number "
                          "of CPUs). Output is identical whatever N; -j 1 runs in this process."),
        click.option("--fail-fast", is_flag=True,
                     help="Stop at the first document that fails instead of carrying on."),
        click.option("-q", "--quiet", is_flag=True,
                     help="No progress bar, summary line or warnings; failures are still reported."),
        click.option("--strict", is_flag=True,
                     help="A document the self-check warns about fails (exit 1): its records are "
                          "not written."),
        click.option("--summary/--no-summary", default=None,
                     help="Print the summary line (documents, records, units, warnings, failed, seconds) "
                          "on standard error, also for one document. Default: only for several documents "
                          "when standard error is a terminal. --quiet wins."),
    ]):
        command = option(command)
    return command


def _options(style: str | None, keep_script: bool, encoding: str | None, max_bytes: int) -> ParseOptions:
    return ParseOptions(style=style, keep_script=keep_script, encoding=encoding, max_bytes=max_bytes)


CLOSED_AT_START: set[int] = set()  # standard streams closed when gwparse started (`>&-`, `<&-`)


def _stdout() -> BinaryIO:
    if sys.stdout is None or 1 in CLOSED_AT_START:
        raise OutputError(STDOUT_NAME, OSError(9, "closed, cannot write records"))
    return sys.stdout.buffer


def hold_closed_streams() -> None:
    """Remember which of standard input and output are closed, and put /dev/null there:
    else the first file gwparse opens would get descriptor 0 or 1, and writes meant
    for standard output would land in it."""
    for fd in (0, 1):
        if _closed(fd):
            CLOSED_AT_START.add(fd)
            os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)  # the lowest free descriptor


def _stdout_is_terminal() -> bool:
    try:
        return _stdout().isatty()
    except (AttributeError, ValueError, OutputError):
        return False


def _inputs(paths: tuple[str, ...], globs: tuple[str, ...], max_bytes: int, output: str | None = None
            ) -> list[Input]:
    """The inputs; with ``-o``, the output file is never one: named, it is a usage error (it
    would be overwritten), and met in a folder walk it is left out (a rerun must not read it back)."""
    if paths.count("-") > 1:
        raise click.UsageError("standard input (-) can be read only once")
    written = identity(output) if output else None
    if written is not None:
        for path in paths:
            if path != "-" and identity(path) == written:
                raise click.UsageError(f"-o {output} is also an input ({path}); it would be overwritten")
    # one byte over the limit is enough for the reader to refuse it
    return collect_inputs(paths, globs, read_stdin=lambda: _read_stdin(max_bytes + 1),
                          exclude=frozenset([written]) if written else frozenset())


def _read_stdin(limit: int) -> bytes:
    if sys.stdin is None or 0 in CLOSED_AT_START:  # `<&-`
        raise OutputError("-", OSError(9, "standard input is closed"))
    return sys.stdin.buffer.read(limit)


def _closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


# --- progress and summary ------------------------------------------------------------


class Reporter:
    """Failures, the progress bar and the summary line: everything that goes to stderr.

    The bar (rich, imported only to draw it) shows when stderr is a terminal
    and there is more than one document; ``--quiet`` drops bar and summary.
    """

    def __init__(self, total: int, quiet: bool, strict: bool = False, summary: bool | None = None):
        self.total = total
        self.many = total > 1
        self.quiet = quiet
        self.strict = strict  # a document with warnings fails: its records are dropped here
        self.wants_summary = summary
        self.documents = self.records = self.units = self.warnings = self.failed = 0
        self.started = time.perf_counter()
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> Reporter:
        if self.many and not self.quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(),
                                     TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self.progress.start()
            self.task = self.progress.add_task("parsing", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def error(self, name: str, reason: str) -> None:
        line = f"gwparse: {shown(name)}: {reason}"
        if self.progress is not None:
            self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(line, err=True)

    def outcome(self, outcome: Outcome) -> None:
        self.documents += 1
        if outcome.error is None and outcome.warnings:
            self._warn(outcome)
        if outcome.error is not None:
            self.failed += 1
            self.error(outcome.input.path, outcome.error)
        else:
            kept = outcome.records
            self.records += len(kept)
            self.units += kept.units if isinstance(kept, Rendered) else sum(len(r.units) for r in kept)
        if self.progress is not None:
            self.progress.advance(self.task)

    def _warn(self, outcome: Outcome) -> None:
        """The self-check's findings, one line each (not with -q); under --strict a failure."""
        self.warnings += len(outcome.warnings)
        if not self.quiet:
            for warning in outcome.warnings:
                self.error(outcome.input.path, f"warning: {warning.message}")
        if self.strict:
            outcome.error = f"{_count(len(outcome.warnings), 'warning')} (--strict)"
            outcome.records = []

    def summary(self) -> None:
        wanted = self.wants_summary
        if wanted is None:  # not asked: only for a person watching (cron mails stay clean)
            wanted = self.many and _stderr_is_terminal()
        if wanted and not self.quiet:
            seconds = time.perf_counter() - self.started
            parts = [_count(self.documents, "document"), _count(self.records, "record"),
                     _count(self.units, "unit"), _count(self.warnings, "warning"), f"{self.failed} failed",
                     f"{seconds:.1f} s"]
            click.echo("gwparse: " + ", ".join(parts), err=True)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


@contextmanager
def _parsing(inputs: list[Input], options: ParseOptions, jobs: int | None, quiet: bool,
             delivery: Delivery | None = None, strict: bool = False, summary: bool | None = None
             ) -> Iterator[tuple[Iterator[Outcome], Reporter]]:
    # the workers start before the progress bar's thread
    with closing(parse_all(inputs, options, jobs or default_jobs(), delivery or Delivery())) as outcomes, \
            Reporter(len(inputs), quiet, strict, summary) as reporter:
        yield _checked(outcomes), reporter
    CtrlC.check()
    reporter.summary()


def _checked(outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
    """The outcomes, ended by a signal that arrived where Python could not raise it."""
    for outcome in outcomes:
        CtrlC.check()
        yield outcome


# --- outputs ---------------------------------------------------------------------------


class StreamSink:
    """Every document into one stream: standard output, or one ``-o`` file written atomically.

    The writer (and the header or ``[``) starts with the first document that
    did not fail: if all failed, nothing is written and ``-o`` is left alone.
    """

    def __init__(self, fmt: str, writer_options: dict[str, Any], output: str | None):
        self.fmt = fmt
        self.writer_options = writer_options
        self.writer: Any = None
        self.atomic: AtomicFile | None = None
        self.name = output or STDOUT_NAME
        if fmt == "sqlite":  # a database is appended to in one transaction, not replaced
            self.writer = _database(output or "")
            return
        if output is not None:
            try:
                self.atomic = AtomicFile(output)  # opened now: a bad -o fails before any parsing
            except OSError as e:
                raise OutputError(output, e) from None
        self.out = self.atomic.file if self.atomic else _stdout()

    def add(self, inp: Input, records: list[TaskRecord] | Rendered) -> None:
        from gwparse.errors import GwparseError

        try:
            if self.writer is None:
                self.writer = open_writer(self.fmt, self.out, **self.writer_options)
            self.writer.write(records)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(self.name, e) from None
        except GwparseError as e:  # the database refused the rows
            raise OutputError(self.name, OSError(str(e))) from None

    def finish(self) -> None:
        from gwparse.errors import GwparseError

        try:
            if self.writer is not None:
                self.writer.close()
                if self.atomic:
                    self.atomic.commit()
            else:
                self.discard()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(self.name, e) from None
        except GwparseError as e:
            raise OutputError(self.name, OSError(str(e))) from None
        self.writer = None

    def discard(self) -> None:
        if self.atomic:
            self.atomic.discard()
        elif self.fmt == "sqlite" and self.writer is not None:
            self.writer.discard()


def _database(path: str) -> Any:
    from gwparse.errors import GwparseError
    from gwparse.sqlite import SqliteWriter

    try:
        return SqliteWriter(path)
    except GwparseError as e:
        raise OutputError(path, OSError(str(e))) from None


def _out_dir_target(out_dir: str, inp: Input, fmt: str, keep_ext: bool = False) -> str:
    """Where --out-dir writes the output of ``inp``: NAME.json, or NAME.docx.json with --out-name keep-ext."""
    rel = inp.rel.with_name(inp.rel.name + SUFFIXES[fmt]) if keep_ext else inp.rel.with_suffix(SUFFIXES[fmt])
    return os.path.join(out_dir, str(rel))


def _without_own_outputs(inputs: list[Input], fmt: str, out_dir: str, keep_ext: bool = False) -> list[Input]:
    """With --out-dir inside a folder being read: the files this run writes are not read as inputs
    (by identity; a rerun would read its own outputs back), and a named input that would be
    its own output is a usage error."""
    targets = {t: inp for inp in inputs if inp.problem is None
               and (t := identity(_out_dir_target(out_dir, inp, fmt, keep_ext))) is not None}
    kept = []
    for inp in inputs:
        own = identity(inp.path) if inp.problem is None else None
        if own is not None and own in targets:
            if inp.walked:
                continue
            if targets[own] is inp:
                raise click.UsageError(f"{inp.path} would be overwritten by its own output in {out_dir}")
        kept.append(inp)
    return kept


class FolderSink:
    """One output per input under ``--out-dir``, mirroring sub-folders, each written atomically."""

    def __init__(self, fmt: str, writer_options: dict[str, Any], out_dir: str, inputs: list[Input],
                 keep_ext: bool = False):
        self.fmt = fmt
        self.writer_options = writer_options
        self.targets: dict[str, str] = {}
        claimed: dict[str, str] = {}
        for inp in inputs:
            if inp.problem is not None:
                continue
            target = _out_dir_target(out_dir, inp, fmt, keep_ext)
            if target in claimed:
                hint = "" if keep_ext else " (--out-name keep-ext keeps the input's extension in the name)"
                raise click.UsageError(f"{claimed[target]} and {inp.path} would both be written to {target}{hint}")
            claimed[target] = inp.path
            self.targets[inp.path] = target

    def add(self, inp: Input, records: list[TaskRecord] | Rendered) -> None:
        target = self.targets[inp.path]
        try:
            os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
            with AtomicFile(target) as atomic:
                writer = open_writer(self.fmt, atomic.file, **self.writer_options)
                writer.write(records)
                writer.close()
                atomic.commit()
        except OSError as e:
            raise OutputError(target, e) from None

    def finish(self) -> None:
        pass

    def discard(self) -> None:
        pass


# --- the command group -----------------------------------------------------------------


class DefaultGroup(click.Group):
    """A group whose first argument, when not a command name, is a path for ``convert``.

    ``gwparse plan.txt --to csv`` runs ``convert``; ``gwparse units plans/``
    runs ``units``. A file named like a command is reached as ``./units``.
    ``gwparse --help`` documents ``convert``'s options as the main ones.
    """

    default_command = "convert"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--version", *ctx.help_option_names):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[OPTIONS] PATH...")
        formatter.write_usage(ctx.command_path, "COMMAND [ARGS]...", prefix="   or: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        convert = self.commands[self.default_command]
        convert.format_options(click.Context(convert, info_name=ctx.info_name, parent=ctx), formatter)
        self.format_commands(ctx, formatter)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=DefaultGroup, help=MAIN_HELP, context_settings=CONTEXT)
@click.version_option(package_name="gwparse", prog_name="gwparse")
def cli() -> None:
    pass


@cli.command(context_settings=CONTEXT, short_help="Convert documents to records (the default command).")
@batch_options
@click.option("--to", "fmt", type=click.Choice(FORMATS, case_sensitive=False), default=None,
              help="Output format: json (one array), jsonl (one record per line), csv, tsv, xlsx "
                   "(sheets 任务 and 单位) or sqlite (tables documents, tasks, units, appended to the -o "
                   "database in one transaction). Default: from the -o file's suffix (.db is sqlite), else json.")
@click.option("-o", "--output", metavar="FILE",
              help="Write all records into FILE instead of standard output. FILE appears complete "
                   "or not at all: it is written aside and renamed into place.")
@click.option("--out-dir", metavar="DIR",
              help="Write one file per document into DIR (NAME.json, NAME.csv …), mirroring the "
                   "sub-folders of folder arguments.")
@click.option("--out-name", type=click.Choice(OUT_NAMES), default="replace-ext", show_default=True,
              help="With --out-dir: replace-ext writes plan.docx as plan.json; keep-ext writes "
                   "plan.docx.json, so plan.docx and plan.html do not collide.")
@click.option("--unit", "unit", metavar="TEXT", multiple=True,
              help="Keep only records naming a unit whose name contains TEXT, e.g. 财政局 (繁体 "
                   "such as 財政局 matches too). Repeat for any of several: --unit 财政局 --unit 教育局.")
@click.option("--role", "role", type=click.Choice(ROLES), multiple=True,
              help="With --unit: keep records where such a unit has this role. Alone: keep records "
                   "that have any unit in this role. Repeat for any of several roles; --unit and "
                   "--role combine with AND (one unit must match both).")
@click.option("--per-unit", is_flag=True,
              help="CSV/TSV: one row per (task, unit, role) instead of one per task, with unit and "
                   "role columns; a task without units gives one row. Handy for pivot tables.")
@click.option("--headers", type=click.Choice(["en", "zh"]), default=None,
              help="CSV/TSV/xlsx column names: en (category, content, lead_units …, the default) or "
                   "zh (类别, 任务内容, 牵头单位 …; roles then read 牵头/负责/配合).")
@click.option("--bom", is_flag=True,
              help="CSV/TSV: start with a UTF-8 byte order mark, so Excel and WPS detect UTF-8.")
@parse_options
@click.version_option(package_name="gwparse", prog_name="gwparse")
@guarded
def convert(paths: tuple[str, ...], globs: tuple[str, ...], jobs: int | None, fail_fast: bool, quiet: bool,
            strict: bool, summary: bool | None,
            fmt: str | None, output: str | None, out_dir: str | None, out_name: str,
            unit: tuple[str, ...], role: tuple[str, ...], per_unit: bool, headers: str | None, bom: bool,
            style: str | None, keep_script: bool,
            encoding: str | None, max_bytes: int) -> None:
    """Convert documents into task records (what plain `gwparse PATH...` does).

    \b
    Examples:
      gwparse convert plan.docx --to csv --per-unit --headers zh --bom -o units.csv
      gwparse plans/ -j 4 --to jsonl > tasks.jsonl
    """
    fmt = (fmt or _format_from_name(output) or "json").lower()
    _check_convert_options(fmt, output, out_dir, per_unit, headers, bom)
    if out_name != "replace-ext" and out_dir is None:
        raise click.UsageError("--out-name applies to --out-dir")
    writer_options: dict[str, Any] = {}
    if fmt in ("csv", "tsv"):
        writer_options = {"headers": headers or "en", "per_unit": per_unit, "bom": bom}
    elif fmt == "xlsx":
        writer_options = {"headers": headers or "en"}
    # -o is opened first: a bad path fails before standard input is read or anything parsed
    sink: StreamSink | FolderSink | None = None if out_dir is not None else StreamSink(fmt, writer_options, output)
    # workers filter and render the stream formats; xlsx needs the records themselves
    delivery = Delivery(fmt if fmt not in ("xlsx", "sqlite") else None, headers or "en", per_unit, unit, role)
    try:
        inputs = _inputs(paths, globs, max_bytes, output)
        if sink is None:
            inputs = _without_own_outputs(inputs, fmt, out_dir or ".", keep_ext=out_name == "keep-ext")
            sink = FolderSink(fmt, writer_options, out_dir or ".", inputs, keep_ext=out_name == "keep-ext")
        options = _options(style, keep_script, encoding, max_bytes)
        with _parsing(inputs, options, jobs, quiet, delivery, strict, summary) as (outcomes, rep):
            for outcome in outcomes:
                rep.outcome(outcome)
                if outcome.error is None:
                    sink.add(outcome.input, outcome.records)
                elif fail_fast:
                    break
        sink.finish()
    finally:
        if sink is not None:
            sink.discard()  # no-op once committed; removes the temp file after an error or Ctrl-C
    sys.exit(1 if rep.failed else 0)


def _format_from_name(output: str | None) -> str | None:
    if output:
        suffix = os.path.splitext(output)[1].lower().lstrip(".")
        if suffix in ("db", "sqlite3"):
            return "sqlite"
        if suffix in FORMATS:
            return suffix
    return None


def _check_convert_options(fmt: str, output: str | None, out_dir: str | None, per_unit: bool,
                           headers: str | None, bom: bool) -> None:
    if output and out_dir:
        raise click.UsageError("-o/--output and --out-dir exclude each other: one file, or one per document")
    if per_unit and fmt not in ("csv", "tsv"):
        raise click.UsageError("--per-unit applies to csv and tsv (xlsx always has a 单位 sheet)")
    if bom and fmt not in ("csv", "tsv"):
        raise click.UsageError("--bom applies to csv and tsv")
    if headers and fmt not in ("csv", "tsv", "xlsx"):
        raise click.UsageError("--headers applies to csv, tsv and xlsx")
    if fmt == "sqlite" and not output:
        raise click.UsageError("--to sqlite writes a database file: give -o FILE.db (not --out-dir)")
    if fmt == "xlsx" and not output and not out_dir and _stdout_is_terminal():
        raise click.UsageError("xlsx is a binary file: give -o FILE.xlsx (or redirect standard output)")


# --- units: a roster of who has how many tasks ------------------------------------------------

ROSTER_HEADERS = {"en": ["unit", "lead", "responsible", "cooperate", "total"],
                  "zh": ["单位", "牵头", "负责", "配合", "合计"]}
ROSTER_GROUPS = {"issuer": ("issuer", "发文机关"), "document": ("source", "来源文件")}


@cli.command(context_settings=CONTEXT, short_help="List units with their numbers of tasks by role.")
@batch_options
@click.option("--to", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default=None,
              help="table (a terminal table), csv, tsv or json. Default: table on a terminal, csv otherwise.")
@click.option("-o", "--output", metavar="FILE", help="Write the roster into FILE (atomically) instead of "
                                                      "standard output.")
@click.option("--headers", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Column names: en (unit, lead, responsible, cooperate, total) or zh (单位, 牵头, 负责, 配合, 合计).")
@click.option("--bom", is_flag=True, help="CSV/TSV: start with a UTF-8 byte order mark for Excel and WPS.")
@click.option("--by", "group", type=click.Choice(["issuer", "document", "unit"]), default="issuer",
              show_default=True,
              help="Count a unit per issuer (发文机关; a document without one counts under its file), "
                   "per document, or merged across all documents by name alone (unit).")
@parse_options
@guarded
def units(paths: tuple[str, ...], globs: tuple[str, ...], jobs: int | None, fail_fast: bool, quiet: bool,
          strict: bool, summary: bool | None,
          fmt: str | None, output: str | None, headers: str, bom: bool, group: str, style: str | None,
          keep_script: bool, encoding: str | None, max_bytes: int) -> None:
    """List every unit named in the documents with its number of lead, responsible and
    cooperate tasks, per issuer (the default: every county's 财政局 is its own row), per
    document, or merged by name (--by unit); most tasks first within a group, then by name.

    \b
    Examples:
      gwparse units plans/
      gwparse units plans/ --to csv --headers zh --bom -o roster.csv
      gwparse units plans/ --by unit          # one row per name across all documents
    """
    fmt = fmt or ("table" if not output and _stdout_is_terminal() else "csv")
    if fmt == "table" and output:
        raise click.UsageError("--to table is for the terminal: use csv, tsv or json with -o")
    inputs = _inputs(paths, globs, max_bytes)
    counts: dict[tuple[str, ...], dict[str, int]] = {}
    options = _options(style, keep_script, encoding, max_bytes)
    with _parsing(inputs, options, jobs, quiet, strict=strict, summary=summary) as (outcomes, rep):
        for outcome in outcomes:
            rep.outcome(outcome)
            if outcome.error is not None and fail_fast:
                break
            for record in outcome.records:
                key = _roster_group(record, group)
                for u in record.units:
                    counts.setdefault((*key, u.name), dict.fromkeys(ROLES, 0))[u.role] += 1
    if rep.failed and rep.failed == rep.documents:
        sys.exit(1)  # as with convert: when every document failed, no output (and -o stays as it was)
    width = 0 if group == "unit" else 1
    roster = sorted(([*key, *c.values(), sum(c.values())] for key, c in counts.items()),
                    key=lambda row: (*row[:width], -row[-1], row[width]))
    names = ROSTER_HEADERS[headers]
    json_names = ROSTER_HEADERS["en"]
    if group != "unit":
        names = [ROSTER_GROUPS[group][headers == "zh"], *names]
        json_names = [ROSTER_GROUPS[group][0], *json_names]
    _write_roster(roster, fmt, output, names, bom, json_names)
    sys.exit(1 if rep.failed else 0)


def _roster_group(record: TaskRecord, group: str) -> tuple[str, ...]:
    if group == "unit":
        return ()
    if group == "issuer" and record.document.issuer:
        return (record.document.issuer,)
    return (record.document.source or "",)


def _write_roster(roster: list[list[Any]], fmt: str, output: str | None, names: list[str], bom: bool,
                  json_names: list[str]) -> None:
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(*names)
        for col in table.columns[len(names) - 4:]:
            col.justify = "right"
        for row in roster:
            table.add_row(*map(str, row))
        Console().print(table)
        return
    if fmt == "json":
        import json

        text = json.dumps([dict(zip(json_names, row, strict=True)) for row in roster],
                          ensure_ascii=False, indent=2) + "\n"
    else:
        import csv
        import io

        buf = io.StringIO()
        if bom:
            buf.write("\ufeff")
        if fmt == "csv":
            csv.writer(buf).writerows([names, *roster])
        else:
            buf.writelines("\t".join(map(str, row)) + "\n" for row in [names, *roster])
        text = buf.getvalue()
    _emit(text.encode("utf-8"), output)


def _emit(data: bytes, output: str | None) -> None:
    """Small outputs (roster, schema, inspect): all at once, to stdout or atomically to FILE."""
    name = output or STDOUT_NAME
    try:
        if output is None:
            out = _stdout()
            out.write(data)
            out.flush()
            return
        with AtomicFile(output) as atomic:
            atomic.file.write(data)
            atomic.commit()
    except BrokenPipeError:
        raise
    except OSError as e:
        raise OutputError(name, e) from None


# --- inspect: what gwparse sees in one file ----------------------------------------------------


@cli.command(context_settings=CONTEXT, short_help="Show what gwparse sees in one document.")
@click.argument("path", metavar="FILE")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON object instead of a tree.")
@parse_options
@guarded
def inspect(path: str, as_json: bool, style: str | None, keep_script: bool, encoding: str | None,
            max_bytes: int) -> None:
    """Show what gwparse finds in FILE: container, encoding, detected style, header
    mapping, document fields, record and unit counts, the heading tree and
    warnings. Use it to see why a document gives no or odd records.

    \b
    Examples:
      gwparse inspect plan.docx
      gwparse inspect plan.txt --style prose --json
    """
    from gwparse.errors import GwparseError

    data = _read_stdin(max_bytes + 1) if path == "-" else None
    if data is None and not os.path.exists(path):
        _echo_error(path, "no such file or folder")
        sys.exit(1)
    try:
        findings = describe_file(path, data, _options(style, keep_script, encoding, max_bytes))
    except GwparseError as e:
        _echo_error(path, str(e))
        sys.exit(1)
    except Exception as e:  # a reader bug: one line, as `convert` reports it, not a traceback
        _echo_error(path, internal_error(e))
        sys.exit(1)
    if as_json:
        import json

        _emit((json.dumps(findings, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), None)
    else:
        _render_tree(findings)
    sys.exit(0 if findings.get("records") else 1)


def describe_file(path: str, data: bytes | None, options: ParseOptions) -> dict[str, Any]:
    """Everything ``inspect`` shows, as plain JSON-ready data.

    Reading errors raise ``GwparseError``; an extraction that fails after
    reading is reported under ``error`` so the reader's findings still show.
    """
    from gwparse.errors import GwparseError
    from gwparse.extract import describe
    from gwparse.readers import dispatch

    kwargs = {"encoding": options.encoding, "max_bytes": options.max_bytes}
    source = dispatch.read_path(path, **kwargs) if data is None else dispatch.read_bytes(data, path, **kwargs)
    findings: dict[str, Any] = {
        "source": path,
        "container": source.container,
        "encoding": source.encoding,
        "tables": len(source.grids),
        "text_lines": len(source.text.splitlines()),
    }
    try:  # the extractor's own account: style, header mapping, heading tree, records, warnings
        findings.update(describe(source, style=options.style))
    except GwparseError as e:
        findings["error"] = str(e)
    except Exception as e:  # a parser bug: reported like `convert` does, never as a traceback
        findings["error"] = internal_error(e)
    findings.setdefault("records", 0)
    findings.setdefault("units", dict.fromkeys(ROLES, 0))
    findings.setdefault("warnings", [])
    if "style" in findings:
        findings["style_option"] = style_option(findings["style"])
    return findings


def style_option(style: str | None) -> str | None:
    """The ``--style`` value that reads a document as ``style`` was read, if there is one.

    Text styles are their own value; docx-prose/html-prose are prose; a real
    table (docx-table, html-table, xlsx-table) needs none, it is read as a table.
    """
    if style in TEXT_STYLES:
        return style
    if style and style.endswith("-prose"):
        return "prose"
    return None


def _render_tree(findings: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    def add(node: Any, key: str, value: Any) -> None:
        if isinstance(value, dict):
            branch = node.add(f"[bold]{escape(key)}[/]")
            for k, v in value.items():
                add(branch, str(k), v)
        elif isinstance(value, list) and value and not all(isinstance(v, str | int | float) for v in value):
            branch = node.add(f"[bold]{escape(key)}[/] ({len(value)})")
            for i, v in enumerate(value, 1):
                add(branch, str(i), v)
        elif isinstance(value, list):
            node.add(f"[bold]{escape(key)}[/]: {escape('、'.join(map(str, value))) or '—'}")
        else:
            node.add(f"[bold]{escape(key)}[/]: {escape(str(value)) if value is not None else '—'}")

    tree = Tree(f"[bold]{escape(findings['source'])}[/]")
    for key, value in findings.items():
        if key != "source":
            add(tree, key, value)
    Console(soft_wrap=False).print(tree)


# --- diff: what changed between two plans ---------------------------------------------------


@cli.command(context_settings=CONTEXT, short_help="Show tasks added, dropped, reassigned or re-dated.")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--to", "fmt", type=click.Choice(["table", "json", "csv"]), default=None,
              help="table (a terminal table), json or csv. Default: table on a terminal, json otherwise.")
@click.option("-o", "--output", metavar="FILE", help="Write the changes into FILE (atomically).")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.6, show_default=True,
              help="How similar (difflib ratio of the texts without spaces and punctuation) two tasks "
                   "must be to count as the same task.")
@parse_options
@guarded
def diff(old: str, new: str, fmt: str | None, output: str | None, threshold: float, style: str | None,
         keep_script: bool, encoding: str | None, max_bytes: int) -> None:
    """Compare two plans (e.g. two years of one office): tasks ADDED to NEW, DROPPED from
    OLD, REASSIGNED (units or roles changed) and REDATED (deadline changed). Tasks are
    matched by their content, not their number. Exit status 0 whether or not they differ.

    \b
    Examples:
      gwparse diff plan-2023.docx plan-2024.docx
      gwparse diff old.txt new.txt --to csv -o changes.csv
    """
    from gwparse.batch import parse_one
    from gwparse.diff import ROW_FIELDS, compare

    fmt = fmt or ("table" if not output and _stdout_is_terminal() else "json")
    if fmt == "table" and output:
        raise click.UsageError("--to table is for the terminal: use json or csv with -o")
    options = _options(style, keep_script, encoding, max_bytes)
    plans = []
    for path in (old, new):
        records, error, _ = parse_one(path, _read_stdin(max_bytes + 1) if path == "-" else None, options)
        if error is not None:
            _echo_error(path, error)
            sys.exit(1)
        plans.append(records)
    changes, unchanged = compare(plans[0], plans[1], threshold)
    rows = [c.as_row() for c in changes]
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table("change", "seq", "content", "units (old → new)", "deadline (old → new)")
        for r in rows:
            seq = " → ".join(filter(None, (r["old_seq"], r["new_seq"]))) if r["old_seq"] != r["new_seq"] \
                else r["new_seq"]
            table.add_row(r["change"], seq or "", r["content"], _arrow(r["old_units"], r["new_units"]),
                          _arrow(r["old_deadline"], r["new_deadline"]))
        console = Console()
        console.print(table)
        console.print(f"{len(plans[0])} old tasks, {len(plans[1])} new; {unchanged} unchanged, "
                      + ", ".join(f"{sum(k in c.kinds for c in changes)} {k}"
                                  for k in ("added", "dropped", "reassigned", "redated")),
                      markup=False, highlight=False)
        return
    if fmt == "json":
        import json

        data = (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        import csv
        import io

        buf = io.StringIO()
        writer = csv.DictWriter(buf, ROW_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        data = buf.getvalue().encode("utf-8")
    _emit(data, output)


def _arrow(before: str | None, after: str | None) -> str:
    if before == after:
        return before or ""
    return f"{before or '—'} → {after or '—'}"


# --- schema ------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT, short_help="Print the JSON Schema of a task record.")
@click.option("-o", "--output", metavar="FILE", help="Write the schema into FILE (atomically) instead of "
                                                      "standard output.")
@guarded
def schema(output: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) that every record gwparse writes is valid
    against; the same text as schemas/task-record.schema.json.

    \b
    Example:
      gwparse schema -o task-record.schema.json
    """
    from gwparse.schema import render_schema

    _emit(render_schema().encode("utf-8"), output)


def main() -> None:
    """Console-script entry point (``gwparse`` and ``python -m gwparse``).

    click's handling, except that Ctrl-C exits 130 wherever it lands, also
    while click reads the arguments or winds down after a command (where
    click itself would say "Aborted!" and exit 1).
    """
    CtrlC.install()
    hold_closed_streams()
    try:
        code = cli.main(prog_name="gwparse", standalone_mode=False)
    except click.Abort as e:
        if isinstance(e.__cause__, KeyboardInterrupt):
            sys.exit(CtrlC.status())
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except click.ClickException as e:  # a usage error: its message, exit 2
        e.show()
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        sys.exit(CtrlC.status())
    sys.exit(code if isinstance(code, int) else 0)
