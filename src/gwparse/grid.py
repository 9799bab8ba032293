"""One grid of cells for every table style.

Readers of tab-cell dumps, pipe tables, .docx, HTML and .xlsx all produce a
``Grid``; one step (``gwparse.tables``) turns any grid into records. Rows follow
HTML's convention: a row lists only the cells that *start* in it, left to right;
a cell with ``rowspan``/``colspan`` covers the positions below/right of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Cell(NamedTuple):
    """One table cell; a tuple because plans have many thousands and tuples are cheap."""

    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(slots=True)
class Grid:
    rows: list[list[Cell]]
    # True where the container says which cells are merged (.docx, HTML, .xlsx);
    # False for text dumps, where a blank cell may be a merge printed once.
    spans_known: bool = False
    # True where a row may be short because it omits merged cells without saying
    # which (pipe rows, one cell per line): the grid step places its cells by content.
    ragged: bool = False
    # Text outside the table (title, 文号, date …), for document metadata.
    before: list[str] = field(default_factory=list)

    def dense(self) -> list[list[tuple[str, tuple[int, int]] | None]]:
        """Expand spans: each position holds (text, origin) or None where no cell is.

        ``origin`` is the (row, col) where the covering cell starts, so a caller can
        tell a merged continuation (origin row above) from a cell of its own.
        """
        if all(c.rowspan == 1 and c.colspan == 1 for row in self.rows for c in row):
            out = [[(cell.text, (r, c)) for c, cell in enumerate(row)] for r, row in enumerate(self.rows)]
            width = max((len(x) for x in out), default=0)
            for line in out:
                line.extend([None] * (width - len(line)))
            return out
        out: list[list[tuple[str, tuple[int, int]] | None]] = []
        pending: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
        for r, row in enumerate(self.rows):
            line: list[tuple[str, tuple[int, int]] | None] = []
            c = 0
            cells = iter(row)
            while True:
                while (r, c) in pending:
                    line.append(pending.pop((r, c)))
                    c += 1
                cell = next(cells, None)
                if cell is None:
                    break
                origin = (r, c)
                for dc in range(max(cell.colspan, 1)):
                    line.append((cell.text, origin))
                    for dr in range(1, max(cell.rowspan, 1)):
                        pending[(r + dr, c + dc)] = (cell.text, origin)
                c += max(cell.colspan, 1)
            # spans reaching past the last listed cell of this row
            for key in sorted(k for k in pending if k[0] == r):
                while len(line) < key[1]:
                    line.append(None)
                line.append(pending.pop(key))
            out.append(line)
        width = max((len(x) for x in out), default=0)
        for line in out:
            line.extend([None] * (width - len(line)))
        return out


class TextGrid(Grid):
    """A grid read from text, kept as its rows' cell texts until someone asks for cells.

    Text readers (tab cells, pipe rows, one cell per line) make cells one row high
    and one column wide, but for a row whose only cell spans ``spans[row]`` columns
    (a heading across the table), and they strip every text. The grid step reads
    ``lines`` as they are; ``rows`` builds the ``Cell`` rows the first time it is
    asked for, so a document read from text makes no cell nobody looks at.
    """

    __slots__ = ("lines", "spans", "_rows", "exact")

    def __init__(self, lines: list[list[str]], spans: dict[int, int] | None = None, *,
                 ragged: bool = False, before: list[str] | None = None, exact: bool = False):
        from gwparse.readers.limits import check_table_area  # the grid step pads rows to the widest

        width = max([*map(len, lines), *(spans or {}).values()], default=0)
        check_table_area(width * len(lines), "a text table")
        self.lines = lines
        # A row as long as the table has every cell in its place (tab rows, CSV: cells are
        # written even when empty); only shorter rows are placed by content.
        self.exact = exact
        self.spans = spans or {}
        self._rows: list[list[Cell]] | None = None
        self.spans_known = False
        self.ragged = ragged
        self.before = before if before is not None else []

    @property
    def rows(self) -> list[list[Cell]]:  # type: ignore[override]
        if self._rows is None:
            self._rows = [[Cell(line[0], colspan=self.spans[r])] if r in self.spans else [Cell(text) for text in line]
                          for r, line in enumerate(self.lines)]
        return self._rows
