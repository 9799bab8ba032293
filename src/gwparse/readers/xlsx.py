"""Excel .xlsx → Source: every worksheet as a Grid, merged ranges as spans.

openpyxl is loaded in full (not read-only) mode because only that mode reports
merged ranges; the zip is checked for bombs and DTDs first, since openpyxl
trusts its input.
"""
from __future__ import annotations

import datetime as dt
import io
import warnings

from gwparse.errors import GwparseError
from gwparse.grid import Cell, Grid
from gwparse.readers import Source
from gwparse.readers.limits import open_package, read_member
from gwparse.text import compile_pattern, normalize_spaces

MAX_SHEET_CELLS = 2_000_000  # rows × columns of one sheet's used range; cells and merged area per sheet
_CELL = compile_pattern(rb"<(?:\w+:)?c[\s>/]")
MAX_SHEET_ROWS = 1_048_576  # Excel's own row count: more <row> elements than a sheet can have is not a sheet
_ROW = compile_pattern(rb"<(?:\w+:)?row[\s>/]")
# A merged range, with or without $ (absolute) markers: 'A2:A4', '$A$100:$E$1000000'.
_MERGE = compile_pattern(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7})"
                    rb"(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?")


def read_xlsx(data: bytes, name: str) -> Source:
    zf = open_package(data, "xl/workbook.xml", ".xlsx")
    for member in zf.namelist():
        if member.startswith("xl/worksheets/") and member.endswith(".xml"):
            precheck_sheet(member, read_member(zf, member))
    workbook = _load(data)
    grids = [g for ws in workbook.worksheets if (g := sheet_grid(ws)) is not None]
    titles = [line for g in grids for line in g.before]
    return Source(name=name, container="xlsx", text="\n".join(titles), grids=grids)


def precheck_sheet(member: str, xml: bytes) -> None:
    """Refuse sheets openpyxl would exhaust memory on: it makes an object per cell,
    including every cell a merged range covers."""
    cells = len(_CELL.findall(xml))
    if cells > MAX_SHEET_CELLS:
        raise GwparseError(f"{member} has {cells:,} cells, over the limit of {MAX_SHEET_CELLS:,}")
    rows = len(_ROW.findall(xml))
    if rows > MAX_SHEET_ROWS:
        raise GwparseError(f"{member} has {rows:,} rows, over the limit of {MAX_SHEET_ROWS:,} (Excel's own)")
    covered = 0
    for m in _MERGE.finditer(xml):
        c0, r0, c1, r1 = m.group(1), int(m.group(2)), m.group(3) or m.group(1), int(m.group(4) or m.group(2))
        covered += (abs(r1 - r0) + 1) * (abs(_col(c1) - _col(c0)) + 1)
        if covered > MAX_SHEET_CELLS:
            raise GwparseError(f"{member} has merged ranges covering over {MAX_SHEET_CELLS:,} cells")


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _load(data: bytes):
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles, data validation …
            return openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except GwparseError:
        raise
    except Exception as e:  # openpyxl raises KeyError, ValueError, TypeError … on damaged files
        raise GwparseError(f"not a valid .xlsx: {type(e).__name__}: {_short(e)}") from None


def sheet_grid(ws) -> Grid | None:
    """The sheet's used range as a Grid; None for an empty sheet.

    Cells covered by a merge are left out (the merge's first cell carries the
    span). A title row merged across the whole table also goes to ``before``.
    """
    values = {(r, c): text for (r, c), cell in ws._cells.items() if (text := cell_text(cell.value))}
    if not values:
        return None
    top = min(r for r, _ in values)
    bottom = max(r for r, _ in values)
    left = min(c for _, c in values)
    right = max(c for _, c in values)
    if (bottom - top + 1) * (right - left + 1) > MAX_SHEET_CELLS:
        raise GwparseError(f"sheet {ws.title} is too large ({bottom - top + 1:,} rows × {right - left + 1:,} columns)")
    origin: dict[tuple[int, int], tuple[int, int]] = {}  # first cell → (rowspan, colspan)
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        r0, c0 = max(rng.min_row, top), max(rng.min_col, left)
        r1, c1 = min(rng.max_row, bottom), min(rng.max_col, right)
        if r0 > r1 or c0 > c1 or (r0, c0) != (rng.min_row, rng.min_col):
            continue  # merge outside the used range, or starting before it
        origin[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    rows: list[list[Cell]] = []
    for r in range(top, bottom + 1):
        row = []
        for c in range(left, right + 1):
            if (r, c) in covered:
                continue
            rowspan, colspan = origin.get((r, c), (1, 1))
            row.append(Cell(values.get((r, c), ""), rowspan, colspan))
        rows.append(row)
    return Grid(rows, spans_known=True, before=title_rows(rows, right - left + 1))


def title_rows(rows: list[list[Cell]], width: int) -> list[str]:
    """Texts of the leading rows that are one cell merged across the whole width."""
    titles = []
    for row in rows:
        if width < 2 or len(row) != 1 or row[0].colspan != width or row[0].rowspan != 1 or not row[0].text:
            break
        titles.append(row[0].text)
    return titles


def cell_text(value) -> str:
    """A cell value as the text a reader sees: 3.0 → '3', dates → YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15g}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        return str(value)
    return "\n".join(line.strip() for line in normalize_spaces(str(value)).strip().split("\n") if line.strip())


def _short(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else ""
    return text[:120]
