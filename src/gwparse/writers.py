"""Record writers: JSON, JSON Lines, CSV, TSV and xlsx, all streaming.

Every writer takes a *binary* stream and records one document at a time
(``write``), then ``close`` writes the trailer (``]``, the xlsx package). A
batch of a thousand documents therefore never sits in memory at once.
``AtomicFile`` gives ``-o``/``--out-dir`` their all-or-nothing files.
"""
from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from gwparse.model import TaskRecord

FORMATS = ("json", "jsonl", "csv", "tsv", "xlsx", "sqlite")
SUFFIXES = {fmt: "." + fmt for fmt in FORMATS}
SUFFIXES["sqlite"] = ".db"
ROLE_ZH = {"lead": "牵头", "responsible": "负责", "cooperate": "配合"}
LIST_JOINER = "、"


@dataclass(frozen=True, slots=True)
class Column:
    """One flat column: its English and Chinese header, how to read it, its xlsx width."""

    en: str
    zh: str
    get: Callable[[TaskRecord], Any]
    width: float = 14
    wrap: bool = False


def _units_in(role: str) -> Callable[[TaskRecord], str]:
    return lambda r: LIST_JOINER.join(u.name for u in r.units if u.role == role)


TASK_FIELDS = (
    Column("category", "类别", lambda r: r.category, 20, True),
    Column("section", "要点", lambda r: r.section, 24, True),
    Column("item", "事项", lambda r: r.item, 20, True),
    Column("seq", "序号", lambda r: r.seq, 6),
    Column("title", "标题", lambda r: r.title, 24, True),
    Column("content", "任务内容", lambda r: r.content, 60, True),
    Column("deadline", "完成时限", lambda r: r.deadline, 14, True),
    Column("channels", "公开方式", lambda r: LIST_JOINER.join(r.channels), 16, True),
)
UNIT_FIELDS = (
    Column("lead_units", "牵头单位", _units_in("lead"), 24, True),
    Column("responsible_units", "责任单位", _units_in("responsible"), 24, True),
    Column("cooperate_units", "配合单位", _units_in("cooperate"), 24, True),
    Column("units_raw", "单位原文", lambda r: r.units_raw, 30, True),
)
DOCUMENT_FIELDS = (
    Column("source", "来源文件", lambda r: r.document.source, 24),
    Column("doc_title", "文件标题", lambda r: r.document.title, 30),
    Column("year", "年度", lambda r: r.document.year, 6),
    Column("doc_no", "文号", lambda r: r.document.doc_no, 20),
    Column("issuer", "发文机关", lambda r: r.document.issuer, 18),
    Column("date", "发文日期", lambda r: r.document.date, 11),
    Column("format", "版式", lambda r: r.document.format, 12),
    Column("script", "繁简", lambda r: r.document.script, 10),
)
# --per-unit: the three unit columns become one unit and its role.
UNIT_NAME = Column("unit", "单位", lambda r: None, 24, True)
UNIT_ROLE = Column("role", "角色", lambda r: None, 8)

RECORD_COLUMNS = TASK_FIELDS + UNIT_FIELDS + DOCUMENT_FIELDS
PER_UNIT_COLUMNS = TASK_FIELDS + (UNIT_NAME, UNIT_ROLE) + UNIT_FIELDS[3:] + DOCUMENT_FIELDS


def header(columns: Iterable[Column], headers: str = "en") -> list[str]:
    return [c.zh if headers == "zh" else c.en for c in columns]


def record_row(record: TaskRecord) -> list[Any]:
    """One flat row per record, in ``RECORD_COLUMNS`` order (None for a missing value)."""
    return [c.get(record) for c in RECORD_COLUMNS]


def unit_rows(record: TaskRecord, headers: str = "en") -> Iterator[list[Any]]:
    """One row per (task, unit, role), in ``PER_UNIT_COLUMNS`` order; a record without units gives one row."""
    task = [c.get(record) for c in TASK_FIELDS]
    rest = [c.get(record) for c in UNIT_FIELDS[3:] + DOCUMENT_FIELDS]
    if not record.units:
        yield task + [None, None] + rest
    for u in record.units:
        yield task + [u.name, ROLE_ZH[u.role] if headers == "zh" else u.role] + rest


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(slots=True)
class Rendered:
    """A document's records already written out as UTF-8, joined as the stream wants them
    (JSON array records with ``,`` between them), without the stream's header or brackets.

    Worker processes render (the costly part of writing) so that the parent of
    a ``-j N`` batch only copies bytes; the writers take either form.
    """

    data: bytes
    count: int  # records
    units: int  # units the records name, for the summary line

    def __len__(self) -> int:
        return self.count


_JSON_SEPARATOR = ",\n  "


