"""HTML page → Source: block text outside data tables, and every <table> as a Grid.

The page's own charset declaration (``<meta charset>``) decides the decoding,
because Chinese government sites still serve GBK pages; site chrome (nav,
footer, scripts, share bars) is dropped so the prose a notice is made of comes
out one paragraph per line.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Callable

import lxml.html
from lxml import etree

from gwparse.errors import GwparseError
from gwparse.grid import Cell, Grid
from gwparse.readers import Source, limits
from gwparse.readers.decode import decode_text, is_text_codec
from gwparse.readers.limits import check_grid_area
from gwparse.text import compile_pattern, normalize_spaces

_DROP_TAGS = {"script", "style", "nav", "noscript", "template", "iframe", "select", "button", "object",
              "embed", "svg", "head", "textarea"}
_CHROME_TAGS = {"header", "footer"}  # page chrome, unless part of an article
_CHROME_CLASS = compile_pattern(r"^(?:nav|navbar|breadcrumbs?|crumbs?|footer|share|sharebar)$", re.I)
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
          "td", "th", "thead", "tbody", "tfoot", "caption", "blockquote", "pre", "section", "article", "aside",
          "main", "address", "figure", "figcaption", "form", "fieldset", "center", "hr", "body", "html"}
_WESTERN = {"ascii", "iso8859-1", "latin-1", "cp1252"}  # often declared by pages that are really GBK
_META_CHARSET = compile_pattern(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_ENCODING = compile_pattern(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:-]+)""", re.I)
_XML_DECL = compile_pattern(r"^\s*<\?xml[^>]*>")
# An XHTML page's DOCTYPE with an internal subset (<!DOCTYPE html [ <!ENTITY …> ]>): the HTML
# parser neither reads nor expands it, but would show its tail "]>" as page text.
_DOCTYPE_SUBSET = compile_pattern(r"\s*<!DOCTYPE[^>\[]*\[", re.I)
_SUBSET_END = compile_pattern(r"\]\s*>")
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019"
_SOFT_WRAP = compile_pattern(f"(?<=[{_WIDE}])\n(?=[{_WIDE}])")


def read_html(data: bytes, name: str, *, encoding: str | None = None) -> Source:
    text, used = decode_html(data, encoding)
    root = parse_html(text)
    drop_chrome(root)
    body = root.find("body")
    page = body if body is not None else root
    lines, table_at = page_lines(page)
    grids: list[Grid] = []
    prev = 0
    tables = list(page.iter("table"))
    deep = holding_deep_tables(tables)
    for table in tables:
        rows = table_rows(table) if table not in deep else []
        if not rows:
            continue
        at = table_at.get(table)
        before: list[str] = []
        if at is not None:
            before, prev = lines[prev:at], at
        before += [line for cap in table.findall("caption") for line in element_lines(cap)]
        grids.append(Grid(rows, spans_known=True, before=before))
    with_tables = "\n".join(all_lines(page)) if grids else ""
    return Source(name=name, container="html", text="\n".join(lines), grids=grids, encoding=used,
                  text_with_tables=with_tables)


# -- decoding and parsing -------------------------------------------------------------


def decode_html(data: bytes, encoding: str | None) -> tuple[str, str]:
    """Decode with the user's encoding, else a BOM, else the page's declared charset."""
    if encoding:
        return decode_text(data, encoding)
    declared = declared_charset(data)
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if not data.isascii() and is_utf8(data):
            return decode_text(data, "utf-8")  # valid UTF-8 is never an accident; the meta tag is stale
        western = codecs.lookup(declared).name in _WESTERN
        if not western:
            try:
                return decode_text(data, declared)
            except GwparseError:
                pass  # the page lies about its charset; sniff instead
        try:
            return decode_text(data, None)
        except GwparseError:
            if western:
                return decode_text(data, declared)
            raise
    return decode_text(data, None)


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def declared_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore")
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    return name if is_text_codec(info) else None


MAX_ATTRIBUTES = 1000  # of one tag; libxml2 checks each new attribute against all before it
_LONG_TAG = compile_pattern(r"<[A-Za-z][^<>]{16384,}>")  # only a long tag can hold many attributes


def check_attributes(text: str) -> None:
    """Refuse a tag with thousands of attributes before lxml spends minutes on it (200,000: quadratic)."""
    for m in _LONG_TAG.finditer(text):
        if (count := m.group().count("=")) > MAX_ATTRIBUTES:
            raise GwparseError(f"an HTML tag with {count:,} attributes, over the limit of {MAX_ATTRIBUTES:,}")


# C0 controls but TAB, LF, FF and CR: no HTML text holds them, and lxml refuses some in a tree.
_CONTROLS = compile_pattern("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def parse_html(text: str) -> etree._Element:
    check_attributes(text)
    text = _CONTROLS.sub("", text)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  huge_tree=False, recover=True, default_doctype=False)
    try:
        root = lxml.html.document_fromstring(drop_doctype_subset(_XML_DECL.sub("", text, count=1)), parser=parser)
    except etree.ParserError:
        raise GwparseError("an HTML page with no content") from None
    except (etree.XMLSyntaxError, ValueError) as e:
        raise GwparseError(f"HTML that cannot be parsed ({e})") from None
    for err in parser.error_log:
        if "Excessive depth" in err.message or err.type_name == "ERR_RESOURCE_LIMIT":
            raise GwparseError("HTML nested too deeply (over 256 levels); cannot read it all")
    return root


def drop_doctype_subset(text: str) -> str:
    """The page without a leading DOCTYPE that declares entities; they are never expanded."""
    start = _DOCTYPE_SUBSET.match(text)
    if start is None:
        return text
    end = _SUBSET_END.search(text, start.end())
    return text[end.end():] if end else ""


