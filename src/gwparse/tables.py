"""Grid → drafts: one step for every table style (tab cells, pipes, .docx, HTML, .xlsx).

It finds the header row and maps columns to fields, tells heading rows from task
rows, carries category/section/item down, and applies the merged-cell rules:
real spans where the container knows them, the spec's blank-cell rule where it
does not (text dumps).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from gwparse.cells import looks_like_deadline, looks_like_number, looks_like_units
from gwparse.draft import Draft
from gwparse.enums import bare_number, split_enum, strip_heading
from gwparse.grid import Grid
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
    unit_role,
)

HEADING_FIELDS = (CATEGORY, SECTION, ITEM)
_WORK = regex.compile(r"内容|要求|措施|举措|任务|事项")
_MERGEABLE = (UNITS, DEADLINE, CHANNELS)


@dataclass(slots=True)
class ColumnMap:
    """Which physical column holds which field."""

    width: int
    header_row: int  # last header row index
    header_texts: tuple[str, ...]
    content: int
    headings: list[tuple[int, int]]  # (column, level 1..3) left of content
    seq: int | None
    deadline: int | None
    channels: int | None
    units: list[tuple[int, str]]  # (column, default role)

    def describe(self) -> dict[str, str]:
        names = {self.content: CONTENT}
        names.update({c: HEADING_FIELDS[lvl - 1] for c, lvl in self.headings})
        for c, f in ((self.seq, SEQ), (self.deadline, DEADLINE), (self.channels, CHANNELS)):
            if c is not None:
                names[c] = f
        names.update({c: f"units ({role})" for c, role in self.units})
        return {f"{c}: {self.header_texts[c] or '·'}": names.get(c, IGNORE) for c in range(self.width)}


Dense = list[list[tuple[str, tuple[int, int]] | None]]


def _text(dense: Dense, r: int, c: int | None) -> str:
    if c is None or c >= len(dense[r]) or dense[r][c] is None:
        return ""
    return dense[r][c][0].strip()


def _own(dense: Dense, r: int, c: int) -> bool:
    """The cell at (r, c) starts in row r (not a vertical merge from above)."""
    cell = dense[r][c] if c < len(dense[r]) else None
    return cell is not None and cell[1][0] == r


def find_columns(grid: Grid, dense: Dense, search_rows: int = 12) -> ColumnMap | None:
    """Locate the header row and map its columns, or None when the grid has no task header."""
    width = max((len(r) for r in dense), default=0)
    for r in range(min(search_rows, len(dense))):
        texts = [_text(dense, r, c) for c in range(width)]
        fields = [classify_header(t) for t in texts]
        found = {f for f in fields if f}
        if not ({CONTENT, CATEGORY, SECTION} & found and {UNITS, DEADLINE} & found):
            continue
        if sum(1 for t, f in zip(texts, fields, strict=True) if t and not f) > sum(1 for f in fields if f):
            continue
        header_texts, last = list(texts), r
        # a second header row refines the first (责任单位 over 牵头 | 配合)
        if r + 1 < len(dense):
            sub = [_text(dense, r + 1, c) for c in range(width)]
            own_sub = [s for c, s in enumerate(sub) if s and _own(dense, r + 1, c)]
            if own_sub and all(classify_header(s) and len(s) <= 10 and not split_enum(s)[0] for s in own_sub):
                for c, s in enumerate(sub):
                    if s and _own(dense, r + 1, c) and s != header_texts[c]:
                        header_texts[c] = header_texts[c] + s if classify_header(header_texts[c]) == UNITS else s
                last = r + 1
        if not grid.spans_known:
            header_texts = _spread_short_header(header_texts, dense, r)
        return _map_columns(header_texts, last)
    return None


def _spread_short_header(texts: list[str], dense: Dense, r: int) -> list[str]:
    """In a text dump a header with fewer cells than the body rows spans the extra
    columns with its first text column (002: 工作任务及要求 over four columns)."""
    own = [t for t in texts]
    while own and not own[-1]:
        own.pop()
    extra = len(texts) - len(own)
    if extra <= 0:
        return texts
    first = next((i for i, t in enumerate(own) if classify_header(t) in (CONTENT, CATEGORY, SECTION)), 0)
    return own[:first] + [own[first]] * extra + own[first:]


def _map_columns(texts: list[str], header_row: int) -> ColumnMap | None:
    fields = [classify_header(t) for t in texts]
    # columns sharing one header text (a header spanning columns) act as one span
    text_cols = [c for c, f in enumerate(fields) if f in (CONTENT, CATEGORY, SECTION, ITEM)]
    content_cols = [c for c in text_cols if fields[c] == CONTENT]
    if content_cols:
        # several content-like columns (重点事项 | 主要举措): the rightmost that names the work
        # itself holds the task (not a 工作目标 beside it); the ones before it group tasks
        naming_work = [c for c in content_cols if _WORK.search(texts[c])]
        content = (naming_work or content_cols)[-1]
    elif text_cols:
        content = text_cols[-1]
    else:
        return None
    heading_cols = [c for c in text_cols if c < content]
    headings = [(c, min(i + 1, 3)) for i, c in enumerate(heading_cols)]
    units = [(c, unit_role(texts[c])) for c, f in enumerate(fields) if f == UNITS and c > content]
    if not units:
        units = [(c, unit_role(texts[c])) for c, f in enumerate(fields) if f == UNITS]

    def first(field: str) -> int | None:
        return next((c for c, f in enumerate(fields) if f == field), None)

    return ColumnMap(width=len(texts), header_row=header_row, header_texts=tuple(texts), content=content,
                     headings=headings, seq=first(SEQ), deadline=first(DEADLINE), channels=first(CHANNELS),
                     units=units)


def grid_drafts(grid: Grid, cols: ColumnMap | None = None, start: int | None = None) -> tuple[list[Draft], ColumnMap | None]:
    """Drafts of one grid. ``cols`` continues a table split across grids (page breaks)."""
    dense = grid.dense()
    if cols is None:
        cols = find_columns(grid, dense)
        if cols is None:
            return [], None
        start = cols.header_row + 1
    walker = _Walker(cols, grid.spans_known, grid.ragged)
    for r in range(start or 0, len(dense)):
        walker.row(dense, r)
    return walker.drafts, cols


class _Walker:
    """Carries heading state and merged cells down the body rows."""

    def __init__(self, cols: ColumnMap, spans_known: bool, ragged: bool = False):
        self.cols = cols
        self.spans_known = spans_known
        self.ragged = ragged
        self.heads: list[str | None] = [None, None, None]
        self.drafts: list[Draft] = []
        self.prev_cells: dict[int, str] = {}

    def set_heading(self, level: int, text: str) -> None:
        text = strip_heading(text)
        if not text or self.heads[level - 1] == text:
            return  # a heading repeated at a page break starts no new group
        self.heads[level - 1] = text
        for deeper in range(level, 3):
            self.heads[deeper] = None

    def row(self, dense: Dense, r: int) -> None:
        cols = self.cols
        line = dense[r]
        texts = [cell[0].strip() if cell is not None else "" for cell in line[:cols.width]]
        texts += [""] * (cols.width - len(texts))
        if not any(texts) or tuple(texts) == cols.header_texts:
            return
        # one cell across the row (the same cell at both ends): a heading row
        across = line[0] is not None and line[-1] is not None and line[0][1] == line[-1][1]
        if self.ragged and not across:
            texts = place_cells(texts, cols)
        if across and cols.width > 1:
            level, _, _ = split_enum(texts[0])
            self.set_heading(level if 1 <= level <= 3 else 1, texts[0])
            return
        # every heading cell covering this row applies, merged ones too: a merged section
        # cell stays in force when the category cell above it changes at a page break
        for c, level in cols.headings:
            if texts[c]:
                enum_level, _, _ = split_enum(texts[c])
                self.set_heading(enum_level if 1 <= enum_level <= 3 else level, texts[c])
        content = texts[cols.content]
        if not content or (self.spans_known and not _own(dense, r, cols.content)):
            return
        merge_cols = [c for c in [cols.deadline, cols.channels, *(c for c, _ in cols.units)] if c is not None]
        own = {c: texts[c] for c in merge_cols}
        if not self.spans_known and merge_cols and not any(own.values()):
            own = dict(self.prev_cells)  # all blank: a merge printed once in the row above
        level, number, rest = split_enum(content)
        if level in (1, 2) and not any(own.values()):
            self.set_heading(level, content)  # a heading written in the content column
            return
        self.prev_cells = own
        seq = bare_number(texts[cols.seq]) if cols.seq is not None else None
        if level in (3, 4) and number and number.isdigit():
            seq = seq or number  # made ASCII digits by pipeline.ascii_number
            content = rest
        elif level:
            content = rest
        self.drafts.append(Draft(
            content=content,
            category=self.heads[0], section=self.heads[1], item=self.heads[2],
            seq=seq,
            deadline=own.get(cols.deadline) or None if cols.deadline is not None else None,
            channels=own.get(cols.channels) if cols.channels is not None else None,
            units=[(own.get(c, ""), role) for c, role in cols.units if own.get(c)],
        ))


def place_cells(texts: list[str], cols: ColumnMap) -> list[str]:
    """Put the cells of a short row where their content fits best.

    A row copied off a web page omits the merged cells it shares with the row
    above and may be shifted left and padded at the end; the seq cell, if any,
    stays first. Each candidate placement is scored by how well every cell suits
    its column; ties go to the rightmost placement.
    """
    cells = list(texts)
    while cells and not cells[-1]:
        cells.pop()
    width = cols.width
    if not cells or len(cells) >= width:
        return texts
    roles = _column_roles(cols)
    best, best_score = texts, None
    keep_first = cols.seq is not None and looks_like_number(cells[0])
    for shift in range(width - len(cells) + 1):
        if keep_first:
            if cols.seq + 1 + shift + len(cells) - 1 > width:
                break
            placed = [""] * width
            placed[cols.seq] = cells[0]
            placed[cols.seq + 1 + shift: cols.seq + shift + len(cells)] = cells[1:]
        else:
            placed = [""] * shift + cells + [""] * (width - shift - len(cells))
        score = sum(_fit(roles[c], t) for c, t in enumerate(placed) if t) + shift * 0.01
        if best_score is None or score > best_score:
            best, best_score = placed, score
    return best


def _column_roles(cols: ColumnMap) -> list[str]:
    roles = [IGNORE] * cols.width
    for c, _ in cols.headings:
        roles[c] = CATEGORY
    roles[cols.content] = CONTENT
    for c, field in ((cols.seq, SEQ), (cols.deadline, DEADLINE), (cols.channels, CHANNELS)):
        if c is not None:
            roles[c] = field
    for c, _ in cols.units:
        roles[c] = UNITS
    return roles


def _fit(role: str, text: str) -> float:
    """How well a cell's text suits a column: positive fits, negative does not."""
    number = looks_like_number(text)
    if role == SEQ:
        return 3 if number else -3
    if number:
        return -3
    if role == UNITS:
        return 3 if looks_like_units(text) else -2
    if role == DEADLINE:
        return 3 if looks_like_deadline(text) else (-2 if len(text) > 30 else -1)
    if role == CHANNELS:
        return 1 if len(text) <= 30 and not looks_like_units(text) else -2
    if role == CONTENT:
        return (2 if len(text) >= 10 else 0) - (2 if looks_like_units(text) or looks_like_deadline(text) else 0)
    if role == CATEGORY:
        level = split_enum(text)[0]
        return 2 if level in (1, 2) else (-2 if looks_like_units(text) or looks_like_deadline(text) else 0)
    return 0