def render(records: Iterable[TaskRecord], fmt: str, *, headers: str = "en", per_unit: bool = False) -> Rendered:
    """The records as their writer puts them in the stream, without header or brackets."""
    pieces: list[str] = []
    units = 0
    for r in records:
        units += len(r.units)
        if fmt == "json":
            # pydantic's serialiser (in Rust) writes what json.dumps(indent=2, ensure_ascii=False)
            # would, byte for byte, five times faster. JSON strings hold no raw newline, so
            # indenting every line nests the record inside the array.
            pieces.append(r.model_dump_json(indent=2).replace("\n", "\n  "))
        elif fmt == "jsonl":
            pieces.append(r.model_dump_json() + "\n")  # compact, one record per line
        else:
            rows = unit_rows(r, headers) if per_unit else [record_row(r)]
            pieces.append("".join(_ROW_FORMATS[fmt](row) for row in rows))
    text = (_JSON_SEPARATOR if fmt == "json" else "").join(pieces)
    return Rendered(text.encode("utf-8", "replace"), len(pieces), units)


def _csv_row(row: list[Any]) -> str:
    import csv

    buf = io.StringIO()
    csv.writer(buf).writerow(["" if v is None else v for v in row])  # RFC 4180 quoting, CRLF
    return buf.getvalue()


_TSV_CLEAN = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def _tsv_row(row: list[Any]) -> str:
    return "\t".join(_text(v).translate(_TSV_CLEAN) for v in row) + "\n"


_ROW_FORMATS = {"csv": _csv_row, "tsv": _tsv_row}


