"""Positioned text and ruling lines → Grids and paragraphs, for PDF and OFD alike.

A page-description format knows no tables or paragraphs, only glyphs at
positions and lines drawn between them. A ruled table is rebuilt from its
lines: the distinct line positions cut the table into elementary boxes, boxes
not separated by a drawn line belong to one (merged) cell, so rowspans and
colspans are real. A table continued on the next page is joined to its first
part (its repeated header row dropped, a row split by the page break joined
back), and running headers, footers and page numbers are removed before the
text outside tables is cut into paragraphs by indent, line length and size.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from gwparse.errors import GwparseError
from gwparse.grid import Cell, Grid
from gwparse.readers.limits import check_grid_area
from gwparse.text import compile_pattern, normalize_spaces

SNAP = 3.0  # points: line positions closer than this are one line
MAX_SEGMENTS = 5000  # ruling lines of one page; more is a drawing, not a table
MAX_GLYPHS = 200_000  # glyphs of one page
MAX_PAGES = 2000  # pages of one document
_TERMINAL = tuple("。！？；!?;")
_FRESH = compile_pattern(r"\s*(?:\d{1,3}\s*[.．、]|\d{1,3}\s*$|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．])")
_PAGE_NUMBER = compile_pattern(r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／共]\s*\d{1,4}\s*页?)?[-—–－\s]*$|"
                          r"^(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)
_NO_LINE_START = frozenset("、，。；：！？）》」』”’,.;:!?)")
_LATIN = compile_pattern(r"[A-Za-z0-9]")


@dataclass(slots=True)
class Glyph:
    """A character placed on a page (top-down coordinates, points)."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float


@dataclass(slots=True)
class Page:
    """One page: its glyphs and ruling segments (x0, top, x1, bottom), top-down coordinates."""

    width: float
    height: float
    glyphs: list[Glyph]
    segments: list[tuple[float, float, float, float]]


Line = Glyph  # a line of text: the box around its glyphs, their text, the largest type size


@dataclass(slots=True)
class _Box:
    """A cell of a table in progress: rows and columns by index, its text lines."""

    r0: int
    r1: int
    c0: int
    c1: int
    text: str
    # Room left (in ems) on the last line when the text runs into the bottom edge, where a page
    # break may have cut it; None when it ends higher up.
    room: float | None = None


@dataclass(slots=True)
class _Table:
    page: int
    top: float
    bottom: float
    xs: list[float]
    nrows: int
    boxes: list[_Box]
    before: list[str] = field(default_factory=list)


def read_pages(pages: list[Page]) -> tuple[list[Grid], str]:
    """The grids and the paragraphs (one per line of the text) of a document's pages."""
    tables: list[_Table] = []
    lines: list[tuple[int, Line]] = []
    for number, page in enumerate(pages):
        if len(page.glyphs) > MAX_GLYPHS:
            raise GwparseError(f"page {number + 1} has {len(page.glyphs):,} glyphs, over the limit of {MAX_GLYPHS:,}")
        found, rest = page_tables(page, number)
        tables.extend(found)
        lines.extend((number, ln) for ln in text_lines(rest))
    body = drop_running_lines(lines, pages)
    joined = join_across_pages(tables, body)
    paragraphs_before: list[list[str]] = []
    outside: list[tuple[int, Line]] = []
    grids: list[Grid] = []
    k = 0
    for table in joined:
        ahead = [(p, ln) for p, ln in body[k:] if (p, ln.top) < (table.page, table.top)]
        k += len(ahead)
        outside.extend(ahead)
        paragraphs_before.append(paragraphs(ahead))
        grids.append(to_grid(table))
    outside.extend(body[k:])
    for grid, before in zip(grids, paragraphs_before, strict=True):
        grid.before = before
    return grids, "\n".join(paragraphs(outside))


# --- tables from ruling lines -------------------------------------------------------------------


def page_tables(page: Page, number: int) -> tuple[list[_Table], list[Glyph]]:
    """The ruled tables of a page and the glyphs outside them."""
    segs = page.segments if len(page.segments) <= MAX_SEGMENTS else []
    hs = [(round((t + b) / 2, 1), x0, x1) for x0, t, x1, b in segs if b - t <= 2.5 and x1 - x0 > SNAP]
    vs = [(round((x0 + x1) / 2, 1), t, b) for x0, t, x1, b in segs if x1 - x0 <= 2.5 and b - t > SNAP]
    tables: list[_Table] = []
    claimed: list[tuple[float, float, float, float]] = []
    for group_h, group_v in _groups(hs, vs):
        table = _table(group_h, group_v, page, number)
        if table is not None:
            tables.append(table[0])
            claimed.append(table[1])
    tables.sort(key=lambda t: t.top)
    rest = [g for g in page.glyphs
            if not any(x0 <= (g.x0 + g.x1) / 2 <= x1 and t <= (g.top + g.bottom) / 2 <= b for x0, t, x1, b in claimed)]
    return tables, rest


