"""Real PDF and OFD files built in code, from one description of ruled pages.

A page is a list of cells (box in points from the top-left, lines of text) and
of free text lines. The PDF uses the predefined CJK font STSong-Light with the
UniGB-UTF16-H encoding, so no font file is needed and every character maps to
Unicode; the OFD is the zip of XML a GB/T 33190 writer makes. Each character
is one em wide, as CJK text is.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

SIZE = 10.0  # points
PAD = 2.0


@dataclass
class Box:
    x0: float
    top: float
    x1: float
    bottom: float
    lines: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    """One page: ruled cells and free text lines (x, top, text, size)."""

    boxes: list[Box] = field(default_factory=list)
    texts: list[tuple[float, float, str, float]] = field(default_factory=list)
    width: float = 595.0
    height: float = 842.0

    def glyph_lines(self) -> list[tuple[float, float, str, float]]:
        out = list(self.texts)
        for b in self.boxes:
            for i, line in enumerate(b.lines):
                out.append((b.x0 + PAD, b.top + PAD + i * SIZE * 1.2, line, SIZE))
        return out

    def rules(self) -> list[tuple[float, float, float, float]]:
        """Every box's four edges (duplicates drawn twice, as writers do)."""
        out = []
        for b in self.boxes:
            out += [(b.x0, b.top, b.x1, b.top), (b.x0, b.bottom, b.x1, b.bottom),
                    (b.x0, b.top, b.x0, b.bottom), (b.x1, b.top, b.x1, b.bottom)]
        return out


def grid_boxes(xs: list[float], ys: list[float], cells: list[tuple[int, int, int, int, str | list[str]]]) -> list[Box]:
    """Boxes of a table: ``cells`` as (r0, r1, c0, c1, text or lines) on column lines ``xs``, row lines ``ys``."""
    return [Box(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1], [text] if isinstance(text, str) else list(text))
            for r0, r1, c0, c1, text in cells]


# --- PDF ------------------------------------------------------------------------------------------


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def pdf_bytes(sheets: list[Sheet], *, image_only: bool = False, unmapped: bool = False) -> bytes:
    """A PDF of the sheets; ``image_only`` makes a page holding just an image, as a scan does;
    ``unmapped`` writes glyph numbers (Identity-H) with no way back to Unicode, as a subset
    font without a ToUnicode map does."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    add(b"<< /Type /Catalog /Pages 2 0 R >>")
    add(b"")  # pages, filled in below
    encoding, ordering = (b"Identity-H", b"(Identity) /Supplement 0") if unmapped else \
        (b"UniGB-UTF16-H", b"(GB1) /Supplement 4")
    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /" + encoding
               + b" /DescendantFonts [4 0 R] >>")
    add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /DW 1000 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering " + ordering + b" >> /FontDescriptor 5 0 R >>")
    add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    kids = []
    for sheet in sheets:
        h = sheet.height
        ops: list[str] = []
        if image_only:
            image = add(b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream")
            ops.append(f"q {sheet.width} 0 0 {h} 0 0 cm /Im1 Do Q")
            resources = f"<< /XObject << /Im1 {image} 0 R >> >>"
        else:
            ops.append("0.5 w")
            for x0, y0, x1, y1 in sheet.rules():
                ops.append(f"{x0:.2f} {h - y0:.2f} m {x1:.2f} {h - y1:.2f} l S")
            for x, top, text, size in sheet.glyph_lines():
                ops.append(f"BT /F1 {size} Tf {x:.2f} {h - top - 0.88 * size:.2f} Td <{_utf16_hex(text)}> Tj ET")
            resources = f"<< /Font << /F1 {font} 0 R >> >>"
        stream = "\n".join(ops).encode()
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {sheet.width} {h}] "
                        f"/Resources {resources} /Contents {content} 0 R >>".encode()))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# --- OFD ------------------------------------------------------------------------------------------

OFD_NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72


def ofd_members(sheets: list[Sheet]) -> dict[str, str]:
    """The members of an OFD package of the sheets (coordinates in millimetres)."""
    pages = "".join(f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(sheets)))
    members = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.1" DocType="OFD">'
                   "<ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>"
                   "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}">'
                              "<ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID><ofd:PageArea>"
                              f"<ofd:PhysicalBox>0 0 {595 * MM:.3f} {842 * MM:.3f}</ofd:PhysicalBox>"
                              f"</ofd:PageArea></ofd:CommonData><ofd:Pages>{pages}</ofd:Pages></ofd:Document>",
    }
    for i, sheet in enumerate(sheets):
        objs = []
        for n, (x0, y0, x1, y1) in enumerate(sheet.rules()):
            objs.append(f'<ofd:PathObject ID="{n}" Boundary="{x0 * MM:.3f} {y0 * MM:.3f} {(x1 - x0) * MM + 0.2:.3f} '
                        f'{(y1 - y0) * MM + 0.2:.3f}" LineWidth="0.176"><ofd:AbbreviatedData>M 0 0 L '
                        f'{(x1 - x0) * MM:.3f} {(y1 - y0) * MM:.3f}</ofd:AbbreviatedData></ofd:PathObject>')
        for n, (x, top, text, size) in enumerate(sheet.glyph_lines()):
            s = size * MM
            objs.append(f'<ofd:TextObject ID="t{n}" Boundary="{x * MM:.3f} {top * MM:.3f} {len(text) * s:.3f} {s:.3f}" '
                        f'Size="{s:.3f}" Font="1"><ofd:TextCode X="0" Y="{0.88 * s:.3f}" '
                        f'DeltaX="g {max(len(text) - 1, 1)} {s:.3f}">{escape(text)}</ofd:TextCode></ofd:TextObject>')
        members[f"Doc_0/Pages/Page_{i}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
            f'<ofd:Layer ID="1" Type="Body">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')
    return members


def ofd_bytes(sheets: list[Sheet] | None = None, members: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in (members if members is not None else ofd_members(sheets or [])).items():
            zf.writestr(name, text)
    return buf.getvalue()
