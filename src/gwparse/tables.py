"""Grid → drafts: one step for every table style (tab cells, pipes, .docx, HTML, .xlsx).

It finds the header row and maps columns to fields, tells heading rows from task
rows, carries category/section/item down, and applies the merged-cell rules:
real spans where the container knows them, the spec's blank-cell rule where it
does not (text dumps).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from gwparse import vocab
from gwparse.cells import looks_like_deadline, looks_like_number, looks_like_units
from gwparse.draft import Draft
from gwparse.enums import bare_number, chinese_number, heading_text, read_heading, split_enum
from gwparse.grid import Grid, TextGrid
from gwparse.headers import (
    CATEGORY,
    CHANNELS,
    CONTENT,
    DEADLINE,
    IGNORE,
    ITEM,
    PER_UNIT_ROLE,
    SECTION,
    SEQ,
    UNITS,
    classify_header,
    unit_role,
)
from gwparse.text import compile_pattern

HEADING_FIELDS = (CATEGORY, SECTION, ITEM)
# split_enum without its memo, for a row's content: each is read once, and remembering
# texts that never come back only costs (headings, which do come back, keep the memo).
read_enum = split_enum.__wrapped__
_WORK = compile_pattern(r"内容|要求|措施|举措|任务|事项")
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
    first_leads: bool = False  # a unit header notes that the first unit listed leads (rule 9)
    per_unit: bool = False  # gwparse's own one-row-per-unit listing (a role column)
    # What the self-check should hear of this table: (code, message) pairs.
    findings: list[tuple[str, str]] = field(default_factory=list)

    def describe(self) -> dict[str, str]:
        names = {self.content: CONTENT}
        names.update({c: HEADING_FIELDS[lvl - 1] for c, lvl in self.headings})
        for c, f in ((self.seq, SEQ), (self.deadline, DEADLINE), (self.channels, CHANNELS)):
            if c is not None:
                names[c] = f
        names.update({c: f"units ({role})" for c, role in self.units})
        return {f"{c}: {self.header_texts[c] or '·'}": names.get(c, IGNORE) for c in range(self.width)}


Dense = list[list[tuple[str, tuple[int, int]] | None]]


@dataclass(slots=True)
class _Table:
    """What the grid step reads of a grid, worked out once for all its rows.

    ``texts`` holds each row's stripped cell texts, a merged cell's in every
    position it covers, padded to the table's width; ``own`` says which positions
    hold a cell that starts in that row (None: every cell does, no row spans);
    ``across`` marks rows that one cell spans from the first to the last column.
    """

    texts: list[list[str]]
    own: list[list[bool]] | None
    across: list[bool]
    lengths: list[int] | None = None  # each row's own number of cells (None: all as wide as the table)
    exact: bool = True  # a row as long as the table has its cells in place (see TextGrid.exact)

    def whole(self, r: int) -> bool:
        """Row r has every cell in its column: placement cannot move it."""
        return self.exact and (self.lengths is None or self.lengths[r] >= len(self.texts[r]))

    def owns(self, r: int, c: int) -> bool:
        """(r, c) is covered by a cell that starts in row r (not by a vertical merge from above)."""
        return self.own is None or (c < len(self.own[r]) and self.own[r][c])

    def starts(self, r: int, c: int) -> bool:
        """(r, c) holds text of a cell that starts in row r."""
        return c < len(self.texts[r]) and bool(self.texts[r][c]) and self.owns(r, c)


def _table(grid: Grid) -> _Table:
    """The grid's _Table: straight from its rows unless a cell spans rows (then via ``Grid.dense``)."""
    if isinstance(grid, TextGrid):
        return _text_table(grid)
    texts: list[list[str]] = []
    for row in grid.rows:
        line: list[str] = []
        for text, rowspan, colspan in row:
            if rowspan > 1:
                table = _dense_table(grid.dense())
                table.exact = not grid.ragged
                return table
            if colspan > 1:
                line += [text.strip()] * colspan
            else:
                line.append(text.strip())
        texts.append(line)
    width = max(map(len, texts), default=0)
    for line in texts:
        if len(line) < width:
            line += [""] * (width - len(line))
    across = [bool(row) and max(row[0].colspan, 1) >= width for row in grid.rows]
    return _Table(texts, None, across, exact=not grid.ragged)


