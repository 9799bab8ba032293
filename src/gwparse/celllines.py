"""One cell per line → Grid.

Cells are separated by lines holding only ``|``, or by nothing at all. The run
of short header lines gives the width; a row ends when it is full, where a new
row's number starts (a 序号 column), or at its unit cell (the line that reads as
units: ``市财政局牵头落实``), so rows missing a cell still end in the right place.
The grid step places a short row's cells by content.
"""
from __future__ import annotations

from gwparse.cells import looks_like_number, looks_like_units
from gwparse.grid import TextGrid
from gwparse.headers import SEQ, UNITS, classify_header


def _is_header(line: str) -> bool:
    return len(line) <= 10 and classify_header(line) is not None


def header_run(lines: list[str]) -> tuple[int, int]:
    """(start, end) of the first run of two or more header lines that names a unit column."""
    i = 0
    while i < len(lines):
        if not _is_header(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and _is_header(lines[j]):
            j += 1
        if j - i >= 2 and any(classify_header(h) == UNITS for h in lines[i:j]):
            return i, j
        i = j
    return 0, 0


def read_cell_lines(text: str) -> TextGrid:
    cells = [ln.strip() for ln in text.split("\n") if ln.strip() and ln.strip() != "|"]
    start, end = header_run(cells)
    if start == end:
        return TextGrid([])
    header = cells[start:end]
    width = len(header)
    fields = [classify_header(h) for h in header]
    unit_col = fields.index(UNITS)
    numbered = fields[0] == SEQ
    rows: list[list[str]] = [header]
    row: list[str] = []
    after_units = -1  # cells still due after this row's unit cell
    for t in cells[end:]:
        if row and numbered and looks_like_number(t):
            rows.append(row)
            row, after_units = [], -1
        row.append(t)
        if after_units < 0 and len(row) > 1 and looks_like_units(t):
            after_units = width - 1 - unit_col
        elif after_units > 0:
            after_units -= 1
        if len(row) == width or after_units == 0:
            rows.append(row)
            row, after_units = [], -1
    if row:
        rows.append(row)
    spans = {r: width for r, line in enumerate(rows) if len(line) == 1 and width > 1}  # a heading on a line
    return TextGrid(rows, spans, ragged=True, before=cells[:start])
