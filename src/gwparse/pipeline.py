"""The pipeline: Source → style → drafts → validated records.

    read (readers) → simplify script → sniff style → extract drafts
    (tables: text → Grid → records; prose) → split units → TaskRecord
"""
from __future__ import annotations

import functools
import gc
import os
import unicodedata
from dataclasses import dataclass, field

from gwparse.checks import ParseWarning
from gwparse.draft import Draft
from gwparse.errors import GwparseError
from gwparse.model import Document, TaskRecord, Unit
from gwparse.readers import DEFAULT_MAX_BYTES, Source
from gwparse.text import compile_pattern
from gwparse.units import split_units


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What parsing one document gave: its records, the Document they share, the
    detected style (``document.format``, e.g. ``pipe-table``) and the warnings of the
    self-check (``gwparse.checks``): an empty list when nothing looked wrong."""

    records: list[TaskRecord]
    document: Document
    style: str
    warnings: list[ParseWarning] = field(default_factory=list)


def parse(path: str | os.PathLike, *, style: str | None = None, keep_script: bool = False,
          encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> list[TaskRecord]:
    """Parse one document file into task records (``parse_result(...).records``, without
    the self-check, whose warnings only ``parse_result`` returns).

    Raises ``GwparseError`` (and nothing else) for any problem with the input.
    """
    from gwparse.readers.dispatch import read_path

    source = read_path(path, encoding=encoding, max_bytes=max_bytes)
    return parse_source(source, style=style, keep_script=keep_script)


def parse_bytes(data: bytes, name: str = "-", *, style: str | None = None, keep_script: bool = False,
                encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> list[TaskRecord]:
    """Parse a document held in memory (e.g. standard input)."""
    from gwparse.readers.dispatch import read_bytes

    source = read_bytes(data, name, encoding=encoding, max_bytes=max_bytes)
    return parse_source(source, style=style, keep_script=keep_script)


def parse_text(text: str, style: str | None = None, *, name: str = "<text>",
               keep_script: bool = False) -> list[TaskRecord]:
    """Parse decoded text (any text style: tab cells, pipes, lines, prose, labelled list)."""
    from gwparse.text import normalize_spaces

    source = Source(name=name, container="text", text=normalize_spaces(text))
    return parse_source(source, style=style, keep_script=keep_script)


def parse_result(path: str | os.PathLike, *, style: str | None = None, keep_script: bool = False,
                 encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> ParseResult:
    """``parse`` with the document, the detected style and the self-check's warnings."""
    from gwparse.readers.dispatch import read_path

    source = read_path(path, encoding=encoding, max_bytes=max_bytes)
    return parse_result_source(source, style=style, keep_script=keep_script)


