"""One cell per line → Grid.

Cells are separated by lines holding only ``|``, or by nothing at all. The run
of short header lines gives the width; a row ends when it is full, where a new
row's number starts (a 序号 column), or at its unit cell (the line that reads as
units: ``市财政局牵头落实``), so rows missing a cell still end in the right place.
The grid step places a short row's cells by content.
"""
from __future__ import annotations

from gwparse.cells import looks_like_number, looks_like_units
from gwparse.enums import split_enum
from gwparse.grid import TextGrid
from gwparse.headers import CATEGORY, CONTENT, DEADLINE, ITEM, SECTION, SEQ, UNITS, classify_header
from gwparse.vocab import names_channel


def _is_header(line: str) -> bool:
    return len(line.replace(" ", "")) <= 10 and classify_header(line) is not None


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


def is_marked_cell(line: str) -> bool:
    """A browser's copy of a table cell: one ``|``, at the end (``县财政局 |``)."""
    return line.endswith("|") and line.count("|") == 1 and len(line) > 1


def read_cell_lines(text: str) -> TextGrid:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    marked = sum(map(is_marked_cell, lines))
    if marked and "|" in lines and marked >= 0.5 * sum(1 for ln in lines if ln != "|"):
        return _marked_rows(lines)
    cells = [ln for ln in lines if ln != "|"]
    start, end = header_run(cells)
    if start == end:
        return TextGrid([])
    header = cells[start:end]
    width = len(header)
    fields = [classify_header(h) for h in header]
    unit_col = fields.index(UNITS)
    numbered = fields[0] == SEQ and sum(map(looks_like_number, cells[end:])) >= 2
    if numbered:
        rows = _numbered_rows(cells[end:], header, fields)
        return TextGrid(rows, _heading_spans(rows, width), ragged=True, before=cells[:start])
    rows: list[list[str]] = [header]
    row: list[str] = []
    after_units = -1  # cells still due after this row's unit cell
    for t in cells[end:]:
        if row and numbered and looks_like_number(t):
            rows.append(row)
            row, after_units = [], -1
        row.append(t)
        if after_units < 0 and len(row) > 1 and looks_like_units(t) and not names_channel(t):
            after_units = width - 1 - unit_col
        elif after_units > 0:
            after_units -= 1
        if len(row) == width or after_units == 0:
            rows.append(row)
            row, after_units = [], -1
    if row:
        rows.append(row)
    return TextGrid(rows, _heading_spans(rows, width), ragged=True, before=cells[:start])


def _heading_spans(rows: list[list[str]], width: int) -> dict[int, int]:
    return {r: width for r, line in enumerate(rows) if len(line) == 1 and width > 1}  # a heading on a line


def _numbered_rows(cells: list[str], header: list[str], fields: list[str | None]) -> list[list[str]]:
    """Rows of a table whose first column is 序号: each starts at a number line. A heading
    line (一、… （一）…) not right after a number heads the rows below; a row with more
    lines than the table has columns holds a cell wrapped over several lines: the content's."""
    width = len(header)
    # the task's column: the last text column before the first unit or deadline column
    end = next((c for c, f in enumerate(fields) if f in (UNITS, DEADLINE)), width)
    content = max((c for c, f in enumerate(fields[:end]) if f in (CONTENT, CATEGORY, SECTION, ITEM)),
                  default=min(1, width - 1))
    rows: list[list[str]] = [header]
    row: list[str] | None = None
    for t in cells:
        if looks_like_number(t):
            row = [t]
            rows.append(row)
        elif row is None or (len(row) > content and split_enum(t)[0] in (1, 2)):
            row = None
            rows.append([t])
        else:
            row.append(t)
    for r, line in enumerate(rows):
        if len(line) > width:
            surplus = len(line) - width
            rows[r] = line[:content] + [_join_wrapped(line[content:content + surplus + 1])] + line[content + surplus + 1:]
    return rows


def _join_wrapped(lines: list[str]) -> str:
    """One cell's lines: a line that ends a sentence ends a paragraph (``\n``); others wrap."""
    out = lines[0]
    for line in lines[1:]:
        out += ("\n" if out.endswith(("。", "！", "？", "；", "：")) else "") + line
    return out


def _marked_rows(lines: list[str]) -> TextGrid:
    """A browser's copy: each cell ends in `` |`` (a line without one wraps onto the next),
    and a line holding only ``|`` ends the row."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    before: list[str] = []
    for line in lines:
        if line == "|":
            if cell:
                row.append("\n".join(cell))
                cell = []
            if row:
                rows.append(row)
                row = []
        elif line.endswith("|"):
            cell.append(line[:-1].strip())
            row.append("\n".join(c for c in cell if c))
            cell = []
        elif not rows and not row and not cell:
            before.append(line)  # the title above the table
        else:
            cell.append(line)
    if cell:
        row.append("\n".join(cell))
    if row:
        rows.append(row)
    width = max(map(len, rows), default=0)
    spans = {r: width for r, line in enumerate(rows) if len(line) == 1 and width > 1}  # a heading on its own
    return TextGrid(rows, spans, ragged=True, before=before)