class Writer:
    """Base of the streaming writers: ``write`` a document's records, ``close`` once."""

    def __init__(self, out: BinaryIO):
        self.out = out

    def write(self, records: Iterable[TaskRecord]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class _Utf8:
    """A text face on a binary stream: UTF-8 whatever the locale, no newline translation.

    Unlike ``io.TextIOWrapper`` it owns no buffer, so a failed write leaves
    nothing to flush (or raise again) when it is garbage-collected.
    """

    __slots__ = ("out",)

    def __init__(self, out: BinaryIO):
        self.out = out

    def write(self, s: str) -> int:
        self.out.write(s.encode("utf-8", "replace"))
        return len(s)


class _TextWriter(Writer):
    def __init__(self, out: BinaryIO):
        super().__init__(out)
        self.text = _Utf8(out)

    def close(self) -> None:
        self.out.flush()


class JsonWriter(_TextWriter):
    """A JSON array, written record by record: ``[``, records, ``]``."""

    def __init__(self, out: BinaryIO):
        super().__init__(out)
        self.count = 0

    def write(self, records: Iterable[TaskRecord] | Rendered) -> None:
        if not isinstance(records, Rendered):
            records = render(records, "json")
        if records.count:
            self.out.write(("[\n  " if self.count == 0 else _JSON_SEPARATOR).encode() + records.data)
            self.count += records.count

    def close(self) -> None:
        self.text.write("\n]\n" if self.count else "[]\n")
        super().close()


class JsonlWriter(_TextWriter):
    """One record per line, each a complete JSON object."""

    def write(self, records: Iterable[TaskRecord] | Rendered) -> None:
        self.out.write((records if isinstance(records, Rendered) else render(records, "jsonl")).data)


class CsvWriter(_TextWriter):
    """One row per record (or per unit); one header; lists joined with 、."""

    def __init__(self, out: BinaryIO, *, headers: str = "en", per_unit: bool = False, bom: bool = False):
        super().__init__(out)
        self.headers = headers
        self.per_unit = per_unit
        if bom:
            self.text.write("\ufeff")
        self._writerow(header(PER_UNIT_COLUMNS if per_unit else RECORD_COLUMNS, headers))

    fmt = "csv"

    def _writerow(self, row: list[Any]) -> None:
        self.text.write(_ROW_FORMATS[self.fmt](row))

    def write(self, records: Iterable[TaskRecord] | Rendered) -> None:
        if not isinstance(records, Rendered):
            records = render(records, self.fmt, headers=self.headers, per_unit=self.per_unit)
        self.out.write(records.data)


class TsvWriter(CsvWriter):
    """CSV's columns, tab-separated, unquoted: tabs and newlines inside fields become spaces."""

    fmt = "tsv"


class XlsxWriter(Writer):
    """A workbook with sheet 任务 (one row per task) and 单位 (one row per task, unit, role).

    Rows are spooled to temporary files (``gwparse.xlsx``), so memory stays flat.
    Both sheets have a bold, frozen, auto-filtered header row repeated on every
    printed page, borders, column widths from their text and wrapped long text.
    """

    def __init__(self, out: BinaryIO, *, headers: str = "en"):
        super().__init__(out)
        from gwparse.xlsx import Sheet

        self.headers = headers
        self.sheets = [Sheet(title, header(columns, headers), [c.width for c in columns], [c.wrap for c in columns])
                       for title, columns in (("任务", RECORD_COLUMNS), ("单位", PER_UNIT_COLUMNS))]

    def write(self, records: Iterable[TaskRecord]) -> None:
        tasks, units = self.sheets
        for r in records:
            tasks.append(record_row(r))
            for row in unit_rows(r, self.headers):
                units.append(row)

    def close(self) -> None:
        from gwparse.xlsx import write_package

        try:
            _save(lambda stream: write_package(self.sheets, stream), self.out)
        finally:
            for sheet in self.sheets:
                sheet.close()
        self.out.flush()


def _save(save: Callable[[BinaryIO], None], out: BinaryIO) -> None:
    """``save(out)``, raising the first write error only once the save has run to its end.

    Left half-done (a full disk), a zip archive is finalised by the garbage
    collector later, which prints an "Exception ignored … Traceback" to
    standard error; finishing it on a stream that swallows the writes after
    the error avoids that.
    """
    guarded = _FirstError(out)
    save(guarded)  # type: ignore[arg-type]
    if guarded.error is not None:
        raise guarded.error


class _FirstError(io.RawIOBase):
    """A binary stream over ``out`` (seekable if it is) that remembers its first OSError and then ignores writes."""

    def __init__(self, out: BinaryIO):
        super().__init__()
        self.out = out
        self.error: OSError | None = None
        self.seekable_out = out.seekable()
        self.pos = out.tell() if self.seekable_out else 0

    def _call(self, method: Callable[[], Any]) -> None:
        if self.error is None:
            try:
                method()
            except BrokenPipeError:
                raise
            except OSError as e:
                self.error = e

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self.seekable_out

    def write(self, b: Any) -> int:
        n = len(memoryview(b))
        self._call(lambda: self.out.write(b))
        self.pos += n
        return n

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if not self.seekable_out:  # a pipe: zipfile then writes data descriptors instead of seeking back
            raise io.UnsupportedOperation("seek")
        if whence == io.SEEK_SET:
            self.pos = offset
        elif whence == io.SEEK_CUR:
            self.pos += offset
        else:  # zipfile seeks from the end only when appending, which a fresh save never does
            self._call(lambda: self.out.seek(offset, whence))
            self.pos = self.out.tell() if self.error is None else self.pos
            return self.pos
        self._call(lambda: self.out.seek(self.pos))
        return self.pos

    def tell(self) -> int:
        return self.pos

    def flush(self) -> None:
        if not getattr(self.out, "closed", False):  # also called when this wrapper is collected
            self._call(self.out.flush)


def open_writer(fmt: str, out: BinaryIO, *, headers: str = "en", per_unit: bool = False,
                bom: bool = False) -> Writer:
    """The writer for ``fmt`` (one of ``FORMATS``) on the binary stream ``out``."""
    if fmt == "json":
        return JsonWriter(out)
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "csv":
        return CsvWriter(out, headers=headers, per_unit=per_unit, bom=bom)
    if fmt == "tsv":
        return TsvWriter(out, headers=headers, per_unit=per_unit, bom=bom)
    if fmt == "xlsx":
        return XlsxWriter(out, headers=headers)
    raise ValueError(f"unknown output format: {fmt}")


def write_records(records: Iterable[TaskRecord], fmt: str, out: BinaryIO, **options: Any) -> None:
    """Write all ``records`` to ``out`` in one go (library convenience)."""
    writer = open_writer(fmt, out, **options)
    writer.write(records)
    writer.close()


def dumps(records: Iterable[TaskRecord], fmt: str = "json", **options: Any) -> bytes:
    """The bytes ``gwparse --to FMT`` would print for ``records``."""
    buf = io.BytesIO()
    write_records(records, fmt, buf, **options)
    return buf.getvalue()


class AtomicFile:
    """A file that appears complete or not at all.

    Writes go to a hidden temporary file in the target's folder; ``commit``
    renames it over the target (``os.replace``), ``discard`` removes it and
    leaves any existing target untouched. Leaving the ``with`` block without
    ``commit`` discards. Targets that are not regular files (``/dev/full``,
    ``/dev/stdout``, a FIFO) are written in place: replacing them would be wrong.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = os.fspath(path)
        self.tmp: str | None = None
        if os.path.exists(self.path) and not os.path.isfile(self.path):
            if os.path.isdir(self.path):
                raise IsADirectoryError(21, "Is a directory", self.path)
            self.file: BinaryIO = open(self.path, "wb")  # noqa: SIM115
            return
        if os.path.islink(self.path):  # write the link's target, beside it; the link stays a link
            self.path = os.path.realpath(self.path)
        import tempfile

        folder = os.path.dirname(os.path.abspath(self.path))
        fd, self.tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(self.path) + ".", suffix=".tmp")
        self.file = os.fdopen(fd, "wb")

    def commit(self) -> None:
        self.file.flush()
        if self.tmp is None:
            self.file.close()
            return
        try:
            os.chmod(self.tmp, _new_file_mode(self.path))
            self.file.close()
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise
        self.tmp = None

    def discard(self) -> None:
        try:
            self.file.close()
        except OSError:
            pass
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass
            self.tmp = None

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


def _new_file_mode(path: str) -> int:
    """An existing file keeps its mode; a new one gets 0666 minus the umask (mkstemp uses 0600)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
