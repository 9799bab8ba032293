"""Tab-cell dumps (a Word table saved as text) → Grid.

Each cell is a line starting with TAB; untabbed lines continue the cell above
them (a wrapped paragraph, or a merged cell printed once, sometimes repeated).
Rows are not marked reliably, so blank-line-separated runs of cells are packed
into rows of the table's usual width: a run that fills a row alone is a row, runs
that add up to exactly one row are one row, a lone shorter run is a heading row.
"""
from __future__ import annotations

from collections import Counter

from gwparse.grid import Cell, Grid
from gwparse.headers import classify_header


def read_tab_cells(text: str) -> Grid:
    before: list[str] = []
    runs: list[list[list[str]]] = []  # runs of cells; a cell is its list of lines
    blank_since_cell = False
    for line in text.split("\n"):
        if line.startswith("\t"):
            cell = [line[1:].strip()]
            if not runs or blank_since_cell:
                runs.append([cell])
            else:
                runs[-1].append(cell)
            blank_since_cell = False
        elif not line.strip():
            blank_since_cell = True
        elif runs:
            runs[-1][-1].append(line.strip())
            blank_since_cell = False  # a cell's continuation keeps the run open
        else:
            before.append(line.strip())
    runs = _join_header_runs(runs)
    width = _usual_width(runs)
    rows = [[Cell(_cell_text(c)) for c in row] for row in _pack(runs, width)]
    for i, row in enumerate(rows):
        if len(row) == 1 and width > 1:
            rows[i] = [Cell(row[0].text, colspan=width)]
    return Grid(rows=rows, spans_known=False, before=before)


def _join_header_runs(runs: list[list[list[str]]]) -> list[list[list[str]]]:
    """Header cells each followed by a blank line make one-cell runs: join them into one row."""
    for i in range(min(12, len(runs))):
        j = i
        while j < len(runs) and len(runs[j]) == 1 and _is_header_cell(runs[j][0]):
            j += 1
        if j - i >= 2:
            return runs[:i] + [[cell for run in runs[i:j] for cell in run]] + runs[j:]
    return runs


def _is_header_cell(lines: list[str]) -> bool:
    return len(lines) == 1 and len(lines[0]) <= 12 and classify_header(lines[0]) is not None


def _cell_text(lines: list[str]) -> str:
    """Paragraphs of a cell joined with newlines; a merged cell's repeats printed once."""
    if len(lines) == 1:
        return lines[0]
    out: list[str] = []
    for line in lines:
        if line and line not in out:
            out.append(line)
    return "\n".join(out)


def _usual_width(runs: list[list[list[str]]]) -> int:
    """The most common run length, but never less than the header's width
    (in case most rows are split into several runs by blank lines)."""
    counts = Counter(len(r) for r in runs if len(r) > 1)
    header = next((len(r) for r in runs[:12] if sum(1 for c in r if classify_header(" ".join(c))) >= 2), 1)
    if not counts:
        return header
    top = max(counts.values())
    return max(header, max(n for n, c in counts.items() if c == top))


def _pack(runs: list[list[list[str]]], width: int) -> list[list[list[str]]]:
    rows: list[list[list[str]]] = []
    i = 0
    while i < len(runs):
        row, j = list(runs[i]), i + 1
        while len(row) < width and j < len(runs) and len(row) + len(runs[j]) <= width:
            row += runs[j]
            j += 1
        if len(row) == width:
            rows.append(row)
            i = j
        else:
            rows.append(list(runs[i]))
            i += 1
    return rows
