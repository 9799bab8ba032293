"""OFD (GB/T 33190, China's fixed-layout format) → Source: a zip of XML read here.

OFD.xml names the document (DocBody/DocRoot), Document.xml lists its pages,
and each page's Content.xml places text (TextObject/TextCode with X, Y and
DeltaX advances) and drawn paths (PathObject with AbbreviatedData) in
millimetres. They become the same glyphs and segments a PDF gives, so the
shared ``layout`` builder makes the tables and paragraphs. The zip gets the
.docx limits: member sizes capped, DTDs and entities refused.
"""
from __future__ import annotations

import posixpath

from gwparse.errors import GwparseError
from gwparse.readers import Source
from gwparse.readers.layout import MAX_PAGES, Glyph, Page, read_pages
from gwparse.readers.limits import open_package, read_member
from gwparse.text import compile_pattern

PT_PER_MM = 72 / 25.4
_NUMBER = compile_pattern(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = compile_pattern(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_ARITY = {"S": 0, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0, "Z": 0}


def read_ofd(data: bytes, name: str) -> Source:
    zf = open_package(data, "OFD.xml", "OFD file")
    root = _xml(zf, "OFD.xml")
    doc_root = next((el.text.strip() for el in root.iter() if _local(el) == "DocRoot" and el.text), None)
    if not doc_root:
        raise GwparseError("not a valid OFD file: OFD.xml names no DocRoot")
    doc_path = _resolve("OFD.xml", doc_root)
    document = _xml(zf, doc_path)
    default_box = _box(document)
    locs = [el.get("BaseLoc") for el in document.iter() if _local(el) == "Page" and el.get("BaseLoc")]
    if not locs:
        raise GwparseError("not a valid OFD file: the document lists no pages")
    if len(locs) > MAX_PAGES:
        raise GwparseError(f"an OFD file of {len(locs):,} pages, over the limit of {MAX_PAGES:,}")
    pages = [_page(_xml(zf, _resolve(doc_path, loc)), default_box) for loc in locs]
    if not any(p.glyphs for p in pages):
        raise GwparseError("an OFD file without text (scanned pages or images only); OCR it first")
    grids, text = read_pages(pages)
    return Source(name=name, container="ofd", text=text, grids=grids)


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _resolve(base: str, loc: str) -> str:
    """A member named by ``loc``: absolute from the package root, else relative to ``base``'s folder."""
    loc = loc.strip().replace("\\", "/")
    path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(posixpath.dirname(base), loc)
    return posixpath.normpath(path)


def _xml(zf, member: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(read_member(zf, member), parser)
    except etree.XMLSyntaxError as e:
        raise GwparseError(f"not a valid OFD file: {member} is damaged ({str(e)[:100]})") from None


def _numbers(text: str | None) -> list[float]:
    return [float(n) for n in _NUMBER.findall(text or "")]


def _box(root) -> tuple[float, float]:
    """Width and height (mm) of the first PhysicalBox under ``root``; A4 when none is given."""
    for el in root.iter():
        if _local(el) == "PhysicalBox" and len(box := _numbers(el.text)) == 4:
            return box[2], box[3]
    return 210.0, 297.0


def _page(root, default_box: tuple[float, float]) -> Page:
    has_box = any(_local(el) == "PhysicalBox" for el in root.iter())
    width, height = _box(root) if has_box else default_box
    glyphs: list[Glyph] = []
    segments: list[tuple[float, float, float, float]] = []
    for el in root.iter():
        kind = _local(el)
        if kind == "TextObject":
            glyphs.extend(_glyphs(el))
        elif kind == "PathObject":
            segments.extend(_segments(el))
    k = PT_PER_MM
    return Page(width * k, height * k,
                [Glyph(g.x0 * k, g.top * k, g.x1 * k, g.bottom * k, g.text, g.size * k) for g in glyphs],
                [(x0 * k, t * k, x1 * k, b * k) for x0, t, x1, b in segments])


def _deltas(text: str | None) -> list[float]:
    """DeltaX advances, with the ``g N d`` shorthand (N times d) expanded."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                out.extend([float(tokens[i + 2])] * min(int(tokens[i + 1]), 100_000))
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(tokens[i]))
        except ValueError:
            pass
        i += 1
    return out


def _glyphs(obj) -> list[Glyph]:
    box = _numbers(obj.get("Boundary"))
    if len(box) != 4:
        return []
    place = _ctm(obj, box)
    scale = place(1.0, 0.0)[0] - place(0.0, 0.0)[0] or 1.0
    size = (_numbers(obj.get("Size")) or [3.5])[0]
    out: list[Glyph] = []
    for code in obj:
        if _local(code) != "TextCode" or not code.text:
            continue
        x = (_numbers(code.get("X")) or [0.0])[0]
        y = (_numbers(code.get("Y")) or [size])[0]
        deltas = _deltas(code.get("DeltaX"))
        for i, ch in enumerate(code.text):
            advance = deltas[i] if i < len(deltas) else (deltas[-1] if deltas else size)
            width = advance if 0 < advance < size else size  # an advance can jump back to another cell
            if not ch.isspace():
                x0, baseline = place(x, y)
                s = size * abs(scale)
                out.append(Glyph(x0, baseline - 0.88 * s, x0 + width * abs(scale), baseline + 0.12 * s, ch, s))
            x += advance
    return out


def _ctm(obj, box: list[float]):
    """Object coordinates → page millimetres: the object's CTM (a b c d e f), then its Boundary's origin."""
    m = _numbers(obj.get("CTM"))
    a, b, c, d, e, f = m if len(m) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return lambda x, y: (box[0] + a * x + c * y + e, box[1] + b * x + d * y + f)


def _segments(obj) -> list[tuple[float, float, float, float]]:
    """The straight horizontal and vertical pieces of a path, in page millimetres."""
    box = _numbers(obj.get("Boundary"))
    data = next((el.text for el in obj if _local(el) == "AbbreviatedData"), None)
    if len(box) != 4 or not data:
        return []
    place = _ctm(obj, box)
    tokens = _PATH_TOKEN.findall(data)
    out: list[tuple[float, float, float, float]] = []
    start = current = None
    i = 0
    while i < len(tokens):
        op = tokens[i]
        arity = _PATH_ARITY.get(op)
        if arity is None:
            i += 1
            continue
        try:
            args = [float(t) for t in tokens[i + 1:i + 1 + arity]]
        except ValueError:
            break
        if len(args) < arity:
            break
        i += 1 + arity
        if op in "MS" and args:
            start = current = place(args[0], args[1])
        elif op == "L" and current is not None:
            point = place(args[0], args[1])
            out.extend(_straight(current, point))
            current = point
        elif op == "C" and current is not None and start is not None:
            out.extend(_straight(current, start))
            current = start
        elif op in "QBA":
            current = place(args[-2], args[-1])
    return out


def _straight(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float, float, float]]:
    (x0, y0), (x1, y1) = a, b
    if abs(y1 - y0) <= 0.2 or abs(x1 - x0) <= 0.2:
        return [(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))]
    return []
