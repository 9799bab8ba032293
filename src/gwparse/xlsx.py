"""A streaming xlsx (SpreadsheetML) writer for gwparse's two sheets, without openpyxl.

openpyxl builds a cell object and looks up a style per cell, which made
``--to xlsx`` ~25× slower than CSV. Here each row is one formatted string of
inline-string cells with one of four shared styles, spooled to a temporary
file; ``close`` writes the package. The printed workbook is set up for A4:
landscape, fitted to the page width, the header row repeated on every page,
thin borders, row heights from the wrapped text, CJK-aware column widths.
"""
from __future__ import annotations

import functools
import math
import tempfile
import zipfile
from collections.abc import Sequence
from typing import IO, Any, BinaryIO

from gwparse.text import compile_pattern

LINE_POINTS = 15.0  # one line of 11-point text, CJK included
MAX_LINES = 27  # Excel's row height limit is 409 points
MIN_WIDTH = 6.0

# cellXfs: 0 the default, 1 a header cell, 2 a body cell, 3 a wrapped body cell
HEADER, PLAIN, WRAPPED = 1, 2, 3

_ILLEGAL = compile_pattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# East Asian Wide and Fullwidth blocks (unicodedata.east_asian_width "W"/"F"), as one character class:
# counted by the regex engine in C, not per character in Python.
_WIDE = compile_pattern("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: East Asian wide and full-width characters count 2."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE.findall(text))


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` characters wide (each paragraph at least one)."""
    room = max(1.0, width - 1)  # cell padding
    return sum(max(1, math.ceil(display_width(line) / room)) for line in text.split("\n"))


@functools.lru_cache(maxsize=8192)  # the 单位 sheet repeats a task's cells once per unit
def _cell(value: Any, style: int, wrap_at: float) -> tuple[str, float, int]:
    """A cell's XML (no reference: cells follow each other, empty ones keep their border),
    the width it asks of its column and the lines it takes; ``wrap_at`` 0 means no wrapping."""
    if value is None or value == "":
        return f'<c s="{style}"/>', 0.0, 1
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c s="{style}"><v>{value}</v></c>', len(str(value)) + 1.0, 1
    text = str(value)
    paragraphs = text.split("\n")
    width = max(map(display_width, paragraphs)) + 1.0
    if style != HEADER and wrap_at:
        style, lines = WRAPPED, wrapped_lines(text, wrap_at)
    else:
        lines = len(paragraphs)
    return (f'<c s="{style}" t="inlineStr"><is><t xml:space="preserve">{_text(text)}</t></is></c>',
            width, lines)


def column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    """XML text: characters XML 1.0 forbids dropped (control characters from .doc/.docx), markup escaped."""
    return _ILLEGAL.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Sheet:
    """One worksheet's rows, spooled as XML to a temporary file until the package is written.

    ``caps`` are the widest each column may grow (wrapped columns wrap there);
    a column is as wide as its widest cell up to its cap.
    """

    def __init__(self, title: str, header: Sequence[str], caps: Sequence[float], wrap: Sequence[bool]):
        self.title = title
        self.caps = list(caps)
        self.wrap = list(wrap)
        self.letters = [column_letter(i) for i in range(1, len(header) + 1)]
        self.widths = [max(MIN_WIDTH, display_width(h) + 3.0) for h in header]  # + the filter button
        self.wrap_at = [cap if wrap else 0 for cap, wrap in zip(self.caps, self.wrap, strict=True)]
        self.rows = 0
        self.pending: list[str] = []  # rows not yet in the spool: written 512 at a time
        self.spool: IO[bytes] = tempfile.TemporaryFile()
        self.append(header, HEADER)

    def append(self, values: Sequence[Any], style: int = PLAIN) -> None:
        self.rows += 1
        cells = [_cell(v, style, w) for v, w in zip(values, self.wrap_at, strict=True)]
        widths = self.widths
        for i, (_, width, _) in enumerate(cells):
            if width > widths[i] and widths[i] < self.caps[i]:  # a column at its cap stays there
                widths[i] = min(self.caps[i], width)
        lines = max([c[2] for c in cells])
        height = f' ht="{min(lines, MAX_LINES) * LINE_POINTS:g}" customHeight="1"' if lines > 1 else ""
        self.pending.append(f'<row r="{self.rows}"{height}>{"".join([c[0] for c in cells])}</row>')
        if len(self.pending) >= 512:
            self._flush()

    def _flush(self) -> None:
        self.spool.write("".join(self.pending).encode("utf-8"))
        self.pending.clear()

    def write_xml(self, out: IO[bytes]) -> None:
        last = f"{self.letters[-1]}{self.rows}"
        cols = "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                       for i, w in enumerate(self.widths, 1))
        head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" '
                f'xmlns:r="{_REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
                f'<dimension ref="A1:{last}"/><sheetViews><sheetView workbookViewId="0">'
                f'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                f'<sheetFormatPr defaultRowHeight="{LINE_POINTS:g}"/><cols>{cols}</cols><sheetData>')
        tail = (f'</sheetData><autoFilter ref="A1:{last}"/>'
                '<printOptions gridLines="0"/>'
                '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
                '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
                '<headerFooter><oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter></worksheet>')
        self._flush()
        out.write(head.encode())
        self.spool.seek(0)
        while chunk := self.spool.read(1 << 20):
            out.write(chunk)
        out.write(tail.encode())

    def close(self) -> None:
        self.spool.close()


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
    '</borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" '
    'applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">'
    '<alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def write_package(sheets: Sequence[Sheet], out: BinaryIO) -> None:
    """The .xlsx package (a zip) of ``sheets`` on ``out``; zipfile streams to unseekable outputs too."""
    n = len(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f'{overrides}</Types>')
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    book_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
        + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                  for i in range(1, n + 1))
        + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{_text(_quoted(s.title))}!$A$1:${s.letters[-1]}${s.rows}</definedName>"
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{_text(_quoted(s.title))}!$1:$1</definedName>'
        for i, s in enumerate(sheets))
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<bookViews><workbookView/></bookViews><sheets>'
        + "".join(f'<sheet name="{_text(s.title)}" sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(sheets, 1))
        + f"</sheets><definedNames>{names}</definedNames></workbook>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", root_rels)
        package.writestr("xl/workbook.xml", workbook)
        package.writestr("xl/_rels/workbook.xml.rels", book_rels)
        package.writestr("xl/styles.xml", _STYLES)
        for i, sheet in enumerate(sheets, 1):
            with package.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as part:
                sheet.write_xml(part)