def _text_table(grid: TextGrid) -> _Table:
    """A text grid's lines are the table's rows already (stripped, one row high): only
    a heading's spanning cell is repeated across its columns and short rows padded."""
    lines, spans = grid.lines, grid.spans
    width = max([*map(len, lines), *(max(span, 1) for span in spans.values())], default=0)
    texts = [line if len(line) == width else line + [""] * (width - len(line)) for line in lines]
    across = [bool(line) and width <= 1 for line in lines]
    for r, span in spans.items():  # a spanning row holds its one text
        span = max(span, 1)
        texts[r] = [lines[r][0]] * span + [""] * (width - span)
        across[r] = span >= width
    return _Table(texts, None, across, list(map(len, lines)), grid.exact)


def _dense_table(dense: Dense) -> _Table:
    """From ``Grid.dense``: a position's origin tells whether its cell starts in that row."""
    texts = [[cell[0].strip() if cell is not None else "" for cell in line] for line in dense]
    own = [[cell is not None and cell[1][0] == r for cell in line] for r, line in enumerate(dense)]
    across = [bool(line) and line[0] is not None and line[-1] is not None and line[0][1] == line[-1][1]
              for line in dense]
    return _Table(texts, own, across)


def _find_columns(table: _Table, spans_known: bool, search_rows: int = 12) -> ColumnMap | None:
    classify = functools.cache(classify_header)  # the same header texts come up again and again
    for r in range(min(search_rows, len(table.texts))):
        texts = table.texts[r]
        fields = [classify(t) for t in texts]
        found = {f for f in fields if f}
        if not ({CONTENT, CATEGORY, SECTION} & found) or not ({UNITS, DEADLINE} & found or (
                SEQ in found and sum(map(bool, texts)) >= 3)):  # 序号 | 工作内容 | 分工: the body tells the rest
            continue
        if sum(1 for t, f in zip(texts, fields, strict=True) if t and not f) > sum(1 for f in fields if f):
            continue
        header_texts, last = list(texts), r
        # a second header row refines the first (责任单位 over 牵头 | 配合)
        if r + 1 < len(table.texts):
            sub = [(c, s) for c, s in enumerate(table.texts[r + 1]) if table.starts(r + 1, c)]
            if sub and all(len(s) <= 10 and classify(s) and not split_enum(s)[0] for _, s in sub):
                for c, s in sub:
                    if s != header_texts[c]:
                        header_texts[c] = header_texts[c] + s if classify(header_texts[c]) == UNITS else s
                last = r + 1
        if not spans_known:
            header_texts = _spread_short_header(header_texts, classify)
        return _map_columns(header_texts, last, classify)
    return None


def _spread_short_header(texts: list[str], classify=classify_header) -> list[str]:
    """In a text dump a header with fewer cells than the body rows spans the extra
    columns with its first text column (002: 工作任务及要求 over four columns)."""
    own = [t for t in texts]
    while own and not own[-1]:
        own.pop()
    extra = len(texts) - len(own)
    if extra <= 0:
        return texts
    first = next((i for i, t in enumerate(own) if classify(t) in (CONTENT, CATEGORY, SECTION)), 0)
    return own[:first] + [own[first]] * extra + own[first:]