def _groups(hs, vs):
    """Horizontal and vertical segments grouped by touching: one group per table."""
    parent = list(range(len(hs) + len(vs)))  # horizontals first, then verticals

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(vs)), key=lambda j: vs[j][0])
    xs = [vs[j][0] for j in order]
    for i, (y, x0, x1) in enumerate(hs):
        for k in range(bisect.bisect_left(xs, x0 - SNAP), bisect.bisect_right(xs, x1 + SNAP)):
            j = order[k]
            if vs[j][1] - SNAP <= y <= vs[j][2] + SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, s in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(s)
    for j, s in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(s)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def _covers(segs, pos: float, at: float) -> bool:
    """Is there a segment on line ``pos`` passing through ``at``?"""
    return any(abs(p - pos) <= SNAP and a - SNAP <= at <= b + SNAP for p, a, b in segs)


def _table(hs, vs, page: Page, number: int):
    # Some writers leave the border off at a page break: the lines crossing it then give the edge.
    ends_y = [min(v[1] for v in vs), max(v[2] for v in vs)]
    ends_x = [min(h[1] for h in hs), max(h[2] for h in hs)]
    xs, ys = _cluster([v[0] for v in vs] + ends_x), _cluster([h[0] for h in hs] + ends_y)
    if len(xs) < 2 or len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(nc):
            xmid = (xs[c] + xs[c + 1]) / 2
            if c + 1 < nc and not _covers(vs, xs[c + 1], ymid):
                parent[find(r * nc + c)] = find(r * nc + c + 1)
            if r + 1 < nr and not _covers(hs, ys[r + 1], xmid):
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    spans: dict[int, list[int]] = {}
    for i in range(nr * nc):
        r, c = divmod(i, nc)
        s = spans.setdefault(find(i), [r, r, c, c])
        s[0], s[1], s[2], s[3] = min(s[0], r), max(s[1], r), min(s[2], c), max(s[3], c)
    owner = {}
    for root, (r0, r1, c0, c1) in spans.items():
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                owner.setdefault((r, c), root)
    inside: dict[int, list[Glyph]] = {}
    for g in page.glyphs:
        cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        if xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]:
            c = min(bisect.bisect_right(xs, cx) - 1, nc - 1)
            r = min(bisect.bisect_right(ys, cy) - 1, nr - 1)
            inside.setdefault(owner[(r, c)], []).append(g)
    boxes = []
    for root, (r0, r1, c0, c1) in spans.items():
        lines = [ln for ln in text_lines(inside.get(root, [])) if ln.text]
        end = lines[-1] if lines else None
        room = (xs[c1 + 1] - end.x1) / end.size if end and end.bottom >= ys[r1 + 1] - 2.5 * end.size else None
        boxes.append(_Box(r0, r1, c0, c1, cell_text(lines, xs[c1 + 1]), room))
    boxes.sort(key=lambda b: (b.r0, b.c0))
    return _Table(number, ys[0], ys[-1], xs, nr, boxes), (xs[0], ys[0], xs[-1], ys[-1])


# --- text lines and paragraphs ---------------------------------------------------------------------


