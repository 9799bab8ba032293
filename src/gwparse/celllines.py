"""One cell per line → Grid.

Cells are separated by lines holding only ``|``, or by nothing at all. The run
of short header lines gives the width. An empty cell is a blank line (or two ``|``
lines with nothing between), or not written at all. In a table with a 序号 column
a row starts at its number line; otherwise one scored alignment of the whole cell
sequence to the columns (``_aligned_rows``) finds where rows end, so rows missing
a cell still end in the right place. The grid step places a short row's cells by
content.
"""
from __future__ import annotations

from gwparse.cells import looks_like_number
from gwparse.enums import split_enum
from gwparse.grid import TextGrid
from gwparse.headers import (
    CATEGORY,
    CHANNELS,
    CONTENT,
    DEADLINE,
    IGNORE,
    ITEM,
    SECTION,
    SEQ,
    UNITS,
    classify_header,
)
from gwparse.tables import SKIP_COST, column_fit


def _is_header(line: str) -> bool:
    """A short line naming a field; a header ends no sentence (``梳理收费标准。`` is a task)."""
    return len(line.replace(" ", "")) <= 10 and not line.endswith(_SENTENCE_END) and classify_header(line) is not None


_SENTENCE_END = ("。", "；", ";", "！", "？")


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
    raw = [ln.strip() for ln in text.split("\n")]
    lines = [ln for ln in raw if ln]
    marked = sum(map(is_marked_cell, lines))
    if marked and marked >= 0.5 * sum(1 for ln in lines if ln != "|"):
        if _bars_end_rows(lines, marked):
            return _marked_rows(lines)
        # every cell line ends in " |" but no line of "|" ends a row: the bars only mark the
        # cells (an empty cell is a lone "|"), and the cells are read as bare cell lines
        raw = [ln[:-1].strip() if ln.endswith("|") and ln.count("|") == 1 else ln for ln in raw]
        lines = [ln for ln in raw if ln]
    cells = cell_texts(lines)
    start, end = header_run(cells)
    if start == end:
        return TextGrid([])
    header = cells[start:end]
    width = len(header)
    fields = [classify_header(h) for h in header]
    numbered = fields[0] == SEQ and sum(map(looks_like_number, cells[end:])) >= 2
    body = cells[end:] if "|" in lines else _lines_after(raw, end)
    if numbered:
        rows = _numbered_rows(body, header, fields)
        return TextGrid(rows, _heading_spans(rows, width), ragged=True, before=cells[:start])
    rows = [header, *_aligned_rows(body, header)]
    return TextGrid(rows, _heading_spans(rows, width), ragged=True, exact=True, before=cells[:start])


def _bars_end_rows(lines: list[str], marked: int) -> bool:
    """Lines holding only ``|`` end the rows of a browser's copy: one follows the header's
    cells, and there are about as many as rows. Otherwise they are empty cells."""
    if "|" not in lines:
        return False
    cells = [ln[:-1].strip() if is_marked_cell(ln) else ln for ln in lines if ln != "|"]
    start, end = header_run(cells)
    if start == end:
        return True  # no header to count rows by: the browser copy's reading decides
    first_bar = lines.index("|")
    header_ends = sum(1 for ln in lines[:first_bar] if ln != "|") == end  # the bar closes the header row
    return header_ends or lines.count("|") * (end - start) >= 0.6 * marked


def _lines_after(raw: list[str], count: int) -> list[str]:
    """The lines after the first ``count`` non-blank ones, blank ones kept: with no ``|``
    lines, a blank line between cells may be an empty cell."""
    seen = 0
    for i, line in enumerate(raw):
        if line:
            seen += 1
            if seen == count:
                return raw[i + 1:]
    return []


def _roles(fields: list[str | None]) -> list[str]:
    """The roles ``column_fit`` scores, as far as the header tells them: the task's column is
    the last text column before the first unit, deadline or channel column; text columns
    before it head the tasks, text columns after it are read as notes."""
    text = [c for c, f in enumerate(fields) if f in _TEXT_FIELDS]
    end = next((c for c, f in enumerate(fields) if f in (UNITS, DEADLINE, CHANNELS)), len(fields))
    content = max((c for c in text if c < end), default=text[-1] if text else None)
    roles = []
    for c, f in enumerate(fields):
        if f in (SEQ, UNITS, DEADLINE, CHANNELS):
            roles.append(f)
        elif f in _TEXT_FIELDS and content is not None:
            roles.append(CONTENT if c == content else CATEGORY if c < content else IGNORE)
        else:
            roles.append(IGNORE)
    return roles


_TEXT_FIELDS = (None, CONTENT, CATEGORY, SECTION, ITEM)
# A lone cell read as a row of its own: a heading (一、 （一）) spanning the table, or a stray line.
_HEADING_ROW, _STRAY_ROW = 1.0, -3.0
_EMPTY_CELL = 0.25  # a written empty cell (a blank line) in a column: it keeps its row's shape
_NEW_ROW = -3.0  # each row opened: of two readings, the one with fuller rows wins
_NONE = float("-inf")