def _map_columns(texts: list[str], header_row: int, classify=classify_header) -> ColumnMap | None:
    fields = [classify(t) for t in texts]
    # columns sharing one header text (a header spanning columns) act as one span
    text_cols = [c for c, f in enumerate(fields) if f in (CONTENT, CATEGORY, SECTION, ITEM)]
    content_cols = [c for c in text_cols if fields[c] == CONTENT]
    if content_cols:
        # several content-like columns (重点事项 | 主要举措): the rightmost that names the work
        # itself holds the task (not a 工作目标 beside it); the ones before it group tasks
        naming_work = [c for c in content_cols if _WORK.search(texts[c].replace(" ", ""))]
        content = (naming_work or content_cols)[-1]
    elif text_cols:
        content = text_cols[-1]
    else:
        return None
    heading_cols = [c for c in text_cols if c < content]
    headings = [(c, min(i + 1, 3)) for i, c in enumerate(heading_cols)]
    unit_cols = [c for c, f in enumerate(fields) if f == UNITS and c > content] or \
        [c for c, f in enumerate(fields) if f == UNITS]
    # 责任单位（排在第一位的为牵头单位）: a responsible column whose first units lead
    first_leads = any(vocab.says_first_leads(texts[c]) for c in unit_cols)
    units = [(c, unit_role(vocab.drop_first_leads(texts[c]))) for c in unit_cols]

    def first(field: str) -> int | None:
        return next((c for c, f in enumerate(fields) if f == field), None)

    return ColumnMap(width=len(texts), header_row=header_row, header_texts=tuple(texts), content=content,
                     headings=headings, seq=first(SEQ), deadline=first(DEADLINE), channels=first(CHANNELS),
                     units=units, first_leads=first_leads,
                     per_unit=any(t.strip().lower() in PER_UNIT_ROLE for t in texts))


def _body_columns(cols: ColumnMap, table: _Table) -> list[list[str]]:
    """The texts of each column over the body's full rows (the rows placement cannot move)."""
    width, lengths, across = cols.width, table.lengths, table.across
    body: list[list[str]] = []  # the rows as long as the table
    rows: list[list[str]] = []  # those whose cells are in place (``table.whole``) or end in a cell
    for r in range(cols.header_row + 1, len(table.texts)):
        texts = table.texts[r]
        own = len(texts) if lengths is None else lengths[r]
        if len(texts) >= width and own >= width and not across[r]:
            body.append(texts)
            if texts[width - 1] or table.whole(r):
                rows.append(texts)
    if not rows:  # every row ends in a blank cell (an empty 备注 or 配合单位): take the full-length ones
        rows = [texts for texts in body if texts[0]]
    if not rows:
        return [[] for _ in range(width)]
    return [[t for t in column if t] for column in list(zip(*rows, strict=False))[:width]]  # (rows at least as long as the table)


def refine_by_body(cols: ColumnMap, table: _Table) -> ColumnMap:
    """The header's column map, corrected by what the body's cells hold (issue 13: the
    columns are judged from their content over the whole table, not from the header alone).

    - a heading or unnamed column whose cells are all numbers is the ``seq`` column
      (a 序号 column the header does not name, or one a spread header covers);
    - when the content column holds short texts and an unnamed column after it (before the
      units) holds long ones, that column is the content and the other heads it (细化分工).
    """
    body = _body_columns(cols, table)
    if not any(body):
        return cols
    refined = _refined(cols, body)
    _note_unread_columns(refined, body)  # what is left unread once the body has been judged
    return refined


