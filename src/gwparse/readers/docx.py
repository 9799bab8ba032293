"""Word .docx → Source: paragraphs outside tables as text, every table as a Grid.

Reads ``word/document.xml`` straight from the zip with lxml rather than through a
.docx library, because the merge information the grid step needs (``w:vMerge``,
``w:gridSpan``, ``w:gridBefore``) is exactly what such libraries flatten away.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass

from lxml import etree

from gwparse.errors import GwparseError
from gwparse.grid import Cell, Grid
from gwparse.readers import Source, limits
from gwparse.readers.limits import (
    check_element_count,
    check_grid_area,
    check_sizes,
    check_table_area,
    has_dtd,
    open_zip,
    read_member,
)
from gwparse.readers.numbering import Numbering, join_label, load_numbering
from gwparse.text import normalize_spaces

MAX_TABLE_DEPTH = 5  # tables nested deeper give their text without structure
_MAIN_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Containers whose children are block content (paragraphs, tables) of the parent.
_BLOCK_WRAPPERS = {"sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"}
# Subtrees with no visible text of the paragraph: properties, deleted text,
# field instructions, text boxes (not read), footnote marks, ruby annotations.
_SKIP = {"pPr", "rPr", "tblPr", "tcPr", "trPr", "sectPr", "del", "moveFrom", "instrText", "delText",
         "txbxContent", "footnoteReference", "endnoteReference", "commentReference", "sdtPr", "sdtEndPr", "rt"}


def read_docx(data: bytes, name: str) -> Source:
    zf = open_zip(data)
    check_sizes(zf)
    part = main_part(zf)
    xml = _member(zf, part)
    root = parse_xml(xml, part)
    ns = etree.QName(root).namespace or _MAIN_NS
    body = root.find(f"{{{ns}}}body")
    if body is None:
        raise GwparseError(f"not a valid .docx: {part} has no document body")
    lines, grids = DocxWalker(ns, _numbering(zf, part, ns)).walk(body)
    return Source(name=name, container="docx", text="\n".join(lines), grids=grids)


def _member(zf, part: str) -> bytes:
    try:
        return read_member(zf, part)
    except GwparseError as e:
        if e.reason.endswith("is missing"):
            raise GwparseError(f"not a valid .docx: {part} is missing") from None
        raise


def _numbering(zf, part: str, ns: str) -> Numbering:
    """List numbering of the document; none when the parts are absent or unreadable."""
    folder = posixpath.dirname(part)
    roots = []
    for name in ("numbering.xml", "styles.xml"):
        path = posixpath.join(folder, name)
        try:
            roots.append(parse_xml(read_member(zf, path), path) if path in zf.namelist() else None)
        except GwparseError:
            roots.append(None)  # the text is still readable without its list numbers
    return load_numbering(roots[0], roots[1], ns)


def main_part(zf) -> str:
    """The main document part named by ``_rels/.rels`` (usually word/document.xml)."""
    default = "word/document.xml"
    try:
        rels = parse_xml(read_member(zf, "_rels/.rels", cap=1024 * 1024), "_rels/.rels")
    except GwparseError:
        return default
    for rel in rels:
        if str(rel.get("Type", "")).endswith("/officeDocument") and rel.get("Target"):
            target = posixpath.normpath(rel.get("Target").lstrip("/"))
            if target in zf.namelist():
                return target
    return default


def parse_xml(xml: bytes, part: str) -> etree._Element:
    """Parse Office XML safely: no DTD, no entities, no network, bounded depth."""
    if has_dtd(xml):
        raise GwparseError(f"not a valid .docx: {part} declares a DOCTYPE/ENTITY, which is refused")
    check_element_count(xml, part)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as e:
        if "Excessive depth" in str(e.msg):  # libxml2's limits without huge_tree, which stays off
            raise GwparseError(f"{part} is nested too deeply to read (over 256 XML levels)") from None
        if "Text node too long" in str(e.msg):
            raise GwparseError(f"{part} holds a single run of text over 10 MB, which is refused") from None
        raise GwparseError(f"not a valid .docx: {part} is not well-formed XML ({e.msg})") from None
    except ValueError as e:
        raise GwparseError(f"not a valid .docx: {part} cannot be parsed ({e})") from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise GwparseError(f"not a valid .docx: {part} declares a DOCTYPE/ENTITY, which is refused")
    return root


@dataclass(slots=True)
class _Placed:
    """A cell at its grid column, before vertical merges are resolved."""

    col: int
    span: int
    text: str
    vmerge: str | None  # None, 'restart' or 'continue'
    row: int = 0
    rowspan: int = 1


class DocxWalker:
    """Walks a document body in order; knows the namespace of this file."""

    def __init__(self, ns: str, numbering: Numbering | None = None):
        self.ns = ns
        self.numbering = numbering or Numbering()

    def local(self, el) -> str:
        tag = el.tag
        if not isinstance(tag, str):
            return ""
        if tag.startswith("{"):
            uri, _, name = tag[1:].partition("}")
            return name if uri == self.ns else f"{{{uri}}}{name}"
        return tag

    def val(self, el, child: str) -> str | None:
        """``w:val`` of a child property element; '' when present without a value."""
        found = el.find(f"{{{self.ns}}}{child}")
        if found is None:
            return None
        return found.get(f"{{{self.ns}}}val", "")

    # -- block level -------------------------------------------------------------

    def blocks(self, container):
        """Paragraphs and tables of a container in order, through sdt/customXml wrappers."""
        return ((tag, el) for tag, el in self._flat(container) if tag in ("p", "tbl"))

    def walk(self, body) -> tuple[list[str], list[Grid]]:
        lines: list[str] = []
        grids: list[Grid] = []
        since_table: list[str] = []
        for tag, el in self.blocks(body):
            if tag == "p":
                new = split_lines(self.paragraph_text(el))
                lines.extend(new)
                since_table.extend(new)
            else:
                rows = self.table_rows(el, depth=1)
                if rows:
                    grids.append(Grid(rows, spans_known=True, before=since_table))
                    since_table = []
        return lines, grids

    # -- paragraphs ----------------------------------------------------------------

    def paragraph_text(self, p) -> str:
        parts: list[str] = []
        stack = [iter(p)]
        while stack:
            el = next(stack[-1], None)
            if el is None:
                stack.pop()
                continue
            tag = self.local(el)
            if tag == "t":
                parts.append(el.text or "")
            elif tag == "tab" or tag == "ptab":
                parts.append(" ")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
            elif tag in _SKIP or tag == f"{{{_MC_NS}}}Fallback":
                continue
            elif len(el):
                stack.append(iter(el))
        return normalize_spaces(join_label(self.list_label(p), "".join(parts)))

    def list_label(self, p) -> str:
        """The automatic list number Word shows before this paragraph, if any."""
        w = f"{{{self.ns}}}"
        ppr = p.find(f"{w}pPr")
        if ppr is None or not self.numbering.nums:
            return ""
        num_pr = ppr.find(f"{w}numPr")
        num_id = ilvl = None
        if num_pr is not None:
            num_id = self.val(num_pr, "numId")
            level = self.val(num_pr, "ilvl")
            ilvl = _int(level) if level is not None else None
        return self.numbering.paragraph_label(num_id, ilvl, self.val(ppr, "pStyle"))

    # -- tables ----------------------------------------------------------------------

    def table_rows(self, tbl, depth: int) -> list[list[Cell]]:
        placed_rows: list[list[_Placed]] = []
        width = 0
        for tr in self.children(tbl, "tr"):
            placed_rows.append(row := self.place_row(tr, depth))
            # refused as soon as the rows so far are too many positions, not after reading them all
            width = max(width, row[-1].col + row[-1].span if row else 0)
            check_table_area(width * len(placed_rows), "a Word table")
        return resolve_merges(placed_rows)

    def children(self, el, want: str):
        """Children named ``want``, looking through sdt/customXml wrappers."""
        for tag, child in self._flat(el):
            if tag == want:
                yield child

    def _flat(self, el):
        stack = [iter(el)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            tag = self.local(child)
            if tag in _BLOCK_WRAPPERS:
                stack.append(iter(child))
            else:
                yield tag, child

    def place_row(self, tr, depth: int) -> list[_Placed]:
        cells: list[_Placed] = []
        col = 0
        tr_pr = tr.find(f"{{{self.ns}}}trPr")
        before = min(_int(self.val(tr_pr, "gridBefore")), limits.MAX_SPAN) if tr_pr is not None else 0
        if before > 0:
            cells.append(_Placed(0, before, "", None))
            col = before
        for tc in self.children(tr, "tc"):
            tc_pr = tc.find(f"{{{self.ns}}}tcPr")
            span, vmerge, hmerge = 1, None, None
            if tc_pr is not None:
                span = min(max(1, _int(self.val(tc_pr, "gridSpan"), 1)), limits.MAX_SPAN)
                vm = self.val(tc_pr, "vMerge")
                vmerge = None if vm is None else ("restart" if vm == "restart" else "continue")
                hm = self.val(tc_pr, "hMerge")
                hmerge = None if hm is None else ("restart" if hm == "restart" else "continue")
            if hmerge == "continue" and cells:  # legacy horizontal merge: widen the cell to the left
                cells[-1].span += span
            else:
                cells.append(_Placed(col, span, self.cell_text(tc, depth), vmerge))
            col += span
        return cells

    def cell_text(self, tc, depth: int) -> str:
        lines: list[str] = []
        for tag, el in self.blocks(tc):
            if tag == "p":
                lines.extend(split_lines(self.paragraph_text(el)))
            elif depth < MAX_TABLE_DEPTH:
                for row in self.table_rows(el, depth + 1):
                    lines.extend(line for cell in row for line in split_lines(cell.text))
            else:
                lines.extend(split_lines(self.flat_text(el)))
        return "\n".join(lines)

    def flat_text(self, el) -> str:
        """All text under an element, one line per paragraph (for over-deep nesting)."""
        out = []
        for p in el.iter(f"{{{self.ns}}}p"):
            out.append("".join(t.text or "" for t in p.iter(f"{{{self.ns}}}t")))
        return normalize_spaces("\n".join(out))


def resolve_merges(placed_rows: list[list[_Placed]]) -> list[list[Cell]]:
    """Turn vMerge restart/continue into rowspans; fill column gaps with empty cells.

    A continue cell extends the cell that starts in the same grid column in the
    row above (if that cell reached the row above); it is not emitted itself.
    """
    last_at: dict[int, _Placed] = {}
    starts: list[list[_Placed]] = []
    for r, row in enumerate(placed_rows):
        mine: list[_Placed] = []
        for cell in row:
            owner = last_at.get(cell.col)
            if cell.vmerge == "continue" and owner is not None and owner.row + owner.rowspan == r:
                owner.rowspan += 1
                continue
            cell.row = r
            mine.append(cell)
            last_at[cell.col] = cell
        starts.append(mine)
    # column intervals each row is covered by from merges above
    covered: list[list[tuple[int, int]]] = [[] for _ in starts]
    for row in starts:
        for cell in row:
            for rr in range(cell.row + 1, cell.row + cell.rowspan):
                covered[rr].append((cell.col, cell.col + cell.span))
    out = [fill_gaps(row, covered[r]) for r, row in enumerate(starts)]
    if not any(cell.text for row in out for cell in row):
        return []
    check_grid_area(out, "a Word table")
    return out


def fill_gaps(row: list[_Placed], covered: list[tuple[int, int]]) -> list[Cell]:
    """The row's cells left to right, with an empty cell wherever nothing covers a column."""
    spans = sorted([(c.col, c.col + c.span, c) for c in row] + [(a, b, None) for a, b in covered],
                   key=lambda x: (x[0], x[1]))
    cells: list[Cell] = []
    reached = 0
    for start, end, cell in spans:
        if start > reached:
            cells.append(Cell("", 1, start - reached))
        if cell is not None:
            cells.append(Cell(cell.text, cell.rowspan, cell.span))
        reached = max(reached, end)
    return cells


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _int(value: str | None, default: int = 0) -> int:
    try:
        return min(int(value), 10_000) if value not in (None, "") else default
    except ValueError:
        return default
