"""Tab-cell dumps (a Word table saved as text) → Grid.

Each cell is a line starting with TAB; untabbed lines continue the cell above
them (a wrapped paragraph, or a merged cell printed once, sometimes repeated).
Rows are not marked reliably, so blank-line-separated runs of cells are packed
into rows of the table's usual width: a run that fills a row alone is a row, runs
that add up to exactly one row are one row, a lone shorter run is a heading row.
"""
from __future__ import annotations

from collections import Counter

from gwparse.grid import TextGrid
from gwparse.headers import classify_header


def read_tab_cells(text: str) -> TextGrid:
    before, runs = _runs(text)
    runs = _join_header_runs(runs)
    width = _usual_width(runs)
    lines = [[cell[0] if len(cell) == 1 else _cell_text(cell) for cell in row] for row in _pack(runs, width)]
    spans = {r: width for r, line in enumerate(lines) if len(line) == 1 and width > 1}  # a lone cell: heading
    return TextGrid(lines, spans, before=before)


def _runs(text: str) -> tuple[list[str], list[list[list[str]]]]:
    """The lines before the table, and its runs of cells (a cell is its list of lines).

    The text is cut before every line that starts with TAB, so each piece is one
    cell's line and the untabbed lines after it: non-blank ones continue the cell,
    and a blank one ends the run unless a continuation follows it.
    """
    head, *pieces = text.split("\n\t")
    if head.startswith("\t"):
        head, pieces = "", [head[1:], *pieces]  # the text starts with a cell
    before = [line for line in map(str.strip, head.split("\n")) if line]
    runs: list[list[list[str]]] = []
    run: list[list[str]] = []
    new_run = True
    for piece in pieces:
        if "\n" in piece:
            first, _, more = piece.partition("\n")
            cell = [first.strip()]
        else:  # most cells are one line
            cell, more = [piece.strip()], None
        if new_run:
            run = [cell]
            runs.append(run)
            new_run = False
        else:
            run.append(cell)
        if more is not None:
            for line in more.split("\n"):
                line = line.strip()
                if line:
                    cell.append(line)
                new_run = not line
    return before, runs


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
    return len(lines) == 1 and len(lines[0].replace(" ", "")) <= 12 and classify_header(lines[0]) is not None


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
    counts = Counter(map(len, runs))
    del counts[0], counts[1]  # a lone cell is a heading, not a row
    header = next((len(r) for r in runs[:12] if _names_two_fields(r)), 1)
    if not counts:
        return header
    top = max(counts.values())
    return max(header, max(n for n, c in counts.items() if c == top))


def _names_two_fields(run: list[list[str]]) -> bool:
    """Two cells of the run read as headers (it is looked at no further)."""
    found = 0
    for cell in run:
        if classify_header(" ".join(cell)):
            found += 1
            if found == 2:
                return True
    return False


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