def _refined(cols: ColumnMap, body: list[list[str]]) -> ColumnMap:
    named = {cols.content, *(c for c, _ in cols.headings), *(c for c, _ in cols.units),
             *(c for c in (cols.seq, cols.deadline, cols.channels) if c is not None)}
    headings = [c for c, _ in cols.headings]
    heading_set = set(headings)  # a wide header can have thousands: membership by set
    seq, content = cols.seq, cols.content
    if seq is None:
        for c in range(cols.width):
            cells = body[c]
            if (c in heading_set or c not in named) and cells and all(map(looks_like_number, cells)):
                seq = c
                headings = [h for h in headings if h != c]
                break
    # rule 13: an unnamed column before the content that holds short texts, no sentences,
    # numbers, units or deadlines, is a heading column (工作任务 spread over 类别 | 短名)
    for c in range(content):
        cells = body[c]
        if (c not in named and c != seq and not cols.header_texts[c] and len(cells) >= 2 and _mean_length(cells) <= 20
                and _sentence_share(cells) < 0.5 and not any(map(looks_like_number, cells))
                and sum(looks_like_units(t) or looks_like_deadline(t) for t in cells) * 3 < len(cells)):
            headings = sorted({*headings, c})
    first_unit = min((c for c, _ in cols.units), default=cols.width)
    heads_tasks = _headings_share(body[content]) >= 0.5  # its cells are 一、… / （一）… headings
    content_length, content_sentences = _mean_length(body[content]), _sentence_share(body[content])  # once, not per column
    if heads_tasks or content_length < 12:
        for c in range(content + 1, first_unit):
            cells = body[c]
            if c in named or c == seq or classify_header(cols.header_texts[c]) not in _TEXT_FIELDS \
                    or len(cells) < (1 if heads_tasks else 2) or _headings_share(cells) >= 0.5:
                continue
            length = _mean_length(cells)
            longer = (length >= 15 or (heads_tasks and length > content_length)
                      or content_sentences < 0.5 <= _sentence_share(cells))  # 公开目录。 under 推进决策公开
            if longer and sum(looks_like_units(t) or (len(t) <= 15 and looks_like_deadline(t))
                              for t in cells) * 3 < len(cells):
                headings = sorted({*headings, content})
                content = c
                break
    # a column under a header gwparse does not know (落实主体及分工, 节点) that holds unit names
    # or deadlines throughout is read as such
    units, deadline = list(cols.units), cols.deadline
    for c in range(content + 1, cols.width):
        cells = body[c]
        if c in named or c == seq or len(cells) < 2 or classify_header(cols.header_texts[c]) is not None:
            continue
        if sum(map(looks_like_units, cells)) >= 0.8 * len(cells):
            units.append((c, "responsible"))
        elif deadline is None and sum(len(t) <= 15 and looks_like_deadline(t) for t in cells) >= 0.8 * len(cells):
            deadline = c
    if (seq == cols.seq and content == cols.content and len(units) == len(cols.units) and deadline == cols.deadline
            and headings == [c for c, _ in cols.headings]):
        return cols
    headings = [h for h in headings if h < content]
    return ColumnMap(width=cols.width, header_row=cols.header_row, header_texts=cols.header_texts,
                     content=content, headings=[(c, min(i + 1, 3)) for i, c in enumerate(headings)], seq=seq,
                     deadline=deadline, channels=cols.channels, units=sorted(units), first_leads=cols.first_leads,
                     findings=cols.findings)


def _sentence_share(cells: list[str]) -> float:
    """The share of cells that end a sentence (。；): task texts do, headings do not."""
    return len([t for t in cells if t.endswith(("。", "；"))]) / len(cells) if cells else 0.0


def _note_unread_columns(cols: ColumnMap, body: list[list[str]]) -> None:
    """A body column that holds text under no header text is read as nothing: say so."""
    rows = max(map(len, body), default=0)
    mapped = {cols.content, *(c for c, _ in cols.headings), *(c for c, _ in cols.units),
              *(c for c in (cols.seq, cols.deadline, cols.channels) if c is not None)}
    unread = [c for c in range(cols.width) if c not in mapped and not cols.header_texts[c]
              and len(body[c]) >= max(2, 0.3 * rows)]
    if unread:
        cols.findings.append(("columns-not-read", f"the table has body columns the header does not name "
                                                  f"(column {', '.join(str(c + 1) for c in unread)}); they were not read"))


