"""One cell per line → Grid.

Cells are separated by lines holding only ``|``, or by nothing at all. The
header lines give the width; a row ends where its unit cell does (the line that
reads as units: ``市财政局牵头落实``), so rows with a missing cell still align.
"""
from __future__ import annotations

import regex

from gwparse.grid import Cell, Grid
from gwparse.headers import UNITS, classify_header

_UNIT_LINE = regex.compile(
    r"^[^。；;]{2,120}(局|办|委|中心|院|室|所|站|队|厅|会|府|部|处|科|股|政府|单位|部门|街道|镇|乡|县|区|市)"
    r"(牵头|负责|落实|配合|协助|协同|参与|按职责分工分别牵头落实|分别负责|按职责落实)*(落实|负责)?[。]?$")


def read_cell_lines(text: str) -> Grid:
    lines = [ln.strip() for ln in text.split("\n")]
    cells = [ln for ln in lines if ln and ln != "|"]
    start = next((i for i, t in enumerate(cells) if classify_header(t)), None)
    if start is None:
        return Grid(rows=[], spans_known=False)
    header: list[str] = []
    i = start
    while i < len(cells) and classify_header(cells[i]) and len(cells[i]) <= 12:
        header.append(cells[i])
        i += 1
    width = len(header)
    unit_col = next((c for c, h in enumerate(header) if classify_header(h) == UNITS), width - 1)
    rows: list[list[Cell]] = [[Cell(h) for h in header]]
    row: list[str] = []
    for t in cells[i:]:
        row.append(t)
        ends_row = len(row) == width or (unit_col == width - 1 and _UNIT_LINE.match(t) and len(row) >= 2)
        if ends_row:
            rows.append(_align(row, width, unit_col))
            row = []
    if row:
        rows.append(_align(row, width, unit_col))
    return Grid(rows=rows, spans_known=False, before=cells[:start])


def _align(row: list[str], width: int, unit_col: int) -> list[Cell]:
    """A short row keeps its last cell in the unit column and its first cells on the left."""
    if len(row) >= width:
        return [Cell(t) for t in row[:width]]
    if len(row) == 1 and width > 1:
        return [Cell(row[0], colspan=width)]
    padded = row[:-1] + [""] * (width - len(row)) + row[-1:]
    return [Cell(t) for t in padded]