def drop_chrome(root: etree._Element) -> None:
    """Remove scripts, navigation, headers/footers and share bars (keeping their tails)."""
    doomed = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP_TAGS:
            doomed.append(el)
        elif tag in _CHROME_TAGS and next(el.iterancestors("article"), None) is None:
            doomed.append(el)
        elif any(_CHROME_CLASS.match(tok) for tok in f"{el.get('class', '')} {el.get('id', '')}".split()):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


# -- text ------------------------------------------------------------------------------


class LineBuilder:
    """Collects text pieces; a block boundary or <br> ends the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pieces: list[str] = []

    def add(self, text: str | None, pre: bool = False) -> None:
        if not text:
            return
        if pre:
            first, *rest = text.split("\n")
            self.pieces.append(first.replace("\t", " "))
            for line in rest:
                self.end_line()
                self.pieces.append(line.replace("\t", " "))
        else:
            self.pieces.append(re.sub(r"[ \t\r\f\v]+", " ", re.sub(r"\s*\n\s*", "\n", text)))

    def end_line(self) -> None:
        if self.pieces:
            line = _SOFT_WRAP.sub("", "".join(self.pieces)).replace("\n", " ")
            line = normalize_spaces(line).strip()
            if line:
                self.lines.append(re.sub(r" {2,}", " ", line))
            self.pieces = []


def walk(start: etree._Element, out: LineBuilder,
         skip_table: Callable[[etree._Element], bool] | None = None,
         seen_table: Callable[[etree._Element], None] | None = None) -> None:
    """Depth-first, without recursion: block elements and <br> break lines.

    ``skip_table(table)`` true leaves that table out (its tail still counts);
    ``seen_table(table)`` is told where each table starts in the line flow.
    """
    stack: list[tuple[etree._Element, bool, bool]] = [(start, False, False)]  # (el, exiting, in_pre)
    while stack:
        el, exiting, pre = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if exiting:
            if tag in _BLOCK:
                out.end_line()
            if el is not start:
                out.add(el.tail, pre)
            continue
        if tag == "br":
            out.end_line()
            out.add(el.tail, pre)
            continue
        if tag == "table":
            out.end_line()
            if seen_table:
                seen_table(el)
            if skip_table and el is not start and skip_table(el):
                out.add(el.tail, pre)
                continue
        if tag in _BLOCK:
            out.end_line()
        inner_pre = pre or tag == "pre"
        out.add(el.text, inner_pre)
        stack.append((el, True, pre))
        stack.extend((child, False, inner_pre) for child in reversed(el))


def page_lines(page: etree._Element) -> tuple[list[str], dict[etree._Element, int]]:
    """Block text outside data tables, and the line count where each table starts."""
    out = LineBuilder()
    table_at: dict[etree._Element, int] = {}
    walk(page, out, skip_table=lambda t: not is_layout_table(t),
         seen_table=lambda t: table_at.setdefault(t, len(out.lines)))
    out.end_line()
    return out.lines, table_at


def all_lines(page: etree._Element) -> list[str]:
    """Block text with every table's text in its place, a cell's paragraphs on lines of their own."""
    out = LineBuilder()
    walk(page, out)
    out.end_line()
    return out.lines


# A table holding tables nested over this deep in it is page layout: it gets no grid of its own.
MAX_TABLE_DEPTH = 2


def holding_deep_tables(tables: list[etree._Element]) -> set[etree._Element]:
    """Tables holding tables nested over ``MAX_TABLE_DEPTH`` deep: layout, not data. Their cells'
    text repeats everything nested in them, and reading each of 80 nested tables around 3 million
    characters would copy the text 80 times; the inner tables are still read."""
    deep: set[etree._Element] = set()
    for table in tables:
        for level, outer in enumerate(table.iterancestors("table"), 1):
            if level > MAX_TABLE_DEPTH:
                deep.add(outer)
    return deep


def is_layout_table(table: etree._Element) -> bool:
    """A table used for page layout: it holds other tables, or has one column only."""
    if any(True for _ in table.iterdescendants("table")):
        return True
    return all(len(_cells(tr)) <= 1 for tr in _rows(table))


def element_lines(el: etree._Element) -> list[str]:
    out = LineBuilder()
    walk(el, out)
    out.end_line()
    return out.lines


# -- tables ----------------------------------------------------------------------------


def _rows(table: etree._Element) -> list[etree._Element]:
    head, body, foot = [], [], []
    for child in table:
        if child.tag == "tr":
            body.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            (head if child.tag == "thead" else foot if child.tag == "tfoot" else body).extend(
                tr for tr in child if tr.tag == "tr")
    return head + body + foot


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if c.tag in ("td", "th")]


def table_rows(table: etree._Element) -> list[list[Cell]]:
    """This table's rows (not nested tables'), with spans clipped to the table."""
    trs = _rows(table)
    rows: list[list[Cell]] = []
    for r, tr in enumerate(trs):
        left = len(trs) - r
        row = []
        for td in _cells(tr):
            rowspan = _span(td.get("rowspan"))
            rowspan = left if rowspan == 0 else min(rowspan, left)
            colspan = max(1, _span(td.get("colspan")))
            row.append(Cell("\n".join(element_lines(td)), rowspan, colspan))
        rows.append(row)
    if not any(cell.text for row in rows for cell in row):
        return []
    check_grid_area(rows, "an HTML table")
    return rows


def _span(value: str | None) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return min(int(m.group(1)[:9]), limits.MAX_SPAN) if m else 1