def infer_columns(table: _Table) -> ColumnMap | None:
    """The columns of a table that has no header row, judged from their cells alone: numbers
    (seq), unit names, deadlines, the longest texts (the content) and short texts before the
    content (headings). None unless the body reads clearly as a task table: a content column
    and a unit or deadline column, over at least two full rows."""
    rows = [texts for r, texts in enumerate(table.texts) if not table.across[r] and all(texts)]
    width = len(table.texts[0]) if table.texts else 0
    if len(rows) < 2 or width < 2:
        return None
    columns = [[row[c] for row in rows] for c in range(width)]

    def share(c: int, test) -> float:
        return sum(map(test, columns[c])) / len(rows)

    seq = next((c for c in range(width) if share(c, looks_like_number) == 1.0), None)
    units = [c for c in range(width) if c != seq and share(c, lambda t: len(t) >= 3 and looks_like_units(t)) >= 0.8]
    deadline = next((c for c in range(width) if c != seq and c not in units
                     and share(c, lambda t: len(t) <= 15 and looks_like_deadline(t)) >= 0.8), None)
    rest = [c for c in range(width) if c != seq and c not in units and c != deadline]
    if not rest or not (units or deadline is not None):
        return None
    content = max(rest, key=lambda c: _mean_length(columns[c]))
    if _mean_length(columns[content]) < 8:
        return None
    headings = [c for c in rest if c < content]
    cols = ColumnMap(width=width, header_row=-1, header_texts=("",) * width, content=content,
                     headings=[(c, min(i + 1, 3)) for i, c in enumerate(headings)], seq=seq, deadline=deadline,
                     channels=None, units=[(c, "responsible") for c in units if c > content])
    cols.findings.append(("no-header", "the table has no header row; its columns were read from their cells"))
    return cols


# What a column under these headers (or none) may hold: task texts or their headings.
_TEXT_FIELDS = (None, CONTENT, CATEGORY, SECTION, ITEM)


def _headings_share(texts: list[str]) -> float:
    """The share of texts that open with a heading's enumerator (一、 （一）). Only a text
    opening with 第, a Chinese numeral, a bracket or a space can: the rest (most task
    texts) are told by their first character, without the enumerator patterns."""
    if not texts:
        return 0.0
    return sum(1 for t in texts if (t[:1] in _HEADING_OPENERS or t[:1].isspace()) and split_enum(t)[0] in (1, 2)) / len(texts)


_HEADING_OPENERS = frozenset("第一二三四五六七八九十百零〇（(")


def _mean_length(texts: list[str]) -> float:
    return sum(map(len, texts)) / len(texts) if texts else 0.0


def grid_drafts(grid: Grid, cols: ColumnMap | None = None, start: int | None = None,
                heads: list[str | None] | None = None,
                before: ColumnMap | None = None) -> tuple[list[Draft], ColumnMap | None]:
    """Drafts of one grid. ``cols`` continues a table split across grids (page breaks);
    ``heads`` (category, section, item) are the headings in force where the grid starts,
    and are left as they stand at its end (a list changed in place). A grid with a header
    other than that of ``before`` (the table above) is another table: it starts with none."""
    table = _table(grid)
    if cols is None:
        cols = _find_columns(table, grid.spans_known)
        if cols is not None:
            cols = refine_by_body(cols, table)
        elif isinstance(grid, TextGrid):
            cols = infer_columns(table)  # a table copied without its header row
        if cols is None:
            return [], None
        start = cols.header_row + 1
    walker = _Walker(cols, grid.spans_known, grid.ragged)
    if heads is not None:
        if before is not None and cols.header_texts != before.header_texts:
            heads[:] = [None, None, None]
        walker.heads = heads
    if start == cols.header_row + 1:
        walker.header_rows = {tuple(row) for row in table.texts[max(cols.header_row - 2, 0):cols.header_row + 1]
                              if sum(1 for t in row if t) >= 2}
    walker.first_leads = cols.first_leads or any(vocab.says_first_leads(t) for t in grid.before)
    if start == cols.header_row + 1 and not any(level == 1 for _, level in cols.headings):
        above = heading_above(grid.before + [" ".join(t for t in row if t) for row in table.texts[:cols.header_row]])
        if above:
            walker.set_heading(1, above)  # the table has no category column: the 一、 heading above is it
    for r in range(start or 0, len(table.texts)):
        walker.row(table, r)
    if walker.placer is not None and walker.placer.doubtful:
        cols.findings.append(("rows-not-placed", f"{walker.placer.doubtful} short table rows could not be "
                                                 "placed under the header with confidence"))
    return walker.drafts, cols