def _aligned_rows(cells: list[str], header: list[str]) -> list[list[str]]:
    """Rows of the body's cells, by one scored alignment over the whole cell sequence.

    Each cell takes a column, strictly increasing within a row; a cell placed in a column
    no greater than the one before opens a row. A reading scores how each cell suits its
    column (``tables.column_fit``) and what each column a row leaves blank costs
    (``tables.SKIP_COST``: nothing for a heading column, much for the content). A lone
    cell may be a row of its own (a heading), a blank line an empty cell or nothing.
    Dynamic programming over cells × columns with running maxima: linear in the cells."""
    roles = _roles([classify_header(h) for h in header])
    width = len(roles)
    blank_before = [0.0]  # blank_before[c]: what leaving columns 0 … c-1 blank costs
    for role in roles:
        blank_before.append(blank_before[-1] + SKIP_COST[role])
    tail = [blank_before[width] - blank_before[c + 1] for c in range(width)]  # columns after c left blank
    fits: dict[tuple[str, str], float] = {}
    closed = width  # the state "no row open"; states 0 … width-1: the open row's last cell is there
    score = [_NONE] * width + [0.0]  # the header row has just ended
    steps: list[list[tuple[int, bool, bool]]] = []  # per cell, per state: (state before, opens a row, placed)
    for text in cells:
        ended, ended_from = score[closed], closed  # the best way to have ended a row before this cell
        for c in range(width):
            if score[c] + tail[c] > ended:
                ended, ended_from = score[c] + tail[c], c
        ended += _NEW_ROW  # and to open one with this cell
        now = [_NONE] * (width + 1)
        step = [(closed, False, False)] * (width + 1)
        running, running_from = _NONE, closed  # best score[c'] - blank_before[c' + 1] for c' < c
        for c in range(width):
            if text:
                fit = fits.get((roles[c], text))
                if fit is None:
                    fit = fits[(roles[c], text)] = column_fit(roles[c], text)
            else:
                fit = _EMPTY_CELL
            if running >= ended:
                now[c], step[c] = running + blank_before[c] + fit, (running_from, False, True)
            else:
                now[c], step[c] = ended + blank_before[c] + fit, (ended_from, True, True)
            if not text and score[c] > now[c]:
                now[c], step[c] = score[c], (c, False, False)  # the blank line is no cell
            if score[c] - blank_before[c + 1] > running:
                running, running_from = score[c] - blank_before[c + 1], c
        if text:
            lone = _HEADING_ROW if split_enum(text)[0] in (1, 2) else _STRAY_ROW
            now[closed], step[closed] = ended + lone, (ended_from, True, True)
        else:
            now[closed], step[closed] = score[closed], (closed, False, False)
        score = now
        steps.append(step)
    state = max(range(width + 1), key=lambda s: score[s] + (tail[s] if s < width else 0.0))
    return _rows_from(cells, steps, state, width)


def _rows_from(cells: list[str], steps: list[list[tuple[int, bool, bool]]], state: int,
               width: int) -> list[list[str]]:
    """Follow the best reading back from its last state and lay the cells out in rows."""
    chosen: list[tuple[int, bool, bool]] = []
    for step in reversed(steps):
        before, opens, placed = step[state]
        chosen.append((state, opens, placed))
        state = before
    chosen.reverse()
    rows: list[list[str]] = []
    for text, (state, opens, placed) in zip(cells, chosen, strict=True):
        if not placed:
            continue
        if state == width:  # a lone cell: a row of its own
            rows.append([text])
            continue
        if opens or not rows:
            rows.append([])
        rows[-1].append(text)  # in order: a row short of cells is placed by the grid step
    return rows


def cell_texts(lines: list[str]) -> list[str]:
    """The cells, one a line, without the ``|`` lines. Where ``|`` lines stand between single
    cells (most stretches between two of them hold one line), two of them with nothing
    between hold an empty cell; where they stand between whole rows they only go."""
    stretches: list[list[str]] = [[]]
    for line in lines:
        if line == "|":
            stretches.append([])
        else:
            stretches[-1].append(line)
    inner = stretches[1:-1]
    if not inner or 2 * sum(len(s) == 1 for s in inner) <= len(inner):
        return [line for s in stretches for line in s]
    return stretches[0] + [line for s in inner for line in (s or [""])] + stretches[-1]


def _heading_spans(rows: list[list[str]], width: int) -> dict[int, int]:
    return {r: width for r, line in enumerate(rows) if len(line) == 1 and width > 1}  # a heading on a line


