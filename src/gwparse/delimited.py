"""Tables written one row per line → Grid: pipe rows, tab-separated rows, CSV.

``cell | cell | cell |`` rows copied off a web page, a Word table converted to
text with tabs between cells, a sheet saved as CSV. A row that continues the
group above may omit the merged cells it shares with it (and may be shifted
left and padded with empty cells at the end), so these grids are ``ragged``:
the grid step places a short row's cells by content.
"""
from __future__ import annotations

import csv
import re

from gwparse.enums import split_enum
from gwparse.errors import GwparseError
from gwparse.grid import TextGrid
from gwparse.text import compile_pattern

_RULE = compile_pattern(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def is_pipe_row(line: str) -> bool:
    if line.strip() == "|":
        return False  # a cell separator of the one-cell-per-line style
    return line.count("|") >= 2 or (line.count("|") == 1 and line.rstrip().endswith("|"))


def is_tab_row(line: str) -> bool:
    """A row with TABs between cells (not the leading TAB of a tab-cell dump): a TAB
    between texts, or two TABs or more (a row whose first cells are empty: \t开展解读。\t\t)."""
    return "\t" in line.strip("\t \n") or line.count("\t") >= 2


_BR = compile_pattern(r"\s*<br\s*/?>\s*", re.IGNORECASE)


def split_pipe_row(line: str) -> list[str]:
    line = line.strip()
    # nothing before the opening bar, nor after the closing one
    cells = line.split("|")[1 if line.startswith("|") else 0:-1 if line.endswith("|") else None]
    if "\n" in line:  # a row wrapped over lines (see _join_wrapped_rows)
        cells = [c.replace("\n", "") for c in cells]
    if "<" in line:  # a line break inside a cell of a Markdown table: 区财政局牵头<br>区税务局配合
        cells = [_BR.sub("\n", c) for c in cells]
    return [c.strip() for c in cells]


def read_pipes(text: str) -> TextGrid:
    lines = _join_wrapped_rows(text.split("\n"))
    rows = [ln.rstrip() for ln in lines if is_pipe_row(ln)]
    closed = bool(rows) and sum(1 for ln in rows if ln.endswith("|")) > 0.5 * len(rows)
    return _rows_grid(lines, is_pipe_row, split_pipe_row, closed)


def _join_wrapped_rows(lines: list[str]) -> list[str]:
    """Where rows end with ``|``, a row line that does not end so continues on the next lines."""
    rows = [ln.rstrip() for ln in lines if is_pipe_row(ln)]
    if not rows or not rows[0].endswith("|") or sum(1 for ln in rows if ln.endswith("|")) <= 0.5 * len(rows):
        return lines
    out: list[str] = []
    open_row: str | None = None
    for line in lines:
        if open_row is not None:
            open_row += "\n" + line.strip()
            if line.rstrip().endswith("|"):
                out.append(open_row)
                open_row = None
        elif not line.rstrip().endswith("|") and is_pipe_row(line):
            open_row = line.rstrip()
        else:
            out.append(line)
    if open_row is not None:
        out.append(open_row)
    return out


def read_tab_rows(text: str) -> TextGrid:
    if _QUOTED_BREAK.search(text):  # Excel's text export quotes a cell holding a line break
        try:
            return _quoted_rows(text, "\t")
        except csv.Error:
            pass  # not quoted throughout: read line by line
    return _rows_grid(text.split("\n"), is_tab_row, lambda line: [c.strip() for c in line.strip("\n").split("\t")],
                      exact=True)


# A cell opening with a quote after a tab (or a line's start) whose quoted text runs onto the next line.
_QUOTED_BREAK = compile_pattern(r'(?:^|\t)"[^"\t\n]*\n', re.M)


def read_csv(text: str) -> TextGrid:
    try:
        return _quoted_rows(text, ",")
    except csv.Error as e:  # e.g. a field over the csv module's size limit
        raise GwparseError(f"not a readable CSV table ({e})") from None


def _quoted_rows(text: str, delimiter: str) -> TextGrid:
    """Rows of a CSV-quoted table (csv.Error when it is not one)."""
    before: list[str] = []
    raw: list[list[str]] = []
    for cells in csv.reader(text.splitlines(keepends=True), delimiter=delimiter):  # a quoted cell keeps its line breaks
        cells = [c.strip() for c in cells]
        if len(cells) > 1:
            raw.append(cells)
        elif cells and cells[0] and not raw:
            before.append(cells[0])
    return _grid(raw, before, exact=True)


def _rows_grid(lines: list[str], is_row, split, closed: bool = False, exact: bool = False) -> TextGrid:
    """Rows of cells; a line that is no row continues the last cell of the row just above it,
    unless the rows are ``closed`` (each ends in ``|``: a wrap stays inside the row) or a blank
    line stands between (the signature and date under the table)."""
    before: list[str] = []
    raw: list[list[str]] = []
    wraps = False  # the line before was a row or its continuation
    for line in lines:
        if not line.strip():
            wraps = False
            continue
        if "---" in line and _RULE.match(line):  # a Markdown rule
            continue
        if is_row(line):
            raw.append(split(line))
            wraps = not closed
        elif raw and split_enum(line.strip())[0] in (1, 2):
            raw.append([line.strip()])  # a heading on a line of its own (一、… / （一）…)
        elif raw and wraps:
            raw[-1][-1] = (raw[-1][-1] + "\n" + line.strip()).strip()  # a wrapped last cell
        else:
            before.append(line.strip())
    return _grid(raw, before, exact)


def _grid(raw: list[list[str]], before: list[str], exact: bool = False) -> TextGrid:
    width = max((len(r) for r in raw), default=0)
    spans: dict[int, int] = {}
    for r, cells in enumerate(raw):
        if r and width > 1 and cells and cells[0] and not any(cells[1:]):
            raw[r], spans[r] = [cells[0]], width  # text in the first cell only: a heading across the table
    return TextGrid(raw, spans, ragged=True, before=before, exact=exact)


def looks_like_csv(lines: list[str]) -> bool:
    """A CSV table: one of the first lines splits into three or more header cells, and the
    records after it are consistently delimited (most have as many fields as it has).
    A text whose sentences hold ASCII commas is not CSV because one line splits so."""
    from gwparse.headers import classify_header

    try:
        records = list(csv.reader(ln for ln in lines[:60] if len(ln) < 5_000))
    except csv.Error:
        return False
    for i, cells in enumerate(records[:15]):
        if len(cells) >= 3 and sum(1 for c in cells if classify_header(c)) >= 2:
            body = [r for r in records[i + 1:] if any(c.strip() for c in r)]
            same = sum(1 for r in body if len(r) == len(cells))
            return len(body) >= 1 and same >= 0.5 * len(body)
    return False