def heading_above(lines: list[str], reach: int = 3) -> str | None:
    """The 一、 heading among the last few lines above a table (一、重点工作任务, then perhaps
    an introduction or a note), or None: the category of a table that has no category column."""
    for line in [ln for ln in lines if ln.strip()][-reach:][::-1]:
        level, _, rest = read_enum(line.strip())
        if level == 1 and len(rest) <= 30:
            return heading_text(rest)
    return None


class _Walker:
    """Carries heading state and merged cells down the body rows."""

    def __init__(self, cols: ColumnMap, spans_known: bool, ragged: bool = False):
        self.cols = cols
        self.spans_known = spans_known
        self.heads: list[str | None] = [None, None, None]
        self.drafts: list[Draft] = []
        self.prev_cells: dict[int, str] = {}
        # fixed for the table, so worked out once rather than per row
        self.header = list(cols.header_texts)
        self.header_rows: set[tuple[str, ...]] = set()  # the header's rows as printed (set by grid_drafts)
        self.merge_cols = [c for c in (cols.deadline, cols.channels, *(c for c, _ in cols.units)) if c is not None]
        self.placer = _Placer(cols) if ragged else None
        self.first_leads = False
        self.no_first_leads: set[str] = set()  # unit texts already found to say nothing of it

    def heading(self, text: str, level: int) -> None:
        """Start a group under the heading written in ``text``: at its enumerator's level
        (一、 （一） 1.) when it has one of 1 to 3, else at ``level``."""
        enum_level, heading = read_heading(text)
        self.set_heading(enum_level if 1 <= enum_level <= 3 else level, heading)

    def set_heading(self, level: int, heading: str) -> None:
        if not heading or self.heads[level - 1] == heading:
            return  # a heading repeated at a page break starts no new group
        self.heads[level - 1] = heading
        for deeper in range(level, 3):
            self.heads[deeper] = None

    def row(self, table: _Table, r: int) -> None:
        cols = self.cols
        texts = table.texts[r]
        if len(texts) != cols.width:  # a grid continuing a table of another width
            texts = texts[:cols.width] + [""] * (cols.width - len(texts))
        first = texts[0]
        if not first:
            for first in texts:
                if first:
                    break
            else:
                return  # a blank row
        if texts == self.header or tuple(texts) in self.header_rows:
            return  # a header repeated after a page break, a two-row one too, is no task
        if len(first) <= 5 and first.rstrip("：:") in _SUMMARY_WORDS:
            return  # a 合计 / 备注 row under the tasks is no task
        # one cell across the row (the same cell at both ends): a heading row
        if table.across[r]:
            if cols.width > 1:
                self.heading(texts[0], 1)
                return
        elif self.placer is not None and not table.whole(r):
            texts = self.placer.place(texts)
        # every heading cell covering this row applies, merged ones too: a merged section
        # cell stays in force when the category cell above it changes at a page break
        for c, level in cols.headings:
            if texts[c]:
                self.heading(texts[c], level)
        content = texts[cols.content]
        if not content or (self.spans_known and not table.owns(r, cols.content)):
            return
        own = {c: texts[c] for c in self.merge_cols}
        level, number, rest = read_enum(content)
        if level in (1, 2) and not any(own.values()) and (
                not own or self.spans_known or _reads_as_heading(rest, texts, cols)):
            self.set_heading(level, heading_text(rest))  # a heading written in the content column
            return
        if not self.spans_known and own and not any(own.values()):
            own = self.prev_cells  # all blank: a merge printed once in the row above
            if level in (1, 2) and not any(own.values()):
                self.set_heading(level, heading_text(rest))
                return
        self.prev_cells = own
        seq = (bare_number(texts[cols.seq]) or chinese_number(texts[cols.seq])) if cols.seq is not None else None
        if level in (3, 4) and number and number.isdigit():
            seq = seq or number  # made ASCII digits by pipeline.ascii_number
            content = rest
        elif level:
            content = rest
        # own holds every merge column; a missing column (None) gets None
        deadline, channels = own.get(cols.deadline) or None, own.get(cols.channels)
        units = [(own[c], role) for c, role in cols.units if own.get(c)]
        if not self.first_leads:
            for u, _ in units:
                if "牵头" in u and u not in self.no_first_leads:
                    if vocab.says_first_leads(u):
                        self.first_leads = True  # from this row on (rule 9)
                        break
                    self.no_first_leads.add(u)  # unit cells repeat row after row: test each once
        # positional (content, category, section, item, seq, …): keywords cost twice the call
        self.drafts.append(Draft(content, *self.heads, seq, deadline, channels, units, self.first_leads))


