"""What readers refuse so that a hostile or broken file cannot exhaust memory.

A zip can declare a tiny compressed size and expand to gigabytes, Office XML
can carry a DTD whose entities expand exponentially, and a table can span
millions of positions with a few bytes of ``colspan``; all are refused here,
before a parser or the grid step has to hold them.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from gwparse.errors import GwparseError
from gwparse.grid import Cell
from gwparse.text import compile_pattern

# Looked up when used, so a program can change them (gwparse.readers.limits.MAX_GRID_AREA = …).
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one uncompressed member
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # all members together
MAX_SPAN = 1000  # rowspan/colspan of one cell
MAX_GRID_AREA = 5_000_000  # positions of one table once spans are expanded
MAX_XML_ELEMENTS = 1_000_000  # elements of one XML part; a 100-page plan has about 100,000
_CHUNK = 1024 * 1024

# A DTD or entity declaration, in UTF-8/ASCII or UTF-16 (either byte order).
_DTD = compile_pattern(rb"<!(?:DOCTYPE|ENTITY)|<\x00!\x00(?:D\x00O\x00C|E\x00N\x00T)|\x00<\x00!\x00(?:D\x00O|E\x00N)", re.I)


def open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
        raise GwparseError(f"a damaged or unsupported zip archive ({e})") from None


def open_package(data: bytes, main: str, what: str) -> zipfile.ZipFile:
    """A zip package (.xlsx, OFD) checked before any part is parsed: its sizes, its main part
    ``main`` present, no DTD or entity declaration in any XML part."""
    zf = open_zip(data)
    check_sizes(zf)
    if main not in zf.namelist():
        raise GwparseError(f"not a valid {what}: {main} is missing")
    refuse_dtds(zf, what)
    return zf


def mb(n: int) -> str:
    """A size for messages: '1.5 MB', '300 bytes'."""
    if n < 1024 * 1024:
        return f"{n:,} bytes" if n < 1024 else f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def check_sizes(zf: zipfile.ZipFile, *, member_cap: int | None = None, total_cap: int | None = None) -> None:
    """Refuse an archive whose declared member sizes are too large (zip bomb)."""
    member_cap = MAX_MEMBER_BYTES if member_cap is None else member_cap
    total_cap = MAX_TOTAL_BYTES if total_cap is None else total_cap
    total = 0
    for info in zf.infolist():
        if info.file_size > member_cap:
            raise GwparseError(f"zip member {info.filename} expands to over {mb(member_cap)}")
        total += info.file_size
    if total > total_cap:
        raise GwparseError(f"zip archive expands to {mb(total)}, over the limit of {mb(total_cap)}")


def read_member(zf: zipfile.ZipFile, name: str, *, cap: int | None = None) -> bytes:
    """The member's bytes, capped while reading (declared sizes can lie)."""
    cap = MAX_MEMBER_BYTES if cap is None else cap
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise GwparseError(f"{name} is missing") from None
    if info.file_size > cap:
        raise GwparseError(f"zip member {name} expands to over {mb(cap)}")
    out = bytearray()
    try:
        with zf.open(info) as f:
            while chunk := f.read(_CHUNK):
                out += chunk
                if len(out) > cap:
                    raise GwparseError(f"zip member {name} expands to over {mb(cap)}")
    except GwparseError:
        raise
    except RuntimeError as e:  # encrypted member
        raise GwparseError(f"zip member {name} cannot be read ({e}); is the file password-protected?") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as e:
        raise GwparseError(f"zip member {name} is damaged ({e})") from None
    return bytes(out)


def check_element_count(xml: bytes, part: str) -> None:
    """Refuse a part with more elements than a document has, before a parser builds them all:
    16 million ``<w:p/>`` are 96 MB that deflate to 100 KB and take gigabytes as a tree.
    (Tags minus end tags counts each element once; comments and PIs count too.)"""
    count = xml.count(b"<") - xml.count(b"</")
    if count > MAX_XML_ELEMENTS:
        raise GwparseError(f"{part} has {count:,} XML elements, over the limit of {MAX_XML_ELEMENTS:,}")


def has_dtd(xml: bytes) -> bool:
    """True when XML bytes declare a DOCTYPE or ENTITY (refused: entity expansion)."""
    return _DTD.search(xml) is not None


def refuse_dtds(zf: zipfile.ZipFile, what: str) -> None:
    """Scan every XML member for DTDs before a third-party parser reads them."""
    for info in zf.infolist():
        if info.filename.endswith((".xml", ".rels", ".vml")) and has_dtd(read_member(zf, info.filename)):
            raise GwparseError(f"not a valid {what}: {info.filename} declares a DOCTYPE/ENTITY, which is refused")


def check_grid_area(rows: list[list[Cell]], what: str = "a table") -> None:
    """Refuse a table whose expanded size (what ``Grid.dense()`` builds) is too large.

    Both counts matter: the positions the cells' spans cover, and the rows × the
    widest row, since the grid step pads every row to the widest (one row of
    100,000 cells makes every row 100,000 wide).
    """
    area = sum(cell.rowspan * cell.colspan for row in rows for cell in row)
    width = max((sum(cell.colspan for cell in row) for row in rows), default=0)
    check_table_area(max(area, width * len(rows)), what)


def check_table_area(area: int, what: str = "a table") -> None:
    if area > MAX_GRID_AREA:
        raise GwparseError(f"{what} with {area:,} cell positions, over the limit of {MAX_GRID_AREA:,}")