def parse_result_bytes(data: bytes, name: str = "-", *, style: str | None = None, keep_script: bool = False,
                       encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> ParseResult:
    """``parse_bytes`` with the document, the detected style and the warnings."""
    from gwparse.readers.dispatch import read_bytes

    source = read_bytes(data, name, encoding=encoding, max_bytes=max_bytes)
    return parse_result_source(source, style=style, keep_script=keep_script)


def parse_result_text(text: str, style: str | None = None, *, name: str = "<text>",
                      keep_script: bool = False) -> ParseResult:
    """``parse_text`` with the document, the detected style and the warnings."""
    from gwparse.text import normalize_spaces

    source = Source(name=name, container="text", text=normalize_spaces(text))
    return parse_result_source(source, style=style, keep_script=keep_script)


def parse_source(source: Source, *, style: str | None = None, keep_script: bool = False) -> list[TaskRecord]:
    """The records of a read document; the self-check is skipped, as nobody gets its warnings."""
    return parse_result_source(source, style=style, keep_script=keep_script, check=False).records


def parse_result_source(source: Source, *, style: str | None = None, keep_script: bool = False,
                        check: bool = True) -> ParseResult:
    # Parsing makes many small acyclic objects; the cyclic collector would walk every
    # live one again and again, making a large document's cost grow faster than its size.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _parse_source(source, style=style, keep_script=keep_script, check=check)
    finally:
        if paused:
            gc.enable()


def _parse_source(source: Source, *, style: str | None, keep_script: bool, check: bool) -> ParseResult:
    from gwparse.checks import check_records, from_extractor
    from gwparse.extract import _extract

    try:
        drafts, doc, info = _extract(source, style=style, keep_script=keep_script)
    except GwparseError as e:
        if e.source is None:
            e.source = source.name
        raise
    except RecursionError:
        raise GwparseError("document is nested too deeply to read", source.name) from None
    records = [to_record(d, doc) for d in drafts]
    # checked in simplified script, the one the checks' words are written in
    warnings = from_extractor(info["warnings"]) + (check_records(records) if check else [])
    restore = info.get("restore")
    if restore:
        records = [restore_script(r, restore) for r in records]
    return ParseResult(records, doc, doc.format, warnings)


@functools.lru_cache(maxsize=4096)
def _split_units(raw: str, role: str) -> tuple[Unit, ...]:
    """The splitter is pure and a plan repeats its unit cells row after row."""
    return tuple(split_units(raw, role))


def clear_caches() -> None:
    """Forget memoised unit splits and cell tests: what a first document sees (benchmarks)."""
    from gwparse import cells, checks, enums, units

    for cached in (_split_units, cells.looks_like_units, cells.looks_like_deadline, enums.split_enum,
                   checks.heading_problem, checks.unit_name_problem):
        cached.cache_clear()
    units.clear_caches()


# The model's own validator on a dict: the same validation as ``TaskRecord(**fields)``
# without BaseModel.__init__'s keyword packing (a third of the cost of a record).
_validate_record = TaskRecord.__pydantic_validator__.validate_python


def to_record(draft: Draft, doc: Document) -> TaskRecord:
    if len(draft.units) == 1:  # the common case: one unit cell, already free of repeats
        raw, role = draft.units[0]
        units = list(_split_units(raw, role))
        raw_units = raw if raw.strip() else None
    else:
        units = []
        seen: set[str] = set()
        for raw, role in draft.units:
            for u in _split_units(raw, role):
                if u.name not in seen:  # rule 6: a unit named twice keeps its first role
                    seen.add(u.name)
                    units.append(u)
        raw_units = "；".join(r for r, _ in draft.units if r.strip()) or None
    if draft.first_leads and units and units[0].role == "responsible":
        units[0] = Unit(name=units[0].name, role="lead")  # rule 9: the first unit listed leads
    return _validate_record({
        "category": draft.category or None,
        "section": draft.section or None,
        "item": draft.item or None,
        "seq": ascii_number(draft.seq),
        "title": leading_title(draft.content),
        "content": draft.content,
        "deadline": draft.deadline or None,
        "channels": split_channels(draft.channels),
        "units": units,
        "units_raw": raw_units,
        "document": doc,
    })


def ascii_number(number: str | None) -> str | None:
    """A task number in ASCII digits: '１２' → '12', '③' → '3'; None when it is no number."""
    if not number:
        return None
    if number.isascii():
        return str(int(number)) if number.isdigit() else None
    try:
        return str(int("".join(str(unicodedata.digit(ch)) for ch in number)))
    except (TypeError, ValueError):
        return None


def restore_script(record: TaskRecord, restore) -> TaskRecord:
    """The record in the document's own script (``--keep-script``)."""
    text_fields = ("category", "section", "item", "title", "content", "deadline", "units_raw")
    update = {f: restore(getattr(record, f)) for f in text_fields if getattr(record, f)}
    update["channels"] = [restore(c) for c in record.channels]
    update["units"] = [Unit(name=restore(u.name), role=u.role) for u in record.units]
    return record.model_copy(update=update)


_CHANNEL_SEPARATORS = compile_pattern(r"[、，,；;\n]")


def split_channels(text: str | None) -> list[str]:
    if not text:
        return []
    return [c.strip() for c in _CHANNEL_SEPARATORS.split(text) if c.strip()]


def leading_title(content: str) -> str | None:
    """The task's opening short sentence (推进政府决策公开。…), if it has one."""
    head, sep, rest = content.partition("。")
    if sep and rest.strip() and 2 <= len(head) <= 30 and "，" not in head and "," not in head:
        return head
    return None
