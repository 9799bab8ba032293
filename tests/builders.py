"""Real .docx and .xlsx fixtures, built in code so each test shows its own table.

A .docx here is a genuine Office Open XML package (content types, package
relationships, ``word/document.xml``) that Word and LibreOffice open; only
the parts gwparse reads are written.
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)

NUMBERING_TYPE = ('<Override PartName="/word/numbering.xml" '
                  'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>')
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/></Relationships>'
)


def run(text: str) -> str:
    """Runs for one line of text: TAB → w:tab, newline → w:br."""
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:r><w:br/></w:r>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append("<w:r><w:tab/></w:r>")
            if chunk:
                parts.append(f'<w:r><w:t xml:space="preserve">{escape(chunk)}</w:t></w:r>')
    return "".join(parts)


def p(text: str = "") -> str:
    """One paragraph."""
    return f"<w:p>{run(text)}</w:p>"


def numbered(text: str, num_id: int = 1, ilvl: int = 0) -> str:
    """A paragraph in Word list ``num_id`` at level ``ilvl`` (its number is not in the text)."""
    return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
            f"{run(text)}</w:p>")


def numbering_xml(levels: list[tuple[str, str]], num_id: int = 1) -> str:
    """numbering.xml with one list: ``levels`` are (numFmt, lvlText) for ilvl 0, 1, …"""
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
            f'<w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum>'
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


def tc(*content: str, span: int = 1, vmerge: str | None = None) -> str:
    """A table cell. ``content`` items are paragraph texts, or XML (a nested table) when they start with '<'.

    ``vmerge``: 'restart', 'continue', or None.
    """
    props = ['<w:tcW w:w="1500" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if vmerge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif vmerge == "continue":
        props.append("<w:vMerge/>")
    body = "".join(c if c.startswith("<") else p(c) for c in content) or "<w:p/>"
    if content and content[-1].startswith("<w:tbl"):
        body += "<w:p/>"  # Word requires a paragraph after a nested table
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{body}</w:tc>"


def tr(*cells: str, grid_before: int = 0) -> str:
    pr = f'<w:trPr><w:gridBefore w:val="{grid_before}"/></w:trPr>' if grid_before else ""
    return f"<w:tr>{pr}{''.join(cells)}</w:tr>"


def tbl(*rows: str, cols: int = 4) -> str:
    grid = "".join('<w:gridCol w:w="1500"/>' for _ in range(cols))
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'


def document_xml(*blocks: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(blocks)}<w:sectPr/></w:body></w:document>')


def docx_bytes(*blocks: str, document: str | None = None, members: dict[str, bytes | str] | None = None,
               omit: tuple[str, ...] = ()) -> bytes:
    """A .docx package holding ``blocks`` (or a literal ``document`` XML)."""
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": document if document is not None else document_xml(*blocks),
    }
    parts.update(members or {})
    if "word/numbering.xml" in parts:  # Word only sees a part its document links to
        parts["[Content_Types].xml"] = CONTENT_TYPES.replace("</Types>", NUMBERING_TYPE + "</Types>")
        parts.setdefault("word/_rels/document.xml.rels", DOCUMENT_RELS)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            if name not in omit:
                zf.writestr(name, data)
    return buf.getvalue()


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def xlsx_bytes(sheets: list[tuple[str, list[list[object]], list[str]]]) -> bytes:
    """An .xlsx from (title, rows of values, merged ranges like 'A2:A4') per sheet."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows, merges in sheets:
        ws = wb.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
        for rng in merges:
            ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