# What opens a table's summary or note row: its first cell is one of these words.
_SUMMARY_WORDS = frozenset(("合计", "总计", "小计", "共计", "备注", "注", "说明", "附注", "填表说明"))


def _reads_as_heading(rest: str, texts: list[str], cols: ColumnMap) -> bool:
    """An 一、/（一） line alone in its row of a text dump (二、管理服务公开): a heading, not a
    task whose merged unit cells were printed once above. A task says more, in sentences."""
    return (len(rest) <= 30 and "。" not in rest.rstrip("。") and "，" not in rest
            and not any(t for c, t in enumerate(texts) if c != cols.content and all(c != h for h, _ in cols.headings)))


class _Placer:
    """Places the cells of a table's short rows by content.

    A row copied off a web page omits the merged cells it shares with the row
    above and may be shifted left and padded at the end. Its cells keep their
    order; one scored alignment over the whole row (dynamic programming over
    cells × columns) gives each cell a column: each cell scores how well it
    suits its column (``column_fit``), a column skipped before the last cell costs
    (nothing for a heading column, whose value the row inherits; a content
    column is never skipped), and ties go to the rightmost placement (the row
    omits its leading headings). One placer serves a whole table and scores
    each (column role, text) pair once.
    """

    def __init__(self, cols: ColumnMap):
        self.cols = cols
        self.roles = _column_roles(cols)
        self.fits: dict[str, dict[str, float]] = {role: {} for role in SKIP_COST}  # role → text → fit
        self.skip = [SKIP_COST[role] for role in self.roles]
        self.doubtful = 0  # short rows placed with a cell in a column it does not suit
        self.shapes: dict[tuple[int, int, int], list[int] | None] = {}  # _right_aligned's columns

    def _fit(self, role: str, text: str) -> float:
        fit = self.fits[role].get(text)
        if fit is None:
            fit = self.fits[role][text] = column_fit(role, text)
        return fit

    def place(self, texts: list[str]) -> list[str]:
        width = self.cols.width
        n = len(texts)
        if n >= width and texts[-1]:
            return texts  # a full row
        while n and not texts[n - 1]:
            n -= 1
        if not n or n >= width:
            return texts
        if sum(1 for t in texts[:n] if t) == 1 and read_enum(texts[n - 1])[0] in (1, 2):
            return texts  # a lone 一、/（一） heading: the walker takes it wherever it stands
        cells = texts[:n]
        columns = self._right_aligned(cells, width - n)
        if columns is None:  # (a right-aligned row has every cell where it fits best)
            columns = self._align(cells)
            if any(self._fit(self.roles[c], t) < 0 for c, t in zip(columns, cells, strict=True) if t):
                self.doubtful += 1  # some cell suits no column it could take
        placed = [""] * width
        for c, t in zip(columns, cells, strict=True):
            placed[c] = t
        return placed

    def _align(self, cells: list[str]) -> list[int]:
        """The columns of ``cells``, strictly increasing, that score best.

        Cell i can stand in columns i … i + slack (slack: the columns the row lacks); the
        table ``best[d]`` holds, for the cells after the current one, the best score with
        the next cell at offset d or further right. (``place`` takes the commonest row,
        leading headings omitted and every cell as at home as a cell can be, without it.)"""
        width, n, roles, skip = self.cols.width, len(cells), self.roles, self.skip
        slack = width - n
        fit = self._fit
        neg = float("-inf")
        best = [0.0] * (slack + 1)  # after the last cell: trailing columns stay blank
        choices: list[list[int]] = []
        for i in range(n - 1, -1, -1):
            text = cells[i]
            row = [neg] * (slack + 2)
            pick = [0] * (slack + 1)
            for d in range(slack, -1, -1):
                c = i + d
                here = (fit(roles[c], text) + 0.001 * c if text else 0.001 * c) + best[d]
                later = row[d + 1] + skip[c] if d < slack else neg
                if here >= later:
                    row[d], pick[d] = here, d
                else:
                    row[d], pick[d] = later, pick[d + 1]
            best = row[:slack + 1]
            choices.append(pick)
        choices.reverse()
        columns, d = [], 0
        for i in range(n):
            d = choices[i][d]
            columns.append(i + d)
        return columns

    def _right_aligned(self, cells: list[str], slack: int) -> list[int] | None:
        """The placement that omits the row's leading columns (keeping a first seq cell
        first), when those are heading columns and every cell fits its column as well as
        any cell could: no other placement can score higher."""
        roles, seq = self.roles, self.cols.seq
        start = 1 if seq == 0 and looks_like_number(cells[0]) else 0
        shape = (start, slack, len(cells))
        columns = self.shapes.get(shape, False)
        if columns is False:  # worked out once per row shape
            columns = self.shapes[shape] = (
                None if any(roles[c] != CATEGORY for c in range(start, start + slack))
                else list(range(start)) + list(range(start + slack, slack + len(cells))))
        if columns is None:
            return None
        fits, ceiling = self.fits, _FIT_CEILING
        for c, text in zip(columns, cells, strict=True):
            if text:
                role = roles[c]
                fit = fits[role].get(text)
                if fit is None:
                    fit = fits[role][text] = column_fit(role, text)
                if fit < ceiling[role]:
                    return None
        return columns


