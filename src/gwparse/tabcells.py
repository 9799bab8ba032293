"""Tab-cell dumps (a Word table saved as text) → Grid.

Each cell is a line starting with TAB; an untabbed line right below one continues
it (a wrapped paragraph). Rows are not marked reliably: blank lines split the
cells into runs, and an untabbed line after a blank line is ambiguous: it continues
the cell above (a paragraph, a merged cell printed once below a blank cell, its
repeats at page breaks) or it is a cell of its own at a row's start (a merged
category cell printed once, untabbed). One scored alignment over the whole dump
(``_pack``) decides both: which such lines join the cell above, and which runs
make a row of the table's usual width.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from gwparse.enums import split_enum
from gwparse.grid import TextGrid
from gwparse.headers import classify_header
from gwparse.metadata import is_date_line


@dataclass(slots=True)
class _Run:
    """Cells printed without a blank line between them (a cell is its list of lines).

    ``floating``: the first cell is an untabbed line after a blank line, which may
    instead continue the last cell of the run before."""

    cells: list[list[str]]
    floating: bool = False


def read_tab_cells(text: str) -> TextGrid:
    before, runs = _runs(text)
    if runs and runs[-1].floating and len(runs[-1].cells) == 1 and is_date_line(runs[-1].cells[0][0]):
        runs.pop()  # a signature's date after the last row, and the issuer above it, are after the table
        if runs and runs[-1].floating and len(runs[-1].cells) == 1:
            runs.pop()
    runs = _join_header_runs(runs)
    header = next((len(r.cells) for r in runs[:12] if _names_two_fields(r.cells)), 0)
    counts = Counter([len(run.cells) for run in runs])
    if _trim_spacers(runs, header, counts):
        counts = Counter([len(run.cells) for run in runs])
    width = _usual_width(counts, header)
    lines = [[cell[0] if len(cell) == 1 else _cell_text(cell) for cell in row] for row in _pack(runs, width)]
    spans = {r: width for r, line in enumerate(lines) if len(line) == 1 and width > 1}  # a lone cell: heading
    return TextGrid(lines, spans, ragged=True, exact=True, before=before)  # a short run is placed by content


def _runs(text: str) -> tuple[list[str], list[_Run]]:
    """The lines before the table, and its runs of cells.

    The text is cut before every line that starts with TAB, so each piece is one
    cell's line and the untabbed lines after it: a non-blank one continues the
    cell, a blank one ends the run, and a non-blank one after a blank one is a
    floating cell that opens the next run.
    """
    head, *pieces = text.split("\n\t")
    if head.startswith("\t"):
        head, pieces = "", [head[1:], *pieces]  # the text starts with a cell
    before = [line for line in map(str.strip, head.split("\n")) if line]
    runs: list[_Run] = []
    cells: list[list[str]] = []  # the open run's cells
    new_run = True
    for piece in pieces:
        if "\n" not in piece:  # most cells are one line
            if new_run:
                cells = [[piece.strip()]]
                runs.append(_Run(cells))
                new_run = False
            else:
                cells.append([piece.strip()])
            continue
        first, _, more = piece.partition("\n")
        cell = [first.strip()]
        if new_run:
            cells = [cell]
            runs.append(_Run(cells))
            new_run = False
        else:
            cells.append(cell)
        for line in more.split("\n"):
            line = line.strip()
            if not line:
                new_run = True
            elif new_run:
                cell = [line]
                cells = [cell]
                runs.append(_Run(cells, floating=True))
                new_run = False
            else:
                cell.append(line)
    return before, runs


def _join_header_runs(runs: list[_Run]) -> list[_Run]:
    """Header cells each followed by a blank line make one-cell runs: join them into one row."""
    for i in range(min(12, len(runs))):
        j = i
        while j < len(runs) and len(runs[j].cells) == 1 and _is_header_cell(runs[j].cells[0]):
            j += 1
        if j - i >= 2:
            return runs[:i] + [_Run([cell for run in runs[i:j] for cell in run.cells])] + runs[j:]
    return runs


def _trim_spacers(runs: list[_Run], header: int, counts: Counter) -> bool:
    """A lone empty cell line (a TAB alone) just before a row's cells is a spacer, not a cell:
    a run of one cell more than the header that opens with an empty cell loses it, where most
    rows are as wide as the header (a table wider than its header, 6 cells under 3 headers,
    keeps its empty cells). Says whether it took any off (the runs are changed in place)."""
    rows = {n: c for n, c in counts.items() if n > 1}  # ``counts``: how many runs have each length
    if header < 2 or not rows or max(rows, key=rows.get) != header or header + 1 not in counts:
        return False  # only where most rows are as wide as the header
    trimmed = False
    for run in runs:
        if len(run.cells) == header + 1 and run.cells[0] == [""] and not run.floating:
            run.cells = run.cells[1:]
            trimmed = True
    return trimmed


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


def _usual_width(counts: Counter, header: int) -> int:
    """The most common run length (``counts``: runs by length), but never less than the
    header's width (in case most rows are split into several runs by blank lines)."""
    counts = {n: c for n, c in counts.items() if n > 1}  # a lone cell is a heading, not a row
    header = max(header, 1)
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