def text_lines(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs grouped into lines (by vertical centre), each read left to right."""
    out: list[Line] = []
    current: list[Glyph] = []
    centre = 0.0
    for g in sorted(glyphs, key=lambda g: ((g.top + g.bottom) / 2, g.x0)):
        mid = (g.top + g.bottom) / 2
        if current and abs(mid - centre) > max(g.size, current[0].size) * 0.45:
            out.append(_line(current))
            current = []
        if not current:
            centre = mid
        current.append(g)
    if current:
        out.append(_line(current))
    return out


def _line(glyphs: list[Glyph]) -> Line:
    glyphs.sort(key=lambda g: g.x0)
    parts: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None and g.text == prev.text and abs(g.x0 - prev.x0) < 0.3 * g.size:
            continue  # the same character drawn twice, a little offset: a writer's fake bold
        if prev is not None and g.x0 - prev.x1 > 0.3 * g.size and parts and not parts[-1].endswith(" ") \
                and _LATIN.match(prev.text[-1:]) and _LATIN.match(g.text[:1]):
            parts.append(" ")
        parts.append(g.text)
        prev = g
    text = normalize_spaces("".join(parts)).strip()
    return Line(glyphs[0].x0, min(g.top for g in glyphs), max(g.x1 for g in glyphs),
                max(g.bottom for g in glyphs), text, max(g.size for g in glyphs))


def _join(a: str, b: str) -> str:
    """Two pieces of one wrapped paragraph: a space only between Latin words."""
    if a and b and _LATIN.match(a[-1]) and _LATIN.match(b[0]):
        return f"{a} {b}"
    return a + b


def cell_text(lines: list[Line], right: float) -> str:
    """A cell's lines: wrapped lines joined; after a short line, one that ended a sentence or
    before one that opens with a number, a new paragraph."""
    paras: list[str] = []
    short_end = True  # the line before was short and ended a sentence; True before the first
    short = False
    for ln in lines:
        if not ln.text:
            continue
        if paras and not short_end and not (short and _FRESH.match(ln.text)):
            paras[-1] = _join(paras[-1], ln.text)
        else:
            paras.append(ln.text)
        short = ln.x1 < right - 2.2 * ln.size
        short_end = short and ln.text.endswith(_TERMINAL)
    return "\n".join(paras)


def paragraphs(lines: list[tuple[int, Line]]) -> list[str]:
    """Lines outside tables cut into paragraphs: a break before an indented line, after a
    short one, at a change of type size or a wide gap."""
    if not lines:
        return []
    body_size = Counter(round(ln.size) for _, ln in lines).most_common(1)[0][0]
    body = [ln for _, ln in lines if round(ln.size) == body_size]  # the text block, without titles
    lefts = Counter(round(ln.x0) for ln in body)
    left = min(x for x, n in lefts.items() if n >= max(lefts.values()) / 3)
    rights = sorted(ln.x1 for ln in body)
    right = rights[int(len(rights) * 0.9)]
    out: list[str] = []
    prev: tuple[int, Line] | None = None
    for page, ln in lines:
        if not ln.text:
            continue
        if prev is not None and not _breaks(prev, (page, ln), left, right):
            out[-1] = _join(out[-1], ln.text)
        else:
            out.append(ln.text)
        prev = (page, ln)
    return out


def _breaks(prev: tuple[int, Line], cur: tuple[int, Line], left: float, right: float) -> bool:
    (p0, a), (p1, b) = prev, cur
    if abs(a.size - b.size) > 0.6 or b.x0 > left + 1.2 * b.size or a.x1 < right - 2.2 * a.size:
        return True
    return p0 == p1 and b.top - a.bottom > 1.2 * max(a.size, b.size)


def drop_running_lines(lines: list[tuple[int, Line]], pages: list[Page]) -> list[tuple[int, Line]]:
    """Without running headers, footers and page numbers: lines near a page's top or bottom
    edge that are a page number, or that recur at the same place on several pages."""
    def band(page: int, ln: Line) -> bool:
        h = pages[page].height
        return ln.bottom < 0.12 * h or ln.top > 0.88 * h

    def key(ln: Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", ln.text.replace(" ", "")), round(ln.top / 4)

    recurring = Counter(key(ln) for page, ln in {(p, key(ln)): (p, ln) for p, ln in lines if band(p, ln)}.values())
    many = 2 if len(pages) <= 3 else 3
    return [(p, ln) for p, ln in lines
            if not (band(p, ln) and (_PAGE_NUMBER.match(ln.text) or recurring[key(ln)] >= min(many, len(pages))
                                     and len(pages) > 1))]


# --- tables continued across pages -------------------------------------------------------------


def join_across_pages(tables: list[_Table], body: list[tuple[int, Line]]) -> list[_Table]:
    """Tables continued on the next page joined to their first part."""
    out: list[_Table] = []
    for table in tables:
        last = out[-1] if out else None
        if last is not None and _continues(last, table, body):
            _append(last, table)
        else:
            out.append(table)
    return out


def _continues(a: _Table, b: _Table, body: list[tuple[int, Line]]) -> bool:
    if b.page != a.page + 1 or abs(a.xs[0] - b.xs[0]) > SNAP or abs(a.xs[-1] - b.xs[-1]) > SNAP:
        return False
    between = [ln for p, ln in body if (p == a.page and ln.top > a.bottom) or (p == b.page and ln.bottom < b.top)]
    return not between


def _row(t: _Table, r: int) -> list[tuple[float, float, str]]:
    return [(t.xs[x.c0], t.xs[x.c1 + 1], x.text.replace(" ", "")) for x in t.boxes if x.r0 == r]


def _same_row(a: list[tuple[float, float, str]], b: list[tuple[float, float, str]]) -> bool:
    return len(a) == len(b) and all(abs(p[0] - q[0]) <= SNAP and abs(p[1] - q[1]) <= SNAP and p[2] == q[2]
                                    for p, q in zip(a, b, strict=True))


def _append(a: _Table, b: _Table) -> None:
    """Join ``b`` (the part on the next page) onto ``a``, in place."""
    drop = 0
    while drop < min(3, a.nrows, b.nrows) and _row(b, drop) and _same_row(_row(a, drop), _row(b, drop)):
        drop += 1
    if drop and any(x.r0 < drop <= x.r1 for x in b.boxes):
        drop = 0  # the header's last row spans into the body: not a repeated header
    xs = _cluster(a.xs + b.xs)

    def col(t: _Table, c: int) -> int:
        return min(range(len(xs)), key=lambda i: abs(xs[i] - t.xs[c]))

    for x in a.boxes:
        x.c0, x.c1 = col(a, x.c0), col(a, x.c1 + 1) - 1
    moved = [_Box(x.r0 - drop + a.nrows, x.r1 - drop + a.nrows, col(b, x.c0), col(b, x.c1 + 1) - 1, x.text, x.room)
             for x in b.boxes if x.r0 >= drop]
    last = a.nrows - 1
    top = sorted((x for x in moved if x.r0 == a.nrows), key=lambda x: x.c0)
    joins: list[tuple[_Box, _Box]] = []
    fresh: list[_Box] = []  # cells the page's first row starts anew
    for x in top:
        ys = [y for y in a.boxes if y.r0 <= last <= y.r1 and y.c0 <= x.c1 and x.c0 <= y.c1]
        y = ys[0] if len(ys) == 1 and (ys[0].c0, ys[0].c1) == (x.c0, x.c1) else None
        # A cell inside the rows of a new cell to its left starts anew too: text in it is its own,
        # and a blank one is empty, unless the cell above is a merge already.
        inside_new = any(f.r1 > x.r1 or (f.r1 == x.r1 and x.text) for f in fresh)
        if x.text and (y is None or inside_new or not _cut_off(y, x)):
            fresh.append(x)
        elif y is not None and (x.text or y.r0 < last or not inside_new):
            joins.append((y, x))
    for y, x in joins:
        y.r1 = x.r1
        y.text = _join(y.text, x.text)
        y.room = x.room
        moved.remove(x)
    a.boxes.extend(moved)
    a.xs = xs
    a.nrows += b.nrows - drop
    a.page, a.bottom = b.page, b.bottom


def _cut_off(above: _Box, below: _Box) -> bool:
    """Does ``below`` (first on its page) continue the text of ``above``, cut by the page break?"""
    if not above.text or above.room is None or above.text.endswith(_TERMINAL) or _FRESH.match(below.text):
        return False
    # a line is full but for its padding, or short by the character pulled down to stay with
    # the punctuation that may not start a line (门” 、)
    return above.room < 2.2 or (above.room < 3.6 and below.text[1:2] in _NO_LINE_START)


def to_grid(t: _Table) -> Grid:
    """The table as a Grid, one row per distinct cell top (rows no cell starts in are dropped)."""
    starts = sorted({x.r0 for x in t.boxes})
    index = {r: i for i, r in enumerate(starts)}
    cols = sorted({x.c0 for x in t.boxes} | {x.c1 + 1 for x in t.boxes})
    cindex = {c: i for i, c in enumerate(cols)}
    rows: list[list[Cell]] = [[] for _ in starts]
    for x in sorted(t.boxes, key=lambda x: (x.r0, x.c0)):
        r1 = bisect.bisect_right(starts, x.r1) - 1
        rows[index[x.r0]].append(Cell(x.text, r1 - index[x.r0] + 1, cindex[x.c1 + 1] - cindex[x.c0]))
    check_grid_area(rows, "a PDF/OFD table")
    return Grid(rows, spans_known=True)