def _column_roles(cols: ColumnMap) -> list[str]:
    roles = [IGNORE] * cols.width
    for c, _ in cols.headings:
        roles[c] = CATEGORY
    roles[cols.content] = CONTENT
    for c, name in ((cols.seq, SEQ), (cols.deadline, DEADLINE), (cols.channels, CHANNELS)):
        if c is not None:
            roles[c] = name
    for c, _ in cols.units:
        roles[c] = UNITS
    return roles


# The best ``column_fit`` a cell can get in each kind of column.
_FIT_CEILING = {SEQ: 3, UNITS: 3, DEADLINE: 3, CONTENT: 2, CATEGORY: 2, CHANNELS: 1, IGNORE: 0}
# What skipping a column before a row's last cell costs: a heading column's value is
# inherited from the rows above; a content column is never skipped.
SKIP_COST = {CATEGORY: 0.0, SEQ: -1.0, UNITS: -1.0, DEADLINE: -1.0, CHANNELS: -0.5, IGNORE: -0.5, CONTENT: -100.0}


def column_fit(role: str, text: str) -> int:
    """How well a cell's text suits a column: positive fits, negative does not."""
    number = looks_like_number(text)
    if role == SEQ:
        return 3 if number else -3
    if number:
        return -3
    if role == UNITS:
        return 3 if looks_like_units(text) and not vocab.names_channel(text) else -2
    if role == DEADLINE:
        return 3 if looks_like_deadline(text) else (-2 if len(text) > 30 else -1)
    if role == CHANNELS:
        if vocab.names_channel(text) and len(text) <= 40:
            return 1
        return 1 if len(text) <= 30 and not looks_like_units(text) else -2
    sentence = text.endswith(("。", "；"))  # a task's sentence, however short; no heading ends so
    if role == CONTENT:
        other = looks_like_units(text) or looks_like_deadline(text) or (not sentence and vocab.names_channel(text)
                                                                        and len(text) <= 20)
        return (2 if len(text) >= 10 or sentence else 0) - (2 if other else 0)
    if role == CATEGORY:
        level = split_enum(text)[0]
        if level in (1, 2):
            return 2
        return -2 if looks_like_units(text) or looks_like_deadline(text) else (-1 if sentence else 0)
    return 0