# Costs of a reading. A row of the usual width costs nothing; a lone cell is a heading row;
# a lone run of another length is a row as printed (ragged); runs joined into a row that is
# still not full are a misreading. A floating line joins the cell above for nothing when that
# cell is blank or already holds it (a merged cell and its repeats), for a little otherwise,
# and for more when it opens with a heading's enumerator (一、 （一）): then it reads as a cell.
_HEADING_ROW, _RAGGED_ROW, _PARTIAL_ROW = 1.0, 5.0, 10.0
_JOIN_PARAGRAPH, _JOIN_HEADING = 0.5, 2.0


def _row_cost(cells: int, joined: bool, width: int) -> float:
    if cells == width:
        return 0.0
    if joined:
        return _PARTIAL_ROW
    return _HEADING_ROW if cells == 1 else _RAGGED_ROW


def _join_cost(line: list[str], above: list[str]) -> float:
    """What reading the floating cell ``line`` as a continuation of the cell ``above`` costs."""
    if not any(above) or all(part in above for part in line):
        return 0.0
    return _JOIN_HEADING if split_enum(line[0])[0] in (1, 2) else _JOIN_PARAGRAPH


def _pack(runs: list[_Run], width: int) -> list[list[list[str]]]:
    """Rows of cells: the cheapest reading of the runs (dynamic programming, linear in runs).

    A state is the open row's cell count and whether it joins several runs; for each run
    the reading chooses whether its floating cell joins the cell above, and whether the run
    opens a row or continues the open one (only while the row is not over-full)."""
    # state (cells, joined) → (cost, back-pointer index into steps)
    states: dict[tuple[int, bool], tuple[float, int]] = {(0, False): (0.0, -1)}
    steps: list[tuple[int, bool, bool]] = []  # (previous step, float joined above, opens a row)
    full = (width, False)
    for k, run in enumerate(runs):
        size = len(run.cells)
        if size == width and not run.floating:  # a full row of its own: it opens a row, whatever came before
            if len(states) == 1 and full in states:  # the common case: a full row after a full row
                cost, back = states[full]
            else:
                cost, back = min((cost + _row_cost(cells, joined, width), back)
                                 for (cells, joined), (cost, back) in states.items())
            steps.append((back, False, True))
            states = {full: (cost, len(steps) - 1)}
            continue
        options = [(False, 0.0)]
        if run.floating and k:
            options.append((True, _join_cost(run.cells[0], runs[k - 1].cells[-1])))
        # each reading offered in turn; a state keeps the first of its cheapest offers
        offered: dict[tuple[int, bool], tuple[float, int]] = {}
        for (cells, joined), (cost, back) in states.items():
            close = _row_cost(cells, joined, width) if cells else 0.0
            for absorbed, extra in options:
                left = size - absorbed
                if left == 0:  # the run was only the floating line: it continues the row above
                    offers = (((cells, joined), cost + extra, (back, True, False)),)
                elif cells and cells + left <= width:
                    offers = (((left, False), cost + extra + close, (back, absorbed, True)),
                              ((cells + left, True), cost + extra, (back, absorbed, False)))
                else:
                    offers = (((left, False), cost + extra + close, (back, absorbed, True)),)
                for state, offer, step in offers:
                    known = offered.get(state)
                    if known is None or offer < known[0]:
                        steps.append(step)
                        offered[state] = (offer, len(steps) - 1)
        states = offered
    best = min(states.items(), key=lambda item: item[1][0] + _row_cost(item[0][0], item[0][1], width))
    return _rows_of(runs, steps, best[1][1])


def _rows_of(runs: list[_Run], steps: list[tuple[int, bool, bool]], last: int) -> list[list[list[str]]]:
    """Follow the chosen reading back from its last step and lay the runs out in rows."""
    chosen: list[tuple[bool, bool]] = []
    while last >= 0:
        back, absorbed, opens = steps[last]
        chosen.append((absorbed, opens))
        last = back
    chosen.reverse()
    rows: list[list[list[str]]] = []
    for run, (absorbed, opens) in zip(runs, chosen, strict=True):
        cells = run.cells  # the runs are this reader's own: rows are built from them in place
        if absorbed:
            rows[-1][-1].extend(cells[0])
            cells = cells[1:]
        if not cells:
            continue
        if opens or not rows:
            rows.append(cells)
        else:
            rows[-1].extend(cells)
    return rows