def _numbered_rows(cells: list[str], header: list[str], fields: list[str | None]) -> list[list[str]]:
    """Rows of a table whose first column is 序号: each starts at a number line. A heading
    line (一、… （一）…) not right after a number heads the rows below; a blank line inside
    a row is an empty cell; a row with more lines than the table has columns holds a cell
    wrapped over several lines: the content's."""
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
        elif not t:  # a blank line: an empty cell of the row, or nothing between rows
            if row is not None:
                row.append(t)
        elif row is None or (len(row) > content and split_enum(t)[0] in (1, 2)):
            row = None
            rows.append([t])
        else:
            row.append(t)
    for r, line in enumerate(rows):
        while line and not line[-1]:
            line.pop()  # blank lines closing a row pad it or stand between rows
        if len(line) > width:
            line = rows[r] = [t for t in line if t]  # too long: its blank lines are no cells
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
    and a line holding only ``|`` ends the row, or is an empty cell (``_bar_rows``)."""
    before, tokens = _marked_tokens(lines)
    rows: list[list[str]] = [[]]
    for token in tokens:
        if token == _BAR:
            if rows[-1]:
                rows.append([])
        else:
            rows[-1].append(token)
    rows = [row for row in rows if row]
    width = max(map(len, rows), default=0)
    header = rows[0] if rows else []
    exact = False
    if len(header) == width > 1 and UNITS in map(classify_header, header):
        body = _bar_rows(tokens[len(header) + 1:], header)
        if body is not None:
            rows, exact = [header, *body], True
    spans = {r: width for r, line in enumerate(rows) if len(line) == 1 and width > 1}  # a heading on its own
    return TextGrid(rows, spans, ragged=True, exact=exact, before=before)


_BAR = "|"  # a line holding only "|": the end of a row, or an empty cell


def _marked_tokens(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines above the table, and the table's cells and ``_BAR`` lines in order."""
    tokens: list[str] = []
    cell: list[str] = []
    before: list[str] = []
    for line in lines:
        if line == _BAR:
            if cell:
                tokens.append("\n".join(cell))
                cell = []
            tokens.append(_BAR)
        elif line.endswith("|"):
            cell.append(line[:-1].strip())
            tokens.append("\n".join(c for c in cell if c) or _BAR)
            cell = []
        elif not tokens and not cell:
            before.append(line)  # the title above the table
        else:
            cell.append(line)
    if cell:
        tokens.append("\n".join(cell))
    return before, tokens


def _bar_rows(tokens: list[str], header: list[str]) -> list[list[str]] | None:
    """Rows of the body, reading each ``|`` line as a row's end or an empty cell, whichever
    one scored alignment of the whole sequence to the columns prefers; None if no reading
    fits the header's width.

    A row opens only after a row's end; its cells take strictly increasing columns, scored
    as in ``_aligned_rows`` (``column_fit``, ``SKIP_COST`` for columns left blank); a lone
    cell may be a row of its own. Linear in the tokens (times the width)."""
    roles = _roles([classify_header(h) for h in header])
    width = len(roles)
    blank_before = [0.0]
    for role in roles:
        blank_before.append(blank_before[-1] + SKIP_COST[role])
    tail = [blank_before[width] - blank_before[c + 1] for c in range(width)]
    closed, lone = width, width + 1  # states: 0 … width-1 the open row's last column; no row open; a lone cell
    score = [_NONE] * (width + 2)
    score[closed] = 0.0
    steps: list[list[int]] = []  # per token, per state: the state before (-1: unreachable)
    fits: dict[tuple[str, str], float] = {}
    for token in tokens:
        now, step = [_NONE] * (width + 2), [-1] * (width + 2)
        opened = score[closed] + _NEW_ROW
        running, running_from = opened, closed  # best way to have the row open before column c
        for c in range(width):
            if token == _BAR:
                fit = _EMPTY_CELL
            elif (fit := fits.get((roles[c], token))) is None:
                fit = fits[(roles[c], token)] = column_fit(roles[c], token)
            if running > _NONE:
                now[c], step[c] = running + blank_before[c] + fit, running_from
            if score[c] - blank_before[c + 1] > running:
                running, running_from = score[c] - blank_before[c + 1], c
        if token == _BAR:  # the row's end
            now[closed], step[closed] = max((score[s] + (tail[s] if s < width else 0.0), s)
                                            for s in range(width + 2))
        else:
            lone_score = _HEADING_ROW if split_enum(token)[0] in (1, 2) else _STRAY_ROW
            now[lone], step[lone] = opened + lone_score, closed
        score = now
        steps.append(step)
    state = max(range(width + 2), key=lambda s: score[s] + (tail[s] if s < width else 0.0))
    if score[state] == _NONE:
        return None
    return _bar_rows_from(tokens, steps, state, width)


def _bar_rows_from(tokens: list[str], steps: list[list[int]], state: int, width: int) -> list[list[str]]:
    """Follow the best reading back and lay the cells out in rows, empty cells as ``""``."""
    states = []
    for step in reversed(steps):
        states.append(state)
        state = step[state]
    states.reverse()
    rows: list[list[str]] = []
    row: list[str] = []
    for token, state in zip(tokens, states, strict=True):
        if state == width:  # a row's end
            if row:
                rows.append(row)
            row = []
        else:
            row.append("" if token == _BAR else token)
    if row:
        rows.append(row)
    return rows
