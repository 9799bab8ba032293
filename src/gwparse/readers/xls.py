"""Excel 97-2003 .xls (and WPS .et, the same BIFF8 format) → Source, via xlrd.

xlrd reports merged ranges only with ``formatting_info=True``; every sheet
becomes a Grid with those ranges as spans, as the .xlsx reader makes them.
"""
from __future__ import annotations

from gwparse.errors import GwparseError
from gwparse.grid import Cell, Grid
from gwparse.readers import Source
from gwparse.readers.xlsx import MAX_SHEET_CELLS, cell_text, title_rows


def read_xls(data: bytes, name: str) -> Source:
    book = _open(data)
    grids = [g for sheet in book.sheets() if (g := sheet_grid(sheet, book.datemode)) is not None]
    titles = [line for g in grids for line in g.before]
    return Source(name=name, container="xls", text="\n".join(titles), grids=grids)

def _open(data: bytes):
    import xlrd

    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except Exception as e:  # xlrd raises XLRDError, struct.error, IndexError … on damaged files
        reason = (str(e).splitlines() or [""])[0][:120]
        raise GwparseError(f"not a valid .xls file ({type(e).__name__}: {reason})") from None

def sheet_grid(sheet, datemode: int) -> Grid | None:
    """The sheet's used range as a Grid (merged cells as spans); None for an empty sheet."""
    if sheet.nrows * sheet.ncols > MAX_SHEET_CELLS:
        raise GwparseError(f"sheet {sheet.name} is too large ({sheet.nrows:,} rows × {sheet.ncols:,} columns)")
    values = {(r, c): text for r in range(sheet.nrows) for c in range(sheet.ncols)
              if (text := cell_text(_value(sheet.cell(r, c), datemode)))}
    if not values:
        return None
    top, bottom = min(r for r, _ in values), max(r for r, _ in values)
    left, right = min(c for _, c in values), max(c for _, c in values)
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r0, r1, c0, c1 in sheet.merged_cells:  # half-open ranges
        r1, c1 = min(r1 - 1, bottom), min(c1 - 1, right)
        if r0 < top or c0 < left or r0 > r1 or c0 > c1:
            continue
        origin[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    rows = [[Cell(values.get((r, c), ""), *origin.get((r, c), (1, 1)))
             for c in range(left, right + 1) if (r, c) not in covered]
            for r in range(top, bottom + 1)]
    return Grid(rows, spans_known=True, before=title_rows(rows, right - left + 1))

def _value(cell, datemode: int):
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return cell.value

